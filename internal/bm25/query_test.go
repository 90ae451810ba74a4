package bm25

import (
	"context"
	"encoding/binary"
	"math"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/simple" // the analyzer of the test fields
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeReader is an index of a few documents, each a map of field to
// terms, that answers the two calls the searcher makes.
type fakeReader struct {
	index.IndexReader // not used: the searcher calls only what is below
	docs              []map[string][]string
}

func (r *fakeReader) DocCount() (uint64, error) { return uint64(len(r.docs)), nil }

func (r *fakeReader) TermFieldReader(_ context.Context, term []byte, field string, _, _, _ bool) (index.TermFieldReader, error) {
	var list []index.TermFieldDoc
	for i, d := range r.docs {
		tf := 0
		for _, t := range d[field] {
			if t == string(term) {
				tf++
			}
		}
		if tf > 0 {
			id := make(index.IndexInternalID, 8)
			binary.BigEndian.PutUint64(id, uint64(i))
			// Bleve keeps 1/√length with each posting.
			list = append(list, index.TermFieldDoc{Term: string(term), ID: id, Freq: uint64(tf), Norm: 1 / math.Sqrt(float64(len(d[field])))})
		}
	}
	return &fakePostings{list: list}, nil
}

type fakePostings struct {
	list []index.TermFieldDoc
	at   int
}

func (p *fakePostings) Next(pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	if p.at == len(p.list) {
		return nil, nil
	}
	*pre = p.list[p.at]
	p.at++
	return pre, nil
}

func (p *fakePostings) Advance(id index.IndexInternalID, pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	for p.at < len(p.list) && p.list[p.at].ID.Compare(id) < 0 {
		p.at++
	}
	return p.Next(pre)
}

func (p *fakePostings) Count() uint64 { return uint64(len(p.list)) }
func (p *fakePostings) Close() error  { return nil }
func (p *fakePostings) Size() int     { return 0 }

// run returns the score of every document the query matches, by position.
func run(t *testing.T, q *Query, r *fakeReader) map[int]float64 {
	t.Helper()
	s, err := q.Searcher(context.Background(), r, bleve.NewIndexMapping(), search.SearcherOptions{})
	require.NoError(t, err)
	defer s.Close()
	ctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	out := map[int]float64{}
	for {
		dm, err := s.Next(ctx)
		require.NoError(t, err)
		if dm == nil {
			return out
		}
		out[int(binary.BigEndian.Uint64(dm.IndexInternalID))] = dm.Score
		ctx.DocumentMatchPool.Put(dm)
	}
}

// textbook is one term's BM25 weight, written out from the formula.
func textbook(tf, length, docs, withTerm int, avgLen float64) float64 {
	idf := math.Log(1 + (float64(docs)-float64(withTerm)+0.5)/(float64(withTerm)+0.5))
	norm := float64(tf) / (1 - B + B*float64(length)/avgLen)
	return idf * norm * (K1 + 1) / (norm + K1)
}

func TestSearcherScoresTextbookBM25(t *testing.T) {
	r := &fakeReader{docs: []map[string][]string{
		{"body": {"wing", "wing", "slipstream"}, "title": {"wing"}},
		{"body": {"wing", "propeller"}},
		{"body": {"flow", "flow", "flow", "flow", "flow"}},
		{"title": {"slipstream"}},
	}}
	avgBody := 10.0 / 3
	q := &Query{Text: "wing slipstream slipstream", Fields: []Field{
		{Name: "body", Analyzer: "simple", Boost: 1, Docs: 3, AvgLen: avgBody},
		{Name: "title", Analyzer: "simple", Boost: 0.5, Docs: 2, AvgLen: 1},
	}}
	twice := queryTermWeight(2) // slipstream is given twice
	assert.InDelta(t, 8.0/4.5, twice, 1e-12, "k3 7: a term given twice weighs (k3+1)·2/(k3+2)")
	want := map[int]float64{
		0: textbook(2, 3, 3, 2, avgBody) + twice*textbook(1, 3, 3, 1, avgBody) + 0.5*textbook(1, 1, 2, 1, 1),
		1: textbook(1, 2, 3, 2, avgBody),
		3: 0.5 * twice * textbook(1, 1, 2, 1, 1),
	}
	got := run(t, q, r)
	require.Len(t, got, len(want), "every document with a term, once")
	for doc, score := range want {
		assert.InDelta(t, score, got[doc], 1e-12, "document %d", doc)
	}

	t.Run("the document frequencies of the terms", func(t *testing.T) {
		dfs := map[string]uint64{}
		q := &Query{Text: "wing slipstream absent", Fields: []Field{{Name: "body", Analyzer: "simple", Boost: 1}}, DocFreqs: dfs}
		run(t, q, r)
		assert.Equal(t, map[string]uint64{"wing": 2, "slipstream": 1, "absent": 0}, dfs)
	})

	t.Run("no length normalisation without an average", func(t *testing.T) {
		q := &Query{Text: "flow", Fields: []Field{{Name: "body", Analyzer: "simple", Boost: 1}}}
		idf := math.Log(1 + (4-1+0.5)/(1+0.5)) // Docs 0: the reader's count of 4
		assert.InDelta(t, idf*5*(K1+1)/(5+K1), run(t, q, r)[2], 1e-12)
	})
}

func TestSearcherNgramsScoreBM25FWithCoordination(t *testing.T) {
	r := &fakeReader{docs: []map[string][]string{
		{"title": {"ab"}, "body": {"ab", "bc", "cd"}},
		{"body": {"ab", "xy", "xy", "xy"}},
		{"body": {"zz"}},
	}}
	q := &Query{Text: "ab bc", Ngrams: true, Fields: []Field{
		{Name: "title", Analyzer: "simple", Boost: 0.5, Docs: 1, AvgLen: 1},
		{Name: "body", Analyzer: "simple", Boost: 1, Docs: 3, AvgLen: 8.0 / 3},
	}}
	norm := func(tf, length int, avg float64) float64 { return float64(tf) / (1 - B + B*float64(length)/avg) }
	sat := func(x float64) float64 { return x * (K1 + 1) / (x + K1) }
	idf := func(docs, n float64) float64 { return math.Log(1 + (docs-n+0.5)/(n+0.5)) }
	// A term's idf is that of the field where most articles hold it, over
	// the field with the most articles: ab is in two bodies of three.
	ab, bc := idf(3, 2), idf(3, 1)
	want := map[int]float64{
		0: (ab*ab*sat(0.5*norm(1, 1, 1)+norm(1, 3, 8.0/3)) + bc*bc*sat(norm(1, 3, 8.0/3))) * 2 / 2,
		1: ab * ab * sat(norm(1, 4, 8.0/3)) * 1 / 2, // one of the two bigrams
	}
	got := run(t, q, r)
	keys := make([]int, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	require.Equal(t, []int{0, 1}, keys)
	for doc, score := range want {
		assert.InDelta(t, score, got[doc], 1e-12, "document %d", doc)
	}
}

func TestStatsSnapshot(t *testing.T) {
	s := NewStats(NewCounts())
	s.Add(1, map[string]int64{"title_en": 4, "body_en": 100})
	s.Add(1, map[string]int64{"body_en": 50})
	snap := s.Snapshot()
	assert.Same(t, snap, s.Snapshot(), "unchanged statistics share one snapshot")
	docs, avg := snap.Field("body_en")
	assert.Equal(t, int64(2), docs)
	assert.InDelta(t, 75, avg, 1e-12)
	assert.True(t, snap.Has("title_en"))
	assert.False(t, snap.Has("title_de"))

	s.Add(-1, map[string]int64{"body_en": 50})
	assert.NotSame(t, snap, s.Snapshot(), "a change makes a new snapshot")
	docs, _ = snap.Field("body_en")
	assert.Equal(t, int64(2), docs, "an old snapshot does not change")

	b := s.Snapshot().Bleve([]string{"title_en", "body_en", "title_de"}, []string{"kind"})
	assert.Equal(t, 1.0, b.DocCount)
	assert.Equal(t, map[string]int{"kind": 1, "*": 1, "title_en": 4, "body_en": 100, "title_de": 0}, b.FieldCardinality)

	data, err := s.Snapshot().Counts().Marshal()
	require.NoError(t, err)
	back, err := UnmarshalCounts(data)
	require.NoError(t, err)
	assert.Equal(t, s.Snapshot().Counts(), back)
	_, err = UnmarshalCounts([]byte("{"))
	assert.ErrorContains(t, err, "field statistics")
}

func TestSearcherCoordination(t *testing.T) {
	r := &fakeReader{docs: []map[string][]string{
		{"body": {"wing", "slipstream"}},
		{"body": {"wing", "propeller"}},
	}}
	plain := &Query{Text: "wing slipstream", Fields: []Field{{Name: "body", Analyzer: "simple", Boost: 1, Docs: 2, AvgLen: 2}}}
	coord := &Query{Text: "wing slipstream", Coord: true, Fields: plain.Fields,
		Also: []string{"wing-alone"}} // a term of Also does not count in the share
	p, c := run(t, plain, r), run(t, coord, r)
	assert.InDelta(t, p[0], c[0], 1e-12, "both terms: the whole score")
	assert.InDelta(t, p[1]/2, c[1], 1e-12, "one term of two: half")
}

func TestSearcherMaxDocShare(t *testing.T) {
	// 2,000 documents: "common" in the even ones (1,000: MinSkippedDocs),
	// "most" in the first 1,500, "rare" in 1,600 and 1,601.
	docs := make([]map[string][]string, 2000)
	for i := range docs {
		var body []string
		if i%2 == 0 {
			body = append(body, "common")
		}
		if i < 1500 {
			body = append(body, "most")
		}
		if i == 1600 || i == 1601 {
			body = append(body, "rare")
		}
		docs[i] = map[string][]string{"body": append(body, "filler")}
	}
	r := &fakeReader{docs: docs}
	field := []Field{{Name: "body", Analyzer: "simple", Boost: 1, Docs: 2000, AvgLen: 2}}
	for _, tc := range []struct {
		name    string
		share   float64
		matched int
	}{
		{"every term", 0, 1500 + 250 + 1},                 // most, the even ones after, and 1,601
		{"none above a half", 0.5, 1000 + 1},              // most (0.75) out; common (0.5) is not above
		{"none above a third", 0.3, 2},                    // common and most out: rare alone
		{"a term of fewer than 1,000 stays", 0.000001, 2}, // rare (2) stays
	} {
		t.Run(tc.name, func(t *testing.T) {
			dfs := map[string]uint64{}
			q := &Query{Text: "common most rare", Fields: field, MaxDocShare: tc.share, DocFreqs: dfs}
			got := run(t, q, r)
			assert.Equal(t, tc.matched, len(got))
			assert.Equal(t, map[string]uint64{"common": 1000, "most": 1500, "rare": 2}, dfs, "the frequencies of the terms left out too")
		})
	}
}
