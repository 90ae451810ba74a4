package store

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsindex/newsindex/internal/schema"
)

// Each calls f with every article of the index, in pages of up to size
// articles, in the order of their IDs. It stops at the first error, and
// when ctx ends.
func (s *Store) Each(ctx context.Context, size int, f func([]schema.Article) error) error {
	return s.each(ctx, size, f, nil)
}

// EachTolerant is Each that hands the articles whose stored form does not
// decode to bad, and goes on.
func (s *Store) EachTolerant(ctx context.Context, size int, f func([]schema.Article) error, bad func(id string, err error)) error {
	return s.each(ctx, size, f, bad)
}

func (s *Store) each(ctx context.Context, size int, f func([]schema.Article) error, bad func(id string, err error)) error {
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(AllArticles(), size, 0, false)
		req.Fields = []string{schema.Stored}
		req.SortByCustom(search.SortOrder{&search.SortDocID{}})
		req.Score = "none"
		req.SearchAfter = after
		res, err := s.b.SearchInContext(ctx, req)
		if err != nil {
			return err
		}
		page := make([]schema.Article, 0, len(res.Hits))
		for _, h := range res.Hits {
			a, err := schema.FromFields(h.ID, h.Fields)
			if err != nil && bad != nil {
				bad(h.ID, err)
				continue
			}
			if err != nil {
				return err
			}
			page = append(page, a)
		}
		if len(page) > 0 {
			if err := f(page); err != nil {
				return err
			}
		}
		if len(res.Hits) < size {
			return nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
