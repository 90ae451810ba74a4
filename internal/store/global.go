package store

import (
	"context"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A search of several shards must score as one index holding every
// article would. The article counts and average lengths come with the
// request (Search puts the index's statistics in its pre-search data, which
// the alias hands every shard), but every scorer also takes the number of
// documents with a term from the posting list it opens: Bleve's term
// scorer (the idf of term, match and phrase queries) as much as bm25.Query.
// Bleve's own global scoring (search.GlobalScoring) collects the document
// count and field cardinalities in its pre-search and not these, and a
// prefix or fuzzy query would still expand, in each shard, to the terms of
// that shard alone: a disjunction of another number of clauses, which
// Bleve's coordination factor scores otherwise. So each shard's searchers
// are built on a reader of that shard (globalReader) whose posting lists
// count the documents of every shard and whose term dictionaries are those
// of every shard, merged: the same clauses, the same idf, in every shard.

// globalStats reads the term statistics of every shard for the searches of
// one request. It is safe for concurrent use: the alias builds the
// searchers of every shard at once.
type globalStats struct {
	readers []index.IndexReader // one a shard, open for the request

	mu    sync.Mutex
	dfs   map[string]uint64     // field \x00 term → documents of every shard
	docs  uint64                // documents of every shard, when counted
	terms map[string]*expansion // the merged dictionaries read, by what was asked
}

// expansion is the terms a merged dictionary holds, read once for the
// searchers of every shard (each shard's prefix, fuzzy or range searcher
// asks for the same), with the automaton that came with them.
type expansion struct {
	once    sync.Once
	entries []index.DictEntry
	auto    any // index.RegexAutomaton or index.FuzzyAutomaton
	err     error
}

// openGlobalStats opens a reader of every shard.
func (s *Store) openGlobalStats() (*globalStats, error) {
	g := &globalStats{dfs: map[string]uint64{}, terms: map[string]*expansion{}}
	for i, sh := range s.shards {
		adv, err := sh.b.Advanced()
		if err != nil {
			g.Close()
			return nil, fmt.Errorf("shard %d: %w", i, err)
		}
		r, err := adv.Reader()
		if err != nil {
			g.Close()
			return nil, fmt.Errorf("shard %d: %w", i, err)
		}
		g.readers = append(g.readers, r)
	}
	return g, nil
}

// Close closes the readers.
func (g *globalStats) Close() {
	for _, r := range g.readers {
		_ = r.Close()
	}
}

// docFreq is the number of documents of every shard with term in field.
func (g *globalStats) docFreq(ctx context.Context, term []byte, field string) (uint64, error) {
	key := field + "\x00" + string(term)
	g.mu.Lock()
	n, ok := g.dfs[key]
	g.mu.Unlock()
	if ok {
		return n, nil
	}
	n = 0
	for _, r := range g.readers {
		tr, err := r.TermFieldReader(ctx, term, field, false, false, false)
		if err != nil {
			return 0, err
		}
		n += tr.Count()
		if err := tr.Close(); err != nil {
			return 0, err
		}
	}
	g.mu.Lock()
	g.dfs[key] = n
	g.mu.Unlock()
	return n, nil
}

// docCount is the number of documents of every shard.
func (g *globalStats) docCount() (uint64, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.docs > 0 {
		return g.docs, nil
	}
	var n uint64
	for _, r := range g.readers {
		c, err := r.DocCount()
		if err != nil {
			return 0, err
		}
		n += c
	}
	g.docs = n
	return n, nil
}

// dicts opens one dictionary of every shard and merges them.
func (g *globalStats) dicts(open func(r index.IndexReader) (index.FieldDict, error)) (index.FieldDict, error) {
	dicts := make([]index.FieldDict, 0, len(g.readers))
	for _, r := range g.readers {
		d, err := open(r)
		if err != nil {
			for _, d := range dicts {
				_ = d.Close()
			}
			return nil, err
		}
		dicts = append(dicts, d)
	}
	return newMergedDict(dicts)
}

// expand returns the terms of the merged dictionaries open opens, read
// once for every shard's searchers by key (what was asked for), and the
// automaton open returns.
func (g *globalStats) expand(key string, open func(r index.IndexReader) (index.FieldDict, any, error)) (index.FieldDict, any, error) {
	g.mu.Lock()
	e := g.terms[key]
	if e == nil {
		e = &expansion{}
		g.terms[key] = e
	}
	g.mu.Unlock()
	e.once.Do(func() {
		d, err := g.dicts(func(r index.IndexReader) (index.FieldDict, error) {
			d, a, err := open(r)
			if e.auto == nil {
				e.auto = a
			}
			return d, err
		})
		if err != nil {
			e.err = err
			return
		}
		defer d.Close()
		for {
			entry, err := d.Next()
			if err != nil {
				e.err = err
				return
			}
			if entry == nil {
				return
			}
			e.entries = append(e.entries, *entry)
		}
	})
	if e.err != nil {
		return nil, nil, e.err
	}
	return &sliceDict{entries: e.entries}, e.auto, nil
}

// globalQuery is a query whose searchers in each shard see the term
// statistics of every shard. Searches that ask for no scores are built on
// the shard's own reader: they match the same documents, and Bleve's
// optimisations of unscored searches want its own posting lists.
type globalQuery struct {
	bq.Query
	stats *globalStats
}

// Searcher builds the query's searcher on a reader with the statistics of
// every shard.
func (q *globalQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	if opts.Score == "none" {
		return q.Query.Searcher(ctx, r, m, opts)
	}
	return q.Query.Searcher(ctx, &globalReader{IndexReader: r, g: q.stats}, m, opts)
}

// globalReader is the reader of one shard with the term statistics and
// dictionaries of every shard.
type globalReader struct {
	index.IndexReader
	g *globalStats
}

var (
	_ index.IndexReaderRegexp   = (*globalReader)(nil)
	_ index.IndexReaderFuzzy    = (*globalReader)(nil)
	_ index.IndexReaderContains = (*globalReader)(nil)
	_ index.BM25Reader          = (*globalReader)(nil)
)

// TermFieldReader reads the shard's postings of the term and counts those
// of every shard. A posting list read without frequencies and norms is
// read by an unscored searcher (Bleve asks for them exactly when it
// scores; so does bm25.Query): its count only orders work, and it is the
// shard's own, which Bleve's optimisations of unscored searches take
// apart.
func (r *globalReader) TermFieldReader(ctx context.Context, term []byte, field string, freq, norm, vectors bool) (index.TermFieldReader, error) {
	if !freq && !norm {
		return r.IndexReader.TermFieldReader(ctx, term, field, freq, norm, vectors)
	}
	n, err := r.g.docFreq(ctx, term, field)
	if err != nil {
		return nil, err
	}
	tr, err := r.IndexReader.TermFieldReader(ctx, term, field, freq, norm, vectors)
	if err != nil {
		return nil, err
	}
	return &globalTermReader{TermFieldReader: tr, count: n}, nil
}

// DocCount counts the documents of every shard.
func (r *globalReader) DocCount() (uint64, error) { return r.g.docCount() }

// FieldCardinality sums the field's cardinality over the shards (Bleve asks
// only when a search brings no statistics, which Search always does).
func (r *globalReader) FieldCardinality(field string) (int, error) {
	n := 0
	for _, sr := range r.g.readers {
		if b, ok := sr.(index.BM25Reader); ok {
			c, err := b.FieldCardinality(field)
			if err != nil {
				return 0, err
			}
			n += c
		}
	}
	return n, nil
}

// FieldDict merges the field's dictionaries of every shard.
func (r *globalReader) FieldDict(field string) (index.FieldDict, error) {
	return r.g.dicts(func(sr index.IndexReader) (index.FieldDict, error) { return sr.FieldDict(field) })
}

// FieldDictRange merges the ranges of the field's dictionaries of every
// shard.
func (r *globalReader) FieldDictRange(field string, start, end []byte) (index.FieldDict, error) {
	d, _, err := r.g.expand(fmt.Sprintf("r\x00%s\x00%q\x00%q", field, start, end), func(sr index.IndexReader) (index.FieldDict, any, error) {
		d, err := sr.FieldDictRange(field, start, end)
		return d, nil, err
	})
	return d, err
}

// FieldDictPrefix merges the terms with the prefix of every shard.
func (r *globalReader) FieldDictPrefix(field string, prefix []byte) (index.FieldDict, error) {
	d, _, err := r.g.expand(fmt.Sprintf("p\x00%s\x00%q", field, prefix), func(sr index.IndexReader) (index.FieldDict, any, error) {
		d, err := sr.FieldDictPrefix(field, prefix)
		return d, nil, err
	})
	return d, err
}

// FieldDictRegexp merges the terms that match of every shard.
func (r *globalReader) FieldDictRegexp(field, regex string) (index.FieldDict, error) {
	d, _, err := r.FieldDictRegexpAutomaton(field, regex)
	return d, err
}

// FieldDictRegexpAutomaton merges the terms that match of every shard.
func (r *globalReader) FieldDictRegexpAutomaton(field, regex string) (index.FieldDict, index.RegexAutomaton, error) {
	d, a, err := r.g.expand(fmt.Sprintf("x\x00%s\x00%s", field, regex), func(sr index.IndexReader) (index.FieldDict, any, error) {
		rr, ok := sr.(index.IndexReaderRegexp)
		if !ok {
			return nil, nil, fmt.Errorf("a shard's reader (%T) has no regexp dictionaries", sr)
		}
		return rr.FieldDictRegexpAutomaton(field, regex)
	})
	if err != nil {
		return nil, nil, err
	}
	auto, _ := a.(index.RegexAutomaton)
	return d, auto, nil
}

// FieldDictFuzzy merges the terms within the edits of every shard.
func (r *globalReader) FieldDictFuzzy(field, term string, fuzziness int, prefix string) (index.FieldDict, error) {
	d, _, err := r.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
	return d, err
}

// FieldDictFuzzyAutomaton merges the terms within the edits of every
// shard.
func (r *globalReader) FieldDictFuzzyAutomaton(field, term string, fuzziness int, prefix string) (index.FieldDict, index.FuzzyAutomaton, error) {
	d, a, err := r.g.expand(fmt.Sprintf("f\x00%s\x00%d\x00%s\x00%s", field, fuzziness, prefix, term), func(sr index.IndexReader) (index.FieldDict, any, error) {
		fr, ok := sr.(index.IndexReaderFuzzy)
		if !ok {
			return nil, nil, fmt.Errorf("a shard's reader (%T) has no fuzzy dictionaries", sr)
		}
		return fr.FieldDictFuzzyAutomaton(field, term, fuzziness, prefix)
	})
	if err != nil {
		return nil, nil, err
	}
	auto, _ := a.(index.FuzzyAutomaton)
	return d, auto, nil
}

// FieldDictContains tells the terms of the field of any shard.
func (r *globalReader) FieldDictContains(field string) (index.FieldDictContains, error) {
	var out mergedContains
	for _, sr := range r.g.readers {
		cr, ok := sr.(index.IndexReaderContains)
		if !ok {
			return nil, fmt.Errorf("a shard's reader (%T) tells no terms", sr)
		}
		c, err := cr.FieldDictContains(field)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// globalTermReader is the posting list of a term in one shard that
// counts the documents of every shard.
type globalTermReader struct {
	index.TermFieldReader
	count uint64
}

// Count is the number of documents with the term in every shard.
func (t *globalTermReader) Count() uint64 { return t.count }

// mergedContains holds the term dictionaries of every shard.
type mergedContains []index.FieldDictContains

// Contains reports whether any shard has the term.
func (m mergedContains) Contains(key []byte) (bool, error) {
	for _, c := range m {
		ok, err := c.Contains(key)
		if ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

// BytesRead sums what the dictionaries read.
func (m mergedContains) BytesRead() uint64 {
	var n uint64
	for _, c := range m {
		n += c.BytesRead()
	}
	return n
}
