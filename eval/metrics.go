package eval

import (
	"math"
	"sort"
)

// NDCG is the normalised discounted cumulative gain of the first k results
// of a ranking, with linear gains (the graded relevance) and a log2(rank+1)
// discount, as trec_eval computes ndcg_cut. It is 0 when nothing is relevant.
func NDCG(ranking []string, rels map[string]int, k int) float64 {
	dcg := 0.0
	for i, doc := range ranking[:min(k, len(ranking))] {
		if g := rels[doc]; g > 0 {
			dcg += float64(g) / math.Log2(float64(i+2))
		}
	}
	var gains []int
	for _, g := range rels {
		if g > 0 {
			gains = append(gains, g)
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(gains)))
	ideal := 0.0
	for i, g := range gains[:min(k, len(gains))] {
		ideal += float64(g) / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

// AveragePrecision is the mean of the precision at the rank of every
// relevant document of the ranking, over all relevant documents (those not
// ranked count as zero). Relevance is binary: any gain above 0.
func AveragePrecision(ranking []string, rels map[string]int) float64 {
	relevant := 0
	for _, g := range rels {
		if g > 0 {
			relevant++
		}
	}
	if relevant == 0 {
		return 0
	}
	found, sum := 0, 0.0
	for i, doc := range ranking {
		if rels[doc] > 0 {
			found++
			sum += float64(found) / float64(i+1)
		}
	}
	return sum / float64(relevant)
}

// Recall is the share of the relevant documents in the first k results.
func Recall(ranking []string, rels map[string]int, k int) float64 {
	relevant, found := 0, 0
	for _, g := range rels {
		if g > 0 {
			relevant++
		}
	}
	if relevant == 0 {
		return 0
	}
	for _, doc := range ranking[:min(k, len(ranking))] {
		if rels[doc] > 0 {
			found++
		}
	}
	return float64(found) / float64(relevant)
}
