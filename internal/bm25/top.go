package bm25

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Top is a Bleve query that finds the Size best-scoring articles of the
// disjunction of Queries without scoring every article that matches: an
// article's score is what Bleve's disjunction of the Queries gives it (the
// sum of their scores times the share of them that match it), and the
// searcher leaves out every article that cannot be among the Size best of
// those it has returned, by Turtle and Flood's MaxScore ("Query evaluation:
// strategies and optimizations", 1995). Each term weighs at most
// boost·weight·idf·(k1+1) in an article (the saturation of its frequency
// stays below k1+1): once the Size-th best score so far is above the sum of
// the bounds of the least weighty terms, an article with only those
// cannot catch up, and their postings are only looked into (advanced to,
// not read through) for the articles the other terms find.
//
// Bleve visits every match of a query and has no such pruning: on the
// KCNA archive a more-like-this search of 25 terms and a title matched 16,000
// of the 24,776 articles to rank 30 of them.
//
// A Top must be the whole query of a search ranked by score that asks for
// Size hits or fewer: the hits are then those of the disjunction, with the
// same scores, but the total counts only the articles it returned. (In a
// conjunction with the IDs of its hits, as the shards fetch a page's
// stored fields, it finds them again: Advance replays Next from the start.) Filter,
// when not nil, is a query the articles must also match (unscored). A
// query's Coord multiplies its score by the share of its text's terms the
// article holds, as its own searcher does (the share is at most 1, so the
// bounds hold). A query of n-grams scores as its own searcher does (BM25F:
// each term's frequencies in the fields add up before one saturation, and
// the share of its terms the article holds multiplies the sum); each term
// weighs at most weight·(k1+1) in all fields together.
type Top struct {
	Queries []*Query
	Filter  bq.Query
	Size    int
}

// Searcher opens the postings of every query's terms and the filter's.
func (q *Top) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if q.Size < 1 || len(q.Queries) == 0 || opts.Score == "none" {
		return nil, fmt.Errorf("bm25: a top query needs a size, queries and scoring")
	}
	s := &topSearcher{size: q.Size, groups: len(q.Queries)}
	fail := func(err error) (search.Searcher, error) {
		_ = s.Close()
		return nil, err
	}
	for g, sub := range q.Queries {
		ss, err := sub.Searcher(ctx, r, m, opts)
		if err != nil {
			return fail(err)
		}
		plain := ss.(*searcher)
		textN := 0
		if plain.coord {
			textN = plain.textN
		}
		s.textN = append(s.textN, textN)
		var terms []*queryTerm
		if sub.Ngrams {
			terms = plain.terms
		}
		s.ngrams = append(s.ngrams, terms)
		s.offset = append(s.offset, len(s.seen))
		for _, c := range plain.cursors {
			c.group, c.bound = g, c.boost*c.term.weight*c.idf*(K1+1)
			if sub.Ngrams {
				// A term's fields add up before one saturation: the term
				// weighs at most weight·(k1+1) in all of them.
				c.bound = c.term.weight * (K1 + 1)
			}
			c.slot = len(s.seen) + c.term.index
			s.cursors = append(s.cursors, c)
		}
		s.seen = append(s.seen, make([]uint64, len(plain.terms))...)
	}
	s.freqs = make([]float64, len(s.seen))
	if q.Filter != nil {
		fopts := opts
		fopts.Score = "none"
		fopts.IncludeTermVectors = false
		f, err := q.Filter.Searcher(ctx, r, m, fopts)
		if err != nil {
			return fail(err)
		}
		s.filter = f
	}
	// The least weighty first: they are the first to become non-essential.
	slices.SortStableFunc(s.cursors, func(a, b *postings) int {
		switch {
		case a.bound < b.bound:
			return -1
		case a.bound > b.bound:
			return 1
		}
		return 0
	})
	s.prefix = make([]float64, len(s.cursors)+1)
	for i, c := range s.cursors {
		s.prefix[i+1] = s.prefix[i] + c.bound
		s.count += c.reader.Count()
	}
	s.sums = make([]float64, s.groups)
	s.parts = make([][]part, s.groups)
	s.matched = make([]bool, s.groups)
	s.textHits = make([]int, s.groups)
	return s, nil
}

// topSearcher is the search.Searcher of a Top.
type topSearcher struct {
	cursors []*postings // by bound, least first
	prefix  []float64   // prefix[i]: the sum of the bounds of cursors[:i]
	groups  int
	size    int
	filter  search.Searcher
	fcur    *search.DocumentMatch // the filter's current match
	fdone   bool
	started bool
	// essential is the first cursor of those a returned article must
	// have a term of: those before it add up to no more than the bar.
	essential int
	heap      cursorHeap // the essential cursors, by current document
	best      []float64  // min-heap of the best scores returned, size at most
	sums      []float64  // by query, of the current article, as the terms come (for the bounds)
	parts     [][]part   // by query: the current article's terms' scores (for the score)
	matched   []bool     // by query: has a term in the current article
	ferr      error      // the filter's
	id        index.IndexInternalID
	count     uint64
	// With a query's Coord: the distinct terms of its text, with postings
	// or not, as its own searcher counts them (0 without Coord), by query; the current article's number
	// of them; and, by term slot (postings.slot), the article (its
	// sequence number, from 1) the term was last counted in.
	textN    []int
	textHits []int
	seen     []uint64
	seq      uint64
	// With a query of n-grams (BM25F): its terms by query (nil for a
	// query of words), the first term slot of each query, and by term
	// slot the current article's boosted, normalised frequencies summed
	// over the fields.
	ngrams [][]*queryTerm
	offset []int
	freqs  []float64
}

// bar is the score an article must pass to be among the best: the
// size-th best returned, or 0 until there are size.
func (s *topSearcher) bar() float64 {
	if len(s.best) < s.size {
		return 0
	}
	return s.best[0]
}

func (s *topSearcher) start() error {
	s.started = true
	for _, c := range s.cursors {
		cur, err := c.reader.Next(c.doc.Reset())
		if err != nil {
			return err
		}
		c.set(cur)
	}
	s.rebuild()
	return nil
}

// rebuild puts the essential cursors that have postings left on the heap.
func (s *topSearcher) rebuild() {
	s.heap = s.heap[:0]
	for _, c := range s.cursors[s.essential:] {
		if c.cur != nil {
			s.heap = append(s.heap, c)
		}
	}
	s.heap.init()
}

// raise moves the cursors whose bounds add up to no more than the bar out
// of the essential ones.
func (s *topSearcher) raise() {
	bar := s.bar()
	e := s.essential
	for e < len(s.cursors) && s.prefix[e+1] <= bar {
		e++
	}
	if e != s.essential {
		s.essential = e
		s.rebuild()
	}
}

// Next returns the next article that may be among the best, scored.
func (s *topSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(); err != nil {
			return nil, err
		}
	}
	for len(s.heap) > 0 {
		num := s.heap[0].num
		s.seq++
		// The cursor's ID is overwritten as it moves on.
		s.id = append(s.id[:0], s.heap[0].cur.ID...)
		id := s.id
		for len(s.heap) > 0 && s.heap[0].num == num {
			c := s.heap[0]
			s.add(c)
			cur, err := c.reader.Next(c.doc.Reset())
			if err != nil {
				return nil, err
			}
			if c.set(cur); c.cur == nil {
				s.heap.pop()
			} else {
				s.heap.down(0, len(s.heap))
			}
		}
		bar := s.bar()
		keep := s.passes(ctx, id, num)
		if s.ferr != nil {
			return nil, s.ferr
		}
		// The non-essential terms, weightiest first, while they can still
		// lift the article over the bar.
		for i := s.essential - 1; keep && i >= 0; i-- {
			if s.total()+s.prefix[i+1] <= bar {
				keep = false
				break
			}
			c := s.cursors[i]
			if c.cur != nil && c.num < num {
				cur, err := c.reader.Advance(id, c.doc.Reset())
				if err != nil {
					return nil, err
				}
				c.set(cur)
			}
			if c.cur != nil && c.num == num {
				s.add(c)
			}
		}
		n := 0
		for g, m := range s.matched {
			if m {
				n++
				s.matched[g] = false
			}
			if terms := s.ngrams[g]; terms != nil { // as the query's own searcher scores
				s.sums[g] = s.fielded(terms, s.freqs[s.offset[g]:])
			} else if len(s.parts[g]) > 0 { // as the query's own searcher adds up
				s.sums[g] = sumParts(&s.parts[g])
			}
			if s.textN[g] > 0 { // as the query's own searcher multiplies
				s.sums[g] *= float64(s.textHits[g]) / float64(s.textN[g])
				s.textHits[g] = 0
			}
		}
		final := s.total() * (float64(n) / float64(s.groups)) // as Bleve's disjunction multiplies
		clear(s.sums)
		// An article scoring the bar comes after the one that set it and
		// loses the tie in Bleve's collector; until there are Size, every
		// article is kept (Coord scores one with only other spellings 0).
		if !keep || (len(s.best) >= s.size && final <= bar) {
			continue
		}
		dm := ctx.DocumentMatchPool.Get()
		dm.IndexInternalID = index.NewIndexInternalIDFrom(dm.IndexInternalID, id)
		dm.Score = final
		s.remember(final)
		s.raise()
		return dm, nil
	}
	return nil, nil
}

// fielded is the BM25F score of an article of an n-gram query's terms
// given each term's frequencies (freqs, by term, summed over the fields),
// as the query's searcher computes it; it empties freqs.
func (s *topSearcher) fielded(terms []*queryTerm, freqs []float64) float64 {
	var sum float64
	matched := 0
	for i, t := range terms {
		if x := freqs[i]; x > 0 {
			sum += t.weight * saturate(x)
			matched++
			freqs[i] = 0
		}
	}
	return sum * (float64(matched) / float64(len(terms))) // as the searcher multiplies
}

// add adds the score of the cursor's term in its current article: to the
// running sum the bounds are checked against and, for the score itself,
// to the article's parts (words) or to its term's frequency (n-grams).
func (s *topSearcher) add(c *postings) {
	if s.ngrams[c.group] != nil {
		// A term's saturated frequencies in two fields add up to no
		// less than the saturation of their sum (it is concave): the
		// running sum stays at or above the score.
		x := c.boost * c.frequency()
		s.freqs[c.slot] += x
		s.sums[c.group] += c.term.weight * saturate(x)
		s.matched[c.group] = true
		return
	}
	x := c.boost * c.term.weight * c.idf * saturate(c.frequency())
	s.sums[c.group] += x
	s.parts[c.group] = append(s.parts[c.group], part{c.at, x})
	s.matched[c.group] = true
	if s.textN[c.group] > 0 && c.term.text && s.seen[c.slot] != s.seq {
		s.seen[c.slot] = s.seq
		s.textHits[c.group]++
	}
}

// total is the sum of the queries' scores of the current article, in
// their order. Bleve's disjunction adds its children's in the order of
// their counts; the sums are the same to the bit while an article matches
// at most two of the queries (x+y is y+x), as an article of one language
// does (its fields are one query's, or the words' and its n-grams').
func (s *topSearcher) total() float64 {
	var t float64
	for _, x := range s.sums {
		t += x
	}
	return t
}

// passes reports whether the filter, if any, matches the article.
func (s *topSearcher) passes(ctx *search.SearchContext, id index.IndexInternalID, num uint64) bool {
	if s.filter == nil {
		return true
	}
	if s.fdone {
		return false
	}
	if s.fcur != nil {
		switch v := s.fcur.IndexInternalID.Value(); {
		case v == num:
			return true
		case v > num:
			return false
		}
		ctx.DocumentMatchPool.Put(s.fcur)
		s.fcur = nil
	}
	dm, err := s.filter.Advance(ctx, id)
	if err != nil || dm == nil {
		s.fdone = true
		s.ferr = err
		return false
	}
	s.fcur = dm
	return dm.IndexInternalID.Value() == num
}

// remember keeps a returned score among the best.
func (s *topSearcher) remember(x float64) {
	h := s.best
	if len(h) < s.size {
		h = append(h, x)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if h[p] <= h[i] {
				break
			}
			h[p], h[i] = h[i], h[p]
			i = p
		}
		s.best = h
		return
	}
	if x <= h[0] {
		return
	}
	h[0] = x
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h) && h[l] < h[m] {
			m = l
		}
		if r < len(h) && h[r] < h[m] {
			m = r
		}
		if m == i {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// Advance returns the first article at or after id that may be among the
// best. A Top is the whole query of its search, so nothing advances it
// but to its next article.
func (s *topSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Next(ctx)
		if err != nil || dm == nil || dm.IndexInternalID.Compare(id) >= 0 {
			return dm, err
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

// Close closes every posting list and the filter.
func (s *topSearcher) Close() error {
	var first error
	for _, c := range s.cursors {
		if err := c.reader.Close(); err != nil && first == nil {
			first = err
		}
	}
	if s.filter != nil {
		if err := s.filter.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight is 1: the scores are absolute BM25.
func (s *topSearcher) Weight() float64 { return 1 }

// SetQueryNorm does nothing, as Weight says.
func (s *topSearcher) SetQueryNorm(float64) {}

// Count is an upper bound of the articles the searcher returns.
func (s *topSearcher) Count() uint64 { return s.count }

// Min is 0: one term is enough.
func (s *topSearcher) Min() int { return 0 }

// Size estimates the searcher's memory.
func (s *topSearcher) Size() int { return 64 + len(s.cursors)*180 + len(s.best)*8 }

// DocumentMatchPoolSize is the match Next holds and the filter's.
func (s *topSearcher) DocumentMatchPoolSize() int {
	n := 2
	if s.filter != nil {
		n += s.filter.DocumentMatchPoolSize()
	}
	return n
}
