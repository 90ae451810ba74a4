package newsindex_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

// topQueries are the queries TestTopPagesLikeOnePass compares: those of
// TestResultsUnchanged and more that a relevance page ranks with bm25.Top
// (words, names, filters, exclusions, several languages).
var topQueries = append([]string{
	`delegation`,
	`Korea Russia`,
	`Kim Jong Il Korea`,
	`Kim Il Sung`,
	`Korea friendship -delegation source:KCNA`,
	`Korea published:2012 lang:en`,
	`friendship delegation published:[2011-06-01 TO 2011-09-30]`,
	`Rusia Corea`,
	`the`,
	`Korea AND (friendship OR delegation)`,
	`김정일`,
	`조선 로씨야`,
	`俄罗斯 朝鲜`,
	`Россия Корея`,
}, resultsQueries...)

// topOptions are the ways TestTopPagesLikeOnePass searches each query:
// sizes, offsets, facets, preferred languages and highlights.
var topOptions = []newsindex.SearchOptions{
	{Size: 1},
	{},
	{Size: 3, From: 7},
	{Size: 50},
	{Size: 10, From: 30},
	{Size: 1000},
	{Size: 5, Facets: []newsindex.Facet{newsindex.FacetSource, newsindex.FacetLanguage, newsindex.FacetYear, newsindex.FacetEntity}},
	{Size: 20, Prefer: []string{"es"}},
	{Size: 5, Highlight: true},
	{Size: 2, Highlight: true, WholeText: true},
	{Size: 20, Relax: true},
	{Size: 30, IDsOnly: true},
	{Size: 10, History: true},
}

// TestTopPagesLikeOnePass: a page ranked in two passes (the total and
// facets unscored, the hits from bm25.Top) is the page of one pass, to the
// last bit of every score and the order of equal ones, with the same total,
// facets, passages and cursor. The archive is in English and Spanish, or
// has Korean, Chinese and Japanese articles too, whose n-grams are scored
// by BM25F. On three shards each shard ranks its page with Top, and the
// pages are those of one pass there, ties and all.
func TestTopPagesLikeOnePass(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the comparison of every search in -short mode")
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		shards int
		words  bool // only languages with words
	}{
		{"KCNA", 1, true},
		{"KCNA on 3 shards", 3, true},
		{"multilingual", 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idx := shardedArchive(t, "", tc.shards)
			if tc.words {
				// shardedArchive's multilingual articles are deleted:
				// what is left is in English and Spanish.
				for _, a := range readArticles(t, "multilingual.jsonl") {
					require.NoError(t, idx.Purge(ctx, a.ID))
				}
			}
			ranked, fellBack := comparePasses(t, ctx, idx, topQueries, topOptions, true)
			assert.Greater(t, ranked, 200, "pages ranked by Top")
			t.Logf("%d pages ranked by Top, %d of them searched again in one pass", ranked, fellBack)
		})
	}
}

// TestTopFallsBackToOnePass: a page that ends among articles that score 0
// (they come last, in index order, and Top keeps no more of them than it
// needs) is searched again in one pass, and is the page of one pass.
func TestTopFallsBackToOnePass(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	// Kim Jong Il's entity is in every article; the words of the name are
	// in one of them only: the others score 0 (they hold none of the
	// words Coord counts), and Top keeps no more of them than the page
	// needs before it has a better one.
	day := parseDay(t, "2012-01-01")
	require.NoError(t, idx.Add(ctx,
		newsindex.Article{ID: "a", Title: "Visit", Body: "The leader Ким Чен Ир visited a farm.", Language: "en", Published: day},
		newsindex.Article{ID: "b", Title: "Letter", Body: "A letter to 김정일 was sent.", Language: "en", Published: day},
		newsindex.Article{ID: "c", Title: "Works", Body: "Works of Ким Чен Ир were read.", Language: "en", Published: day},
		newsindex.Article{ID: "d", Title: "Kim Jong Il", Body: "Kim Jong Il visited a factory.", Language: "en", Published: day},
		newsindex.Article{ID: "e", Title: "Talks", Body: "Talks with Ким Чен Ир ended.", Language: "en", Published: day},
	))
	q, err := newsindex.Parse("Kim Jong Il")
	require.NoError(t, err)
	top := tracePlan(t, idx, "top")
	want := bothWays(t, ctx, idx, q, newsindex.SearchOptions{Size: 3}, "Kim Jong Il", true)
	require.NotNil(t, want)
	require.EqualValues(t, 5, want.Total, "every article names him")
	assert.Equal(t, "d", want.Hits[0].Article.ID)
	assert.Equal(t, 1, top.pages)
	assert.Equal(t, 1, top.onePass, "the page ends with an article that scores 0")
}

// TestTopPagesLikeOnePassKCNA compares the two plans on the whole KCNA
// archive, indexed by newsindex index to the directory that
// NEWSINDEX_KCNA_INDEX names (the benchmarks' index).
func TestTopPagesLikeOnePassKCNA(t *testing.T) {
	dir := os.Getenv("NEWSINDEX_KCNA_INDEX")
	if dir == "" {
		t.Skip("set NEWSINDEX_KCNA_INDEX to an index of the KCNA archive (newsindex index) to compare the plans on it")
	}
	idx, err := newsindex.Open(dir, newsindex.Config{ReadOnly: true})
	require.NoError(t, err)
	t.Cleanup(func() { _ = idx.Close() })
	opts := append([]newsindex.SearchOptions{{From: 500}}, topOptions...)
	ranked, fellBack := comparePasses(t, context.Background(), idx, topQueries, opts, true)
	assert.Greater(t, ranked, 200, "pages ranked by Top")
	t.Logf("%d pages ranked by Top, %d of them searched again in one pass", ranked, fellBack)
}

// comparePasses searches every query every way in two passes where the
// index would, then in one, and requires the same results (exactly, or as
// TestResultsUnchanged compares them); it returns how many pages were
// ranked by Top, and how many of them fell back.
func comparePasses(t *testing.T, ctx context.Context, idx *newsindex.Index, queries []string, options []newsindex.SearchOptions, exact bool) (ranked, fellBack int) {
	t.Helper()
	top := tracePlan(t, idx, "top")
	for _, text := range queries {
		q, err := newsindex.Parse(text)
		require.NoError(t, err, text)
		for _, o := range options {
			bothWays(t, ctx, idx, q, o, fmt.Sprintf("%s %+v", text, o), exact)
		}
	}
	return top.pages, top.onePass
}

// planCount counts the pages an index searched with one plan (trace), and
// those of them it searched in one pass after all.
type planCount struct{ pages, onePass int }

// tracePlan counts the pages idx searches with plan from now on, until
// the test ends or another trace replaces it.
func tracePlan(t *testing.T, idx *newsindex.Index, plan string) *planCount {
	n := &planCount{}
	newsindex.SetPlanTrace(idx, func(p string, onePass bool) {
		if p != plan {
			return
		}
		n.pages++
		if onePass {
			n.onePass++
		}
	})
	t.Cleanup(func() { newsindex.SetPlanTrace(idx, nil) })
	return n
}

// bothWays searches q as o asks in two passes where idx would, then in
// one, and asserts the same results (exactly, or as TestResultsUnchanged
// compares them); it returns the one pass's result (nil on an error, which
// must be the same both ways).
func bothWays(t *testing.T, ctx context.Context, idx *newsindex.Index, q newsindex.Query, o newsindex.SearchOptions, key string, exact bool) *newsindex.Result {
	t.Helper()
	two, err2 := idx.Search(ctx, q, o)
	newsindex.SetOnePass(idx, true)
	one, err1 := idx.Search(ctx, q, o)
	newsindex.SetOnePass(idx, false)
	if !assert.Equal(t, err1, err2, key) || err1 != nil {
		return nil
	}
	if !exact {
		w, g := record(one, nil), record(two, nil)
		if o.From > 0 {
			// The page may begin among equal scores too.
			w.Hits, g.Hits = withoutFirstTies(w.Hits), withoutFirstTies(g.Hits)
		}
		compareRecords(t, key, w, g)
		return one
	}
	one.Took, two.Took = 0, 0
	assert.Equal(t, one, two, key)
	return one
}

// withoutFirstTies drops the hits of the first score of a page: a page
// that begins among equal scores may hold others of them.
func withoutFirstTies(hits []hitRecord) []hitRecord {
	i := 0
	for i < len(hits) && math.Abs(hits[i].Score-hits[0].Score) <= 1e-9 {
		i++
	}
	return hits[i:]
}
