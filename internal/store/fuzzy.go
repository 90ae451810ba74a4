package store

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
	"github.com/blevesearch/vellum/levenshtein"
)

// A fuzzy term is expanded, through the term dictionaries, to the terms
// within its edits before any document is visited, and scorch builds the
// Levenshtein automaton of that expansion anew for every field and every
// call: a fuzzy Match over the title and body of two languages built eight
// of them, four to price the query (Dictionary.Fuzzy) and four again in
// Bleve's fuzzy searchers, and building them was a quarter of the query's
// CPU. Expansions builds one automaton a term and edit count for one
// search and keeps what each dictionary expanded to, so that the searcher
// of a term takes the terms its pricing found when it reads the same
// snapshot of the index.

// Expansions holds the Levenshtein automata and fuzzy expansions of one
// search. It is safe for concurrent use (the searchers of every shard are
// built at once). The zero value is not usable: use NewExpansions.
type Expansions struct {
	mu    sync.Mutex
	dfas  map[string]*dfaOnce
	terms map[string][]*fuzzyTerms // by field, edits and term

	built, walked, reused atomic.Int64 // automata built, expansions read and read again (for tests)
}

// dfaOnce is one automaton, built once.
type dfaOnce struct {
	once sync.Once
	dfa  *levenshtein.DFA
	err  error
}

// fuzzyTerms is what a term expanded to in the snapshots of the index
// readers read: the terms of every one, merged, in order.
type fuzzyTerms struct {
	readers  []index.IndexReader
	mu       sync.Mutex
	read     bool
	entries  []index.DictEntry
	complete bool // false: cut at a limit
}

// NewExpansions returns the expansions of a search, empty.
func NewExpansions() *Expansions {
	return &Expansions{dfas: map[string]*dfaOnce{}, terms: map[string][]*fuzzyTerms{}}
}

// builders are scorch's automaton builders (with transpositions), made
// once: a builder's parametric tables take a while to compute.
var builders = sync.OnceValues(func() ([2]*levenshtein.LevenshteinAutomatonBuilder, error) {
	var b [2]*levenshtein.LevenshteinAutomatonBuilder
	for i := range b {
		lb, err := levenshtein.NewLevenshteinAutomatonBuilder(uint8(i+1), true)
		if err != nil {
			return b, err
		}
		b[i] = lb
	}
	return b, nil
})

// automaton returns the automaton of the terms within fuzziness (1 or 2)
// edits of term, built once.
func (e *Expansions) automaton(term string, fuzziness int) (*levenshtein.DFA, error) {
	if fuzziness < 1 || fuzziness > 2 {
		return nil, fmt.Errorf("fuzziness exceeds the max limit")
	}
	key := fmt.Sprintf("%d\x00%s", fuzziness, term)
	e.mu.Lock()
	d := e.dfas[key]
	if d == nil {
		d = &dfaOnce{}
		e.dfas[key] = d
	}
	e.mu.Unlock()
	d.once.Do(func() {
		b, err := builders()
		if err != nil {
			d.err = err
			return
		}
		e.built.Add(1)
		d.dfa, d.err = b[fuzziness-1].BuildDfa(term, uint8(fuzziness))
	})
	return d.dfa, d.err
}

// Fuzzy returns the terms of field within fuzziness edits of term that a
// fuzzy searcher on r expands to, in the order of the dictionary, with
// their edit distances: those of every shard when r is a reader with the
// statistics of every shard (global.go), else of r's snapshot. It reads at
// most limit+1 terms (limit ≤ 0: every one). An expansion read before on
// the same snapshots is not read again, unless it was cut at a limit and
// more of it is wanted now. A term too long for an automaton
// of that many edits is levenshtein.ErrTooManyStates.
func (e *Expansions) Fuzzy(r index.IndexReader, field, term string, fuzziness, limit int) ([]index.DictEntry, error) {
	readers := []index.IndexReader{r}
	if g, ok := r.(*globalReader); ok {
		readers = g.g.readers
	}
	key := fmt.Sprintf("%s\x00%d\x00%s", field, fuzziness, term)
	e.mu.Lock()
	var t *fuzzyTerms
	for _, c := range e.terms[key] {
		if slices.Equal(c.readers, readers) { // the same snapshots, which never change
			t = c
			break
		}
	}
	if t == nil {
		t = &fuzzyTerms{readers: readers}
		e.terms[key] = append(e.terms[key], t)
	}
	e.mu.Unlock()
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.read || !t.complete && (limit <= 0 || len(t.entries) <= limit) {
		entries, complete, err := e.expand(readers, field, term, fuzziness, limit)
		if err != nil {
			return nil, err
		}
		t.read, t.entries, t.complete = true, entries, complete
	} else {
		e.reused.Add(1)
	}
	if limit > 0 && len(t.entries) > limit+1 {
		return t.entries[:limit+1], nil
	}
	return t.entries, nil
}

// Expands reports whether Fuzzy reads the expansions of r as Bleve's fuzzy
// searcher would: r is a scorch snapshot, or a reader with the statistics
// of every shard.
func Expands(r index.IndexReader) bool {
	switch r.(type) {
	case *scorch.IndexSnapshot, *globalReader:
		return true
	}
	return false
}

// Counts reports how many automata the expansions built, how many
// expansions they read from the dictionaries and how many times one was
// taken as read before, for tests and measurements.
func (e *Expansions) Counts() (built, walked, reused int64) {
	return e.built.Load(), e.walked.Load(), e.reused.Load()
}

// expand reads the fuzzy expansion of term in the dictionaries of field of
// every reader, merged, up to limit+1 terms (limit ≤ 0: all).
func (e *Expansions) expand(readers []index.IndexReader, field, term string, fuzziness, limit int) ([]index.DictEntry, bool, error) {
	e.walked.Add(1)
	dicts := make([]index.FieldDict, 0, len(readers))
	closeAll := func() {
		for _, d := range dicts {
			_ = d.Close()
		}
	}
	for _, r := range readers {
		d, err := e.fieldDict(r, field, term, fuzziness)
		if err != nil {
			closeAll()
			return nil, false, err
		}
		dicts = append(dicts, d)
	}
	var d index.FieldDict = dicts[0]
	if len(dicts) > 1 {
		m, err := newMergedDict(dicts)
		if err != nil {
			return nil, false, err // newMergedDict closed them
		}
		d = m
	}
	defer d.Close()
	var out []index.DictEntry
	for limit <= 0 || len(out) <= limit {
		entry, err := d.Next()
		if err != nil {
			return nil, false, err
		}
		if entry == nil {
			return out, true, nil
		}
		out = append(out, index.DictEntry{Term: entry.Term, EditDistance: entry.EditDistance})
	}
	return out, false, nil
}

// fieldDict is the fuzzy dictionary of one snapshot: its segments'
// dictionaries walked with the search's one automaton of the term, merged
// as scorch merges them; a reader that is not a scorch snapshot builds its
// own automaton.
func (e *Expansions) fieldDict(r index.IndexReader, field, term string, fuzziness int) (index.FieldDict, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		fr, ok := r.(index.IndexReaderFuzzy)
		if !ok {
			return nil, fmt.Errorf("the index reader (%T) has no fuzzy dictionaries", r)
		}
		return fr.FieldDictFuzzy(field, term, fuzziness, "")
	}
	a, err := e.automaton(term, fuzziness)
	if err != nil {
		return nil, err
	}
	segs := snap.Segments()
	dicts := make([]index.FieldDict, 0, len(segs))
	for _, s := range segs {
		td, err := s.Segment().Dictionary(field)
		if err != nil {
			for _, d := range dicts {
				_ = d.Close()
			}
			return nil, err
		}
		var it segment.DictionaryIterator
		if oc, ok := td.(omitCount); ok {
			it = oc.AutomatonIteratorOmitCount(a, nil, nil) // as scorch: the counts are not used
		} else {
			it = td.AutomatonIterator(a, nil, nil)
		}
		dicts = append(dicts, &segmentDict{it: it})
	}
	if len(dicts) == 1 {
		return dicts[0], nil
	}
	if len(dicts) == 0 {
		return &sliceDict{}, nil
	}
	return newMergedDict(dicts)
}

// omitCount is a segment dictionary that can walk its terms without
// reading their counts (scorch's termDictionaryOmitCount).
type omitCount interface {
	AutomatonIteratorOmitCount(a segment.Automaton, startKeyInclusive, endKeyExclusive []byte) segment.DictionaryIterator
}

// segmentDict is one segment's dictionary iterator as a field dictionary.
type segmentDict struct {
	it segment.DictionaryIterator
}

func (d *segmentDict) Next() (*index.DictEntry, error) { return d.it.Next() }
func (d *segmentDict) Close() error                    { return nil }
func (d *segmentDict) Cardinality() int                { return 0 }
func (d *segmentDict) BytesRead() uint64               { return 0 }

var _ vellum.FuzzyAutomaton = (*levenshtein.DFA)(nil)
