package server_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/server"
)

func TestNiceScale(t *testing.T) {
	for _, tc := range []struct {
		max       float64
		steps     int
		whole     bool
		top, step float64
		reason    string
	}{
		{197, 4, true, 200, 50, "the compare chart of three KCNA queries"},
		{37, 2, true, 40, 20, "a timeline: a tick halfway"},
		{1, 2, true, 1, 1, "one article: whole steps, not halves"},
		{0, 4, true, 1, 1, "nothing: a scale of one step"},
		{3, 4, true, 3, 1, ""},
		{1234, 4, true, 1500, 500, ""},
		{32.5, 4, false, 40, 10, "shares in percent"},
		{0.37, 4, false, 0.4, 0.1, "small shares"},
		{0, 4, false, 1, 1, "no share"},
		{100, 4, false, 100, 50, "25 is no round step: 50, two of them"},
		{101, 4, false, 150, 50, "the top above the highest value"},
	} {
		top, step := server.NiceScale(tc.max, tc.steps, tc.whole)
		assert.Equal(t, tc.top, top, "%v in %d steps: %s", tc.max, tc.steps, tc.reason)
		assert.InDelta(t, tc.step, step, 1e-12, "%v in %d steps: %s", tc.max, tc.steps, tc.reason)
	}
}

func TestTightScale(t *testing.T) {
	for _, tc := range []struct {
		max          float64
		fewest, most int
		top, step    float64
		reason       string
	}{
		{1400, 2, 3, 1500, 500, "KCNA's articles per month: three steps, not 0–2,000 in two"},
		{265, 2, 3, 300, 100, "one month of Kim Jong Il"},
		{37, 2, 3, 40, 20, "equal tops: the fewer steps"},
		{1010, 4, 6, 1200, 200, "six steps rather than 0–1,500"},
		{197, 4, 6, 200, 50, ""},
	} {
		top, step := server.TightScale(tc.max, tc.fewest, tc.most, true)
		assert.Equal(t, []float64{tc.top, tc.step}, []float64{top, step}, "%v: %s", tc.max, tc.reason)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 12: "12", 999: "999", 1000: "1,000", 24776: "24,776", 1234567: "1,234,567", -4500: "-4,500"} {
		assert.Equal(t, want, server.Thousands(n))
	}
}

func TestTimeTicks(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			panic(err)
		}
		return d
	}
	for _, tc := range []struct {
		name  string
		iv    newsindex.Interval
		first string
		n     int
		most  int
		want  []string
	}{
		{"23 months by month", newsindex.Month, "2011-01-01", 23, 12,
			[]string{"Jan/2011", "(Mar)", "May", "(Jul)", "Sep", "(Nov)", "Jan/2012", "(Mar)", "May", "(Jul)", "Sep", "(Nov)"}},
		{"a year from August: the year under the first major tick too", newsindex.Month, "2011-08-01", 12, 12,
			[]string{"(Aug/2011)", "Sep/2011", "(Oct)", "Nov", "(Dec)", "Jan/2012", "(Feb)", "Mar", "(Apr)", "May", "(Jun)", "Jul"}},
		{"two years by week: months", newsindex.Week, "2010-12-27", 101, 12,
			[]string{"Jan/2011", "(Mar)", "May", "(Jul)", "Sep", "(Nov)", "Jan/2012", "(Mar)", "May", "(Jul)", "Sep", "(Nov)"}},
		{"six weeks by day: days of the month", newsindex.Day, "2011-08-10", 42, 12,
			[]string{"10 Aug/2011", "(15 Aug)", "20 Aug", "(25 Aug)", "1 Sep", "(5 Sep)", "10 Sep", "(15 Sep)", "20 Sep"}},
		{"a week by day: every day", newsindex.Day, "2011-08-10", 7, 12,
			[]string{"(10 Aug/2011)", "11 Aug/2011", "(12 Aug)", "13 Aug", "(14 Aug)", "15 Aug", "(16 Aug)"}},
		{"two years", newsindex.Year, "2011-01-01", 2, 12, []string{"(2011)", "2012"}},
		{"one year: kept in a narrow window", newsindex.Year, "2011-01-01", 1, 12, []string{"2011"}},
		{"thirty years", newsindex.Year, "1990-01-01", 30, 12, []string{"1990", "(1995)", "2000", "(2005)", "2010", "(2015)"}},
		{"one month from a timeline too narrow for its labels", newsindex.Month, "2025-06-01", 3, 1, []string{"Jul/2025"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, server.TickLabels(tc.iv, day(tc.first), tc.n, tc.most))
		})
	}
}
