// Package phrase is a Bleve phrase query that, when a search asks for
// neither scores nor locations, finds the articles with the phrase without
// Bleve's phrase searcher.
//
// Bleve's phrase searcher runs a conjunction of term searchers with term
// vectors, turns every candidate's locations into maps (DocumentMatch.
// Complete) and walks them for paths: most of the time of a phrase search
// on KCNA went to those maps and the conjunction's document matches, not to
// reading the postings. Where a search scores by Bleve (nothing in newsindex
// does for a phrase: bm25.Rescored scores every query with a phrase) or
// wants the locations of the phrase (highlighting, keyword in context), the
// query is Bleve's own match phrase query.
package phrase

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// Query matches the documents with Text as a phrase in Field, analysed by
// Analyzer, as Bleve's match phrase query does (no slop, no fuzziness): the
// terms at consecutive positions, a position the analysis left empty (a
// stop word) taken by any word, any of the terms at one position.
type Query struct {
	Text     string  `json:"match_phrase"`
	Field    string  `json:"field"`
	Analyzer string  `json:"analyzer"`
	Boost    float64 `json:"boost"`
}

// Bleve is the query as Bleve's match phrase query.
func (q *Query) Bleve() *bq.MatchPhraseQuery {
	p := bleve.NewMatchPhraseQuery(q.Text)
	p.SetField(q.Field)
	p.Analyzer = q.Analyzer
	p.SetBoost(q.Boost)
	return p
}

// Searcher is Bleve's phrase searcher when the search asks for scores or
// locations, and a leaner one of the same documents otherwise.
func (q *Query) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if opts.Score != "none" || opts.IncludeTermVectors || opts.Explain {
		return q.Bleve().Searcher(ctx, r, m, opts)
	}
	if syn, ok := ctx.Value(search.FieldTermSynonymMapKey).(search.FieldTermSynonymMap); ok && syn[q.Field] != nil {
		return q.Bleve().Searcher(ctx, r, m, opts) // synonyms: Bleve's business
	}
	a := m.AnalyzerNamed(q.Analyzer)
	if a == nil {
		return nil, fmt.Errorf("no analyzer named '%s' registered", q.Analyzer)
	}
	positions := termPositions(a.Analyze([]byte(q.Text)))
	if len(positions) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	s := &phraseSearcher{positions: make([][]*cursor, len(positions))}
	for i, terms := range positions {
		for _, term := range terms {
			if err := search.RecordTermSearcher(ctx); err != nil {
				_ = s.Close()
				return nil, err
			}
			tr, err := r.TermFieldReader(ctx, []byte(term), q.Field, false, false, true)
			if err != nil {
				_ = s.Close()
				return nil, err
			}
			if tr.Count() == 0 {
				_ = tr.Close()
				continue
			}
			s.positions[i] = append(s.positions[i], &cursor{reader: tr})
		}
		if len(terms) > 0 && len(s.positions[i]) == 0 {
			// A position none of whose terms the field holds: no document
			// has the phrase.
			_ = s.Close()
			return searcher.NewMatchNoneSearcher(r)
		}
		if n := groupCount(s.positions[i]); len(terms) > 0 && (s.count == 0 || n < s.count) {
			s.count = n
		}
	}
	return s, nil
}

// termPositions is the phrase of a token stream as Bleve's match phrase
// query makes it (tokenStreamToPhrase): the terms at each position from the
// first to the last, none at a position no token has.
func termPositions(tokens analysis.TokenStream) [][]string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := tokens[0].Position, tokens[0].Position
	for _, t := range tokens {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range tokens {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

// cursor walks the postings of one term, with their positions.
type cursor struct {
	reader index.TermFieldReader
	doc    index.TermFieldDoc
	cur    *index.TermFieldDoc // the current posting; nil before the first and at the end
	num    uint64              // its document number
	done   bool
}

// advance moves the cursor to its first posting at or after document num.
func (c *cursor) advance(num uint64, id index.IndexInternalID) error {
	if c.done || (c.cur != nil && c.num >= num) {
		return nil
	}
	var next *index.TermFieldDoc
	var err error
	if (c.cur == nil && num == 0) || (c.cur != nil && c.num+1 == num) {
		next, err = c.reader.Next(c.doc.Reset()) // cheaper than a seek
	} else {
		next, err = c.reader.Advance(id, c.doc.Reset())
	}
	if err != nil {
		return err
	}
	c.cur = next
	if next == nil {
		c.done = true
		return nil
	}
	c.num = next.ID.Value()
	return nil
}

func groupCount(g []*cursor) uint64 {
	var n uint64
	for _, c := range g {
		n += c.reader.Count()
	}
	return n
}

// phraseSearcher finds the documents where the terms of every position are
// at consecutive positions: the documents with a term of every position
// (a conjunction over the positions, a disjunction within one), then their
// positions.
type phraseSearcher struct {
	positions [][]*cursor // the terms of each position; none for a position any word takes
	next      uint64      // the first document number not looked at yet
	id        index.IndexInternalID
	count     uint64
}

// Next returns the next document with the phrase.
func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		num, ok, err := s.candidate()
		if err != nil || !ok {
			return nil, err
		}
		s.next = num + 1
		if s.matches(num) {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, num)
			return dm, nil
		}
	}
}

// Advance returns the first document at or after id with the phrase.
func (s *phraseSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if num := id.Value(); num > s.next {
		s.next = num
	}
	return s.Next(ctx)
}

// candidate moves every cursor to the first document from s.next on that
// has a term of every position, and returns its number; ok is false when
// there is none.
func (s *phraseSearcher) candidate() (num uint64, ok bool, err error) {
	target := s.next
	for {
		agreed := true
		for _, g := range s.positions {
			if len(g) == 0 {
				continue // any word
			}
			low, any := uint64(0), false
			for _, c := range g {
				s.id = index.NewIndexInternalID(s.id, target)
				if err := c.advance(target, s.id); err != nil {
					return 0, false, err
				}
				if !c.done && (!any || c.num < low) {
					low, any = c.num, true
				}
			}
			if !any {
				return 0, false, nil // a position whose terms have no more documents
			}
			if low != target {
				target, agreed = low, false
			}
		}
		if agreed {
			return target, true, nil
		}
	}
}

// matches reports whether document num, which has a term of every
// position, has them at consecutive positions (within one array element).
func (s *phraseSearcher) matches(num uint64) bool {
	for _, c := range s.positions[0] {
		if c.done || c.num != num {
			continue
		}
		for _, v := range c.cur.Vectors {
			if s.follows(num, 1, v.Pos, v.ArrayPositions) {
				return true
			}
		}
	}
	return false
}

// follows reports whether the positions from i on continue a phrase whose
// term at position i-1 is at pos in array element ap.
func (s *phraseSearcher) follows(num uint64, i int, pos uint64, ap []uint64) bool {
	if i == len(s.positions) {
		return true
	}
	if len(s.positions[i]) == 0 {
		return s.follows(num, i+1, pos+1, ap)
	}
	for _, c := range s.positions[i] {
		if c.done || c.num != num {
			continue
		}
		for _, v := range c.cur.Vectors {
			if v.Pos == pos+1 && equal(v.ArrayPositions, ap) && s.follows(num, i+1, pos+1, ap) {
				return true
			}
		}
	}
	return false
}

func equal(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Close closes every posting list.
func (s *phraseSearcher) Close() error {
	var first error
	for _, g := range s.positions {
		for _, c := range g {
			if err := c.reader.Close(); err != nil && first == nil {
				first = err
			}
		}
	}
	return first
}

// Weight is 1: the searcher does not score.
func (s *phraseSearcher) Weight() float64 { return 1 }

// SetQueryNorm does nothing: the searcher does not score.
func (s *phraseSearcher) SetQueryNorm(float64) {}

// Count is an upper bound of the documents the searcher returns: those of
// its rarest position.
func (s *phraseSearcher) Count() uint64 { return s.count }

// Min is 0.
func (s *phraseSearcher) Min() int { return 0 }

// Size estimates the searcher's memory.
func (s *phraseSearcher) Size() int { return 64 + 160*len(s.positions) }

// DocumentMatchPoolSize is 1: Next returns one match at a time and keeps
// none.
func (s *phraseSearcher) DocumentMatchPoolSize() int { return 1 }
