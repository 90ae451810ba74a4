package newsindex

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/internal/schema"
	"github.com/newsindex/newsindex/internal/store"
)

// compile compiles q as opts ask: for the current articles, with History
// for every version and deletion too, with Dropped for the earlier
// versions and deletions of the articles whose current version no longer
// matches.
func (x *Index) compile(ctx context.Context, c *compiler, q Query, opts SearchOptions) (bq.Query, error) {
	if !opts.Dropped {
		return c.build(q, opts.History)
	}
	current, past, err := c.buildApart(q)
	if err != nil {
		return nil, err
	}
	return x.dropped(ctx, c, current, past)
}

// dropped narrows past, a query of the earlier versions and deletions, to
// the documents whose article current does not match: what was taken out.
// It costs two unscored passes: one over the matching past documents, one
// over the current versions of their articles.
func (x *Index) dropped(ctx context.Context, c *compiler, current, past bq.Query) (bq.Query, error) {
	docIDs, err := x.st.DocIDs(ctx, past, c.stats)
	if err != nil {
		return nil, fmt.Errorf("newsindex: search: %w", err)
	}
	if len(docIDs) == 0 {
		return matchNone(), nil
	}
	byArticle := map[string][]string{}
	var articles []string
	for _, d := range docIDs {
		id, _, _ := schema.SplitVersionID(d) // a tombstone's document ID is the article's
		if byArticle[id] == nil {
			articles = append(articles, id)
		}
		byArticle[id] = append(byArticle[id], d)
	}
	still := map[string]bool{}
	const chunk = 10000
	for start := 0; start < len(articles); start += chunk {
		ids := articles[start:min(start+chunk, len(articles))]
		q := bleve.NewConjunctionQuery(current, store.AllArticles(), bleve.NewDocIDQuery(ids))
		matching, err := x.st.DocIDs(ctx, q, c.stats)
		if err != nil {
			return nil, fmt.Errorf("newsindex: search: %w", err)
		}
		for _, id := range matching {
			still[id] = true
		}
	}
	var keep []string
	for _, id := range articles {
		if !still[id] {
			keep = append(keep, byArticle[id]...)
		}
	}
	if len(keep) == 0 {
		return matchNone(), nil
	}
	return bleve.NewConjunctionQuery(past, bleve.NewDocIDQuery(keep)), nil
}
