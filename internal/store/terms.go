package store

import (
	"fmt"
	"sync"
)

// memo holds what was computed from the index at one generation (the term
// counts of a field, the entity counts of the archive), for the calls that
// need them again until the index changes. Its zero value is empty.
type memo struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]any
}

// Memo returns what f computes, computed once a generation of the index
// for each key: f runs again after a write. Two calls that miss at once
// both run f. An error is returned and not kept.
func (s *Store) Memo(key string, f func() (any, error)) (any, error) {
	gen := s.gen.Load()
	s.memo.mu.Lock()
	if s.memo.m != nil && s.memo.gen == gen {
		if v, ok := s.memo.m[key]; ok {
			s.memo.mu.Unlock()
			return v, nil
		}
	}
	s.memo.mu.Unlock()
	v, err := f()
	if err != nil {
		return nil, err
	}
	s.memo.mu.Lock()
	defer s.memo.mu.Unlock()
	switch {
	case s.memo.m != nil && gen < s.memo.gen:
		return v, nil // computed from an older index than what is kept
	case s.memo.m == nil || gen != s.memo.gen:
		s.memo.m, s.memo.gen = map[string]any{}, gen
	}
	s.memo.m[key] = v
	return v, nil
}

// DocFreqs returns the number of documents that hold each term of a field,
// as its term dictionary counts them (Bleve's dictionaries count the
// documents of a segment that were replaced or deleted until the segment is
// merged away), summed over the shards, kept until the index changes. The
// map is shared: do not change it.
func (s *Store) DocFreqs(field string) (map[string]int, error) {
	v, err := s.Memo("docfreqs\x00"+field, func() (any, error) {
		d, err := s.Dictionary()
		if err != nil {
			return nil, err
		}
		defer d.Close()
		dict, err := d.r.FieldDict(field)
		if err != nil {
			return nil, fmt.Errorf("the terms of %s: %w", field, err)
		}
		defer dict.Close()
		out := map[string]int{}
		for {
			e, err := dict.Next()
			if err != nil {
				return nil, fmt.Errorf("the terms of %s: %w", field, err)
			}
			if e == nil {
				return out, nil
			}
			out[e.Term] = int(e.Count)
		}
	})
	if err != nil {
		return nil, err
	}
	return v.(map[string]int), nil
}
