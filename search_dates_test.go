package newsindex_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

// dateArchive is shardedArchive with articles dated to their month, to
// their year alone and not at all, which sort among the others (the
// year's first instant) or after all of them.
func dateArchive(t *testing.T, shards int) *newsindex.Index {
	t.Helper()
	idx := shardedArchive(t, "", shards)
	var more []newsindex.Article
	for i, d := range []struct {
		day       string
		precision newsindex.Precision
	}{
		{"2012-01-01", newsindex.PrecisionYear}, {"2012-01-01", newsindex.PrecisionYear}, {"2011-01-01", newsindex.PrecisionYear},
		{"2011-06-15", newsindex.PrecisionYear}, {"2012-09-30", newsindex.PrecisionYear},
		{"2012-11-01", newsindex.PrecisionMonth}, {"2011-06-01", newsindex.PrecisionMonth},
		{"2012-01-01", newsindex.PrecisionDay}, {"2012-12-31", newsindex.PrecisionDay},
		{"", ""}, {"", ""}, {"", ""},
	} {
		a := newsindex.Article{ID: fmt.Sprintf("dated-%02d", i), Title: "Korea and Russia", Body: "A delegation of Korea met friends of Russia.", Language: "en", Source: "KCNA", Precision: d.precision}
		if d.day != "" {
			a.Published = parseDay(t, d.day)
		}
		more = append(more, a)
	}
	require.NoError(t, idx.Add(context.Background(), more...))
	return idx
}

// TestDatePagesLikeOnePass: a page sorted by date searched among the
// months that hold it (searchByDate) is the page of one pass, with the
// same total, facets, passages and cursor, newest and oldest first, deep
// pages and pages after cursors, on one shard and on three (the sort keys
// have no ties, so the shards merge alike).
func TestDatePagesLikeOnePass(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the comparison of every search in -short mode")
	}
	ctx := context.Background()
	queries := []string{`Korea`, `delegation`, `Kim Jong Il`, `"Workers' Party"`, `Korea -friendship`, `source:KCNA`,
		`Korea published:>=2012-03`, `friendship published:2011`, `Korea OR Russia`, `congratulat*`, `Pyongyong~1`, `*`, `러시아`}
	var options []newsindex.SearchOptions
	for _, s := range []newsindex.Sort{newsindex.ByNewest, newsindex.ByOldest} {
		options = append(options,
			newsindex.SearchOptions{Sort: s, Size: 1},
			newsindex.SearchOptions{Sort: s},
			newsindex.SearchOptions{Sort: s, Size: 5, From: 3},
			newsindex.SearchOptions{Sort: s, Size: 10, From: 40},
			newsindex.SearchOptions{Sort: s, Size: 1000},
			newsindex.SearchOptions{Sort: s, Size: 5, Facets: []newsindex.Facet{newsindex.FacetMonth, newsindex.FacetYear, newsindex.FacetSource}},
			newsindex.SearchOptions{Sort: s, Size: 3, Highlight: true},
			newsindex.SearchOptions{Sort: s, Size: 30, IDsOnly: true},
			newsindex.SearchOptions{Sort: s, Size: 10, History: true},
		)
	}
	for _, shards := range []int{1, 3} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) {
			idx := dateArchive(t, shards)
			months := tracePlan(t, idx, "months")
			same := func(q newsindex.Query, o newsindex.SearchOptions, key string) *newsindex.Result {
				return bothWays(t, ctx, idx, q, o, key, true)
			}
			for _, text := range queries {
				q, err := newsindex.Parse(text)
				require.NoError(t, err, text)
				for _, o := range options {
					same(q, o, fmt.Sprintf("%s %+v", text, o))
				}
				// Every page after a cursor, to the undated articles at the end.
				for _, s := range []newsindex.Sort{newsindex.ByNewest, newsindex.ByOldest} {
					o := newsindex.SearchOptions{Sort: s, Size: 7}
					for page := 0; page < 60; page++ {
						res := same(q, o, fmt.Sprintf("%s %s page %d", text, s, page))
						if res == nil || res.Cursor == "" {
							break
						}
						o.After = res.Cursor
					}
				}
			}
			assert.Greater(t, months.pages-months.onePass, 100, "pages searched among their months")
			assert.Positive(t, months.onePass, "pages searched in one pass after the count")
			t.Logf("%d pages counted by month, %d of them then searched in one pass", months.pages, months.onePass)
		})
	}
}

// TestMonthsOfYearDatedArticles: an article dated to its year alone has
// no month, and its date may be any instant of the year (in any zone: the
// month is of the UTC date). The months are counted without it, and the
// page that holds it is the page of one pass.
func TestMonthsOfYearDatedArticles(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	var as []newsindex.Article
	for i := range 10 {
		as = append(as, newsindex.Article{ID: fmt.Sprintf("m%02d", i), Title: "Korea", Body: "Korea in March.", Language: "en", Published: parseDay(t, "2011-03-10")})
	}
	for i := range 30 {
		as = append(as, newsindex.Article{ID: fmt.Sprintf("n%02d", i), Title: "Korea", Body: "Korea next year.", Language: "en", Published: parseDay(t, "2012-05-10")})
	}
	kst := time.FixedZone("KST", 9*3600)
	as = append(as,
		newsindex.Article{ID: "y1", Title: "Korea", Body: "Korea this year.", Language: "en", Published: parseDay(t, "2011-06-15"), Precision: newsindex.PrecisionYear},
		newsindex.Article{ID: "y2", Title: "Korea", Body: "Korea that year.", Language: "en", Published: time.Date(2012, 1, 1, 0, 0, 0, 0, kst), Precision: newsindex.PrecisionYear})
	require.NoError(t, idx.Add(ctx, as...))
	q := newsindex.Match{Text: "Korea"}
	for _, o := range []newsindex.SearchOptions{
		{Sort: newsindex.ByOldest, Size: 1}, {Sort: newsindex.ByOldest, Size: 11}, {Sort: newsindex.ByOldest, Size: 3, From: 10},
		{Sort: newsindex.ByNewest, Size: 1}, {Sort: newsindex.ByNewest, Size: 31}, {Sort: newsindex.ByNewest, Size: 2, From: 29},
	} {
		require.NotNil(t, bothWays(t, ctx, idx, q, o, fmt.Sprintf("%+v", o), true))
	}
	res, err := idx.Search(ctx, q, newsindex.SearchOptions{Sort: newsindex.ByOldest, Size: 11})
	require.NoError(t, err)
	assert.Equal(t, "y1", res.Hits[10].Article.ID, "the article of 2011 after March's")
}
