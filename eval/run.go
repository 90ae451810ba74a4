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
	Collection  string        `json:"collection"`
	Language    string        `json:"language"`
	Queries     int           `json:"queries"`
	NDCG10      float64       `json:"ndcg_at_10"`
	MAP         float64       `json:"map"`
	RecallAt100 float64       `json:"recall_at_100"`
	Took        time.Duration `json:"-"`
}

// Options configure [Run].
type Options struct {
	// Depth is how many results of each query are scored; zero means 1000.
	Depth int
	// AnyLanguage searches the fields of every language, as Match does by
	// default; otherwise queries are analysed as the collection's language
	// only.
	AnyLanguage bool
}

// Run indexes the collection into a new in-memory index, runs every judged
// query as a ranked any-word Match (Match.MinWords 1) and scores the
// rankings.
func Run(ctx context.Context, c *Collection, opts Options) (Score, error) {
	start := time.Now()
	depth := opts.Depth
	if depth <= 0 {
		depth = 1000
	}
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		return Score{}, err
	}
	defer idx.Close()
	if err := idx.Add(ctx, c.Docs...); err != nil {
		return Score{}, fmt.Errorf("eval: %s: %w", c.Name, err)
	}
	s := Score{Collection: c.Name, Language: c.Language}
	for _, q := range c.Judged() {
		m := newsindex.Match{Text: q.Text, MinWords: 1}
		if !opts.AnyLanguage {
			m.Lang = c.Language
		}
		res, err := idx.Search(ctx, m, newsindex.SearchOptions{Size: depth, IDsOnly: true})
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
		s.NDCG10 += NDCG(ranking, rels, 10)
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
