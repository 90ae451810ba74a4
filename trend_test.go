package newsindex_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// trendIndex holds a few dated articles about Russia and Medvedev, one
// undated, and a day with a time of day late in the evening UTC.
func trendIndex(t *testing.T) *ni.Index {
	t.Helper()
	idx := openIndex(t, "")
	at := func(s string) time.Time {
		ts, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return ts
	}
	require.NoError(t, idx.Add(context.Background(),
		ni.Article{ID: "mon", Title: "Visit to Russia", Body: "The delegation left for Russia.", Language: "en", Source: "KCNA", Published: day("2011-08-01")}, // a Monday
		ni.Article{ID: "sun", Title: "Russia greets", Body: "Russia sent greetings.", Language: "en", Source: "KCNA", Published: day("2011-08-07")},            // the Sunday of that week
		ni.Article{ID: "mon2", Title: "Talks", Body: "Talks with Medvedev in Russia.", Language: "en", Source: "Rodong Sinmun", Published: day("2011-08-08")},  // the next Monday
		ni.Article{ID: "other", Title: "Rice harvest", Body: "A good harvest of rice.", Language: "en", Source: "KCNA", Published: day("2011-08-20")},          // matches neither
		ni.Article{ID: "late", Title: "Medvedev", Body: "Medvedev spoke.", Language: "en", Source: "KCNA", Published: at("2011-10-15T23:30:00-05:00")},         // 2011-10-16 in UTC
		ni.Article{ID: "undated", Title: "Russia without a date", Body: "Russia, some day.", Language: "en", Source: "KCNA"},                                   // counts nowhere
		ni.Article{ID: "dec", Title: "Winter", Body: "Snow fell.", Language: "en", Source: "KCNA", Published: day("2011-12-31")},                               // the archive ends here
	))
	return idx
}

// series returns the counts of a series by the start of their interval.
func series(s ni.TrendSeries) map[string]int {
	out := map[string]int{}
	for _, p := range s.Points {
		out[p.Start.Format(time.DateOnly)] = p.Count
	}
	return out
}

func starts(s ni.TrendSeries) []string {
	var out []string
	for _, p := range s.Points {
		out = append(out, p.Start.Format(time.DateOnly))
	}
	return out
}

func TestTrend(t *testing.T) {
	ctx := context.Background()
	idx := trendIndex(t)
	russia, medvedev := ni.Match{Text: "Russia"}, ni.Match{Text: "Medvedev"}

	res, err := idx.Trend(ctx, ni.TrendOptions{Queries: []ni.Query{russia, medvedev}})
	require.NoError(t, err)
	assert.Equal(t, ni.Month, res.Interval, "months by default")
	require.Len(t, res.Series, 2)
	assert.Equal(t, "Russia", res.Series[0].Query, "the query as Format writes it")
	assert.Equal(t, []string{"2011-08-01", "2011-09-01", "2011-10-01"}, starts(res.Series[0]),
		"from the first to the last month with a match of either query; September is there, with zeros")
	assert.Equal(t, map[string]int{"2011-08-01": 3, "2011-09-01": 0, "2011-10-01": 0}, series(res.Series[0]), "the undated article counts nowhere")
	assert.Equal(t, map[string]int{"2011-08-01": 1, "2011-09-01": 0, "2011-10-01": 1}, series(res.Series[1]))
	assert.Equal(t, []int{4, 0, 1}, res.Totals, "every dated article of each month")
	assert.InDelta(t, 0.75, res.Series[0].Points[0].Share, 1e-12, "3 of the 4 articles of August")
	assert.Zero(t, res.Series[0].Points[1].Share, "a month without articles: share 0, not NaN")
	assert.InDelta(t, 1.0, res.Series[1].Points[2].Share, 1e-12)

	weeks, err := idx.Trend(ctx, ni.TrendOptions{Queries: []ni.Query{russia}, Interval: ni.Week})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"2011-08-01": 2, "2011-08-08": 1}, series(weeks.Series[0]),
		"ISO weeks start on Monday: Monday 1 and Sunday 7 August are one week, Monday 8 the next")

	days, err := idx.Trend(ctx, ni.TrendOptions{Queries: []ni.Query{medvedev}, Interval: ni.Day})
	require.NoError(t, err)
	assert.Len(t, days.Series[0].Points, 70, "every day from 8 August to 16 October")
	assert.Equal(t, 1, series(days.Series[0])["2011-10-16"], "23:30 at UTC−5 is the next day in UTC")

	years, err := idx.Trend(ctx, ni.TrendOptions{Queries: []ni.Query{ni.Match{Text: "nothing"}}, Interval: ni.Year})
	require.NoError(t, err)
	assert.Equal(t, []string{"2011-01-01"}, starts(years.Series[0]), "no match: the span of the archive")
	assert.Equal(t, []int{6}, years.Totals)

	ranged, err := idx.Trend(ctx, ni.TrendOptions{Queries: []ni.Query{russia}, From: day("2011-08-07"), To: day("2011-11-30")})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"2011-08-01": 2, "2011-09-01": 0, "2011-10-01": 0, "2011-11-01": 0}, series(ranged.Series[0]),
		"From and To bound the points and the counts: 1 August is before From")
	assert.Equal(t, []int{3, 0, 1, 0}, ranged.Totals, "the totals are of the range too")

	within, err := idx.Trend(ctx, ni.TrendOptions{Queries: []ni.Query{russia}, Within: ni.Source("KCNA")})
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"2011-08-01": 2}, series(within.Series[0]), "Within narrows the query")
	assert.Equal(t, []int{3}, within.Totals, "and the totals: the share is of KCNA's articles")

	data, err := json.Marshal(ranged)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), `{"interval":"month","series":[{"query":"Russia","points":[{"start":"2011-08-01","count":2,"share":0.6666666666666666},`), string(data))
	var back ni.TrendResult
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, ranged, &back, "JSON goes both ways")
}

// TestTrendNoArticles: an empty index has no interval to count in.
func TestTrendNoArticles(t *testing.T) {
	res, err := openIndex(t, "").Trend(context.Background(), ni.TrendOptions{Queries: []ni.Query{ni.All()}})
	require.NoError(t, err)
	assert.Empty(t, res.Series[0].Points)
	assert.Empty(t, res.Totals)
	data, _ := json.Marshal(res)
	assert.JSONEq(t, `{"interval":"month","series":[{"query":"*","points":[]}],"totals":[]}`, string(data), "empty lists, not null")
}

func TestTrendBadOptions(t *testing.T) {
	ctx := context.Background()
	idx := trendIndex(t)
	q := ni.Match{Text: "Russia"}
	many := make([]ni.Query, 50)
	for i := range many {
		many[i] = ni.Match{Text: fmt.Sprintf("word%d", i)}
	}
	for _, tc := range []struct {
		name   string
		opts   ni.TrendOptions
		option string // the option an *OptionError names; "" for a *QueryError
		want   string
	}{
		{"no query", ni.TrendOptions{}, "TrendOptions.Queries", "no query"},
		{"50 queries", ni.TrendOptions{Queries: many}, "TrendOptions.Queries", "50 queries: a trend compares at most 20"},
		{"an unknown interval", ni.TrendOptions{Queries: []ni.Query{q}, Interval: "fortnight"}, "TrendOptions.Interval", `unknown interval "fortnight" (want day, week, month or year)`},
		{"a reversed range", ni.TrendOptions{Queries: []ni.Query{q}, From: day("2012-01-01"), To: day("2011-01-01")}, "TrendOptions.To", "2011-01-01 is before From 2012-01-01"},
		{"a date out of range", ni.TrendOptions{Queries: []ni.Query{q}, From: day("1066-10-14")}, "TrendOptions.From", "outside the years 1678–2261"},
		{"too many intervals", ni.TrendOptions{Queries: []ni.Query{q}, Interval: ni.Day, From: day("1700-01-01"), To: day("2200-01-01")}, "TrendOptions.Interval", "more than the 20000 a trend counts in"},
		{"a nil query", ni.TrendOptions{Queries: []ni.Query{q, nil}}, "", "nil query"},
		{"a query that cannot compile", ni.TrendOptions{Queries: []ni.Query{ni.Match{Text: "Russia", Fuzziness: 3}}}, "", "fuzziness 3 is out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := idx.Trend(ctx, tc.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			if tc.option == "" {
				var qe *ni.QueryError
				assert.True(t, errors.As(err, &qe), "%v: a *QueryError", err)
				return
			}
			var oe *ni.OptionError
			require.True(t, errors.As(err, &oe), "%v: an *OptionError", err)
			assert.Equal(t, tc.option, oe.Option)
		})
	}

	_, err := ni.ParseInterval("fortnight")
	var oe *ni.OptionError
	assert.True(t, errors.As(err, &oe))
	for _, iv := range []string{"day", "week", "month", "year"} {
		got, err := ni.ParseInterval(iv)
		assert.NoError(t, err)
		assert.Equal(t, ni.Interval(iv), got)
	}
}

// TestTrendLimits: the index's limits apply to every query of a trend as
// they do to Search.
func TestTrendLimits(t *testing.T) {
	idx := wordyIndex(t, ni.Config{MaxExpansions: 100})
	_, err := idx.Trend(context.Background(), ni.TrendOptions{Queries: []ni.Query{ni.Match{Text: "korea"}, ni.Prefix{Text: "k"}}})
	var qe *ni.QueryError
	require.True(t, errors.As(err, &qe), "%v", err)
	assert.Contains(t, qe.Error(), "k* matches more than 100 words")
}

// TestTrendCountsKCNA: on the KCNA archive, every monthly count of a trend
// is what a search of the query within that month finds, and every share
// is the count over the month's articles.
func TestTrendCountsKCNA(t *testing.T) {
	idx := kcnaIndex(t)
	ctx := context.Background()
	texts := []string{"Kim Jong Il", "Medvedev", `"nuclear weapons"`, "friendship -Russia", "source:KCNA lang:es"}
	var queries []ni.Query
	for _, s := range texts {
		queries = append(queries, mustParse(t, s))
	}
	res, err := idx.Trend(ctx, ni.TrendOptions{Queries: queries})
	require.NoError(t, err)
	require.Len(t, res.Totals, 23, "January 2011 to November 2012")
	sum := 0
	for _, n := range res.Totals {
		sum += n
	}
	assert.Equal(t, 24776, sum, "every KCNA article is dated")
	for i, s := range res.Series {
		require.Len(t, s.Points, 23)
		for j, p := range s.Points {
			month := ni.DateRange{From: p.Start, To: p.Start.AddDate(0, 1, 0).Add(-time.Nanosecond)}
			found, err := idx.Search(ctx, ni.And(queries[i], month), ni.SearchOptions{Size: 1, IDsOnly: true})
			require.NoError(t, err)
			assert.Equal(t, found.Total, uint64(p.Count), "%s in %s", texts[i], p.Start.Format("2006-01"))
			assert.InDelta(t, float64(p.Count), p.Share*float64(res.Totals[j]), 1e-9, "%s in %s: the share is of the month's articles", texts[i], p.Start.Format("2006-01"))
			if i == 0 {
				all, err := idx.Search(ctx, month, ni.SearchOptions{Size: 1, IDsOnly: true})
				require.NoError(t, err)
				assert.Equal(t, all.Total, uint64(res.Totals[j]), "the articles of %s", p.Start.Format("2006-01"))
			}
		}
	}
	aug := res.Series[1].Points[7]
	assert.Equal(t, "2011-08-01", aug.Start.Format(time.DateOnly))
	assert.Greater(t, aug.Count, 10, "Medvedev met Kim Jong Il in Ulan-Ude in August 2011")
}
