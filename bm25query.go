package newsindex

import (
	"container/heap"
	"context"
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// Textbook BM25 (Robertson and Zaragoza, "The Probabilistic Relevance
// Framework: BM25 and Beyond", 2009) with its usual constants.
// bm25K3 saturates the weight of a term the query repeats, as Okapi's
// TREC runs did (k3 7): a term given twice weighs 1.78 times, three times
// 2.4. Counting repeats fully (CISI's long queries repeat words) or not at
// all moves nDCG@10 on Cranfield/CISI to .385/.395 and .392/.331, against
// .387/.397 with k3 7.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	bm25K3 = 7
)

// queryTermWeight is Okapi's weight of a term the query holds n times.
func queryTermWeight(n int) float64 {
	return (bm25K3 + 1) * float64(n) / (bm25K3 + float64(n))
}

// bm25Query is a Bleve query that ranks the articles with any term of a
// text in any of several fields by textbook BM25: for every query term t
// and field f, boost(f) · qtw(t) · idf(t, f) · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen)),
// summed, where qtw weighs terms the query repeats. idf is ln(1 + (N − n + 0.5)/(n + 0.5)) over the N articles that
// have the field, n of which hold the term.
//
// Bleve's own BM25 (search/scorer) differs in three ways, and together they
// cost nDCG@10 on the English test collections (Cranfield .375 → .384 and
// CISI .376 → .394 in a model of both over the same tokens): it takes the
// square root of the term frequency, weighs each term by its idf twice (in
// the score and again in the query weight) and multiplies a disjunction by
// the share of its clauses that match. The index keeps the true article
// counts and average lengths per field (fieldStats), so the query carries
// them and needs nothing from Bleve but the postings.
type bm25Query struct {
	Text   string
	Fields []bm25Field
}

// bm25Field is one field a bm25Query searches, with the statistics its
// scores need.
type bm25Field struct {
	Name     string
	Analyzer string  // analyses the query text for this field
	Boost    float64 // the field's weight
	Docs     int64   // articles with the field; 0 takes the index's count
	AvgLen   float64 // their average length in tokens; 0 turns length normalisation off
}

// Searcher opens one posting list per distinct term and field and merges
// them by document.
func (q *bm25Query) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	scoring := opts.Score != "none"
	s := &bm25Searcher{scoring: scoring}
	for _, f := range q.Fields {
		a := m.AnalyzerNamed(f.Analyzer)
		if a == nil {
			_ = s.Close()
			return nil, fmt.Errorf("newsindex: field %s: no analyzer %q", f.Name, f.Analyzer)
		}
		// A term the text repeats weighs more (queryTermWeight).
		var order []string
		freq := map[string]int{}
		for _, tok := range a.Analyze([]byte(q.Text)) {
			t := string(tok.Term)
			if freq[t] == 0 {
				order = append(order, t)
			}
			freq[t]++
		}
		docs := float64(f.Docs)
		if docs <= 0 {
			n, err := r.DocCount()
			if err != nil {
				_ = s.Close()
				return nil, err
			}
			docs = float64(n)
		}
		for _, t := range order {
			if err := search.RecordTermSearcher(ctx); err != nil {
				_ = s.Close()
				return nil, err
			}
			tr, err := r.TermFieldReader(ctx, []byte(t), f.Name, scoring, scoring, opts.IncludeTermVectors)
			if err != nil {
				_ = s.Close()
				return nil, err
			}
			n := float64(tr.Count())
			if n == 0 {
				_ = tr.Close()
				continue
			}
			s.count += tr.Count()
			s.cursors = append(s.cursors, &bm25Cursor{
				reader: tr,
				term:   t,
				weight: f.Boost * queryTermWeight(freq[t]),
				idf:    math.Log(1 + (max(docs, n)-n+0.5)/(n+0.5)),
				avgLen: f.AvgLen,
			})
		}
	}
	return s, nil
}

// bm25Cursor walks the posting list of one term in one field.
type bm25Cursor struct {
	reader      index.TermFieldReader
	doc         index.TermFieldDoc
	cur         *index.TermFieldDoc // the current posting; nil when done
	term        string
	weight, idf float64
	avgLen      float64
}

func (c *bm25Cursor) score() float64 {
	tf := float64(c.cur.Freq)
	norm := 1.0
	if c.avgLen > 0 && c.cur.Norm > 0 {
		// Bleve stores 1/√length for each posting.
		length := math.Round(1 / (c.cur.Norm * c.cur.Norm))
		norm = 1 - bm25B + bm25B*length/c.avgLen
	}
	return c.weight * c.idf * tf * (bm25K1 + 1) / (tf + bm25K1*norm)
}

// bm25Searcher is the search.Searcher of a bm25Query: a heap of cursors
// ordered by their current document. It explains no scores (Index.Search
// asks for no explanations).
type bm25Searcher struct {
	cursors []*bm25Cursor
	heap    cursorHeap
	started bool
	scoring bool // false when the search sorts by something else
	count   uint64
}

type cursorHeap []*bm25Cursor

func (h cursorHeap) Len() int           { return len(h) }
func (h cursorHeap) Less(i, j int) bool { return h[i].cur.ID.Compare(h[j].cur.ID) < 0 }
func (h cursorHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *cursorHeap) Push(x any)        { *h = append(*h, x.(*bm25Cursor)) }
func (h *cursorHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}

func (s *bm25Searcher) start() error {
	s.started = true
	for _, c := range s.cursors {
		cur, err := c.reader.Next(c.doc.Reset())
		if err != nil {
			return err
		}
		if c.cur = cur; cur != nil {
			s.heap = append(s.heap, c)
		}
	}
	heap.Init(&s.heap)
	return nil
}

// step moves the cursor on top of the heap to its next posting.
func (s *bm25Searcher) step() error {
	c := s.heap[0]
	cur, err := c.reader.Next(c.doc.Reset())
	if err != nil {
		return err
	}
	s.settle(c, cur)
	return nil
}

// settle puts the top cursor back where its new posting belongs.
func (s *bm25Searcher) settle(c *bm25Cursor, cur *index.TermFieldDoc) {
	if c.cur = cur; cur == nil {
		heap.Pop(&s.heap)
	} else {
		heap.Fix(&s.heap, 0)
	}
}

// Next returns the next document with any of the terms, scored.
func (s *bm25Searcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(); err != nil {
			return nil, err
		}
	}
	if len(s.heap) == 0 {
		return nil, nil
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = index.NewIndexInternalIDFrom(dm.IndexInternalID, s.heap[0].cur.ID)
	var sum float64
	for len(s.heap) > 0 && s.heap[0].cur.ID.Equals(dm.IndexInternalID) {
		c := s.heap[0]
		if s.scoring {
			sum += c.score()
		}
		for _, v := range c.cur.Vectors {
			var ap search.ArrayPositions
			if len(v.ArrayPositions) > 0 {
				ap = append(ap, v.ArrayPositions...)
			}
			dm.FieldTermLocations = append(dm.FieldTermLocations, search.FieldTermLocation{
				Field:    v.Field,
				Term:     c.term,
				Location: search.Location{Pos: v.Pos, Start: v.Start, End: v.End, ArrayPositions: ap},
			})
		}
		if err := s.step(); err != nil {
			return nil, err
		}
	}
	dm.Score = sum
	return dm, nil
}

// Advance returns the first document at or after id with any of the terms.
func (s *bm25Searcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(); err != nil {
			return nil, err
		}
	}
	for len(s.heap) > 0 && s.heap[0].cur.ID.Compare(id) < 0 {
		c := s.heap[0]
		cur, err := c.reader.Advance(id, c.doc.Reset())
		if err != nil {
			return nil, err
		}
		s.settle(c, cur)
	}
	return s.Next(ctx)
}

// Close closes every posting list.
func (s *bm25Searcher) Close() error {
	var first error
	for _, c := range s.cursors {
		if err := c.reader.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight is 1: the scores are absolute BM25 and take no query norm.
func (s *bm25Searcher) Weight() float64 { return 1 }

// SetQueryNorm does nothing, as Weight says.
func (s *bm25Searcher) SetQueryNorm(float64) {}

// Count is an upper bound of the documents the searcher returns.
func (s *bm25Searcher) Count() uint64 { return s.count }

// Min is 0: one term is enough.
func (s *bm25Searcher) Min() int { return 0 }

// Size estimates the searcher's memory.
func (s *bm25Searcher) Size() int { return 64 + len(s.cursors)*160 }

// DocumentMatchPoolSize is 1: Next holds one match at a time.
func (s *bm25Searcher) DocumentMatchPoolSize() int { return 1 }
