package schema

import (
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFilterMatchesAndScoresNothing: a conjunction of a scored word with a
// Filter of a disjunction of days finds what the scored conjunction finds,
// scored as the word alone is.
func TestFilterMatchesAndScoresNothing(t *testing.T) {
	idx, err := bleve.New(t.TempDir(), bleve.NewIndexMapping())
	require.NoError(t, err)
	defer idx.Close()
	b := idx.NewBatch()
	for i := range 60 {
		body := "other words"
		if i%3 == 0 {
			body = "treaty of friendship"
		}
		require.NoError(t, b.Index(fmt.Sprintf("d%02d", i), map[string]any{"body": body, "day": fmt.Sprintf("day%d", i%10)}))
	}
	require.NoError(t, idx.Batch(b))
	word := func() bq.Query {
		q := bleve.NewMatchQuery("treaty")
		q.SetField("body")
		return q
	}
	days := func() bq.Query {
		var any []bq.Query
		for _, d := range []string{"day3", "day6"} {
			q := bleve.NewTermQuery(d)
			q.SetField("day")
			any = append(any, q)
		}
		return bleve.NewDisjunctionQuery(any...)
	}
	run := func(q bq.Query) map[string]float64 {
		res, err := idx.Search(bleve.NewSearchRequestOptions(q, 100, 0, false))
		require.NoError(t, err)
		out := map[string]float64{}
		for _, h := range res.Hits {
			out[h.ID] = h.Score
		}
		return out
	}
	alone := run(word())
	scored := run(bleve.NewConjunctionQuery(word(), days()))
	filtered := run(bleve.NewConjunctionQuery(word(), &Filter{Query: days()}))
	require.Len(t, scored, 4) // d03, d33, d06, d36
	assert.ElementsMatch(t, keys(scored), keys(filtered))
	for id, s := range filtered {
		assert.InDelta(t, alone[id], s, 1e-12, id)
		assert.Greater(t, scored[id], s, "the scored days add to %s", id)
	}
	// Alone, a filter matches with score 0.
	for id, s := range run(&Filter{Query: days()}) {
		assert.Zero(t, s, id)
	}
}

func keys(m map[string]float64) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
