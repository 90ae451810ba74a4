package store

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/internal/bm25"
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
	return s.scan(ctx, AllArticles(), size, func(page []Doc) error {
		articles := make([]schema.Article, len(page))
		for i, d := range page {
			articles[i] = d.Article
		}
		return f(articles)
	}, bad)
}

// Doc is a stored document: an article's current version, an earlier
// version or a deletion.
type Doc struct {
	DocID   string
	Article schema.Article // with the ID of the article
	Entry   schema.Entry
}

// EachDoc calls f with every document of the index, every version and
// deletion included, in pages of up to size, in the order of their
// document IDs.
func (s *Store) EachDoc(ctx context.Context, size int, f func([]Doc) error) error {
	kinds := bleve.NewDisjunctionQuery()
	for _, k := range []string{schema.KindArticle, schema.KindVersion, schema.KindDeleted} {
		t := bleve.NewTermQuery(k)
		t.SetField(schema.Kind)
		kinds.AddQuery(t)
	}
	return s.scan(ctx, kinds, size, f, nil)
}

func (s *Store) scan(ctx context.Context, q bq.Query, size int, f func([]Doc) error, bad func(id string, err error)) error {
	var after []string
	for {
		req := bleve.NewSearchRequestOptions(q, size, 0, false)
		req.Fields = []string{schema.Stored}
		req.SortByCustom(search.SortOrder{&search.SortDocID{}})
		req.Score = "none"
		req.SearchAfter = after
		res, err := s.searchAll(ctx, req)
		if err != nil {
			return err
		}
		page := make([]Doc, 0, len(res.Hits))
		for _, h := range res.Hits {
			a, err := s.Article(h.ID, h.Fields)
			if err != nil && bad != nil {
				bad(h.ID, err)
				continue
			}
			if err != nil {
				return err
			}
			id, _, past := schema.SplitVersionID(h.ID)
			a.ID = id
			entry := schema.Latest
			switch {
			case past:
				entry = schema.Earlier
			case a.Deleted:
				entry = schema.Tombstone
			}
			page = append(page, Doc{DocID: h.ID, Article: a, Entry: entry})
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

// DocIDs returns the document IDs of every document q matches, in their
// order, unscored: q compiled with the statistics of snap.
func (s *Store) DocIDs(ctx context.Context, q bq.Query, snap *bm25.Snapshot) ([]string, error) {
	const size = 10000
	var ids, after []string
	for {
		req := bleve.NewSearchRequestOptions(q, size, 0, false)
		req.SortByCustom(search.SortOrder{&search.SortDocID{}})
		req.Score = "none"
		req.SearchAfter = after
		res, err := s.Search(ctx, req, snap)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < size {
			return ids, nil
		}
		after = []string{res.Hits[len(res.Hits)-1].ID}
	}
}
