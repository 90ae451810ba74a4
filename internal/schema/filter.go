package schema

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Filter is a Bleve query that matches what Query matches and adds nothing
// to the score of a conjunction it is in: Query's searcher runs unscored,
// so that its term searchers read no frequencies and norms (a term
// searcher that reads them walks its postings one by one to advance to a
// document, where an unscored one skips whole blocks of its bitmap) and
// Bleve can make a disjunction of them one bitmap. A window of days and a
// language as filters of a ranked search cost a fraction of what they cost
// scored, and leave the ranking to what is ranked.
type Filter struct{ Query bq.Query }

// Searcher is Query's searcher without scores, its matches scored 0.
func (q *Filter) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	opts.Score = "none"
	opts.IncludeTermVectors = false
	opts.Explain = false
	s, err := q.Query.Searcher(ctx, r, m, opts)
	if err != nil {
		return nil, err
	}
	return &filterSearcher{s}, nil
}

// filterSearcher zeroes the scores of its searcher's matches.
type filterSearcher struct{ search.Searcher }

func (s *filterSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return zero(s.Searcher.Next(ctx))
}

func (s *filterSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	return zero(s.Searcher.Advance(ctx, id))
}

// Weight is 0: a filter weighs nothing in the query norm.
func (s *filterSearcher) Weight() float64 { return 0 }

// SetQueryNorm does nothing: there is no score to normalise.
func (s *filterSearcher) SetQueryNorm(float64) {}

func zero(dm *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	if dm != nil {
		dm.Score = 0
		dm.Expl = nil
		dm.FieldTermLocations = dm.FieldTermLocations[:0]
	}
	return dm, err
}
