package store

import (
	"context"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	index "github.com/blevesearch/bleve_index_api"
)

// Facets of a field with few values are counted from bitmaps, not by
// Bleve. Bleve counts a facet by reading the field's doc values of every
// match (on KCNA two thirds of the time of a search for Korea with three
// facets, 8,756 matches). Here each match's document number goes into a
// bitmap as the collector sees it, and a value's count is the size of the
// intersection of that bitmap with the value's documents, which are read
// once per index snapshot (the snapshot the search read, so that the
// counts are of the same documents as the hits) and kept until the next.

// maxBitmapFacetValues is the most values a facet field may have for its
// counts to come from bitmaps: a value costs an intersection per search,
// and the field's postings are read once per snapshot.
const maxBitmapFacetValues = 1024

// bitmapFacets are the facets of a search counted from bitmaps.
type bitmapFacets struct {
	s        *Store
	requests map[string]*bleve.FacetRequest // by name
	mu       sync.Mutex
	counts   map[string]map[string]uint64 // by name, by value: summed over the shards
	matched  map[string]uint64            // by name: matches, for Missing
	having   map[string]uint64            // by name: matches with a value
	err      error
}

// splitFacets takes out of r the facet requests of fields with few values
// and returns them, nil when there are none. r is a copy the caller owns.
func (s *Store) splitFacets(r *bleve.SearchRequest) (*bitmapFacets, error) {
	if s.plainFacets {
		return nil, nil
	}
	var fast map[string]*bleve.FacetRequest
	for name, f := range r.Facets {
		if f.NumericRanges != nil || f.DateTimeRanges != nil || f.TermPrefix != "" || f.TermPattern != "" {
			continue
		}
		few, err := s.fewValues(f.Field)
		if err != nil {
			return nil, err
		}
		if !few {
			continue
		}
		if fast == nil {
			fast = map[string]*bleve.FacetRequest{}
		}
		fast[name] = f
	}
	if fast == nil {
		return nil, nil
	}
	rest := make(bleve.FacetsRequest, len(r.Facets))
	for name, f := range r.Facets {
		if fast[name] == nil {
			rest[name] = f
		}
	}
	r.Facets = rest
	if len(rest) == 0 {
		r.Facets = nil
	}
	return &bitmapFacets{s: s, requests: fast, counts: map[string]map[string]uint64{}, matched: map[string]uint64{}, having: map[string]uint64{}}, nil
}

// fewValues reports whether a field has no more than maxBitmapFacetValues
// values in the index, once a generation (Store.Memo).
func (s *Store) fewValues(field string) (bool, error) {
	few, err := s.Memo("facet-values:"+field, func() (any, error) {
		d, err := s.Dictionary()
		if err != nil {
			return nil, err
		}
		defer d.Close()
		terms, err := d.Terms(field, maxBitmapFacetValues)
		return len(terms) <= maxBitmapFacetValues, err
	})
	if err != nil {
		return false, err
	}
	return few.(bool), nil
}

// context returns ctx with a document match handler that puts each match in
// a bitmap and counts the facets of the snapshot at the end (once a shard).
func (b *bitmapFacets) context(ctx context.Context) context.Context {
	maker := search.MakeDocumentMatchHandler(func(sc *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
		next, loadID, err := collector.MakeTopNDocumentMatchHandler(sc)
		if err != nil {
			return nil, false, err
		}
		docs := roaring64.New()
		return func(d *search.DocumentMatch) error {
			if d == nil {
				b.count(sc.IndexReader, docs)
				return next(nil)
			}
			docs.Add(d.IndexInternalID.Value()) // before next, which may recycle d
			return next(d)
		}, loadID, nil
	})
	return context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, maker)
}

// count adds the counts of one snapshot's matches.
func (b *bitmapFacets) count(r index.IndexReader, docs *roaring64.Bitmap) {
	matched := docs.GetCardinality()
	for name, f := range b.requests {
		values, err := b.s.facetValues(r, f.Field)
		counts := map[string]uint64{}
		var having uint64
		if err == nil {
			for i, term := range values.terms {
				if n := docs.AndCardinality(values.docs[i]); n > 0 {
					counts[term] = n
				}
			}
			having = docs.AndCardinality(values.all)
		}
		b.mu.Lock()
		if err != nil && b.err == nil {
			b.err = err
		}
		into := b.counts[name]
		if into == nil {
			into = map[string]uint64{}
			b.counts[name] = into
		}
		for term, n := range counts {
			into[term] += n
		}
		b.matched[name] += matched
		b.having[name] += having
		b.mu.Unlock()
	}
}

// results adds the facets to res as Bleve's terms facets would have them:
// the values by count (ties by value), cut to the request's size, Other
// the rest, Missing the matches without a value.
func (b *bitmapFacets) results(res *bleve.SearchResult) error {
	if b.err != nil {
		return b.err
	}
	if res.Facets == nil {
		res.Facets = search.FacetResults{}
	}
	for name, f := range b.requests {
		type tc struct {
			term  string
			count uint64
		}
		var all []tc
		var total uint64
		for term, n := range b.counts[name] {
			all = append(all, tc{term, n})
			total += n
		}
		sort.Slice(all, func(i, j int) bool {
			if all[i].count != all[j].count {
				return all[i].count > all[j].count
			}
			return all[i].term < all[j].term
		})
		fr := &search.FacetResult{Field: f.Field, Total: int(total), Missing: int(b.matched[name] - b.having[name]), Terms: &search.TermFacets{}}
		shown := 0
		for _, t := range all[:min(len(all), f.Size)] {
			fr.Terms.Add(&search.TermFacet{Term: t.term, Count: int(t.count)})
			shown += int(t.count)
		}
		fr.Other = int(total) - shown
		res.Facets[name] = fr
	}
	return nil
}

// fieldValues are the values of a keyword field in one snapshot, with the
// documents of each.
type fieldValues struct {
	terms []string
	docs  []*roaring64.Bitmap
	all   *roaring64.Bitmap // the documents with a value
}

// facetValues returns the values of a field in the snapshot r, reading
// them when they are not cached for it. The cache holds the snapshots of
// the latest searches (one a shard).
func (s *Store) facetValues(r index.IndexReader, field string) (*fieldValues, error) {
	key := facetKey{r, field}
	s.facetMu.Lock()
	if v, ok := s.facetValuesOf[key]; ok {
		s.facetMu.Unlock()
		return v, nil
	}
	s.facetMu.Unlock()
	dict, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	v := &fieldValues{all: roaring64.New()}
	for {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return nil, err
		}
		if e == nil {
			break
		}
		v.terms = append(v.terms, e.Term)
	}
	if err := dict.Close(); err != nil {
		return nil, err
	}
	for _, term := range v.terms {
		tr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
		if err != nil {
			return nil, err
		}
		docs := roaring64.New()
		var doc index.TermFieldDoc
		for {
			p, err := tr.Next(doc.Reset())
			if err != nil {
				tr.Close()
				return nil, err
			}
			if p == nil {
				break
			}
			docs.Add(p.ID.Value())
		}
		if err := tr.Close(); err != nil {
			return nil, err
		}
		docs.RunOptimize()
		v.docs = append(v.docs, docs)
		v.all.Or(docs)
	}
	v.all.RunOptimize()
	s.facetMu.Lock()
	if s.facetValuesOf == nil || !s.cachedSnapshot(r) && s.cachedSnapshots() >= 2*len(s.shards) {
		s.facetValuesOf = map[facetKey]*fieldValues{} // the snapshots of earlier searches go
	}
	s.facetValuesOf[key] = v
	s.facetMu.Unlock()
	return v, nil
}

// facetKey is a field of one index snapshot.
type facetKey struct {
	reader index.IndexReader
	field  string
}

// cachedSnapshot reports whether values of r are cached (facetMu held).
func (s *Store) cachedSnapshot(r index.IndexReader) bool {
	for k := range s.facetValuesOf {
		if k.reader == r {
			return true
		}
	}
	return false
}

// cachedSnapshots counts the snapshots of the cached values (facetMu held).
func (s *Store) cachedSnapshots() int {
	seen := map[index.IndexReader]bool{}
	for k := range s.facetValuesOf {
		seen[k.reader] = true
	}
	return len(seen)
}
