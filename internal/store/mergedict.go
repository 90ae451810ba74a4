package store

import (
	index "github.com/blevesearch/bleve_index_api"
)

// mergedDict is the term dictionaries of several shards as one: every term
// of any of them once, in order, with the documents of all of them.
type mergedDict struct {
	dicts []index.FieldDict
	heads []index.DictEntry // the current entry of each dictionary
	live  []bool            // whether heads[i] holds one
	entry index.DictEntry
}

// newMergedDict merges dictionaries, which it closes when it is closed.
func newMergedDict(dicts []index.FieldDict) (*mergedDict, error) {
	m := &mergedDict{dicts: dicts, heads: make([]index.DictEntry, len(dicts)), live: make([]bool, len(dicts))}
	for i := range dicts {
		if err := m.advance(i); err != nil {
			_ = m.Close()
			return nil, err
		}
	}
	return m, nil
}

// advance moves dictionary i to its next entry (a dictionary reuses the
// entry it returns: it is copied).
func (m *mergedDict) advance(i int) error {
	e, err := m.dicts[i].Next()
	if err != nil {
		return err
	}
	m.live[i] = e != nil
	if e != nil {
		m.heads[i] = *e
	}
	return nil
}

// Next returns the next term of any dictionary, with the documents of all;
// nil at the end. The entry is reused by the next call.
func (m *mergedDict) Next() (*index.DictEntry, error) {
	first := -1
	for i, ok := range m.live {
		if ok && (first < 0 || m.heads[i].Term < m.heads[first].Term) {
			first = i
		}
	}
	if first < 0 {
		return nil, nil
	}
	m.entry = index.DictEntry{Term: m.heads[first].Term, EditDistance: m.heads[first].EditDistance}
	for i, ok := range m.live {
		if ok && m.heads[i].Term == m.entry.Term {
			m.entry.Count += m.heads[i].Count
			if err := m.advance(i); err != nil {
				return nil, err
			}
		}
	}
	return &m.entry, nil
}

// Close closes every dictionary.
func (m *mergedDict) Close() error {
	var first error
	for _, d := range m.dicts {
		if err := d.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Cardinality is at most the sum of the dictionaries'.
func (m *mergedDict) Cardinality() int {
	n := 0
	for _, d := range m.dicts {
		n += d.Cardinality()
	}
	return n
}

// BytesRead sums what the dictionaries read.
func (m *mergedDict) BytesRead() uint64 {
	var n uint64
	for _, d := range m.dicts {
		n += d.BytesRead()
	}
	return n
}

// sliceDict is a dictionary read before: its entries, in order.
type sliceDict struct {
	entries []index.DictEntry
	next    int
	entry   index.DictEntry
}

// Next returns the next entry; nil at the end. The entry is reused by the
// next call.
func (d *sliceDict) Next() (*index.DictEntry, error) {
	if d.next >= len(d.entries) {
		return nil, nil
	}
	d.entry = d.entries[d.next]
	d.next++
	return &d.entry, nil
}

// Close does nothing: the entries were read.
func (d *sliceDict) Close() error { return nil }

// Cardinality is the number of entries.
func (d *sliceDict) Cardinality() int { return len(d.entries) }

// BytesRead is 0: the entries were read before.
func (d *sliceDict) BytesRead() uint64 { return 0 }
