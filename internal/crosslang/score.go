package crosslang

import (
	"math"
	"slices"
	"strings"
)

// The constants of textbook BM25, as internal/bm25 has them.
const (
	K1 = 1.2
	B  = 0.75
)

// MinDice is the [Dice] similarity under which the best candidate is not
// taken for a translation. On the KCNA pairs, 93% of the originals found
// first pass it; when the original is left out of the window, the best
// other candidate passes for 25% of the Spanish items (siblings of the same
// event: another day's report, the same greeting from another sender), and
// for 5% of those searched a month off. It was chosen on half of the pairs
// (Youden's J is flat from .15 to .18; the lowest keeps the most
// originals).
const MinDice = 0.15

// Stats are the statistics of the feature field over the articles searched
// (an index keeps them per field: its article count, average length, and
// each term's document frequency).
type Stats struct {
	Docs    int                   // articles with features
	AvgLen  float64               // their average number of features
	DocFreq func(term string) int // the articles holding a term
}

// IDF is BM25's inverse document frequency of a term that n of docs
// articles hold: ln(1 + (docs − n + 0.5)/(n + 0.5)).
func IDF(docs, n int) float64 {
	d, m := float64(docs), float64(n)
	return math.Log(1 + (max(d, m)-m+0.5)/(m+0.5))
}

// Score is the BM25 score of a candidate's features for a query's: each
// feature has term frequency 1, so it is the sum of the idf of the shared
// features times BM25's saturation of a frequency of 1 at the candidate's
// length (its number of features),
//
//	Σ idf(t) · (k1+1) / (1 + k1·(1 − b + b·len/avgLen))    k1 = 1.2, b = 0.75,
//
// which is what a textbook-BM25 disjunction of the query's features over a
// keyword field computes (internal/bm25.Query). Every kind weighs alike.
func Score(query, doc []string, st Stats) float64 {
	sum := 0.0
	shared(query, doc, func(t string) { sum += IDF(st.Docs, st.DocFreq(t)) })
	norm := 1.0
	if st.AvgLen > 0 {
		norm = 1 - B + B*float64(len(doc))/st.AvgLen
	}
	return sum * (K1 + 1) / (1 + K1*norm)
}

// Dice is the similarity of two articles' features weighed by idf:
// twice the idf of the features they share over the idf of all the
// features of both, from 0 to 1. Unlike [Score] it does not grow with the
// length of the query, so one threshold ([MinDice]) serves every article.
func Dice(a, b []string, st Stats) float64 {
	mass := func(fs []string) float64 {
		m := 0.0
		for _, t := range fs {
			m += IDF(st.Docs, st.DocFreq(t))
		}
		return m
	}
	both := 0.0
	shared(a, b, func(t string) { both += IDF(st.Docs, st.DocFreq(t)) })
	all := mass(a) + mass(b)
	if all == 0 {
		return 0
	}
	return 2 * both / all
}

// shared calls f with each term of both a and b.
func shared(a, b []string, f func(string)) {
	a, b = sorted(a), sorted(b)
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := strings.Compare(a[i], b[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			f(a[i])
			i++
			j++
		}
	}
}

// sorted returns terms sorted, copying them only when they are not.
func sorted(terms []string) []string {
	if slices.IsSorted(terms) {
		return terms
	}
	terms = slices.Clone(terms)
	slices.Sort(terms)
	return terms
}
