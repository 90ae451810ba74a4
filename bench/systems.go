package bench

import (
	"context"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex"
)

// The query mix, the same for both systems: a term, a few words, a phrase,
// words with a date range and an outlet filter, facets (outlet, language,
// year), a sort by date, a fuzzy term and a deep page.

// mixTerms picks the words of the mix from the corpus so that they match.
type mixTerms struct {
	term, words, phrase, fuzzy, source string
	first, from, to                    time.Time
}

func pickTerms(c *corpus) mixTerms {
	m := mixTerms{term: "Korea", words: "Kim Jong Il", phrase: "Workers' Party", fuzzy: "Pyongyong", source: c.base[0].Source}
	m.first = c.first
	m.from = c.first.Add(c.last.Sub(c.first) / 2)
	m.to = c.last
	return m
}

// newsindexSystem is this project's index, of the default number of
// shards or of shards of them.
type newsindexSystem struct {
	idx    *newsindex.Index
	shards int
}

func (s *newsindexSystem) name() string {
	if s.shards == 0 {
		return "newsindex"
	}
	return "newsindex:" + strconv.Itoa(s.shards)
}

func (s *newsindexSystem) build(ctx context.Context, path string, c *corpus) error {
	idx, err := newsindex.Open(path, newsindex.Config{Shards: s.shards})
	if err != nil {
		return err
	}
	s.idx = idx
	for batch := range c.batches(1000) {
		if err := idx.Add(ctx, batch...); err != nil {
			return err
		}
	}
	return nil
}

// compact merges the index into one segment, as newsindex index does
// after a bulk load.
// It returns the number of segments left.
func (s *newsindexSystem) compact(ctx context.Context) (int, error) {
	if err := s.idx.Compact(ctx); err != nil {
		return 0, err
	}
	st, err := s.idx.Stats(ctx)
	if err != nil {
		return 0, err
	}
	return st.Segments, nil
}

func (s *newsindexSystem) reopen(path string) error {
	if err := s.idx.Close(); err != nil {
		return err
	}
	idx, err := newsindex.Open(path, newsindex.Config{ReadOnly: true})
	s.idx = idx
	return err
}

func (s *newsindexSystem) queries(c *corpus) []func(context.Context) error {
	m := pickTerms(c)
	run := func(q newsindex.Query, opts newsindex.SearchOptions) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := s.idx.Search(ctx, q, opts)
			return err
		}
	}
	plain := newsindex.SearchOptions{}
	return []func(context.Context) error{
		run(newsindex.Match{Text: m.term}, plain),
		run(newsindex.Match{Text: m.words}, plain),
		run(newsindex.Phrase{Text: m.phrase}, plain),
		run(newsindex.And(newsindex.Match{Text: m.term}, newsindex.DateRange{From: m.from, To: m.to}, newsindex.Source(m.source)), plain),
		run(newsindex.Match{Text: m.term}, newsindex.SearchOptions{Facets: []newsindex.Facet{newsindex.FacetSource, newsindex.FacetLanguage, newsindex.FacetYear}}),
		run(newsindex.Match{Text: m.term}, newsindex.SearchOptions{Sort: newsindex.ByNewest}),
		run(newsindex.Match{Text: m.fuzzy, Fuzziness: 1}, plain),
		run(newsindex.Match{Text: m.term}, newsindex.SearchOptions{From: 500}),
	}
}

func (s *newsindexSystem) close() error {
	if s.idx == nil {
		return nil
	}
	return s.idx.Close()
}

// bleveSystem is raw Bleve with its default mapping, the baseline.
type bleveSystem struct{ idx bleve.Index }

func (s *bleveSystem) name() string { return "bleve" }

// bleveDoc is an article as a Bleve user would index it.
type bleveDoc struct {
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Language  string    `json:"language"`
	Source    string    `json:"source"`
	Published time.Time `json:"published"`
	Author    string    `json:"author"`
}

func (s *bleveSystem) build(ctx context.Context, path string, c *corpus) error {
	idx, err := bleve.New(path, bleve.NewIndexMapping())
	if err != nil {
		return err
	}
	s.idx = idx
	for batch := range c.batches(1000) {
		b := idx.NewBatch()
		for _, a := range batch {
			if err := b.Index(a.ID, bleveDoc{Title: a.Title, Body: a.Body, Language: a.Language, Source: a.Source, Published: a.Published, Author: a.Author}); err != nil {
				return err
			}
		}
		if err := idx.Batch(b); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (s *bleveSystem) reopen(path string) error {
	if err := s.idx.Close(); err != nil {
		return err
	}
	idx, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	s.idx = idx
	return err
}

func (s *bleveSystem) queries(c *corpus) []func(context.Context) error {
	m := pickTerms(c)
	run := func(q bq.Query, tweak func(*bleve.SearchRequest)) func(context.Context) error {
		return func(ctx context.Context) error {
			req := bleve.NewSearchRequest(q)
			req.Fields = []string{"*"}
			if tweak != nil {
				tweak(req)
			}
			_, err := s.idx.SearchInContext(ctx, req)
			return err
		}
	}
	match := func(text string) bq.Query {
		q := bleve.NewMatchQuery(text)
		q.SetOperator(bq.MatchQueryOperatorAnd)
		return q
	}
	source := bleve.NewMatchQuery(m.source)
	source.SetField("source")
	source.SetOperator(bq.MatchQueryOperatorAnd)
	dates := bleve.NewDateRangeQuery(m.from, m.to)
	dates.SetField("published")
	fuzzy := bleve.NewMatchQuery(m.fuzzy)
	fuzzy.SetFuzziness(1)
	return []func(context.Context) error{
		run(match(m.term), nil),
		run(match(m.words), nil),
		run(bleve.NewMatchPhraseQuery(m.phrase), nil),
		run(bleve.NewConjunctionQuery(match(m.term), dates, source), nil),
		run(match(m.term), func(r *bleve.SearchRequest) {
			r.AddFacet("source", bleve.NewFacetRequest("source", 10))
			r.AddFacet("language", bleve.NewFacetRequest("language", 10))
			// newsindex counts by year too: Bleve's way is a date range a year.
			years := bleve.NewFacetRequest("published", m.to.Year()-m.first.Year()+1)
			for y := m.first.Year(); y <= m.to.Year(); y++ {
				from, to := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
				years.AddDateTimeRange(strconv.Itoa(y), from, to)
			}
			r.AddFacet("year", years)
		}),
		run(match(m.term), func(r *bleve.SearchRequest) { r.SortBy([]string{"-published"}) }),
		run(fuzzy, nil),
		run(match(m.term), func(r *bleve.SearchRequest) { r.From = 500 }),
	}
}

func (s *bleveSystem) close() error {
	if s.idx == nil {
		return nil
	}
	return s.idx.Close()
}
