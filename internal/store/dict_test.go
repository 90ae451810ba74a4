package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/schema"
)

// newsLike makes n articles with IDs from prefix, each its own text.
func newsLike(prefix string, n int) []schema.Article {
	out := make([]schema.Article, n)
	for i := range out {
		out[i] = schema.Article{
			ID:       fmt.Sprintf("%s-%d", prefix, i),
			Title:    fmt.Sprintf("Talks between the DPRK and Russia, round %d", i),
			Body:     fmt.Sprintf("Pyongyang, May %d (KCNA) -- Talks between delegations of the DPRK and Russia took place here, the %dth of the year.", i%30+1, i),
			Language: "en", Source: "KCNA",
		}
	}
	return out
}

// TestDictionaryOfStoredArticles: a small write stores with DEFLATE and
// makes no dictionary; the first write of DictMinArticles current articles
// makes one and saves it before anything uses it; every article reads back
// after a reopen, read-write or read-only, of one shard or three; without
// the file the articles it compressed fail to read, naming it.
func TestDictionaryOfStoredArticles(t *testing.T) {
	ctx := context.Background()
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("shards=%d", shards), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "x.idx")
			s, err := Open(dir, Options{BatchBytes: 8 << 20, Shards: shards})
			require.NoError(t, err)
			small := newsLike("small", 10)
			_, _, err = s.Add(ctx, small, nil, time.Now())
			require.NoError(t, err)
			assert.Nil(t, s.Dict(), "ten articles make no dictionary")
			assert.NoFileExists(t, filepath.Join(dir, schema.DictFile))

			large := newsLike("large", schema.DictMinArticles)
			_, _, err = s.Add(ctx, large, nil, time.Now())
			require.NoError(t, err)
			require.NotNil(t, s.Dict())
			assert.FileExists(t, filepath.Join(dir, schema.DictFile))
			edited := small[3]
			edited.Body += " It was edited."
			_, versions, err := s.Add(ctx, []schema.Article{edited}, nil, time.Now())
			require.NoError(t, err)
			require.Equal(t, 1, versions)
			id := s.Dict().ID()
			require.NoError(t, s.Close())

			all := append(append([]schema.Article{}, small...), large...)
			all[3] = edited
			for _, readOnly := range []bool{false, true} {
				s, err := Open(dir, Options{ReadOnly: readOnly})
				require.NoError(t, err)
				require.NotNil(t, s.Dict())
				assert.Equal(t, id, s.Dict().ID())
				ids := make([]string, len(all))
				for i, a := range all {
					ids[i] = a.ID
				}
				docs, err := s.Docs(ctx, ids)
				require.NoError(t, err)
				require.Len(t, docs, len(all))
				for _, want := range all {
					got := docs[want.ID]
					assert.Equal(t, want.Title, got.Title, want.ID)
					assert.Equal(t, want.Body, got.Body, want.ID)
				}
				history, err := s.Docs(ctx, []string{schema.VersionID(edited.ID, 1)})
				require.NoError(t, err)
				assert.Equal(t, small[3].Body, history[schema.VersionID(edited.ID, 1)].Body, "the earlier version, stored with DEFLATE, reads too")
				require.NoError(t, s.Close())
			}

			require.NoError(t, os.Remove(filepath.Join(dir, schema.DictFile)))
			s, err = Open(dir, Options{ReadOnly: true})
			require.NoError(t, err)
			defer s.Close()
			_, err = s.Docs(ctx, []string{"large-1"})
			assert.ErrorContains(t, err, "and the index has no stored.dict")
			docs, err := s.Docs(ctx, []string{"small-1"})
			require.NoError(t, err, "what DEFLATE stored needs no dictionary")
			assert.Equal(t, small[1].Body, docs["small-1"].Body)
		})
	}
}
