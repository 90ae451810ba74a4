package eval

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/newsindex/newsindex"
)

// Score is the quality of one collection's rankings, averaged over its
// judged queries.
type Score struct {
	Collection  string  `json:"collection"`
	Language    string  `json:"language"`
	Queries     int     `json:"queries"`
	NDCG10      float64 `json:"ndcg_at_10"`
	MAP         float64 `json:"map"`
	RecallAt100 float64 `json:"recall_at_100"`
	// PerQuery is the nDCG@10 of each judged query, by query ID.
	PerQuery map[string]float64 `json:"per_query,omitempty"`
	Took     time.Duration      `json:"-"`
}

// Options configure [Run].
type Options struct {
	// Depth is how many results of each query are scored; zero means 1000.
	Depth int
	// AnyLanguage searches the fields of every language, as Match does by
	// default; otherwise queries are analysed as the collection's language
	// only.
	AnyLanguage bool
	// Mode is how the queries of a collection of typed queries
	// (Collection.Typed) are searched: ModeDefault as the tool and the page
	// search them, ModeEvery with every word required, ModeAny as ranked
	// free text. Other collections are always ranked free text.
	Mode Mode
}

// Mode is a way to search typed queries.
type Mode string

// Modes of [Options.Mode].
const (
	ModeDefault Mode = ""      // as newsindex search does by default
	ModeEvery   Mode = "every" // every word, as Match requires
	ModeAny     Mode = "any"   // any word, ranked (AnyWords)
)

// query is the query and search options of one judged query.
func (c *Collection) query(q Query, opts Options, depth int) (newsindex.Query, newsindex.SearchOptions, error) {
	so := newsindex.SearchOptions{Size: depth, IDsOnly: true}
	if !c.Typed {
		m := newsindex.Match{Text: q.Text, MinWords: 1}
		if !opts.AnyLanguage {
			m.Lang = c.Language
		}
		return m, so, nil
	}
	parsed, err := newsindex.Parse(q.Text)
	if err != nil {
		return nil, so, err
	}
	switch opts.Mode {
	case ModeAny:
		parsed = newsindex.AnyWords(parsed)
	case ModeEvery:
	case ModeDefault:
		so.Relax = true
	default:
		return nil, so, fmt.Errorf("eval: unknown mode %q (want every or any, or none for the default)", opts.Mode)
	}
	return parsed, so, nil
}

// Run indexes the collection into a new in-memory index, runs every judged
// query (as ranked any-word Matches, or as typed for a collection of typed
// queries) and scores the rankings.
func Run(ctx context.Context, c *Collection, opts Options) (Score, error) {
	start := time.Now()
	idx, err := Build(ctx, c)
	if err != nil {
		return Score{}, err
	}
	defer idx.Close()
	s, err := RunIndex(ctx, idx, c, opts)
	s.Took = time.Since(start)
	return s, err
}

// Build indexes the collection's documents into a new in-memory index, for
// RunIndex.
func Build(ctx context.Context, c *Collection) (*newsindex.Index, error) {
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		return nil, err
	}
	if err := idx.Add(ctx, c.Docs...); err != nil {
		idx.Close()
		return nil, fmt.Errorf("eval: %s: %w", c.Name, err)
	}
	return idx, nil
}

// RunIndex runs every judged query of the collection on an index that
// holds its documents ([Build]) and scores the rankings.
func RunIndex(ctx context.Context, idx *newsindex.Index, c *Collection, opts Options) (Score, error) {
	start := time.Now()
	depth := opts.Depth
	if depth <= 0 {
		depth = 1000
	}
	s := Score{Collection: c.Name, Language: c.Language, PerQuery: map[string]float64{}}
	for _, q := range c.Judged() {
		query, so, err := c.query(q, opts, depth)
		if err != nil {
			return Score{}, fmt.Errorf("eval: %s query %s: %w", c.Name, q.ID, err)
		}
		res, err := idx.Search(ctx, query, so)
		if err != nil {
			return Score{}, fmt.Errorf("eval: %s query %s: %w", c.Name, q.ID, err)
		}
		// Equal scores come in the index's internal order, which depends on
		// how Add spread the documents over segments, and so does the order
		// in which Bleve adds up a document's scores, which moves them in
		// the last bits: order scores equal to nine decimals by ID, so that
		// a collection scores the same on every run.
		hits := res.Hits
		rounded := func(s float64) float64 { return math.Round(s*1e9) / 1e9 }
		sort.SliceStable(hits, func(i, j int) bool {
			if a, b := rounded(hits[i].Score), rounded(hits[j].Score); a != b {
				return a > b
			}
			return hits[i].Article.ID < hits[j].Article.ID
		})
		ranking := make([]string, len(hits))
		for i, h := range hits {
			ranking[i] = h.Article.ID
		}
		rels := c.Qrels[q.ID]
		ndcg := NDCG(ranking, rels, 10)
		s.PerQuery[q.ID] = ndcg
		s.NDCG10 += ndcg
		s.MAP += AveragePrecision(ranking, rels)
		s.RecallAt100 += Recall(ranking, rels, 100)
		s.Queries++
	}
	if s.Queries > 0 {
		n := float64(s.Queries)
		s.NDCG10, s.MAP, s.RecallAt100 = s.NDCG10/n, s.MAP/n, s.RecallAt100/n
	}
	s.Took = time.Since(start)
	return s, nil
}
