package newsindex

import (
	"context"
	"math"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/phrase"
	"github.com/newsindex/newsindex/internal/schema"
)

// undo names the changes of #17 to how queries compile that legacy undoes.
type undo struct {
	words   bool // words as Bleve's match queries: a conjunction of one for a word of one term
	dates   bool // the clauses of date ranges as Bleve's disjunctions and conjunctions
	phrases bool // phrases as Bleve's match phrase queries
}

// legacy rewrites a compiled query as it was compiled before the changes
// of #17 that u names.
func legacy(q bq.Query, u undo) bq.Query {
	all := func(qs []bq.Query) []bq.Query {
		out := make([]bq.Query, len(qs))
		for i, q := range qs {
			out[i] = legacy(q, u)
		}
		return out
	}
	switch q := q.(type) {
	case *wordQuery:
		if u.words {
			op := bq.MatchQueryOperatorAnd
			if q.Any {
				op = bq.MatchQueryOperatorOr
			}
			return fieldMatch(q.Word, q.Field, q.Analyzer, q.Boost, q.Fuzziness, op)
		}
	case *phrase.Query:
		if u.phrases {
			return q.Bleve()
		}
	case *schema.AnyOf:
		if u.dates {
			return bleve.NewDisjunctionQuery(all(q.Queries)...)
		}
		return &schema.AnyOf{Queries: all(q.Queries)}
	case *schema.AllOf:
		if u.dates {
			return bleve.NewConjunctionQuery(all(q.Queries)...)
		}
		return &schema.AllOf{Queries: all(q.Queries)}
	case *bm25.Rescored:
		return &bm25.Rescored{Match: legacy(q.Match, u), Score: legacy(q.Score, u)}
	case *bq.DisjunctionQuery:
		d := bleve.NewDisjunctionQuery(all(q.Disjuncts)...)
		d.SetMin(q.Min)
		return d
	case *bq.ConjunctionQuery:
		return bleve.NewConjunctionQuery(all(q.Conjuncts)...)
	case *bq.BooleanQuery:
		b := bleve.NewBooleanQuery()
		if q.Must != nil {
			b.Must = legacy(q.Must, u)
		}
		if q.Should != nil {
			b.Should = legacy(q.Should, u)
		}
		if q.MustNot != nil {
			b.MustNot = legacy(q.MustNot, u)
		}
		return b
	}
	return q
}

// fieldMatch is Bleve's match query of text in field, as a wordQuery was
// compiled before.
func fieldMatch(text, field, analyzer string, boost float64, fuzziness int, op bq.MatchQueryOperator) bq.Query {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.Analyzer = analyzer
	m.SetOperator(op)
	m.SetFuzziness(fuzziness)
	m.SetBoost(boost)
	return m
}

// mixRequest is the Bleve request Search makes for the queries and
// options of the bench's mix (a page of ten, from an offset, sorted by
// relevance or date, with facets).
func mixRequest(compiled bq.Query, opts SearchOptions) *bleve.SearchRequest {
	req := bleve.NewSearchRequestOptions(compiled, 10, opts.From, false)
	req.Fields = []string{"*"}
	order, _ := sortOrder(opts.Sort)
	req.SortByCustom(order)
	if opts.Sort != ByRelevance {
		req.Score = "none"
	}
	for _, f := range opts.Facets {
		k, _ := f.keyword()
		n := 10
		if k.DateFacet {
			n = dateFacetBuckets
		}
		req.AddFacet(string(f), bleve.NewFacetRequest(k.Name, n))
	}
	return req
}

// BenchmarkCompiledAgainstLegacy runs the bench's mix on the KCNA archive
// on disk (NEWSINDEX_KCNA_INDEX) as Bleve requests of the queries compiled
// now and as they were compiled before (legacy), alternately in the same
// loop, so that both meet the same load on a shared machine: new-ms/op and
// legacy-ms/op are their mean times, new/legacy the median of the ratios
// of the pairs. Both requests find
// the same hits (TestResultsUnchanged).
func BenchmarkCompiledAgainstLegacy(b *testing.B) {
	x := kcnaOnDisk(b)
	ctx := context.Background()
	first := time.Date(2011, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2012, 11, 30, 0, 0, 0, 0, time.UTC)
	from := first.Add(last.Sub(first) / 2)
	mix := []struct {
		name string
		q    Query
		opts SearchOptions
	}{
		{"term", Match{Text: "Korea"}, SearchOptions{}},
		{"name", Match{Text: "Kim Jong Il"}, SearchOptions{}},
		{"phrase", Phrase{Text: "Workers' Party"}, SearchOptions{}},
		{"filtered", And(Match{Text: "Korea"}, DateRange{From: from, To: last}, Source("KCNA (kcna.co.jp mirror)")), SearchOptions{}},
		{"facets", Match{Text: "Korea"}, SearchOptions{Facets: []Facet{FacetSource, FacetLanguage, FacetYear}}},
		{"newest", Match{Text: "Korea"}, SearchOptions{Sort: ByNewest}},
		{"fuzzy", Match{Text: "Pyongyong", Fuzziness: 1}, SearchOptions{}},
		{"deep", Match{Text: "Korea"}, SearchOptions{From: 500}},
	}
	for _, change := range []struct {
		name string
		undo undo
	}{
		{"words", undo{words: true}},
		{"dates", undo{dates: true}},
		{"phrases", undo{phrases: true}},
	} {
		for _, m := range mix {
			q, _ := readNames(m.q, x.gazetteer())
			c := x.compiler()
			compiled, err := x.compile(ctx, c, q, m.opts)
			if err != nil {
				b.Fatal(err)
			}
			old := legacy(compiled, change.undo)
			if reflect.DeepEqual(old, compiled) {
				continue // the change does not change this query
			}
			b.Run(change.name+"/"+m.name, func(b *testing.B) {
				benchAgainst(b, x, c, compiled, old, m.opts)
			})
		}
	}
}

// benchAgainst runs the requests of two compilings of a query
// alternately, each first every other time (the second finds the postings
// in cache), and reports their mean times and the median of the ratios of
// the pairs.
func benchAgainst(b *testing.B, x *Index, c *compiler, compiled, old bq.Query, opts SearchOptions) {
	ctx := context.Background()
	var took [2]time.Duration
	var ratios []float64
	queries := []bq.Query{compiled, old}
	var first [2]*bleve.SearchResult
	for i := range 2 {
		res, err := x.st.Search(ctx, mixRequest(queries[i], opts), c.stats)
		if err != nil {
			b.Fatal(err)
		}
		first[i] = res
	}
	if first[0].Total != first[1].Total || len(first[0].Hits) != len(first[1].Hits) {
		b.Fatalf("%d hits of %d, legacy %d of %d", len(first[0].Hits), first[0].Total, len(first[1].Hits), first[1].Total)
	}
	for i, h := range first[0].Hits {
		if l := first[1].Hits[i]; h.ID != l.ID || math.Abs(h.Score-l.Score) > 1e-9 {
			b.Fatalf("hit %d: %s %g, legacy %s %g", i, h.ID, h.Score, l.ID, l.Score)
		}
	}
	for n := 0; b.Loop(); n++ {
		var t [2]time.Duration
		for j := range 2 {
			i := (j + n) % 2
			start := time.Now()
			res, err := x.st.Search(ctx, mixRequest(queries[i], opts), c.stats)
			if err != nil {
				b.Fatal(err)
			}
			t[i] = time.Since(start)
			if res.Total == 0 {
				b.Fatal("no hits")
			}
		}
		took[0] += t[0]
		took[1] += t[1]
		ratios = append(ratios, float64(t[0])/float64(t[1]))
	}
	sort.Float64s(ratios)
	b.ReportMetric(float64(took[0].Microseconds())/1000/float64(b.N), "new-ms/op")
	b.ReportMetric(float64(took[1].Microseconds())/1000/float64(b.N), "legacy-ms/op")
	b.ReportMetric(ratios[len(ratios)/2], "new/legacy")
}
