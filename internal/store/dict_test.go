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
// the file the index does not open, naming it.
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

			require.NoError(t, os.Rename(filepath.Join(dir, schema.DictFile), filepath.Join(dir, "saved")))
			_, err = Open(dir, Options{ReadOnly: true})
			assert.ErrorContains(t, err, "stored.dict is missing: newsindex.json says the articles are stored with dictionary", "a lost dictionary is found at Open, before a write could make another")
			_, err = Open(dir, Options{})
			assert.ErrorContains(t, err, "stored.dict is missing")
			require.NoError(t, os.Rename(filepath.Join(dir, "saved"), filepath.Join(dir, schema.DictFile)))
			s, err = Open(dir, Options{ReadOnly: true})
			require.NoError(t, err, "the file back, the index opens")
			require.NoError(t, s.Close())
		})
	}
}

// TestDictionaryFileTheLayoutDoesNotName: a crash after the dictionary's
// file and before the layout that names it leaves a file nothing was
// compressed with; the next large write makes the dictionary anew.
func TestDictionaryFileTheLayoutDoesNotName(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "x.idx")
	s, err := Open(dir, Options{})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, os.WriteFile(filepath.Join(dir, schema.DictFile), []byte("left by a crash"), 0o644))
	s, err = Open(dir, Options{})
	require.NoError(t, err)
	defer s.Close()
	assert.Nil(t, s.Dict())
	large := newsLike("large", schema.DictMinArticles)
	_, _, err = s.Add(ctx, large, nil, time.Now())
	require.NoError(t, err)
	require.NotNil(t, s.Dict())
	l, err := schema.Read(dir)
	require.NoError(t, err)
	assert.Equal(t, s.Dict().Name(), l.Dict)
	docs, err := s.Docs(ctx, []string{"large-5"})
	require.NoError(t, err)
	assert.Equal(t, large[5].Body, docs["large-5"].Body)
}
