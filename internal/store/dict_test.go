package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
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

// storedPacking returns, for each document ID, whether the article is
// stored as a zstd frame (with the dictionary) rather than DEFLATE.
func storedPacking(t *testing.T, s *Store, ids []string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, sh := range s.shards {
		req := bleve.NewSearchRequest(bleve.NewDocIDQuery(ids))
		req.Fields = []string{schema.Stored}
		req.Size = len(ids)
		res, err := sh.b.Search(req)
		require.NoError(t, err)
		for _, h := range res.Hits {
			packed, ok := h.Fields[schema.Stored].(string)
			require.True(t, ok, h.ID)
			out[h.ID] = strings.HasPrefix(packed, "\x28\xb5\x2f\xfd")
		}
	}
	require.Len(t, out, len(ids))
	return out
}

// TestDictionaryOfAnArchiveFedAFewAtATime: an index written ten articles at
// a time gets its dictionary at the write that brings it to
// DictMinArticles current articles, made of those stored before and the
// write's; the articles before stay DEFLATE, the write's and every later
// one are compressed with it, and all read back after a reopen.
func TestDictionaryOfAnArchiveFedAFewAtATime(t *testing.T) {
	ctx := context.Background()
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("shards=%d", shards), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "x.idx")
			s, err := Open(dir, Options{Shards: shards})
			require.NoError(t, err)
			const per = 10
			var all []schema.Article
			dictAt := -1
			for w := range schema.DictMinArticles/per + 3 {
				batch := newsLike(fmt.Sprintf("w%02d", w), per)
				_, _, err := s.Add(ctx, batch, nil, time.Now())
				require.NoError(t, err)
				all = append(all, batch...)
				if dictAt < 0 && s.Dict() != nil {
					dictAt = w
				}
			}
			require.Equal(t, schema.DictMinArticles/per-1, dictAt, "the dictionary comes with the write that makes %d articles", schema.DictMinArticles)
			id := s.Dict().ID()
			require.NoError(t, s.Close())

			s, err = Open(dir, Options{ReadOnly: true})
			require.NoError(t, err)
			defer s.Close()
			require.NotNil(t, s.Dict())
			assert.Equal(t, id, s.Dict().ID())
			ids := make([]string, len(all))
			for i, a := range all {
				ids[i] = a.ID
			}
			packing := storedPacking(t, s, ids)
			docs, err := s.Docs(ctx, ids)
			require.NoError(t, err)
			for i, want := range all {
				assert.Equal(t, want.Body, docs[want.ID].Body, want.ID)
				assert.Equal(t, i >= dictAt*per, packing[want.ID], "%s: zstd from the write that made the dictionary on", want.ID)
			}
		})
	}
}

// TestDictionaryWaitsForEnoughArticles: deletions and edits do not count
// as articles the dictionary could be made of, and a write of nothing
// current makes none.
func TestDictionaryWaitsForEnoughArticles(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "x.idx"), Options{})
	require.NoError(t, err)
	defer s.Close()
	first := newsLike("a", schema.DictMinArticles-1)
	_, _, err = s.Add(ctx, first, nil, time.Now())
	require.NoError(t, err)
	assert.Nil(t, s.Dict(), "one article short")
	_, _, err = s.Add(ctx, first[:5], nil, time.Now())
	require.NoError(t, err)
	assert.Nil(t, s.Dict(), "the same articles again are no write of current articles")
	edited := first[0]
	edited.Body += " Updated."
	_, versions, err := s.Add(ctx, []schema.Article{edited}, nil, time.Now())
	require.NoError(t, err)
	require.Equal(t, 1, versions)
	assert.True(t, s.Dict() == nil, "an edit is a version of an article the index holds, not one more article")
	_, _, err = s.Add(ctx, newsLike("b", 1), nil, time.Now())
	require.NoError(t, err)
	require.NotNil(t, s.Dict(), "the %dth article", schema.DictMinArticles)
	docs, err := s.Docs(ctx, []string{"a-0", "b-0"})
	require.NoError(t, err)
	assert.Equal(t, edited.Body, docs["a-0"].Body)
	assert.Equal(t, newsLike("b", 1)[0].Body, docs["b-0"].Body)
}

// TestDictionaryDespiteADamagedArticle: a stored article that does not
// decode (check reports it; EachTolerant skips it) is left out of the
// dictionary's sample: the small write that makes the dictionary, and
// every one after it, succeeds, and the articles read back.
func TestDictionaryDespiteADamagedArticle(t *testing.T) {
	ctx := context.Background()
	s, err := Open("", Options{})
	require.NoError(t, err)
	defer s.Close()
	_, _, err = s.Add(ctx, newsLike("a", schema.DictMinArticles-1), nil, time.Now())
	require.NoError(t, err)
	require.Nil(t, s.Dict())

	// Damage a-0's stored article in place.
	bad := newsLike("a", 1)[0]
	data, _, err := s.layout.Document(bad, nil, schema.Latest, nil)
	require.NoError(t, err)
	data[schema.Stored] = "\x00not DEFLATE"
	doc := document.NewDocument(bad.ID)
	require.NoError(t, s.layout.Mapping().MapDocument(doc, data))
	b := s.shards[0].b.NewBatch()
	b.IndexAdvanced(doc)
	require.NoError(t, s.shards[0].b.Batch(b))
	var damaged []string
	require.NoError(t, s.EachTolerant(ctx, 100, func([]schema.Article) error { return nil },
		func(id string, _ error) { damaged = append(damaged, id) }))
	require.Equal(t, []string{"a-0"}, damaged)

	for i := range 3 {
		more := newsLike(fmt.Sprintf("b%d", i), 1)
		_, _, err = s.Add(ctx, more, nil, time.Now())
		require.NoError(t, err, "a one-article write %d", i)
		docs, err := s.Docs(ctx, []string{more[0].ID, "a-1"})
		require.NoError(t, err)
		assert.Equal(t, more[0].Body, docs[more[0].ID].Body)
		assert.Equal(t, newsLike("a", 2)[1].Body, docs["a-1"].Body)
	}
	assert.NotNil(t, s.Dict(), "made of the articles that decode")
}

// TestReadOnlyStoreWritesNothing: a store opened read-only refuses a write
// before anything reaches the disk, the dictionary included (Index
// refuses it first; the store does too).
func TestReadOnlyStoreWritesNothing(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "x.idx")
	s, err := Open(dir, Options{})
	require.NoError(t, err)
	_, _, err = s.Add(ctx, newsLike("a", schema.DictMinArticles-1), nil, time.Now())
	require.NoError(t, err)
	require.NoError(t, s.Close())
	s, err = Open(dir, Options{ReadOnly: true})
	require.NoError(t, err)
	defer s.Close()
	_, _, err = s.Add(ctx, newsLike("b", 1), nil, time.Now())
	require.ErrorContains(t, err, "read-only")
	_, err = s.Delete(ctx, []string{"a-1"}, nil, time.Now())
	require.ErrorContains(t, err, "read-only")
	l, err := schema.Read(dir)
	require.NoError(t, err)
	assert.Empty(t, l.Dict, "the layout names no dictionary")
	assert.NoFileExists(t, filepath.Join(dir, schema.DictFile))
}
