package crosslang

import (
	"math"
	"strings"
)

// BM25's constants, as in internal/bm25.
const (
	K1 = 1.2
)

// Stats are the statistics of the feature field a score needs.
type Stats struct {
	Docs    int                   // articles with features
	AvgLen  float64               // their average number of features
	DocFreq func(term string) int // the articles holding a term

	kindLens map[string]float64
}

// Weights are the boosts of the kinds of feature.
type Weights map[string]float64

// Weight returns the boost of a feature term.
func (w Weights) Weight(term string) float64 {
	if len(term) < 2 {
		return 0
	}
	if v, ok := w[term[:2]]; ok {
		return v
	}
	return 1
}

// IDF is BM25's inverse document frequency of a term that n of docs
// articles hold.
func IDF(docs, n int) float64 {
	d, m := float64(docs), float64(n)
	return math.Log(1 + (max(d, m)-m+0.5)/(m+0.5))
}

// score is BM25 with every term frequency 1: the boosted idf of the shared
// features, times the saturation of a frequency of 1 normalised by the
// document's number of features.
func (w Weights) score(q, d []string, st Stats, b float64) float64 {
	sum := 0.0
	i, j := 0, 0
	for i < len(q) && j < len(d) {
		switch c := strings.Compare(q[i], d[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			sum += w.Weight(q[i]) * IDF(st.Docs, st.DocFreq(q[i]))
			i++
			j++
		}
	}
	norm := 1.0
	if st.AvgLen > 0 {
		norm = 1 - b + b*float64(len(d))/st.AvgLen
	}
	return sum * (K1 + 1) / (1 + K1*norm)
}

// Normalised is the share of the query's boosted idf that the document
// holds: 1 when it has every feature of the query.
func (w Weights) Normalised(q, d []string, st Stats) float64 {
	shared, all := 0.0, 0.0
	i, j := 0, 0
	for i < len(q) {
		v := w.Weight(q[i]) * IDF(st.Docs, st.DocFreq(q[i]))
		all += v
		for j < len(d) && d[j] < q[i] {
			j++
		}
		if j < len(d) && d[j] == q[i] {
			shared += v
		}
		i++
	}
	if all == 0 {
		return 0
	}
	return shared / all
}

// groupScore is score with each group of kinds normalised by the
// document's features of that group, as if each group were a field.
func (w Weights) groupScore(q, d []string, st Stats, b float64, groups map[string]int) float64 {
	lens := map[int]float64{}
	avg := map[int]float64{}
	for _, t := range d {
		lens[groups[t[:2]]]++
	}
	for k, v := range st.kindLens {
		avg[groups[k]] += v
	}
	sums := map[int]float64{}
	i, j := 0, 0
	for i < len(q) && j < len(d) {
		switch c := strings.Compare(q[i], d[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			sums[groups[q[i][:2]]] += w.Weight(q[i]) * IDF(st.Docs, st.DocFreq(q[i]))
			i++
			j++
		}
	}
	total := 0.0
	for g, sum := range sums {
		norm := 1 - b + b*lens[g]/avg[g]
		total += sum * (K1 + 1) / (1 + K1*norm)
	}
	return total
}

// dice is the Dice coefficient of the idf-weighted feature sets (p 1), or
// their cosine (p 2).
func (w Weights) dice(q, d []string, st Stats, p int) float64 {
	mass := func(fs []string) float64 {
		m := 0.0
		for _, t := range fs {
			v := w.Weight(t) * IDF(st.Docs, st.DocFreq(t))
			if p == 2 {
				v *= v
			}
			m += v
		}
		return m
	}
	shared := 0.0
	i, j := 0, 0
	for i < len(q) && j < len(d) {
		switch c := strings.Compare(q[i], d[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			v := w.Weight(q[i]) * IDF(st.Docs, st.DocFreq(q[i]))
			if p == 2 {
				v *= v
			}
			shared += v
			i++
			j++
		}
	}
	mq, md := mass(q), mass(d)
	if mq == 0 || md == 0 {
		return 0
	}
	if p == 2 {
		return shared / math.Sqrt(mq*md)
	}
	return 2 * shared / (mq + md)
}
