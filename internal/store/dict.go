package store

import (
	"fmt"

	"github.com/newsindex/newsindex/internal/schema"
)

// Dict is the index's dictionary of stored articles: nil until a write of
// schema.DictMinArticles current articles or more made one.
func (s *Store) Dict() *schema.Dict { return s.dict.Load() }

// Article rebuilds an article from the stored fields of a hit of this
// index.
func (s *Store) Article(id string, fields map[string]interface{}) (schema.Article, error) {
	return schema.FromFields(id, fields, s.dict.Load())
}

// ensureDict makes the index's dictionary from a write's current articles
// when it has none and they are enough, and saves it before anything is
// compressed with it. The caller holds writeMu.
func (s *Store) ensureDict(plan []planned) error {
	if s.dict.Load() != nil {
		return nil
	}
	var articles []schema.Article
	for _, p := range plan {
		if p.entry == schema.Latest {
			articles = append(articles, p.article)
		}
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
