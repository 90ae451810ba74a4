package newsindex

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// wordQuery matches a field with every term of one word, analysed by the
// field's analyzer when the search starts, as Bleve's match query with
// operator "and" does; but a word of one term (most words) is that term's
// query alone, where the match query makes a conjunction of one. Bleve
// turns a disjunction or conjunction of term searchers into one bitmap
// operation when a search asks for no scores and no locations (the match
// side of bm25.Rescored, the date sorts, counts), and a conjunction
// searcher, even of one, is not a term searcher: it stopped that for every
// Match. Scores are the same: a conjunction of one scores as its term.
type wordQuery struct {
	Word      string  `json:"word"`
	Field     string  `json:"field"`
	Analyzer  string  `json:"analyzer"`
	Boost     float64 `json:"boost"`
	Fuzziness int     `json:"fuzziness,omitempty"`
}

// Searcher is the term (or fuzzy) searcher of the word's one term, or a
// conjunction of those of its terms.
func (q *wordQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	a := m.AnalyzerNamed(q.Analyzer)
	if a == nil {
		return nil, fmt.Errorf("no analyzer named '%s' registered", q.Analyzer)
	}
	var terms []bq.Query
	for _, tok := range a.Analyze([]byte(q.Word)) {
		if q.Fuzziness > 0 {
			f := bleve.NewFuzzyQuery(string(tok.Term))
			f.SetFuzziness(q.Fuzziness)
			f.SetField(q.Field)
			f.SetBoost(q.Boost)
			terms = append(terms, f)
			continue
		}
		t := bleve.NewTermQuery(string(tok.Term))
		t.SetField(q.Field)
		t.SetBoost(q.Boost)
		terms = append(terms, t)
	}
	switch len(terms) {
	case 0:
		return bleve.NewMatchNoneQuery().Searcher(ctx, r, m, opts)
	case 1:
		return terms[0].Searcher(ctx, r, m, opts)
	}
	return bleve.NewConjunctionQuery(terms...).Searcher(ctx, r, m, opts)
}
