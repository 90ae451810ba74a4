package newsindex

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/newsindex/newsindex/analysis"
)

// Bleve's BM25 takes a field's average length to be the number of distinct
// terms in its dictionary divided by the number of documents, which is far
// below the real average (4 instead of 103 tokens on Cranfield), so short
// documents win. The index therefore counts the tokens of every text field
// itself and hands Bleve the true averages with every search.

// statsKey is the key of the field statistics in Bleve's internal store.
var statsKey = []byte("newsindex:field-stats")

// fieldStats counts articles and, for every text field, the articles that
// have it and their tokens.
type fieldStats struct {
	mu       sync.Mutex
	Articles int64            `json:"articles"`
	Docs     map[string]int64 `json:"docs"`   // articles with the field
	Tokens   map[string]int64 `json:"tokens"` // tokens in the field, all articles
}

func newFieldStats() *fieldStats {
	return &fieldStats{Docs: map[string]int64{}, Tokens: map[string]int64{}}
}

// isTextField reports a field whose length BM25 uses.
func isTextField(name string) bool {
	return strings.HasPrefix(name, "title_") || strings.HasPrefix(name, "body_")
}

// lengths returns the analysed length of every text field of a document
// Bleve has indexed (its fields keep the length of their analysis).
func lengths(doc *document.Document) map[string]int64 {
	out := map[string]int64{}
	doc.VisitFields(func(f index.Field) {
		if isTextField(f.Name()) {
			out[f.Name()] += int64(f.AnalyzedLength())
		}
	})
	return out
}

// articleLengths analyses an article as the index does, for articles that
// leave the index (replaced or deleted), whose analysis is gone.
func (l layout) articleLengths(a Article) map[string]int64 {
	out := map[string]int64{}
	count := func(field, code, text string) {
		if text == "" {
			return
		}
		if toks, err := analysis.Analyze(code, text); err == nil {
			out[field] += int64(len(toks))
		}
	}
	code := l.fieldLanguage(a.Language)
	count(titleField(code), code, a.Title)
	count(bodyField(code), code, a.Body)
	return out
}

// add counts an article in (sign 1) or out (sign -1).
func (s *fieldStats) add(sign int64, lens map[string]int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Articles += sign
	for f, n := range lens {
		s.Tokens[f] += sign * n
		if n > 0 {
			s.Docs[f] += sign
		}
	}
}

// present returns the text fields that hold articles.
func (s *fieldStats) present() map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]bool, len(s.Docs))
	for f, n := range s.Docs {
		if n > 0 {
			out[f] = true
		}
	}
	return out
}

// field returns the number of articles with a text field and their
// average length in tokens; zeros when s is nil or no article has it.
func (s *fieldStats) field(name string) (docs int64, avgLen float64) {
	if s == nil {
		return 0, 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if docs = s.Docs[name]; docs > 0 {
		avgLen = float64(s.Tokens[name]) / float64(docs)
	}
	return docs, avgLen
}

func (s *fieldStats) marshal() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return json.Marshal(s)
}

func loadFieldStats(data []byte, articles uint64) (*fieldStats, error) {
	s := newFieldStats()
	if len(data) == 0 {
		return s, nil
	}
	if err := json.Unmarshal(data, s); err != nil {
		return nil, fmt.Errorf("newsindex: field statistics: %w", err)
	}
	// A crash between a batch and the statistics written after it leaves
	// them a batch behind: scale them to the articles there are.
	if s.Articles > 0 && uint64(s.Articles) != articles {
		ratio := float64(articles) / float64(s.Articles)
		for f := range s.Tokens {
			s.Tokens[f] = int64(math.Round(float64(s.Tokens[f]) * ratio))
			s.Docs[f] = int64(math.Round(float64(s.Docs[f]) * ratio))
		}
		s.Articles = int64(articles)
	}
	return s, nil
}

// bm25 is what Bleve's BM25 scorer is given: the number of articles and,
// per field, a "cardinality" that Bleve divides by it to get the average
// length. For a text field that is the field's tokens scaled from the
// articles that have it to all articles, so the average is over the
// articles with the field; keyword fields have one token an article.
func (s *fieldStats) bm25(l layout) *search.BM25Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := max(s.Articles, 1)
	out := &search.BM25Stats{DocCount: float64(n), FieldCardinality: map[string]int{}}
	for _, f := range []string{fieldKind, fieldSource, fieldLanguage, fieldAuthor, fieldDateline, fieldSection, fieldYear, fieldMonth, fieldDay, fieldEntity, fieldOrder} {
		out.FieldCardinality[f] = int(n)
	}
	// With scoring off (the date sorts), Bleve merges a disjunction into one
	// searcher of the field "*" and still asks for its statistics.
	out.FieldCardinality["*"] = int(n)
	var fields []string
	for _, lang := range l.Languages {
		fields = append(fields, titleField(lang.Code), bodyField(lang.Code))
	}
	for _, f := range fields {
		if docs := s.Docs[f]; docs > 0 {
			out.FieldCardinality[f] = int(math.Round(float64(s.Tokens[f]) * float64(n) / float64(docs)))
		} else {
			out.FieldCardinality[f] = 0
		}
	}
	return out
}
