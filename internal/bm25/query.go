// Package bm25 is the textbook BM25 scorer of ranked any-word searches, as a
// Bleve query of its own ([Query]), and the token statistics an index keeps
// so that both it and Bleve's own BM25 score with the true article counts
// and average lengths of every field ([Stats]).
package bm25

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// The constants of textbook BM25 (Robertson and Zaragoza, "The
// Probabilistic Relevance Framework: BM25 and Beyond", 2009).
const (
	K1 = 1.2
	B  = 0.75
	// K3 saturates the weight of a term the query repeats, as Okapi's
	// TREC runs did: a term given twice weighs 1.78 times, three times 2.4.
	// Counting repeats fully (CISI's long queries repeat words) or not at
	// all gives nDCG@10 on Cranfield/CISI .385/.395 and .392/.331, against
	// .387/.397 with k3 7.
	K3 = 7
)

// queryTermWeight is Okapi's weight of a term the query holds n times.
func queryTermWeight(n int) float64 {
	return (K3 + 1) * float64(n) / (K3 + float64(n))
}

// Query is a Bleve query that ranks the articles with any term of a
// text in any of several fields by textbook BM25, summed over the query
// terms t and fields f:
//
//	boost(f) · qtw(t) · idf(t, f) · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))
//
// where qtw weighs terms the query repeats (queryTermWeight) and idf is
// ln(1 + (N − n + 0.5)/(n + 0.5)) over the N articles that have the field,
// n of which hold the term.
//
// Bleve's own BM25 (search/scorer) differs in three ways, and together they
// cost nDCG@10 on the English test collections (with this query instead:
// Cranfield .375 → .387, CISI .376 → .397, CACM .468 → .487): it takes the
// square root of the term frequency, weighs each term by its idf twice (in
// the score and again in the query weight) and multiplies a disjunction by
// the share of its clauses that match. The index keeps the true article
// counts and average lengths per field ([Stats]), so the query carries
// them and needs nothing from Bleve but the postings.
//
// With Ngrams (the fields of one language whose analyzer cuts words into
// bigrams: Chinese, Japanese, Korean) the fields are scored as one, BM25F
// (Robertson, Zaragoza and Taylor 2004: each term's boosted, length-
// normalised frequencies add up before one saturation), every term weighs
// idf² as in Bleve's query weighting, and the sum is multiplied by the share
// of the text's distinct terms the article holds: a word is several
// overlapping bigrams, and an article with more of them more likely holds
// the word. On KorQuAD that gives nDCG@10 .956, Bleve's scoring .954 and
// textbook BM25 .947.
type Query struct {
	Text   string
	Fields []Field
	Ngrams bool
	// Also are more texts whose terms the query takes, each once, with the
	// weight of a term given once: the other spellings of a name the text
	// is, whose terms should count but not as repeats.
	Also []string
	// Coord multiplies an article's score by the share of the text's
	// distinct terms (Also's left out) it holds, in the languages with
	// words (n-gram languages always have it).
	Coord bool
	// DocFreqs, when not nil, is given the number of articles that hold
	// each term of the query in each field it is searched in (by the term:
	// give it a query of one field), as Searcher opens the term's postings.
	DocFreqs map[string]uint64
	// MaxDocShare, when above 0, leaves out of the search the terms of a
	// field that more than this share of the field's articles hold, and
	// MinSkippedDocs of them at least (Elasticsearch's max_doc_freq of
	// more_like_this, as a share): they weigh little, and Bleve reads every
	// posting of a term, even to skip to a document (its posting lists
	// have no skip lists), so that their postings were most of the time
	// of a long query. DocFreqs still gets their frequencies.
	MaxDocShare float64

	dfMu sync.Mutex // guards DocFreqs: the searchers of every shard are built at once
}

// MinSkippedDocs is the fewest articles a term Query.MaxDocShare leaves out
// is in: rarer terms cost little to read, and in a small index every term
// is in a large share of the articles.
const MinSkippedDocs = 1000

// skips reports whether the query leaves out a term that n of the docs
// articles of a field hold.
func (q *Query) skips(n, docs float64) bool {
	return q.MaxDocShare > 0 && n >= MinSkippedDocs && n > q.MaxDocShare*docs
}

// Field is one field a Query searches, with the statistics its
// scores need.
type Field struct {
	Name     string
	Analyzer string  // analyses the query text for this field
	Boost    float64 // the field's weight
	Docs     int64   // articles with the field; 0 takes the index's count
	AvgLen   float64 // their average length in tokens; 0 turns length normalisation off
}

// Searcher opens one posting list per distinct term and field and merges
// them by document.
func (q *Query) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	scoring := opts.Score != "none"
	s := &searcher{scoring: scoring, ngrams: q.Ngrams, coord: q.Coord && !q.Ngrams}
	fail := func(err error) (search.Searcher, error) {
		_ = s.Close()
		return nil, err
	}
	terms := map[string]*queryTerm{}
	textTerms := map[string]bool{} // the terms of Text, not of Also
	at := 0                        // the place of each term and field, open or not (postings.at)
	for _, f := range q.Fields {
		a := m.AnalyzerNamed(f.Analyzer)
		if a == nil {
			return fail(fmt.Errorf("bm25: field %s: no analyzer %q", f.Name, f.Analyzer))
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
		if len(q.Also) > 0 || q.Coord {
			for _, t := range order {
				if !textTerms[t] {
					textTerms[t] = true
				}
			}
		}
		for _, text := range q.Also {
			for _, tok := range a.Analyze([]byte(text)) {
				if t := string(tok.Term); freq[t] == 0 {
					order = append(order, t)
					freq[t] = 1
				}
			}
		}
		docs := float64(f.Docs)
		if docs <= 0 {
			n, err := r.DocCount()
			if err != nil {
				return fail(err)
			}
			docs = float64(n)
		}
		for _, t := range order {
			at++
			term := terms[t]
			if term == nil {
				term = &queryTerm{index: len(s.terms), weight: queryTermWeight(freq[t]), text: textTerms[t] || len(q.Also) == 0}
				terms[t] = term
				s.terms = append(s.terms, term)
			}
			if err := search.RecordTermSearcher(ctx); err != nil {
				return fail(err)
			}
			tr, err := r.TermFieldReader(ctx, []byte(t), f.Name, scoring, scoring, opts.IncludeTermVectors)
			if err != nil {
				return fail(err)
			}
			if q.DocFreqs != nil {
				q.dfMu.Lock()
				q.DocFreqs[t] = tr.Count()
				q.dfMu.Unlock()
			}
			n := float64(tr.Count())
			if n == 0 || q.skips(n, docs) {
				_ = tr.Close()
				continue
			}
			s.count += tr.Count()
			// With Ngrams, a term's idf is that of the field where it is
			// most frequent, over the field with the most articles.
			term.docs, term.withTerm = max(term.docs, docs), max(term.withTerm, n)
			s.cursors = append(s.cursors, &postings{
				reader: tr,
				term:   term,
				text:   t,
				boost:  f.Boost,
				idf:    idf(docs, n),
				avgLen: f.AvgLen,
				at:     at,
			})
		}
	}
	if s.coord {
		s.seen = make([]int, len(s.terms))
		for _, t := range s.terms {
			if t.text {
				s.textN++
			}
		}
	}
	if q.Ngrams {
		for _, t := range s.terms {
			if t.withTerm > 0 {
				i := idf(t.docs, t.withTerm)
				t.weight *= i * i
			}
		}
		s.sums = make([]float64, len(s.terms))
	}
	return s, nil
}

// idf is BM25's inverse document frequency of a term that n of docs
// articles hold.
func idf(docs, n float64) float64 {
	return math.Log(1 + (max(docs, n)-n+0.5)/(n+0.5))
}

// saturate is BM25's term-frequency saturation of a length-normalised
// frequency.
func saturate(x float64) float64 { return x * (K1 + 1) / (x + K1) }

// queryTerm is one distinct term of the query text.
type queryTerm struct {
	index    int
	text     bool    // a term of Text (not only of Also)
	weight   float64 // query-term weight; with Ngrams times idf²
	docs     float64 // with Ngrams: articles, and those with the term
	withTerm float64
}

// postings walks the posting list of one term in one field.
type postings struct {
	reader index.TermFieldReader
	doc    index.TermFieldDoc
	cur    *index.TermFieldDoc // the current posting; nil when done
	num    uint64              // the document number of cur
	term   *queryTerm
	text   string
	boost  float64 // the field's
	idf    float64 // in the field
	avgLen float64
	group  int     // in a Top: the index of its query in Top.Queries
	bound  float64 // in a Top: the most its term adds to a score
	slot   int     // in a Top: its term's index among the terms of all its queries
	// at is the place of the term and field in the query, the same in
	// every shard and searcher of it: an article's score adds up its
	// terms in this order (sumParts), so that articles with the same
	// postings score the same to the last bit, whichever order the
	// cursors come to them in, in a Query's searcher and in a Top.
	at int
}

// part is one term's share of an article's score, with its place in the
// query (postings.at).
type part struct {
	at    int
	score float64
}

// sumParts adds up the parts in the order of their places (they are few:
// an insertion sort), and empties them.
func sumParts(parts *[]part) float64 {
	p := *parts
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].at < p[j-1].at; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
	var sum float64
	for _, x := range p {
		sum += x.score
	}
	*parts = p[:0]
	return sum
}

// set makes cur the cursor's current posting (nil: no more).
func (c *postings) set(cur *index.TermFieldDoc) {
	if c.cur = cur; cur != nil {
		c.num = cur.ID.Value()
	}
}

// frequency is the term's frequency in the current posting, normalised by
// the field's length: tf / (1 − b + b·len/avglen).
func (c *postings) frequency() float64 {
	tf := float64(c.cur.Freq)
	if c.avgLen <= 0 || c.cur.Norm <= 0 {
		return tf
	}
	// Bleve stores 1/√length for each posting.
	length := math.Round(1 / (c.cur.Norm * c.cur.Norm))
	return tf / (1 - B + B*length/c.avgLen)
}

// searcher is the search.Searcher of a Query: a heap of cursors
// ordered by their current document. It explains no scores (Index.Search
// asks for no explanations).
type searcher struct {
	cursors []*postings
	terms   []*queryTerm
	ngrams  bool
	sums    []float64 // with ngrams: each term's weighted frequency in the document
	parts   []part    // without ngrams: the current document's terms' scores
	heap    cursorHeap
	started bool
	scoring bool // false when the search sorts by something else
	count   uint64
	coord   bool  // Query.Coord
	seen    []int // with coord: the document each term was last counted in
	doc     int   // with coord: the number of the current document
	textN   int   // with coord: the distinct terms of Text, with postings or not (the share's denominator)
}

// cursorHeap orders cursors by their current document number. It is
// container/heap's algorithm on a typed slice, with numbers where the IDs
// were compared as bytes (the interface calls and byte comparisons took a
// third of the time of a name search on KCNA). The order in which the
// cursors of one document come off it depends on the heap's history: the
// scores add up by the terms' places instead (sumParts).
type cursorHeap []*postings

// init establishes the heap order (container/heap.Init).
func (h cursorHeap) init() {
	n := len(h)
	for i := n/2 - 1; i >= 0; i-- {
		h.down(i, n)
	}
}

// down moves element i0 down to its place among the first n
// (container/heap's down).
func (h cursorHeap) down(i0, n int) {
	i := i0
	for {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 {
			break
		}
		j := j1
		if j2 := j1 + 1; j2 < n && h[j2].num < h[j1].num {
			j = j2
		}
		if h[j].num >= h[i].num {
			break
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}

// pop removes the top element (container/heap.Pop).
func (h *cursorHeap) pop() {
	old := *h
	n := len(old) - 1
	old[0], old[n] = old[n], old[0]
	old.down(0, n)
	*h = old[:n]
}

func (s *searcher) start() error {
	s.started = true
	for _, c := range s.cursors {
		cur, err := c.reader.Next(c.doc.Reset())
		if err != nil {
			return err
		}
		if c.cur = cur; cur != nil {
			c.num = cur.ID.Value()
			s.heap = append(s.heap, c)
		}
	}
	s.heap.init()
	return nil
}

// step moves the cursor on top of the heap to its next posting.
func (s *searcher) step() error {
	c := s.heap[0]
	cur, err := c.reader.Next(c.doc.Reset())
	if err != nil {
		return err
	}
	s.settle(c, cur)
	return nil
}

// settle puts the top cursor back where its new posting belongs.
func (s *searcher) settle(c *postings, cur *index.TermFieldDoc) {
	if c.set(cur); cur == nil {
		s.heap.pop()
	} else {
		s.heap.down(0, len(s.heap)) // the top moves down only (container/heap.Fix at 0)
	}
}

// Next returns the next document with any of the terms, scored.
func (s *searcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
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
	s.doc++
	matched := 0
	num := s.heap[0].num
	for len(s.heap) > 0 && s.heap[0].num == num {
		c := s.heap[0]
		if s.coord && c.term.text && s.seen[c.term.index] != s.doc {
			s.seen[c.term.index] = s.doc
			matched++
		}
		switch {
		case !s.scoring:
		case s.ngrams:
			// In the heap's order: exact while a term has two fields
			// (title and body: x+y is y+x), as Top sums them.
			s.sums[c.term.index] += c.boost * c.frequency()
		default:
			s.parts = append(s.parts, part{c.at, c.boost * c.term.weight * c.idf * saturate(c.frequency())})
		}
		for _, v := range c.cur.Vectors {
			var ap search.ArrayPositions
			if len(v.ArrayPositions) > 0 {
				ap = append(ap, v.ArrayPositions...)
			}
			dm.FieldTermLocations = append(dm.FieldTermLocations, search.FieldTermLocation{
				Field:    v.Field,
				Term:     c.text,
				Location: search.Location{Pos: v.Pos, Start: v.Start, End: v.End, ArrayPositions: ap},
			})
		}
		if err := s.step(); err != nil {
			return nil, err
		}
	}
	if len(s.parts) > 0 {
		sum = sumParts(&s.parts)
	}
	if s.ngrams && s.scoring {
		matched := 0
		for i, x := range s.sums {
			if x > 0 {
				sum += s.terms[i].weight * saturate(x)
				matched++
				s.sums[i] = 0
			}
		}
		sum *= float64(matched) / float64(len(s.terms))
	}
	if s.coord && s.scoring && s.textN > 0 {
		sum *= float64(matched) / float64(s.textN)
	}
	dm.Score = sum
	return dm, nil
}

// Advance returns the first document at or after id with any of the terms.
func (s *searcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.started {
		if err := s.start(); err != nil {
			return nil, err
		}
	}
	target := id.Value()
	for len(s.heap) > 0 && s.heap[0].num < target {
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
func (s *searcher) Close() error {
	var first error
	for _, c := range s.cursors {
		if err := c.reader.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Weight is 1: the scores are absolute BM25 and take no query norm.
func (s *searcher) Weight() float64 { return 1 }

// SetQueryNorm does nothing, as Weight says.
func (s *searcher) SetQueryNorm(float64) {}

// Count is an upper bound of the documents the searcher returns.
func (s *searcher) Count() uint64 { return s.count }

// Min is 0: one term is enough.
func (s *searcher) Min() int { return 0 }

// Size estimates the searcher's memory.
func (s *searcher) Size() int { return 64 + len(s.cursors)*160 }

// DocumentMatchPoolSize is 1: Next holds one match at a time.
func (s *searcher) DocumentMatchPoolSize() int { return 1 }
