package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/schema"
)

// indexBodies writes English bodies straight into Bleve, in one batch that
// moves the generation on as every write does: what is tested is what the
// dictionary holds, not how Add maps articles.
func indexBodies(t *testing.T, s *Store, bodies map[string]string) {
	t.Helper()
	batches := make([]*bleve.Batch, len(s.shards))
	for i, sh := range s.shards {
		batches[i] = sh.b.NewBatch()
	}
	for id, body := range bodies {
		b := batches[ShardOf(id, len(s.shards))]
		require.NoError(t, b.Index(id, map[string]any{schema.Kind: schema.KindArticle, schema.BodyField("en"): body}))
	}
	for i, b := range batches {
		require.NoError(t, s.batch(context.Background(), s.shards[i], b))
	}
}

// TestDocFreqs: the documents of each term of a field, kept until a write
// changes the index, summed over the shards.
func TestDocFreqs(t *testing.T) {
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) { testDocFreqs(t, shards) })
	}
}

func testDocFreqs(t *testing.T, shards int) {
	s := openShardedStore(t, "", false, shards)
	indexBodies(t, s, map[string]string{
		"a": "Kim visited Ulan-Ude. Ulan-Ude greeted him.",
		"b": "A visit to Moscow.",
	})
	df, err := s.DocFreqs(schema.BodyField("en"))
	require.NoError(t, err)
	assert.Equal(t, 2, df["visit"], "visited and visit: one stem, two documents")
	assert.Equal(t, 1, df["ulan"], "a document counts once, however often it holds the term")
	assert.Equal(t, 1, df["moscow"])
	assert.NotContains(t, df, "a", "stop words are not indexed")

	again, err := s.DocFreqs(schema.BodyField("en"))
	require.NoError(t, err)
	assert.Equal(t, df, again)

	indexBodies(t, s, map[string]string{"c": "Moscow again"})
	df, err = s.DocFreqs(schema.BodyField("en"))
	require.NoError(t, err)
	assert.Equal(t, 2, df["moscow"], "a write makes the counts anew")
}

func TestMemo(t *testing.T) {
	s := openStore(t, "", false)
	calls := 0
	f := func() (any, error) { calls++; return calls, nil }
	v, err := s.Memo("k", f)
	require.NoError(t, err)
	assert.Equal(t, 1, v)
	v, _ = s.Memo("k", f)
	assert.Equal(t, 1, v, "kept while the index does not change")
	v, _ = s.Memo("other", f)
	assert.Equal(t, 2, v, "by key")

	boom := errors.New("boom")
	_, err = s.Memo("bad", func() (any, error) { return nil, boom })
	assert.ErrorIs(t, err, boom)
	v, err = s.Memo("bad", f)
	require.NoError(t, err)
	assert.Equal(t, 3, v, "an error is not kept")

	indexBodies(t, s, map[string]string{"d": "words"})
	v, _ = s.Memo("k", f)
	assert.Equal(t, 4, v, "a write forgets what was kept")
}
