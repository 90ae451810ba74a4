package store

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsindex/newsindex/internal/schema"
)

// Dict is the index's dictionary of stored articles: nil until the index
// held schema.DictMinArticles current articles, with a write's, and a
// write made one.
func (s *Store) Dict() *schema.Dict { return s.dict.Load() }

// Article rebuilds an article from the stored fields of a hit of this
// index.
func (s *Store) Article(id string, fields map[string]interface{}) (schema.Article, error) {
	return schema.FromFields(id, fields, s.dict.Load())
}

// dictSample is the most stored articles a dictionary is made of besides
// a write's: enough to spread over an archive's outlets and years (the
// dictionary takes about 50 KCNA articles of them), few enough to read
// once in a few milliseconds.
const dictSample = 1000

// ensureDict makes the index's dictionary when it has none and the
// index, with the write, holds enough current articles: of the write's
// alone when they are enough, else of them and up to dictSample of the
// articles stored before (an archive fed a few articles at a time, or an
// index of version 9 or 10, gets one too). It saves the dictionary before
// anything is compressed with it. The caller holds writeMu.
func (s *Store) ensureDict(ctx context.Context, plan []planned) error {
	if s.dict.Load() != nil {
		return nil
	}
	var articles []schema.Article
	added := 0 // articles new to the index: an edit's is counted already
	for _, p := range plan {
		if p.entry == schema.Latest {
			articles = append(articles, p.article)
			if p.old == nil {
				added++
			}
		}
	}
	if len(articles) == 0 {
		return nil
	}
	if len(articles) < schema.DictMinArticles {
		if s.stats.Snapshot().Articles()+int64(added) < schema.DictMinArticles {
			return nil
		}
		stored, err := s.storedSample(ctx, dictSample)
		if err != nil {
			return fmt.Errorf("read stored articles for the dictionary of stored articles: %w", err)
		}
		articles = append(stored, articles...)
	}
	content, err := schema.DictContent(articles)
	if err != nil || content == nil {
		return err
	}
	d, err := schema.NewDict(content)
	if err != nil {
		return err
	}
	if s.path != "" {
		// The layout on disk names the dictionary; s.layout, which searches
		// read without a lock, is left as it is: nothing reads its Dict.
		if _, err := schema.WriteDict(s.path, s.layout, d); err != nil {
			d.Close()
			return fmt.Errorf("save the dictionary of stored articles in %s: %w", s.path, err)
		}
	}
	s.dict.Store(d)
	return nil
}

// storedSample returns up to n current articles of the index, unscored,
// in the order of their IDs. A stored article that does not decode is
// left out, as EachTolerant leaves it out: check reports it, and a write
// must not fail for it (the dictionary only compresses what comes next).
func (s *Store) storedSample(ctx context.Context, n int) ([]schema.Article, error) {
	req := bleve.NewSearchRequestOptions(AllArticles(), n, 0, false)
	req.Fields = []string{schema.Stored}
	req.SortByCustom(search.SortOrder{&search.SortDocID{}})
	req.Score = "none"
	res, err := s.searchAll(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make([]schema.Article, 0, len(res.Hits))
	for _, h := range res.Hits {
		if a, err := s.Article(h.ID, h.Fields); err == nil {
			out = append(out, a)
		}
	}
	return out, nil
}
