package store

import (
	"context"

	index "github.com/blevesearch/bleve_index_api"
)

// Dictionary counts the terms of the index that a prefix or a fuzzy term
// expands to, so that a query can be priced before it runs: Bleve expands
// them through the term dictionary before visiting any document, and the
// expansion itself is bounded by nothing.
// With shards, it sees the dictionaries of every shard, merged.
type Dictionary struct {
	r     index.IndexReader // the one shard's, or one of all shards' (global.go)
	g     *globalStats
	cache map[string]int
	exp   *Expansions
}

// Dictionary opens a view of the index's term dictionaries; Close it.
func (s *Store) Dictionary() (*Dictionary, error) {
	g, err := s.openGlobalStats()
	if err != nil {
		return nil, err
	}
	d := &Dictionary{r: g.readers[0], g: g, cache: map[string]int{}, exp: NewExpansions()}
	if len(g.readers) > 1 {
		d.r = &globalReader{IndexReader: g.readers[0], g: g}
	}
	return d, nil
}

// Close releases the view.
func (d *Dictionary) Close() error {
	d.g.Close()
	return nil
}

// Prefix counts the terms of field that start with prefix, up to limit+1.
func (d *Dictionary) Prefix(field, prefix string, limit int) (int, error) {
	key := "p\x00" + field + "\x00" + prefix
	if n, ok := d.cache[key]; ok {
		return n, nil
	}
	dict, err := d.r.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return 0, err
	}
	n, err := count(dict, limit)
	if err == nil {
		d.cache[key] = n
	}
	return n, err
}

// Fuzzy counts the terms of field within fuzziness edits of term, up to
// limit+1. A term too long for an automaton of that many edits is an
// error from the automaton's construction (levenshtein.ErrTooManyStates).
// The terms are read into the dictionary's Expansions, where the search's
// fuzzy searchers find them.
func (d *Dictionary) Fuzzy(field, term string, fuzziness, limit int) (int, error) {
	if !Expands(d.r) {
		return 1, nil // not a reader of this store: nothing to price
	}
	entries, err := d.exp.Fuzzy(d.r, field, term, fuzziness, limit)
	return len(entries), err
}

// Share makes the dictionary read its fuzzy expansions into e (a search's:
// its searchers take them from there).
func (d *Dictionary) Share(e *Expansions) {
	if e != nil {
		d.exp = e
	}
}

func count(dict index.FieldDict, limit int) (n int, err error) {
	defer func() {
		if cerr := dict.Close(); err == nil {
			err = cerr
		}
	}()
	for n <= limit {
		e, err := dict.Next()
		if err != nil {
			return n, err
		}
		if e == nil {
			break
		}
		n++
	}
	return n, nil
}

// Terms returns every term of a keyword field, in order, up to limit+1.
func (d *Dictionary) Terms(field string, limit int) ([]string, error) {
	dict, err := d.r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var out []string
	for len(out) <= limit {
		e, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		out = append(out, e.Term)
	}
	return out, nil
}

// DocFreq returns the number of documents with the term in field, in
// every shard (Bleve
// counts the documents of a segment that were replaced or deleted until
// the segment is merged away).
func (d *Dictionary) DocFreq(ctx context.Context, field, term string) (int, error) {
	key := "d\x00" + field + "\x00" + term
	if n, ok := d.cache[key]; ok {
		return n, nil
	}
	df, err := d.g.docFreq(ctx, []byte(term), field) // summed over the shards
	if err != nil {
		return 0, err
	}
	n := int(df)
	d.cache[key] = n
	return n, nil
}
