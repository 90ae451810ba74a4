package eval_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/newsindex/newsindex/eval"
)

// The expected values are worked out by hand in the comments.
func TestMetrics(t *testing.T) {
	rels := map[string]int{"a": 3, "b": 2, "c": 1, "x": 0}
	ranking := []string{"b", "z", "a", "c"}

	// DCG@10 = 2/log2(2) + 3/log2(4) + 1/log2(5) = 2 + 1.5 + 0.430677 = 3.930677
	// IDCG@10 = 3/1 + 2/log2(3) + 1/log2(4) = 3 + 1.261860 + 0.5 = 4.761860
	assert.InDelta(t, 3.930677/4.761860, eval.NDCG(ranking, rels, 10), 1e-6)
	// @1: DCG = 2, IDCG = 3
	assert.InDelta(t, 2.0/3.0, eval.NDCG(ranking, rels, 1), 1e-9)
	assert.Equal(t, 1.0, eval.NDCG([]string{"a", "b", "c"}, rels, 10), "the ideal ranking")
	assert.Zero(t, eval.NDCG(ranking, map[string]int{"x": 0}, 10), "nothing relevant")

	// relevant at ranks 1, 3, 4: (1/1 + 2/3 + 3/4) / 3 = 0.805556
	assert.InDelta(t, (1+2.0/3+0.75)/3, eval.AveragePrecision(ranking, rels), 1e-9)
	// only a found, at rank 2, of three relevant: (1/2)/3
	assert.InDelta(t, 0.5/3, eval.AveragePrecision([]string{"z", "a"}, rels), 1e-9)

	assert.InDelta(t, 1.0/3, eval.Recall(ranking, rels, 1), 1e-9)
	assert.InDelta(t, 2.0/3, eval.Recall(ranking, rels, 3), 1e-9)
	assert.Equal(t, 1.0, eval.Recall(ranking, rels, 100))
	assert.False(t, math.IsNaN(eval.Recall(nil, nil, 10)))
}
