package store

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex/internal/schema"
)

// TestDocFreqs: the documents of each term of a field, kept until a write
// changes the index.
func TestDocFreqs(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, "", false)
	require.NoError(t, s.Add(ctx, []schema.Article{
		{ID: "a", Title: "Visit to Russia", Body: "Kim visited Ulan-Ude. Ulan-Ude greeted him.", Language: "en"},
		{ID: "b", Title: "Visit", Body: "A visit to Moscow.", Language: "en"},
	}, nil))
	df, err := s.DocFreqs(schema.BodyField("en"))
	require.NoError(t, err)
	assert.Equal(t, 2, df["visit"], "visited and visit: one stem, two articles")
	assert.Equal(t, 1, df["ulan"], "a document counts once, however often it holds the term")
	assert.Equal(t, 1, df["moscow"])
	assert.NotContains(t, df, "a", "stop words are not indexed")

	again, err := s.DocFreqs(schema.BodyField("en"))
	require.NoError(t, err)
	assert.Equal(t, df, again)

	require.NoError(t, s.Add(ctx, []schema.Article{{ID: "c", Title: "More", Body: "Moscow again", Language: "en"}}, nil))
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

	require.NoError(t, s.Add(context.Background(), articles(1, "words"), nil))
	v, _ = s.Memo("k", f)
	assert.Equal(t, 4, v, "a write forgets what was kept")
}
