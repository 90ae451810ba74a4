package newsindex_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
)

// TestBM25UsesTheTrueAverageLength: searches with required words are
// scored by textbook BM25 with the true article count and average length of
// every field, which the index keeps through adds, replacements, deletes
// and reopening (Bleve alone would take the vocabulary size for the length).
func TestBM25UsesTheTrueAverageLength(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, filepath.Join(t.TempDir(), "idx"))
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "d1", Body: "wing wing slipstream", Language: "en"},
		ni.Article{ID: "d2", Body: "wing propeller", Language: "en"},
		ni.Article{ID: "d3", Body: strings.Repeat("flow ", 20), Language: "en"},
	))
	// Body lengths 3, 2 and 20: the average is 25/3. Bleve on its own
	// would take 4 distinct terms / 3 documents, rounded up to 2.
	query := ni.Match{Text: "wing", Lang: "en", Field: "body"}
	res, err := idx.Search(ctx, query, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"d1", "d2"}, ids(res))
	assert.InDelta(t, textbookBM25(2, 3, 3, 2, 1, 25.0/3), res.Hits[0].Score, 1e-9)
	assert.InDelta(t, textbookBM25(1, 2, 3, 2, 1, 25.0/3), res.Hits[1].Score, 1e-9)
	assert.Greater(t, math.Abs(textbookBM25(2, 3, 3, 2, 1, 2)-res.Hits[0].Score), 0.05, "not Bleve's own average")

	// Replacing and deleting articles keeps the counts: d3 becomes 10
	// tokens long, d2 goes; the bodies are then 3 and 10, average 6.5.
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "d3", Body: strings.Repeat("flow ", 10), Language: "en"}))
	require.NoError(t, idx.Delete(ctx, "d2"))
	res, err = idx.Search(ctx, query, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"d1"}, ids(res))
	assert.InDelta(t, textbookBM25(2, 3, 2, 1, 1, 6.5), res.Hits[0].Score, 1e-9)

	// The counts are kept in the index.
	path := idx.Path()
	require.NoError(t, idx.Close())
	again := openIndex(t, path)
	res, err = again.Search(ctx, query, ni.SearchOptions{})
	require.NoError(t, err)
	assert.InDelta(t, textbookBM25(2, 3, 2, 1, 1, 6.5), res.Hits[0].Score, 1e-9, "after reopening")
}

func TestBM25SameIDTwiceInOneAdd(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "a", Body: strings.Repeat("flow ", 30), Language: "en"},
		ni.Article{ID: "a", Body: "wing slipstream", Language: "en"},
		ni.Article{ID: "b", Body: "wing propeller wing", Language: "en"},
	))
	res, err := idx.Search(ctx, ni.Match{Text: "wing", Lang: "en", Field: "body"}, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"b", "a"}, ids(res))
	// Two articles of 2 and 3 tokens: the first "a" is not counted.
	assert.InDelta(t, textbookBM25(2, 3, 2, 2, 1, 2.5), res.Hits[0].Score, 1e-9)
}

// textbookBM25 is one term's share of an article's score in a ranked
// any-word search: raw term frequency, k1 1.2, b 0.75, the true average
// length, idf ln(1 + (N - n + 0.5)/(n + 0.5)) and Okapi's query-term weight
// with k3 7 for a term the query gives qtf times.
func textbookBM25(freq, docLen, docs, docsWithTerm, qtf int, avgLen float64) float64 {
	const k1, b, k3 = 1.2, 0.75, 7.0
	tf := float64(freq)
	idf := math.Log(1 + (float64(docs)-float64(docsWithTerm)+0.5)/(float64(docsWithTerm)+0.5))
	qtw := (k3 + 1) * float64(qtf) / (k3 + float64(qtf))
	return qtw * idf * tf * (k1 + 1) / (tf + k1*(1-b+b*float64(docLen)/avgLen))
}

func TestAnyWordScoresTextbookBM25(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "d1", Body: "wing wing slipstream", Language: "en"},
		ni.Article{ID: "d2", Body: "wing propeller", Language: "en"},
		ni.Article{ID: "d3", Body: strings.Repeat("flow ", 20), Language: "en"},
	))
	avg := 25.0 / 3 // not rounded, unlike Bleve's
	res, err := idx.Search(ctx, ni.Match{Text: "wing slipstream slipstream", MinWords: 1, Lang: "en", Field: "body"}, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"d1", "d2"}, ids(res))
	d1 := textbookBM25(2, 3, 3, 2, 1, avg) + textbookBM25(1, 3, 3, 1, 2, avg)
	d2 := textbookBM25(1, 2, 3, 2, 1, avg)
	assert.InDelta(t, d1, res.Hits[0].Score, 1e-9)
	assert.InDelta(t, d2, res.Hits[1].Score, 1e-9, "one term of two matches: the score is not halved (no coordination factor)")

	// Every word required: the articles with every word, scored alike.
	res, err = idx.Search(ctx, ni.Match{Text: "wing slipstream slipstream", Lang: "en", Field: "body"}, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"d1"}, ids(res))
	assert.InDelta(t, d1, res.Hits[0].Score, 1e-9, "the same score as the any-word search gives it")
}

func TestAnyWordTitleAndBody(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "t", Title: "wing", Body: "propeller blade", Language: "en"},
		ni.Article{ID: "b", Title: "propeller", Body: "wing blade", Language: "en"},
		ni.Article{ID: "x", Title: "flow", Body: "flow flow", Language: "en"},
	))
	res, err := idx.Search(ctx, ni.Match{Text: "wing", MinWords: 1}, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"b", "t"}, ids(res), "the title weighs half the body in ranked searches")
	// Titles are 1 token long on average, bodies 2; each field has 3 articles.
	assert.InDelta(t, textbookBM25(1, 2, 3, 1, 1, 2), res.Hits[0].Score, 1e-9)
	assert.InDelta(t, 0.5*textbookBM25(1, 1, 3, 1, 1, 1), res.Hits[1].Score, 1e-9)
}

// TestAnyWordUnderFiltersAndSorts runs the ranked any-word search where
// Bleve skips through its matches (a filter) and where it does not score
// them (a date sort): the same articles come back.
func TestAnyWordUnderFiltersAndSorts(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	words := []string{"wing", "propeller", "slipstream", "flow", "blade", "rudder", "flap"}
	var arts []ni.Article
	for i := range 300 {
		arts = append(arts, ni.Article{
			ID:        fmt.Sprintf("a%03d", i),
			Title:     words[i%len(words)],
			Body:      strings.Repeat(words[(i/3)%len(words)]+" ", 1+i%4) + words[(i/11)%len(words)],
			Language:  "en",
			Source:    []string{"A", "B", "C"}[i%3],
			Published: time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i),
		})
	}
	require.NoError(t, idx.Add(ctx, arts...))
	q := ni.Match{Text: "rudder flap", MinWords: 1}
	all, err := idx.Search(ctx, q, ni.SearchOptions{Size: 300})
	require.NoError(t, err)
	require.NotZero(t, all.Total)
	var fromA []string
	for _, h := range all.Hits {
		assert.True(t, strings.Contains(h.Article.Title+h.Article.Body, "rudder") || strings.Contains(h.Article.Title+h.Article.Body, "flap"))
		if h.Article.Source == "A" {
			fromA = append(fromA, h.Article.ID)
		}
	}
	require.NotEmpty(t, fromA)
	filtered, err := idx.Search(ctx, ni.And(q, ni.Source("A")), ni.SearchOptions{Size: 300})
	require.NoError(t, err)
	assert.ElementsMatch(t, fromA, ids(filtered))

	byDate, err := idx.Search(ctx, q, ni.SearchOptions{Size: 300, Sort: ni.ByNewest})
	require.NoError(t, err)
	assert.ElementsMatch(t, ids(all), ids(byDate))
	assert.True(t, sort.SliceIsSorted(byDate.Hits, func(i, j int) bool {
		return byDate.Hits[i].Article.Published.After(byDate.Hits[j].Article.Published)
	}))
}

// TestAnyWordNgramScoring: in the fields of a bigram language a ranked
// any-word search scores BM25F with each term weighing idf², times the
// share of the query's distinct bigrams the article holds.
func TestAnyWordNgramScoring(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "k1", Body: "평양 평양 모스크바", Language: "ko"}, // 평양 평양 모스 스크 크바
		ni.Article{ID: "k2", Body: "평양 서울", Language: "ko"},
		ni.Article{ID: "k3", Body: "부산 부산 부산", Language: "ko"},
	))
	const k1, b = 1.2, 0.75
	avg := 10.0 / 3
	term := func(freq, docLen, docsWithTerm int) float64 {
		idf := math.Log(1 + (3-float64(docsWithTerm)+0.5)/(float64(docsWithTerm)+0.5))
		x := float64(freq) / (1 - b + b*float64(docLen)/avg)
		return idf * idf * x * (k1 + 1) / (x + k1)
	}
	res, err := idx.Search(ctx, ni.Match{Text: "모스크바 평양", MinWords: 1, Lang: "ko"}, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"k1", "k2"}, ids(res))
	// Four distinct bigrams: 모스 스크 크바 평양.
	assert.InDelta(t, (3*term(1, 5, 1)+term(2, 5, 2))*4/4, res.Hits[0].Score, 1e-9)
	assert.InDelta(t, term(1, 2, 2)*1/4, res.Hits[1].Score, 1e-9)

	// Title and body are one field: half the title's frequency (the title's
	// weight) and the body's add up before the saturation. 평양 is in both
	// bodies, so its idf is that of the body; titles are 1 bigram long on
	// average, bodies 2.
	idx = openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "t1", Title: "평양", Body: "평양 서울", Language: "ko"},
		ni.Article{ID: "t2", Title: "부산", Body: "평양 서울", Language: "ko"},
	))
	res, err = idx.Search(ctx, ni.Match{Text: "평양", MinWords: 1, Lang: "ko"}, ni.SearchOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{"t1", "t2"}, ids(res))
	idf := math.Log(1 + 0.5/2.5)
	saturate := func(x float64) float64 { return x * (k1 + 1) / (x + k1) }
	assert.InDelta(t, idf*idf*saturate(0.5+1), res.Hits[0].Score, 1e-9)
	assert.InDelta(t, idf*idf*saturate(1), res.Hits[1].Score, 1e-9)
}

// TestAnyWordAgainstBruteForce compares ranked any-word searches over
// random articles, added in several batches (so several segments), with
// textbook BM25 worked out here term by term.
func TestAnyWordAgainstBruteForce(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(4, 2))
	words := []string{"wing", "flap", "rudder", "blade", "slipstream", "hull", "keel", "mast", "sail", "anchor", "deck", "bow"}
	text := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(ws, " ")
	}
	idx := openIndex(t, filepath.Join(t.TempDir(), "idx"))
	bodies := map[string][]string{}
	for batch := range 4 {
		var arts []ni.Article
		for i := range 50 {
			a := ni.Article{ID: fmt.Sprintf("b%d-%02d", batch, i), Body: text(1 + rng.IntN(30)), Language: "en"}
			arts = append(arts, a)
		}
		require.NoError(t, idx.Add(ctx, arts...))
		for _, a := range arts {
			terms, err := analysis.Terms("en", a.Body)
			require.NoError(t, err)
			bodies[a.ID] = terms
		}
	}
	var total float64
	for _, terms := range bodies {
		total += float64(len(terms))
	}
	avg := total / float64(len(bodies))
	for range 30 {
		query := text(1 + rng.IntN(5))
		qterms, err := analysis.Terms("en", query)
		require.NoError(t, err)
		qtf := map[string]int{}
		for _, q := range qterms {
			qtf[q]++
		}
		want := map[string]float64{}
		for id, terms := range bodies {
			tf := map[string]int{}
			for _, term := range terms {
				tf[term]++
			}
			for q, n := range qtf {
				if tf[q] == 0 {
					continue
				}
				holders := 0
				for _, other := range bodies {
					if slices.Contains(other, q) {
						holders++
					}
				}
				want[id] += textbookBM25(tf[q], len(terms), len(bodies), holders, n, avg)
			}
		}
		res, err := idx.Search(ctx, ni.Match{Text: query, MinWords: 1, Lang: "en", Field: "body"}, ni.SearchOptions{Size: 200, IDsOnly: true})
		require.NoError(t, err)
		require.Equal(t, uint64(len(want)), res.Total, query)
		for i, h := range res.Hits {
			assert.InDelta(t, want[h.Article.ID], h.Score, 1e-9, "%q: %s", query, h.Article.ID)
			if i > 0 {
				assert.GreaterOrEqual(t, res.Hits[i-1].Score, h.Score, "ranked")
			}
		}
	}
}
