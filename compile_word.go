package newsindex

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/newsindex/newsindex/internal/store"
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
	// Any matches any term of the word (text, then), as Bleve's match
	// query with operator "or" does: a disjunction of them all.
	Any bool `json:"any,omitempty"`
	// expansions holds the fuzzy expansions the query's pricing read
	// (nil: Bleve's fuzzy searcher expands the terms).
	expansions *store.Expansions
}

// Searcher is the term (or fuzzy) searcher of the word's one term, or a
// conjunction of those of its terms; with Any, a disjunction of them.
func (q *wordQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	a := m.AnalyzerNamed(q.Analyzer)
	if a == nil {
		return nil, fmt.Errorf("no analyzer named '%s' registered", q.Analyzer)
	}
	var terms []bq.Query
	for _, tok := range a.Analyze([]byte(q.Word)) {
		if q.Fuzziness > 0 {
			terms = append(terms, &fuzzyTermQuery{term: string(tok.Term), field: q.Field, boost: q.Boost, fuzziness: q.Fuzziness, expansions: q.expansions})
			continue
		}
		t := bleve.NewTermQuery(string(tok.Term))
		t.SetField(q.Field)
		t.SetBoost(q.Boost)
		terms = append(terms, t)
	}
	switch {
	case len(terms) == 0:
		return bleve.NewMatchNoneQuery().Searcher(ctx, r, m, opts)
	case q.Any:
		d := bleve.NewDisjunctionQuery(terms...)
		d.SetMin(1)
		d.SetBoost(q.Boost)
		return d.Searcher(ctx, r, m, opts)
	case len(terms) == 1:
		return terms[0].Searcher(ctx, r, m, opts)
	}
	return bleve.NewConjunctionQuery(terms...).Searcher(ctx, r, m, opts)
}

// fuzzyTermQuery is Bleve's fuzzy query of one term in one field (no
// prefix), whose searcher takes the term's expansion from the search's
// Expansions (nil: it is Bleve's fuzzy query): the terms the budget read when it priced the query, if the
// search reads the same snapshot of the index, else read with the
// search's one automaton of the term. It builds the searcher Bleve's
// fuzzy searcher builds from the same terms: the same clauses, in the
// same order, with the same edit distances, so the same scores.
type fuzzyTermQuery struct {
	term       string
	field      string
	boost      float64
	fuzziness  int
	expansions *store.Expansions
}

// Searcher is the term's searcher, or the disjunction of its expansion's.
func (q *fuzzyTermQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if q.expansions == nil || !plainFuzzyContext(ctx) || searcher.DisjunctionMaxClauseCount != 0 || !store.Expands(r) {
		// Without expansions the term expands on its own; and what Bleve's
		// fuzzy searcher does beside expanding (synonyms, phrase
		// expansions, cost accounting, a clause limit) is its own, and so
		// is a reader of another kind.
		f := bleve.NewFuzzyQuery(q.term)
		f.SetFuzziness(q.fuzziness)
		f.SetField(q.field)
		f.SetBoost(q.boost)
		return f.Searcher(ctx, r, m, opts)
	}
	entries, err := q.expansions.Fuzzy(r, q.field, q.term, q.fuzziness, 0)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 || len(entries) == 1 && entries[0].Term == q.term {
		return searcher.NewTermSearcher(ctx, r, q.term, q.field, q.boost, opts)
	}
	terms := make([]string, len(entries))
	edits := make([]uint8, len(entries))
	for i, e := range entries {
		terms[i], edits[i] = e.Term, e.EditDistance
	}
	return searcher.NewMultiTermSearcherBoosted(ctx, r, terms, q.field, q.boost, edits, opts, true)
}

// plainFuzzyContext reports whether a search's context asks nothing of a
// fuzzy searcher but its searcher: no synonyms, no expansions for a
// phrase, no incremental cost accounting. Bleve sets its I/O statistics
// callback on every search (SearchIOStatsCallbackKey), so that one does not
// count: the bytes of dictionary a fuzzy searcher read, which Bleve adds to
// SearchResult.Cost and the snapshot's I/O statistics and newsindex does not
// use, are left out of them for the terms this package expands.
func plainFuzzyContext(ctx context.Context) bool {
	if ctx == nil {
		return true
	}
	for _, key := range []search.ContextKey{search.FuzzyMatchPhraseKey, search.FieldTermSynonymMapKey, search.SearchIncrementalCostKey} {
		if ctx.Value(key) != nil {
			return false
		}
	}
	return true
}
