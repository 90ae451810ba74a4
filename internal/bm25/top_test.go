package bm25

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// zipfIndex is a Bleve index of n documents of words drawn from
// a Zipf distribution (a few words in most documents, most in a few), with
// a title, a body and a keyword field "lang" of "a" or "b". The standard
// analyzer keeps each word whole (the simple one cuts "w12" to "w").
func zipfIndex(t *testing.T, n int) bleve.Index {
	t.Helper()
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = "standard"
	doc := bleve.NewDocumentMapping()
	kw := bleve.NewKeywordFieldMapping()
	doc.AddFieldMappingsAt("lang", kw)
	m.DefaultMapping = doc
	idx, err := bleve.New(t.TempDir(), m) // scorch: the document numbers the searchers compare
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(r, 1.1, 1, 2000)
	words := func(k int) string {
		var b strings.Builder
		for range k {
			fmt.Fprintf(&b, "w%d ", z.Uint64())
		}
		return b.String()
	}
	batch := idx.NewBatch()
	for i := range n {
		lang := "a"
		if i%3 == 0 {
			lang = "b"
		}
		require.NoError(t, batch.Index(fmt.Sprintf("d%05d", i), map[string]any{
			"title": words(3 + r.IntN(8)), "body": words(20 + r.IntN(300)), "lang": lang,
		}))
	}
	require.NoError(t, idx.Batch(batch))
	return idx
}

// wordQuery is a Query of text over the title and body of zipfIndex.
func wordQuery(text string, n int) *Query {
	return &Query{Text: text, Fields: []Field{
		{Name: "title", Analyzer: "standard", Boost: 2, Docs: int64(n), AvgLen: 6.5},
		{Name: "body", Analyzer: "standard", Boost: 1, Docs: int64(n), AvgLen: 170},
	}}
}

type scoredID struct {
	id    string
	score float64
}

func searchTop(t *testing.T, idx bleve.Index, q bq.Query, size int) []scoredID {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	res, err := idx.Search(req)
	require.NoError(t, err)
	var out []scoredID
	for _, h := range res.Hits {
		out = append(out, scoredID{h.ID, h.Score})
	}
	return out
}

// sameTop asserts two rankings are the same but for the order of hits
// whose scores are equal within 1e-9 (the sums add up in another order).
func sameTop(t *testing.T, want, got []scoredID, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		assert.InDelta(t, want[i].score, got[i].score, 1e-9, "%s: hit %d", msg, i)
	}
	last := want[len(want)-1].score
	ids := func(hits []scoredID) []string {
		var out []string
		for _, h := range hits {
			if h.score > last+1e-9 {
				out = append(out, h.id)
			}
		}
		slices.Sort(out)
		return out
	}
	assert.Equal(t, ids(want), ids(got), msg)
}

// TestTopIsTheDisjunctionsTop: the best articles of a Top and their scores
// are those of Bleve's disjunction of its queries, for queries of rare and
// common words, one query or two, sizes from 1 to past the matches, with
// and without a filter, with and without Coord (and other spellings,
// Also, that Coord does not count), of words and of n-grams (BM25F).
func TestTopIsTheDisjunctionsTop(t *testing.T) {
	const n = 3000
	idx := zipfIndex(t, n)
	texts := []struct {
		a, b string
		also []string
	}{
		{"w1 w2 w3", "", nil},
		{"w1 w7 w40 w300 w1200 w1900", "w2 w40 w55", nil},
		{"w1500 w1600 w1700 w1800", "w3 w4 w5 w6 w7 w8", nil},
		{"w2 w2 w9 w13 w100 w150 w200 w250 w301 w302 w303 w304 w305 w306 w307 w308 w309 w310 w311 w312 w313 w314 w315 w316 w317", "w1 w33 w77", nil},
		{"w1999 w1998", "w1997", nil},
		{"w4 w30 w600", "", []string{"w4 w30 w600", "w5 w31", "w1100"}},
	}
	query := func(text string, also []string, coord, ngrams bool) *Query {
		q := wordQuery(text, n)
		q.Also, q.Coord, q.Ngrams = also, coord, ngrams
		return q
	}
	lang := bleve.NewTermQuery("b")
	lang.SetField("lang")
	for i, tc := range texts {
		for _, size := range []int{1, 10, 31, 5000} {
			for _, filtered := range []bool{false, true} {
				for _, coord := range []bool{false, true} {
					for _, ngrams := range []string{"", "a", "b"} {
						if ngrams == "b" && tc.b == "" {
							continue
						}
						msg := fmt.Sprintf("texts %d, size %d, filtered %v, coord %v, ngrams %q", i, size, filtered, coord, ngrams)
						qs := []*Query{query(tc.a, tc.also, coord, ngrams == "a")}
						plain := []bq.Query{query(tc.a, tc.also, coord, ngrams == "a")}
						if tc.b != "" {
							qs = append(qs, query(tc.b, nil, coord, ngrams == "b"))
							plain = append(plain, query(tc.b, nil, coord, ngrams == "b"))
						}
						var ref bq.Query = bleve.NewDisjunctionQuery(plain...)
						top := &Top{Queries: qs, Size: size}
						if filtered {
							// The filter's own score is left out of the reference:
							// a Boolean's must-not of the other language.
							other := bleve.NewTermQuery("a")
							other.SetField("lang")
							b := bleve.NewBooleanQuery()
							b.AddMust(ref)
							b.AddMustNot(other)
							ref = b
							top.Filter = lang
						}
						want := searchTop(t, idx, ref, size)
						require.NotEmpty(t, want, msg)
						sameTop(t, want, searchTop(t, idx, top, size), msg)
					}
				}
			}
		}
	}
}

// TestTopReadsFewerArticles: on a query of common and rare words the
// searcher returns far fewer articles than match, and no fewer than Size.
func TestTopReadsFewerArticles(t *testing.T) {
	const n = 3000
	idx := zipfIndex(t, n)
	q := []*Query{wordQuery("w1 w2 w3 w4 w1500 w1600 w1700", n), wordQuery("w5 w1800", n)}
	all, err := idx.Search(bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(q[0], q[1]), 10, 0, false))
	require.NoError(t, err)
	top, err := idx.Search(bleve.NewSearchRequestOptions(&Top{Queries: q, Size: 10}, 10, 0, false))
	require.NoError(t, err)
	assert.Less(t, top.Total, all.Total/4, "returned %d of %d matches", top.Total, all.Total)
	assert.Len(t, top.Hits, 10)
}

// TestTopRefusesWhatItCannotRank: no queries, no size, and unscored
// searches are errors, not wrong rankings.
func TestTopRefusesWhatItCannotRank(t *testing.T) {
	idx := zipfIndex(t, 50)
	adv, err := idx.Advanced()
	require.NoError(t, err)
	r, err := adv.Reader()
	require.NoError(t, err)
	defer r.Close()
	m := idx.Mapping()
	for name, tc := range map[string]struct {
		q    *Top
		opts search.SearcherOptions
	}{
		"size":     {&Top{Queries: []*Query{wordQuery("w1", 50)}}, search.SearcherOptions{}},
		"none":     {&Top{Queries: nil, Size: 3}, search.SearcherOptions{}},
		"unscored": {&Top{Queries: []*Query{wordQuery("w1", 50)}, Size: 3}, search.SearcherOptions{Score: "none"}},
	} {
		_, err := tc.q.Searcher(context.Background(), r, m, tc.opts)
		assert.Error(t, err, name)
	}
}
