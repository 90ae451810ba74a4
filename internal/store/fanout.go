package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
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
	res, err := s.searchAll(ctx, &r)
	if err != nil {
		return nil, err
	}
	for name, f := range req.Facets {
		res.Facets.Fixup(name, f.Size)
	}
	return res, nil
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
