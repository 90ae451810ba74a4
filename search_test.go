package newsindex_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

func TestFacets(t *testing.T) {
	idx := seedIndex(t)
	res, err := idx.Search(context.Background(), ni.All(), ni.SearchOptions{
		Size:   1,
		Facets: []ni.Facet{ni.FacetSource, ni.FacetLanguage, ni.FacetAuthor, ni.FacetYear, ni.FacetMonth},
	})
	require.NoError(t, err)
	assert.Equal(t, map[ni.Facet][]ni.Bucket{
		ni.FacetSource:   {{"KCNA", 3}, {"Naenara", 2}, {"KZNA/Naenara", 1}},
		ni.FacetLanguage: {{"de", 3}, {"en", 3}},
		ni.FacetAuthor:   {{"Kim Tae Ho", 1}},
		ni.FacetYear:     {{"2020", 2}, {"2025", 4}},
		ni.FacetMonth:    {{"2020-04", 2}, {"2025-08", 4}},
	}, res.Facets, "facets count all matches, not the page of one")

	res, err = idx.Search(context.Background(), ni.Match{Text: "Putin"}, ni.SearchOptions{Facets: []ni.Facet{ni.FacetYear}})
	require.NoError(t, err)
	assert.Equal(t, []ni.Bucket{{"2020", 2}}, res.Facets[ni.FacetYear], "facets count the matches only")

	_, err = idx.Search(context.Background(), ni.All(), ni.SearchOptions{Facets: []ni.Facet{"colour"}})
	assert.ErrorContains(t, err, `unknown facet "colour"`)
}

func TestSortAndPaging(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	tests := []struct {
		sort ni.Sort
		want []string
	}{
		{ni.ByNewest, []string{"seed-5", "seed-4", "seed-6", "seed-3", "seed-1", "seed-2"}},
		{ni.ByOldest, []string{"seed-2", "seed-1", "seed-3", "seed-6", "seed-4", "seed-5"}},
	}
	for _, tt := range tests {
		t.Run(tt.sort.String(), func(t *testing.T) {
			res, err := idx.Search(ctx, ni.All(), ni.SearchOptions{Sort: tt.sort})
			require.NoError(t, err)
			assert.Equal(t, tt.want, ids(res), "ties (seed-4, seed-5 on one day) go by ID, in the direction of the sort")

			var paged []string
			for from := 0; from < 6; from += 4 {
				res, err := idx.Search(ctx, ni.All(), ni.SearchOptions{Sort: tt.sort, Size: 4, From: from})
				require.NoError(t, err)
				paged = append(paged, ids(res)...)
			}
			assert.Equal(t, tt.want, paged, "From pages through the same order")
		})
	}
}

func TestYearPrecisionHasNoMonth(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "y", Title: "Juche 114", Published: day("2025-01-01"), Precision: ni.PrecisionYear},
		ni.Article{ID: "m", Title: "August 2025", Published: day("2025-08-01"), Precision: ni.PrecisionMonth},
	))
	res, err := idx.Search(ctx, ni.All(), ni.SearchOptions{Facets: []ni.Facet{ni.FacetYear, ni.FacetMonth}})
	require.NoError(t, err)
	assert.Equal(t, []ni.Bucket{{"2025", 2}}, res.Facets[ni.FacetYear])
	assert.Equal(t, []ni.Bucket{{"2025-08", 1}}, res.Facets[ni.FacetMonth], "a date known to the year is not counted in January")
	a, err := idx.Get(ctx, "m")
	require.NoError(t, err)
	assert.Equal(t, ni.PrecisionMonth, a.Precision)
}

func TestUndatedArticlesSortLast(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "undated", Title: "No date", Language: "en"}))
	for _, s := range []ni.Sort{ni.ByNewest, ni.ByOldest} {
		res, err := idx.Search(ctx, ni.All(), ni.SearchOptions{Sort: s})
		require.NoError(t, err)
		assert.Equal(t, "undated", res.Hits[len(res.Hits)-1].Article.ID, s.String())

		var paged []string
		opts := ni.SearchOptions{Sort: s, Size: 2}
		for pages := 0; pages < 10; pages++ {
			page, err := idx.Search(ctx, ni.All(), opts)
			require.NoError(t, err)
			paged = append(paged, ids(page)...)
			if opts.After = page.Cursor; opts.After == "" {
				break
			}
		}
		assert.Equal(t, ids(res), paged, "a cursor pages past undated articles too")
	}
}

func TestCursorPagesThroughEverything(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	articles := kcnaSample(t)
	require.NoError(t, idx.Add(ctx, articles...))
	for _, sort := range []ni.Sort{ni.ByRelevance, ni.ByNewest, ni.ByOldest} {
		t.Run(sort.String(), func(t *testing.T) {
			q := ni.Match{Text: "Korea"}
			all, err := idx.Search(ctx, q, ni.SearchOptions{Sort: sort, Size: 1000})
			require.NoError(t, err)
			require.Greater(t, all.Total, uint64(50))
			assert.Empty(t, all.Cursor, "the last page has no cursor")

			var paged []string
			opts := ni.SearchOptions{Sort: sort, Size: 7}
			for pages := 0; ; pages++ {
				require.Less(t, pages, 100)
				res, err := idx.Search(ctx, q, opts)
				require.NoError(t, err)
				paged = append(paged, ids(res)...)
				if res.Cursor == "" {
					break
				}
				opts.After = res.Cursor
			}
			assert.Equal(t, ids(all), paged)
		})
	}
	first, err := idx.Search(ctx, ni.All(), ni.SearchOptions{Sort: ni.ByNewest, Size: 5})
	require.NoError(t, err)
	_, err = idx.Search(ctx, ni.All(), ni.SearchOptions{Sort: ni.ByOldest, After: first.Cursor})
	assert.ErrorContains(t, err, `made for sort "newest", not "oldest"`)
	_, err = idx.Search(ctx, ni.All(), ni.SearchOptions{After: "garbage!"})
	assert.ErrorContains(t, err, "not a cursor")
	assert.ErrorIs(t, err, ni.ErrBadCursor)
	_, err = idx.Search(ctx, ni.All(), ni.SearchOptions{Sort: ni.ByNewest, After: first.Cursor, From: 5})
	assert.ErrorContains(t, err, "After and From cannot be combined")
}

func TestHighlight(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "html", Title: "<script>alert(1)</script> Kursk & Korea's", Language: "en"}))
	res, err := idx.Search(ctx, ni.Match{Text: "Kursk"}, ni.SearchOptions{Highlight: true})
	require.NoError(t, err)
	require.Len(t, res.Hits, 2)
	byID := map[string]ni.Hit{}
	for _, h := range res.Hits {
		byID[h.Article.ID] = h
	}
	assert.Equal(t, []string{"&lt;script&gt;alert(1)&lt;/script&gt; <mark>Kursk</mark> &amp; Korea&#39;s"}, byID["html"].Fragments["title"],
		"text is HTML-escaped, matches marked")
	require.Len(t, byID["seed-4"].Fragments["body"], 1)
	assert.Contains(t, byID["seed-4"].Fragments["body"][0], "liberating <mark>Kursk</mark> Region")

	res, err = idx.Search(ctx, ni.Match{Text: "Kursk Sputnik", MinWords: 1}, ni.SearchOptions{Highlight: true})
	require.NoError(t, err)
	require.NotEmpty(t, res.Hits)
	for _, h := range res.Hits {
		if h.Article.ID == "seed-4" {
			assert.Contains(t, strings.Join(h.Fragments["body"], " "), "<mark>Kursk</mark>", "ranked any-word searches are highlighted too")
		}
	}

	res, err = idx.Search(ctx, ni.Match{Text: "Kursk"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Nil(t, res.Hits[0].Fragments, "no fragments unless asked")
}

func TestTitleMatchesRankHigher(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	filler := "The delegation met officials and visited factories, farms and schools during its stay."
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "in-body", Title: "Delegation visits factories", Body: filler + " It also went to Kursk.", Language: "en"},
		ni.Article{ID: "in-title", Title: "Delegation visits Kursk", Body: filler + " It also went to farms.", Language: "en"},
	))
	res, err := idx.Search(ctx, ni.Match{Text: "Kursk"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"in-title", "in-body"}, ids(res))
	assert.Greater(t, res.Hits[0].Score, res.Hits[1].Score)
}

func TestSearchOptionErrors(t *testing.T) {
	idx := seedIndex(t)
	ctx := context.Background()
	_, err := idx.Search(ctx, ni.All(), ni.SearchOptions{Size: -1})
	assert.ErrorContains(t, err, "search size -1 is out of range")
	_, err = idx.Search(ctx, ni.All(), ni.SearchOptions{From: -1})
	assert.ErrorContains(t, err, "negative")
	_, err = idx.Search(ctx, ni.All(), ni.SearchOptions{Sort: 7})
	assert.ErrorContains(t, err, "unknown sort")
	_, err = idx.Search(ctx, ni.All(), ni.SearchOptions{IDsOnly: true, Highlight: true})
	assert.ErrorContains(t, err, "IDsOnly and Highlight cannot be combined")
}

func TestIDsOnly(t *testing.T) {
	idx := seedIndex(t)
	ctx := context.Background()
	for _, opts := range []ni.SearchOptions{{}, {Sort: ni.ByNewest}, {Size: 2, Facets: []ni.Facet{ni.FacetLanguage}}} {
		q := ni.Match{Text: "Russia Kursk Moskau", MinWords: 1}
		full, err := idx.Search(ctx, q, opts)
		require.NoError(t, err)
		require.NotEmpty(t, full.Hits)
		opts.IDsOnly = true
		bare, err := idx.Search(ctx, q, opts)
		require.NoError(t, err)
		assert.Equal(t, ids(full), ids(bare))
		assert.Equal(t, full.Total, bare.Total)
		assert.Equal(t, full.Cursor, bare.Cursor)
		assert.Equal(t, full.Facets, bare.Facets)
		for i, h := range bare.Hits {
			assert.Equal(t, ni.Article{ID: full.Hits[i].Article.ID}, h.Article, "only the ID")
			assert.Equal(t, full.Hits[i].Score, h.Score)
		}
	}
}

func TestDefaultSizeAndCursor(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx, kcnaSample(t)...))
	res, err := idx.Search(ctx, ni.All(), ni.SearchOptions{})
	require.NoError(t, err)
	assert.Len(t, res.Hits, 10, "zero Size means 10")
	assert.Equal(t, uint64(200), res.Total)
	assert.NotEmpty(t, res.Cursor)
	assert.Greater(t, res.Took, time.Duration(0))
}

func TestQueryErrors(t *testing.T) {
	idx := seedIndex(t)
	tests := []struct {
		q      ni.Query
		reason string
	}{
		{ni.Match{Text: "  "}, "match with no words"},
		{ni.Match{Text: "x", Fuzziness: 3}, "fuzziness 3 is out of range"},
		{ni.Match{Text: "x", Field: "headline"}, `unknown text field "headline"`},
		{ni.Phrase{Text: ""}, "phrase with no words"},
		{ni.Prefix{Text: "two words"}, "must be one word"},
		{ni.DateRange{}, "neither a start nor an end"},
		{ni.DateRange{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}, "ends before it starts"},
		{ni.Source(), "source with no values"},
		{ni.Terms{Field: "colour", Values: []string{"red"}}, `unknown keyword field "colour"`},
		{ni.Or(), "or with no queries"},
		{nil, "nil query"},
		{ni.And(ni.Match{Text: "x"}, ni.Not(nil)), "nil query"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			_, err := idx.Search(context.Background(), tt.q, ni.SearchOptions{})
			var qe *ni.QueryError
			require.ErrorAs(t, err, &qe)
			assert.Contains(t, qe.Reason, tt.reason)
			assert.Equal(t, -1, qe.Pos)
		})
	}
}

func TestMatchMinWords(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	q := ni.Match{Text: "Kursk Moscow Sowjetunion nothing", MinWords: 1}
	res, err := idx.Search(ctx, q, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"seed-1", "seed-3", "seed-4", "seed-6"}, sortedIDs(res), "any word; German splits Sowjetunion, and seed-3 has Sowjetarmee")
	q.MinWords = 0
	res, err = idx.Search(ctx, q, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Zero(t, res.Total, "every word, the default")
	res, err = idx.Search(ctx, ni.Match{Text: "Russia friendship Kursk", MinWords: 2}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"seed-4", "seed-6"}, ids(res), "two of three words; the article with all three ranks first")
}

func TestMatchLanguageRestricts(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	require.NoError(t, idx.Add(ctx, readArticles(t, "multilingual.jsonl")...))
	res, err := idx.Search(ctx, ni.Match{Text: "Pyongyang", Lang: "fr"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"ml-fr-1"}, ids(res), "Lang searches that language's fields only")
	res, err = idx.Search(ctx, ni.Match{Text: "der", Lang: "de"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Zero(t, res.Total, "a query of stop words matches nothing")
	res, err = idx.Search(ctx, ni.Match{Text: "Lavrów", Fuzziness: 1}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"seed-4", "seed-5"}, sortedIDs(res), "diacritics fold in every language's analysis, then one edit")
}

func TestHighlightUndeterminedLanguage(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "mr", Title: "Kim Chŏng-ŭn in Pyŏngyang", Language: "und"}))
	res, err := idx.Search(ctx, ni.Match{Text: "Pyongyang"}, ni.SearchOptions{Highlight: true})
	require.NoError(t, err)
	require.Len(t, res.Hits, 1)
	assert.Equal(t, []string{"Kim Chŏng-ŭn in <mark>Pyŏngyang</mark>"}, res.Hits[0].Fragments["title"],
		"folding keeps the offsets of the original text")
}

func TestDateRangeIsInclusive(t *testing.T) {
	idx := seedIndex(t)
	tests := []struct {
		q      ni.DateRange
		want   []string
		reason string
	}{
		{ni.DateRange{From: day("2025-08-18"), To: day("2025-08-20")}, []string{"seed-4", "seed-5", "seed-6"}, "both ends inclusive: articles dated at midnight of To are in"},
		{ni.DateRange{From: day("2025-08-20"), To: day("2025-08-20")}, []string{"seed-4", "seed-5"}, "a range of one instant"},
		{ni.DateRange{To: day("2020-04-24")}, []string{"seed-2"}, "open start"},
		{ni.DateRange{From: day("2025-08-19")}, []string{"seed-4", "seed-5"}, "open end"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			res, err := idx.Search(context.Background(), tt.q, ni.SearchOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.want, sortedIDs(res))
		})
	}
}

func TestResultJSON(t *testing.T) {
	idx := seedIndex(t)
	res, err := idx.Search(context.Background(), ni.Match{Text: "Kursk"}, ni.SearchOptions{Highlight: true, Facets: []ni.Facet{ni.FacetYear}})
	require.NoError(t, err)
	data, err := json.Marshal(res)
	require.NoError(t, err)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(data, &raw))
	hit := raw["hits"].([]any)[0].(map[string]any)
	assert.Equal(t, "seed-4", hit["id"], "article fields sit beside the score")
	assert.Contains(t, hit, "score")
	assert.Contains(t, hit["fragments"].(map[string]any)["body"].([]any)[0], "<mark>Kursk</mark>")
	assert.Equal(t, map[string]any{"year": []any{map[string]any{"value": "2025", "count": 1.0}}}, raw["facets"])

	var back ni.Result
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, res.Hits, back.Hits, "hits read back")
}

func TestMatchStopWordsPerLanguage(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "en", Title: "The delegation visited Kursk", Language: "en"},
		ni.Article{ID: "es", Title: "La delegación visitó Kursk", Language: "es"},
	))
	for _, tt := range []struct{ query, want, why string }{
		{"the Kursk", "en", "an English stop word need not be in English articles, but is a word in Spanish"},
		{"la Kursk", "es", "and the other way round"},
	} {
		res, err := idx.Search(ctx, ni.Match{Text: tt.query}, ni.SearchOptions{})
		require.NoError(t, err)
		assert.Equal(t, []string{tt.want}, ids(res), tt.why)
	}
}

// TestForgedCursorsAndDeepPages: paging by offset is bounded, and a cursor
// made up by hand is an ErrBadCursor, never a crash (a relevance cursor of
// offset 2^63-1 once made Bleve allocate beyond what a slice can hold).
func TestForgedCursorsAndDeepPages(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	forge := func(v string) string { return base64.RawURLEncoding.EncodeToString([]byte(v)) }
	for _, tc := range []struct {
		name   string
		opts   ni.SearchOptions
		badCur bool
		reason string
	}{
		{"offset past the window", ni.SearchOptions{From: ni.MaxResultWindow}, false, "From has an upper bound"},
		{"huge offset", ni.SearchOptions{From: math.MaxInt}, false, "no overflow in the bound"},
		{"relevance cursor of 2^63-1", ni.SearchOptions{After: forge(`{"s":"relevance","f":9223372036854775807}`)}, true, "the cursor of the report"},
		{"relevance cursor past the window", ni.SearchOptions{After: forge(`{"s":"relevance","f":100000}`)}, true, "a cursor obeys the window too"},
		{"negative offset in a cursor", ni.SearchOptions{After: forge(`{"s":"relevance","f":-5}`)}, true, "not a cursor"},
		{"date cursor with junk values", ni.SearchOptions{Sort: ni.ByNewest, After: forge(`{"s":"newest","v":["AAAA"]}`)}, false, "any bytes are a place to continue from"},
		{"a megabyte", ni.SearchOptions{After: strings.Repeat("A", 1<<20)}, true, "longer than any cursor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := idx.Search(ctx, ni.All(), tc.opts)
			if tc.name == "date cursor with junk values" {
				assert.NoError(t, err, tc.reason)
				return
			}
			require.Error(t, err, tc.reason)
			if tc.badCur {
				assert.ErrorIs(t, err, ni.ErrBadCursor, tc.reason)
			}
		})
	}
	res, err := idx.Search(ctx, ni.All(), ni.SearchOptions{From: ni.MaxResultWindow - 10, Size: 10})
	require.NoError(t, err, "the last page of the window")
	assert.Empty(t, res.Hits)
}

// TestIDsWholeTextAndSections: one article with every match of a query
// marked in its whole text, as its page shows it; and the section facet.
func TestIDsWholeTextAndSections(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "a", Title: "Kursk & Lgov", Body: "Kursk was freed. <Kursk> again, and Lgov.", Language: "en", Section: []string{"News", "World"}},
		ni.Article{ID: "b", Title: "Kursk", Body: "Other Kursk news.", Language: "en", Section: []string{"News"}},
	))
	res, err := idx.Search(ctx, ni.And(ni.IDs("a"), ni.Match{Text: "Kursk"}), ni.SearchOptions{Highlight: true, WholeText: true, Facets: []ni.Facet{ni.FacetSection}})
	require.NoError(t, err)
	require.Equal(t, []string{"a"}, ids(res))
	assert.Equal(t, []string{"<mark>Kursk</mark> was freed. &lt;<mark>Kursk</mark>&gt; again, and Lgov."}, res.Hits[0].Fragments["body"])
	assert.Equal(t, []string{"<mark>Kursk</mark> &amp; Lgov"}, res.Hits[0].Fragments["title"])
	assert.Equal(t, []ni.Bucket{{Value: "News", Count: 1}, {Value: "World", Count: 1}}, res.Facets[ni.FacetSection])

	q, err := ni.Parse(`id:"b" OR id:a`)
	require.NoError(t, err)
	assert.Equal(t, ni.Or(ni.IDs("b"), ni.IDs("a")), q)
	res, err = idx.Search(ctx, q, ni.SearchOptions{Facets: []ni.Facet{ni.FacetSection}})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, sortedIDs(res))
	assert.Equal(t, []ni.Bucket{{Value: "News", Count: 2}, {Value: "World", Count: 1}}, res.Facets[ni.FacetSection])
}
