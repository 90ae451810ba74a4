package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// allFacetValues is the size of the facets each shard counts: every value
// (or range), so that the sums over the shards are those of one index. A
// shard that kept its own top values only would leave out of a value's
// count the shards where it is not among them.
const allFacetValues = 1 << 20

// searchShards runs a request on every shard at once through the alias,
// with the term statistics of every shard (global.go) when it scores, each
// shard counting every value of the facets, which are cut to their sizes
// once added up.
func (s *Store) searchShards(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	r := *req // the caller's request stays as it was
	if req.Score != "none" {
		g, err := s.openGlobalStats()
		if err != nil {
			return nil, err
		}
		defer g.Close()
		r.Query = &globalQuery{Query: req.Query, stats: g}
	}
	if len(req.Facets) > 0 {
		r.Facets = make(bleve.FacetsRequest, len(req.Facets))
		for name, f := range req.Facets {
			all := *f
			all.Size = max(f.Size, allFacetValues)
			r.Facets[name] = &all
		}
	}
	fetch := req.From > 0 && (len(req.Fields) > 0 || req.Highlight != nil || req.IncludeLocations)
	if fetch {
		// An alias asks every shard for From+Size hits, with their stored
		// fields and highlights: a page deep in the results would read them
		// for every hit before it, in every shard. The hits come first, then
		// what the page shows of its own.
		r.Fields, r.Highlight, r.IncludeLocations = nil, nil, false
	}
	res, err := s.searchAll(ctx, &r)
	if err != nil {
		return nil, err
	}
	for name, f := range req.Facets {
		res.Facets.Fixup(name, f.Size)
	}
	if fetch {
		// The page's documents are not matches again for bitmap facets.
		ctx := context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, nil)
		if err := s.fetchPage(ctx, req, r.Query, res.Hits); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// fetchPage gives the hits of a page the stored fields, highlights and
// locations the request asks for, from each hit's shard, all at once: each
// shard runs the query again on the page's documents it holds (q, the
// query with every shard's statistics when it scores), which finds the
// same terms in them; the hits keep their scores and their order.
func (s *Store) fetchPage(ctx context.Context, req *bleve.SearchRequest, q bq.Query, hits search.DocumentMatchCollection) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	groups := s.byShard(ids)
	found := make([]map[string]*search.DocumentMatch, len(groups))
	err := parallel(len(groups), func(i int) error {
		if len(groups[i]) == 0 {
			return nil
		}
		page := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(groups[i]), q), len(groups[i]), 0, false)
		page.Fields, page.Highlight, page.IncludeLocations = req.Fields, req.Highlight, req.IncludeLocations
		page.Score, page.PreSearchData = req.Score, req.PreSearchData
		res, err := s.shards[i].b.SearchInContext(ctx, page)
		if err != nil {
			return fmt.Errorf("shard-%d: %w", i, err)
		}
		found[i] = make(map[string]*search.DocumentMatch, len(res.Hits))
		for _, h := range res.Hits {
			found[i][h.ID] = h
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, h := range hits {
		f := found[s.shardOfDoc(h.ID)][h.ID]
		if f == nil {
			return fmt.Errorf("search: %q of the page is gone from its shard", h.ID)
		}
		h.Fields, h.Fragments, h.Locations = f.Fields, f.Fragments, f.Locations
	}
	return nil
}

// searchAll runs a request on the index: the one shard, or every shard
// through the alias, which reports a shard that failed in the result's
// status and goes on with the others: here that fails the search.
func (s *Store) searchAll(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := s.b.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(s.shards) > 1 {
		if err := shardFailures(res, len(s.shards)); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// shardFailures is the error of the shards a search reports failed, if any.
func shardFailures(res *bleve.SearchResult, shards int) error {
	if res.Status == nil || (res.Status.Failed == 0 && len(res.Status.Errors) == 0) {
		return nil
	}
	names := make([]string, 0, len(res.Status.Errors))
	for name := range res.Status.Errors {
		names = append(names, name)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return fmt.Errorf("%d of %d shards failed", res.Status.Failed, shards)
	}
	first := res.Status.Errors[names[0]]
	return fmt.Errorf("search: %d of %d shards failed (%s): %s: %w", len(names), shards, strings.Join(names, ", "), names[0], first)
}
