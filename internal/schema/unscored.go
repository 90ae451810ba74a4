package schema

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// A date range is a disjunction of term ranges, some of them conjunctions
// with a day's term, and a term range that no term of the index falls in
// (a part-day at noon of a day of articles without a time of day) is a
// match-none searcher. In a search that asks for no scores Bleve turns a
// disjunction or conjunction of term searchers into one bitmap operation,
// the whole filter of a query with it, but not when one of them is a
// match-none searcher: the filter was then walked document by document.
// AnyOf and AllOf leave such searchers out when nothing is scored, and are
// Bleve's disjunction and conjunction otherwise (whose scores count every
// clause, matching or not).

// AnyOf is a Bleve query that matches the documents any of its queries
// matches.
type AnyOf struct{ Queries []bq.Query }

// AllOf is a Bleve query that matches the documents all of its queries
// match.
type AllOf struct{ Queries []bq.Query }

// Searcher is Bleve's disjunction searcher of the queries, less those
// that match nothing when nothing is scored.
func (q *AnyOf) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if opts.Score != "none" {
		return bleve.NewDisjunctionQuery(q.Queries...).Searcher(ctx, r, m, opts)
	}
	var ss []search.Searcher
	for _, child := range q.Queries {
		s, err := child.Searcher(ctx, r, m, opts)
		if err != nil {
			closeAll(ss)
			return nil, err
		}
		if _, none := s.(*searcher.MatchNoneSearcher); none {
			_ = s.Close()
			continue
		}
		ss = append(ss, s)
	}
	switch len(ss) {
	case 0:
		return searcher.NewMatchNoneSearcher(r)
	case 1:
		return ss[0], nil
	}
	return searcher.NewDisjunctionSearcher(context.WithValue(ctx, search.IncludeScoreBreakdownKey, false), r, ss, 0, opts)
}

// Searcher is Bleve's conjunction searcher of the queries, or a match-none
// searcher when one of them matches nothing and nothing is scored.
func (q *AllOf) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if opts.Score != "none" {
		return bleve.NewConjunctionQuery(q.Queries...).Searcher(ctx, r, m, opts)
	}
	var ss []search.Searcher
	for _, child := range q.Queries {
		s, err := child.Searcher(ctx, r, m, opts)
		if err != nil {
			closeAll(ss)
			return nil, err
		}
		if _, none := s.(*searcher.MatchNoneSearcher); none {
			closeAll(ss)
			return s, nil
		}
		ss = append(ss, s)
	}
	if len(ss) == 1 {
		return ss[0], nil
	}
	return searcher.NewConjunctionSearcher(ctx, r, ss, opts)
}

func closeAll(ss []search.Searcher) {
	for _, s := range ss {
		_ = s.Close()
	}
}
