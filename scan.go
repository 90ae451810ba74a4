package newsindex

import (
	"context"
	"iter"
	"strconv"
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
// it: the date as precisely as it is known (2011, 2011-08, 2011-08-20, and
// RFC 3339 only with a time of day; "" when undated), the section
// breadcrumb joined with " > ".
func (a Article) CSVRecord() []string {
	day := time.DateOnly
	if t := a.Published; t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		day = time.RFC3339Nano
	}
	published := a.FormatPublished(day, "2006-01", "2006")
	return []string{a.ID, a.Title, a.Body, a.Language, a.Source, published, string(a.Precision), a.Author, a.Dateline, a.URL, strings.Join(a.Section, " > ")}
}

// CSVHitHeader names the columns of [Index.CSVHit]: [CSVHeader], then the
// score and the entities.
var CSVHitHeader = append(append([]string{}, CSVHeader...), "score", "entities")

// CSVHit is a hit in the columns of [CSVHitHeader]: the article's
// [Article.CSVRecord], its score when scored (a search by relevance; "" for
// one by date), and the IDs of the entities it names, joined with ";".
func (x *Index) CSVHit(h Hit, scored bool) []string {
	score := ""
	if scored {
		score = strconv.FormatFloat(h.Score, 'f', -1, 64)
	}
	return append(h.Article.CSVRecord(), score, strings.Join(x.EntitiesOf(h.Article), ";"))
}
