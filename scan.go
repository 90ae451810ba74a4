package newsindex

import (
	"context"
	"iter"
	"strings"
	"time"
)

// scanPage is how many articles Scan fetches at a time.
const scanPage = 500

// Scan yields every article that matches q, oldest first (undated last),
// fetching pages with a cursor, so it can walk any number of matches. It
// stops at the first error, which it yields.
func (x *Index) Scan(ctx context.Context, q Query) iter.Seq2[Article, error] {
	return func(yield func(Article, error) bool) {
		opts := SearchOptions{Size: scanPage, Sort: ByOldest}
		for {
			res, err := x.Search(ctx, q, opts)
			if err != nil {
				yield(Article{}, err)
				return
			}
			for _, h := range res.Hits {
				if !yield(h.Article, nil) {
					return
				}
			}
			if res.Cursor == "" {
				return
			}
			opts.After = res.Cursor
		}
	}
}

// CSVHeader names the columns of [Article.CSVRecord].
var CSVHeader = []string{"id", "title", "body", "language", "source", "published", "precision", "author", "dateline", "url", "section"}

// CSVRecord is the article in the columns of [CSVHeader], as exports write
// it: the date in RFC 3339, the section breadcrumb joined with " > ".
func (a Article) CSVRecord() []string {
	published := ""
	if !a.Published.IsZero() {
		published = a.Published.Format(time.RFC3339)
	}
	return []string{a.ID, a.Title, a.Body, a.Language, a.Source, published, string(a.Precision), a.Author, a.Dateline, a.URL, strings.Join(a.Section, " > ")}
}
