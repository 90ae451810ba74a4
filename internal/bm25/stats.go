package bm25

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// Bleve's BM25 takes a field's average length to be the number of distinct
// terms in its dictionary divided by the number of documents, which is far
// below the real average (4 instead of 103 tokens on Cranfield), so short
// documents win. The index therefore counts the tokens of every text field
// itself and hands Bleve the true averages with every search.

// Counts are the statistics of an index: its articles and, for every text
// field, the articles that have it and their tokens.
type Counts struct {
	Articles int64            `json:"articles"`
	Docs     map[string]int64 `json:"docs"`   // articles with the field
	Tokens   map[string]int64 `json:"tokens"` // tokens in the field, all articles
}

// NewCounts returns empty counts.
func NewCounts() Counts {
	return Counts{Docs: map[string]int64{}, Tokens: map[string]int64{}}
}

// Add counts an article in (sign 1) or out (sign -1) by the lengths of its
// text fields.
func (c *Counts) Add(sign int64, lens map[string]int64) {
	c.Articles += sign
	for f, n := range lens {
		c.Tokens[f] += sign * n
		if n > 0 {
			c.Docs[f] += sign
		}
	}
}

// Merge adds other's counts to c.
func (c *Counts) Merge(other Counts) {
	c.Articles += other.Articles
	for f, n := range other.Tokens {
		c.Tokens[f] += n
	}
	for f, n := range other.Docs {
		c.Docs[f] += n
	}
}

// Clone returns a deep copy.
func (c Counts) Clone() Counts {
	return Counts{Articles: c.Articles, Docs: maps.Clone(c.Docs), Tokens: maps.Clone(c.Tokens)}
}

// Marshal returns the counts as an index keeps them.
func (c Counts) Marshal() ([]byte, error) { return json.Marshal(c) }

// UnmarshalCounts reads what [Counts.Marshal] wrote; empty data is empty
// counts.
func UnmarshalCounts(data []byte) (Counts, error) {
	c := NewCounts()
	if len(data) == 0 {
		return c, nil
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return NewCounts(), fmt.Errorf("bm25: field statistics: %w", err)
	}
	if c.Docs == nil {
		c.Docs = map[string]int64{}
	}
	if c.Tokens == nil {
		c.Tokens = map[string]int64{}
	}
	return c, nil
}

// Stats are the live counts of an index, changed as articles come and go
// and read by every search through a [Snapshot]. They are safe for
// concurrent use.
type Stats struct {
	mu     sync.Mutex
	counts Counts
	snap   *Snapshot // of counts, until they change
}

// NewStats returns statistics starting from c, which they take over.
func NewStats(c Counts) *Stats { return &Stats{counts: c} }

// Add counts an article in (sign 1) or out (sign -1).
func (s *Stats) Add(sign int64, lens map[string]int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts.Add(sign, lens)
	s.snap = nil
}

// Merge adds counts to the statistics.
func (s *Stats) Merge(c Counts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts.Merge(c)
	s.snap = nil
}

// Set replaces the counts.
func (s *Stats) Set(c Counts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts = c.Clone()
	s.snap = nil
}

// Snapshot returns the counts as they are now, for one search.
func (s *Stats) Snapshot() *Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snap == nil {
		c := s.counts.Clone()
		present := make(map[string]bool, len(c.Docs))
		for f, n := range c.Docs {
			if n > 0 {
				present[f] = true
			}
		}
		s.snap = &Snapshot{counts: c, present: present}
	}
	return s.snap
}

// Snapshot is the statistics of an index at one moment. It does not change.
type Snapshot struct {
	counts  Counts
	present map[string]bool
}

// Counts returns a copy of the counts.
func (s *Snapshot) Counts() Counts { return s.counts.Clone() }

// Articles is the number of articles counted.
func (s *Snapshot) Articles() int64 { return s.counts.Articles }

// Has reports whether any article has the text field.
func (s *Snapshot) Has(field string) bool { return s.present[field] }

// Field returns the number of articles with a text field and their
// average length in tokens; zeros when no article has it.
func (s *Snapshot) Field(name string) (docs int64, avgLen float64) {
	if docs = s.counts.Docs[name]; docs > 0 {
		avgLen = float64(s.counts.Tokens[name]) / float64(docs)
	}
	return docs, avgLen
}

// Bleve is what Bleve's BM25 scorer is given: the number of articles and,
// per field, a "cardinality" that Bleve divides by it to get the average
// length. For a text field that is the field's tokens scaled from the
// articles that have it to all articles, so that the average is over the
// articles with the field; keyword fields have one token an article.
func (s *Snapshot) Bleve(textFields, keywordFields []string) *search.BM25Stats {
	n := max(s.counts.Articles, 1)
	out := &search.BM25Stats{DocCount: float64(n), FieldCardinality: make(map[string]int, len(textFields)+len(keywordFields)+1)}
	for _, f := range keywordFields {
		out.FieldCardinality[f] = int(n)
	}
	// With scoring off (the date sorts), Bleve merges a disjunction into one
	// searcher of the field "*" and still asks for its statistics.
	out.FieldCardinality["*"] = int(n)
	for _, f := range textFields {
		if docs := s.counts.Docs[f]; docs > 0 {
			out.FieldCardinality[f] = int(math.Round(float64(s.counts.Tokens[f]) * float64(n) / float64(docs)))
		} else {
			out.FieldCardinality[f] = 0
		}
	}
	return out
}

// Lengths returns the analysed length of every field of a document Bleve
// has indexed (its fields keep the length of their analysis) for which
// text returns true.
func Lengths(doc *document.Document, text func(field string) bool) map[string]int64 {
	out := map[string]int64{}
	doc.VisitFields(func(f index.Field) {
		if text(f.Name()) {
			out[f.Name()] += int64(f.AnalyzedLength())
		}
	})
	return out
}
