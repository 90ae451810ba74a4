package newsindex_test

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// bm25 is Bleve's BM25 for one term (k1 1.2, b 0.75, the square root of
// the term frequency, idf ln(1 + (N - n + 0.5)/(n + 0.5))), worked out here
// from the true average field length, which Bleve only uses when the index
// passes it.
func bm25(freq, docLen, docs, docsWithTerm int, avgLen float64) float64 {
	const k1, b = 1.2, 0.75
	tf := math.Sqrt(float64(freq))
	idf := math.Log(1 + (float64(docs)-float64(docsWithTerm)+0.5)/(float64(docsWithTerm)+0.5))
	return idf * tf * k1 / (tf + k1*(1-b+b*float64(docLen)/avgLen))
}

func TestBM25UsesTheTrueAverageLength(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, filepath.Join(t.TempDir(), "idx"))
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "d1", Body: "wing wing slipstream", Language: "en"},
		ni.Article{ID: "d2", Body: "wing propeller", Language: "en"},
		ni.Article{ID: "d3", Body: strings.Repeat("flow ", 20), Language: "en"},
	))
	// Body lengths 3, 2 and 20: the average is 25/3, which Bleve rounds up
	// to 9. Bleve on its own would take 4 distinct terms / 3 documents,
	// rounded up to 2.
	query := ni.Match{Text: "wing", Lang: "en", Field: "body"}
	res, err := idx.Search(ctx, query, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"d1", "d2"}, ids(res))
	assert.InDelta(t, bm25(2, 3, 3, 2, 9), res.Hits[0].Score, 1e-6)
	assert.InDelta(t, bm25(1, 2, 3, 2, 9), res.Hits[1].Score, 1e-6)
	assert.Greater(t, math.Abs(bm25(2, 3, 3, 2, 2)-res.Hits[0].Score), 0.05, "not Bleve's own average")

	// Replacing and deleting articles keeps the counts: d3 becomes 10
	// tokens long, d2 goes; the bodies are then 3 and 10, average 6.5 → 7.
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "d3", Body: strings.Repeat("flow ", 10), Language: "en"}))
	require.NoError(t, idx.Delete(ctx, "d2"))
	res, err = idx.Search(ctx, query, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"d1"}, ids(res))
	assert.InDelta(t, bm25(2, 3, 2, 1, 7), res.Hits[0].Score, 1e-6)

	// The counts are kept in the index.
	path := idx.Path()
	require.NoError(t, idx.Close())
	again := openIndex(t, path)
	res, err = again.Search(ctx, query, ni.SearchOptions{})
	require.NoError(t, err)
	assert.InDelta(t, bm25(2, 3, 2, 1, 7), res.Hits[0].Score, 1e-6, "after reopening")
}

func TestBM25SameIDTwiceInOneAdd(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "a", Body: strings.Repeat("flow ", 30), Language: "en"},
		ni.Article{ID: "a", Body: "wing slipstream", Language: "en"},
		ni.Article{ID: "b", Body: "wing propeller wing", Language: "en"},
	))
	res, err := idx.Search(ctx, ni.Match{Text: "wing", Lang: "en", Field: "body"}, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"b", "a"}, ids(res))
	// Two articles of 2 and 3 tokens: the first "a" is not counted.
	assert.InDelta(t, bm25(2, 3, 2, 2, 3), res.Hits[0].Score, 1e-6)
}
