package bm25

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Rescored is a Bleve query that matches what Match matches and scores
// every match by Score (a textbook BM25 [Query] over the words of the
// search), 0 where Score finds none of its terms. Bleve's own scoring of
// Match takes every field's idf over all articles, so that a word weighs
// more in a language with fewer articles (Medvedev ranked Spanish articles
// first); Score's idf is over the articles of each field's language.
// Match's term locations are kept for highlighting.
type Rescored struct {
	Match bq.Query
	Score bq.Query
}

// Searcher runs Match, and Score alongside to the documents Match finds.
func (q *Rescored) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if opts.Score == "none" {
		return q.Match.Searcher(ctx, r, m, opts) // the order is not by score: nothing to compute
	}
	mopts := opts
	mopts.Score = "none" // Score scores; Bleve need not read frequencies and norms for Match
	match, err := q.Match.Searcher(ctx, r, m, mopts)
	if err != nil {
		return nil, err
	}
	sopts := opts
	sopts.IncludeTermVectors = false // the locations come from Match
	score, err := q.Score.Searcher(ctx, r, m, sopts)
	if err != nil {
		_ = match.Close()
		return nil, err
	}
	return &rescoredSearcher{match: match, score: score}, nil
}

type rescoredSearcher struct {
	match, score search.Searcher
	cur          *search.DocumentMatch // Score's current document; nil at the start or the end
	done         bool                  // Score has no more documents
}

func (s *rescoredSearcher) rescore(ctx *search.SearchContext, dm *search.DocumentMatch) (*search.DocumentMatch, error) {
	if dm == nil {
		return nil, nil
	}
	if !s.done && (s.cur == nil || s.cur.IndexInternalID.Compare(dm.IndexInternalID) < 0) {
		if s.cur != nil {
			ctx.DocumentMatchPool.Put(s.cur)
		}
		cur, err := s.score.Advance(ctx, dm.IndexInternalID)
		if err != nil {
			return nil, err
		}
		s.cur, s.done = cur, cur == nil
	}
	if s.cur != nil && s.cur.IndexInternalID.Equals(dm.IndexInternalID) {
		dm.Score = s.cur.Score
	} else {
		dm.Score = 0
	}
	return dm, nil
}

// Next returns Match's next document, scored.
func (s *rescoredSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.match.Next(ctx)
	if err != nil {
		return nil, err
	}
	return s.rescore(ctx, dm)
}

// Advance returns Match's first document at or after id, scored.
func (s *rescoredSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.match.Advance(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.rescore(ctx, dm)
}

// Close closes both searchers.
func (s *rescoredSearcher) Close() error {
	err := s.match.Close()
	if serr := s.score.Close(); err == nil {
		err = serr
	}
	return err
}

// Weight is 1: the scores are absolute BM25.
func (s *rescoredSearcher) Weight() float64 { return 1 }

// SetQueryNorm does nothing, as Weight says.
func (s *rescoredSearcher) SetQueryNorm(float64) {}

// Count is Match's.
func (s *rescoredSearcher) Count() uint64 { return s.match.Count() }

// Min is Match's.
func (s *rescoredSearcher) Min() int { return s.match.Min() }

// Size estimates the searchers' memory.
func (s *rescoredSearcher) Size() int { return 48 + s.match.Size() + s.score.Size() }

// DocumentMatchPoolSize is what both searchers hold at once.
func (s *rescoredSearcher) DocumentMatchPoolSize() int {
	return s.match.DocumentMatchPoolSize() + s.score.DocumentMatchPoolSize() + 1
}
