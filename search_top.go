package newsindex

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/schema"
)

// A page ranked by relevance of a query that every article it finds must
// match word for word (a Match of every word, a name; bm25.Rescored) can
// cost less in two passes than in one. One pass scores every match: on the
// KCNA archive a name like Kim Jong Il is in 7,382 articles, whose term
// frequencies and norms in title and body were three quarters of its time.
// The two passes are an unscored one over the match, for the exact total
// and the facets, then bm25.Top with the match as its filter, which scores
// as the one pass would and leaves out the articles that cannot reach the
// page (MaxScore). The hits, their order, their scores, the total and the
// facets are those of the one pass; it is the plan only where it pays:
//   - the order is by relevance, and the page is within the first hits
//     (not a date cursor);
//   - the match is made of terms, their conjunctions and disjunctions and
//     keyword filters: with a phrase, a prefix or edits the match itself
//     is the cost, and it would be paid twice; so with a date range (a
//     range of day terms: the filtered query of the bench took 8.0 ms in
//     two passes against 5.1 in one);
//   - the rescoring is BM25 (bm25.Query), or Bleve's disjunction of such
//     queries (words, and one of n-grams per language that has them).
//
// On several shards each shard ranks its own page with Top; the alias
// merges them by score, then by shard, then in each shard's order
// (store.numberedShard), which is the one pass's in both plans.
//
// When the page would hold articles that Top cannot rank (in the match,
// but with none of the scored terms: they score 0 and come last, in index
// order), the page is searched again in one pass.

// topPlan returns the match and the scoring queries of compiled when its
// page can be ranked by bm25.Top, as said above.
func (x *Index) topPlan(compiled bq.Query, opts SearchOptions, after []string) (match bq.Query, scores []*bm25.Query, ok bool) {
	if x.onePass || opts.Sort != ByRelevance || len(after) > 0 || opts.History {
		return nil, nil, false
	}
	r, ok := compiled.(*bm25.Rescored)
	if !ok {
		return nil, nil, false
	}
	scores, ok = scoreQueries(r.Score)
	if !ok || !cheapMatch(r.Match) {
		return nil, nil, false
	}
	return r.Match, scores, true
}

// scoreQueries returns the BM25 queries of the scoring side of a rescored
// query: one, or those of a disjunction of them (words and the n-gram
// languages), which Top scores as Bleve's disjunction does.
func scoreQueries(q bq.Query) ([]*bm25.Query, bool) {
	switch q := q.(type) {
	case *bm25.Query:
		return []*bm25.Query{q}, true
	case *bq.DisjunctionQuery:
		if q.Min > 0 {
			return nil, false
		}
		out := make([]*bm25.Query, 0, len(q.Disjuncts))
		for _, d := range q.Disjuncts {
			b, ok := d.(*bm25.Query)
			if !ok {
				return nil, false
			}
			out = append(out, b)
		}
		return out, len(out) > 0
	}
	return nil, false
}

// cheapMatch reports whether q is made of queries whose searchers only
// read posting lists of terms known in advance.
func cheapMatch(q bq.Query) bool {
	all := func(qs []bq.Query) bool {
		for _, q := range qs {
			if !cheapMatch(q) {
				return false
			}
		}
		return true
	}
	switch q := q.(type) {
	case nil:
		return true
	case *bq.TermQuery, *bq.DocIDQuery, *bq.MatchNoneQuery, *bq.MatchAllQuery:
		return true
	case *bq.ConjunctionQuery:
		return all(q.Conjuncts)
	case *bq.DisjunctionQuery:
		return all(q.Disjuncts)
	case *bq.BooleanQuery:
		return cheapMatch(q.Must) && cheapMatch(q.Should) && cheapMatch(q.MustNot)
	case *schema.Filter:
		return cheapMatch(q.Query)
	case *schema.AnyOf:
		return all(q.Queries)
	case *schema.AllOf:
		return all(q.Queries)
	case *wordQuery:
		return q.Fuzziness == 0
	case *bm25.Query:
		return !q.Ngrams
	}
	return false
}

// searchTop runs req, a page of compiled by relevance, as topPlan planned:
// the total and facets from an unscored pass, the hits from bm25.Top.
func (x *Index) searchTop(ctx context.Context, c *compiler, req *bleve.SearchRequest, match bq.Query, scores []*bm25.Query) (*bleve.SearchResult, error) {
	count := *req
	count.Size, count.From, count.Fields, count.Score, count.IncludeLocations = 0, 0, nil, "none", false
	res, err := x.st.Search(ctx, &count, c.stats)
	if err != nil || res.Total <= uint64(req.From) {
		return res, err // no page: the count is the whole answer
	}
	page := *req
	page.Query = &bm25.Top{Queries: scores, Filter: match, Size: req.From + req.Size}
	page.Facets, page.IncludeLocations = nil, false
	top, err := x.st.Search(ctx, &page, c.stats)
	if err != nil {
		return nil, err
	}
	// Top ranked every match, or the page ends with an article that has a
	// scored term: the articles Top does not see score 0 and come after it.
	n := len(top.Hits)
	fellBack := top.Total != res.Total && (n < req.Size || top.Hits[n-1].Score <= 0)
	x.trace("top", fellBack)
	if fellBack {
		return x.onePassAfter(ctx, c, req, res)
	}
	if req.IncludeLocations && n > 0 {
		if err := x.locate(ctx, c, top.Hits, match); err != nil {
			return nil, err
		}
	}
	res.Hits, res.MaxScore, res.Took = top.Hits, top.MaxScore, res.Took+top.Took
	return res, nil
}

// locate gives each hit the locations of the terms match finds in it, as
// a search of match that includes them would (for highlighting).
func (x *Index) locate(ctx context.Context, c *compiler, hits search.DocumentMatchCollection, match bq.Query) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), match), len(ids), 0, false)
	req.IncludeLocations = true
	req.Score = "none"
	res, err := x.st.Search(ctx, req, c.stats)
	if err != nil {
		return err
	}
	found := make(map[string]*search.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		found[h.ID] = h
	}
	for _, h := range hits {
		if l := found[h.ID]; l != nil {
			h.Locations, h.FieldTermLocations = l.Locations, l.FieldTermLocations
		}
	}
	return nil
}

// onePassAfter runs req in one pass after counted, the unscored pass of a
// plan that did not pay, whose total and facets it keeps.
func (x *Index) onePassAfter(ctx context.Context, c *compiler, req *bleve.SearchRequest, counted *bleve.SearchResult) (*bleve.SearchResult, error) {
	one := *req
	one.Facets = nil // counted already
	res, err := x.st.Search(ctx, &one, c.stats)
	if err != nil {
		return nil, err
	}
	res.Facets, res.Took = counted.Facets, res.Took+counted.Took
	return res, nil
}

// trace tells the test's planTrace, if any, that a search took plan
// ("top", "months"), and whether it was searched in one pass after all.
func (x *Index) trace(plan string, onePass bool) {
	if x.planTrace != nil {
		x.planTrace(plan, onePass)
	}
}
