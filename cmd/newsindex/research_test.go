package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTrendCommand(t *testing.T) {
	dir := seedIndex(t)
	code, out, errOut := cli(t, "", "trend", "-index", dir, "-json", "-interval", "year", "Kursk", "source:Naenara")
	require.Equal(t, 0, code, errOut)
	var res struct {
		Interval string `json:"interval"`
		Series   []struct {
			Query  string `json:"query"`
			Points []struct {
				Start string  `json:"start"`
				Count int     `json:"count"`
				Share float64 `json:"share"`
			} `json:"points"`
		} `json:"series"`
		Totals []int `json:"totals"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, "year", res.Interval)
	require.Len(t, res.Series, 2, "each argument one query")
	assert.Equal(t, "Kursk", res.Series[0].Query)
	assert.Equal(t, "source:Naenara", res.Series[1].Query, "the query as typed")
	require.Len(t, res.Series[1].Points, 6, "2020 to 2025, the years between with zeros")
	assert.Equal(t, "2020-01-01", res.Series[1].Points[0].Start)
	assert.Equal(t, 2, res.Series[1].Points[0].Count)
	assert.Equal(t, 0, res.Series[1].Points[1].Count)
	assert.Equal(t, []int{2, 0, 0, 0, 0, 4}, res.Totals)
	assert.InDelta(t, 0.25, res.Series[0].Points[5].Share, 1e-9, "Kursk: 1 of the 4 articles of 2025")

	code, out, errOut = cli(t, "", "trend", "-index", dir, "Kursk", "-csv", "-from", "2025-08", "-to", "2025-08", "-interval", "day")
	require.Equal(t, 0, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"query", "start", "count", "total", "share"}, rows[0])
	assert.Len(t, rows, 1+31, "every day of August 2025, flags after the query")
	assert.Equal(t, []string{"Kursk", "2025-08-20", "1", "2", "0.5"}, rows[20])

	code, out, errOut = cli(t, "", "trend", "-index", dir, "-lang", "de", "Denkmal")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "    month  articles   Denkmal\n  2025-08         1  1 100.0%\n", out, "the month's German article")
}

func TestTermsCommand(t *testing.T) {
	dir := seedIndex(t)
	code, out, errOut := cli(t, "", "terms", "-index", dir, "-json", "-n", "3", "Moscow")
	require.Equal(t, 0, code, errOut)
	var res struct {
		Terms    []map[string]any `json:"terms"`
		Entities []map[string]any `json:"entities"`
		Language string           `json:"language"`
		Matches  int              `json:"matches"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, 2, res.Matches, "the name in English and German (Moskau)")
	assert.Equal(t, "de", res.Language, "one match in each: the tie goes to the first code")
	require.Len(t, res.Terms, 3, "-n")
	for _, term := range append(res.Terms, res.Entities...) {
		assert.ElementsMatch(t, []string{"term", "count", "background", "score"}, mapKeys(term))
	}

	code, out, errOut = cli(t, "", "terms", "-index", dir, "-lang", "de", "*")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "3 articles match lang:\"de\"")
	assert.Contains(t, out, "word ")
	assert.Contains(t, out, "entity ")
}

func mapKeys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestKWICCommand(t *testing.T) {
	dir := seedIndex(t)
	code, out, errOut := cli(t, "", "kwic", "-index", dir, "-width", "20", "Kursk")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "a569098f7073538ab1ceecb05  2025-08-20  KCNA  en  tion for liberating **Kursk** Region occupied by \n", out,
		"a line per occurrence: id, published, source, language, left, match, right")

	code, out, errOut = cli(t, "", "kwic", "-index", dir, "-json", "Kursk")
	require.Equal(t, 0, code, errOut)
	var lines []map[string]string
	require.NoError(t, json.Unmarshal([]byte(out), &lines))
	require.Len(t, lines, 1)
	assert.Equal(t, "Kursk", lines[0]["match"])
	for _, k := range []string{"id", "published", "source", "language", "left", "match", "right"} {
		assert.Contains(t, lines[0], k)
	}

	code, out, errOut = cli(t, "", "kwic", "-index", dir, "-json", "nothingness")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "[]\n", out, "no occurrence: an empty list")

	code, out, errOut = cli(t, "", "kwic", "-index", dir, "-csv", "-n", "2", "-sort", "newest", "Denkmal OR Kursk")
	require.Equal(t, 0, code, errOut)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"id", "published", "source", "language", "left", "match", "right", "field"}, rows[0])
	assert.Len(t, rows, 3, "-n 2")
	assert.Equal(t, "2025-08-20", rows[1][1], "newest first")
}

// TestResearchCommandsBadUsage: bad input is a clear message and exit
// status 2, nothing else.
func TestResearchCommandsBadUsage(t *testing.T) {
	dir := seedIndex(t)
	var fifty []string
	for i := range 50 {
		fifty = append(fifty, fmt.Sprintf("word%d", i))
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"trend", "-index", dir}, "want a query at least"},
		{[]string{"trend", "-index", dir, "-interval", "fortnight", "Kursk"}, `-interval "fortnight": want day, week, month or year`},
		{append([]string{"trend", "-index", dir}, fifty...), "50 queries: a trend compares at most 20"},
		{[]string{"trend", "-index", dir, "-from", "2025", "-to", "2020", "Kursk"}, "from 2025 is after to 2020"},
		{[]string{"trend", "-index", dir, "(Kursk"}, "bad query at column 1: unbalanced parenthesis"},
		{[]string{"trend", "-index", dir, "-json", "-csv", "Kursk"}, "-json and -csv cannot be combined"},
		{[]string{"trend", "-index", dir, "-interval", "day", "-from", "1700", "-to", "2200", "Kursk"}, "more than the 20000 a trend counts in"},
		{[]string{"terms", "-index", dir, "-n", "0", "Kursk"}, "-n must be from 1 to 1000"},
		{[]string{"terms", "-index", dir, "-lang", "english", "Kursk"}, "not an ISO 639 code"},
		{[]string{"terms", "-index", dir, "Kursk~5"}, "bad query"},
		{[]string{"kwic", "-index", dir, "source:KCNA"}, "has no words or phrase to show in context"},
		{[]string{"kwic", "-index", dir, "-width", "0", "Kursk"}, "-width must be from 1 to 1000"},
		{[]string{"kwic", "-index", dir, "-sort", "relevance", "Kursk"}, `-sort "relevance": want oldest or newest`},
		{[]string{"kwic", "-index", dir, "\"Kursk"}, "bad query at column 1"},
	} {
		t.Run(strings.Join(tc.args[3:], " "), func(t *testing.T) {
			code, out, errOut := cli(t, "", tc.args...)
			assert.Equal(t, 2, code, errOut)
			assert.Contains(t, errOut, tc.want)
			assert.Empty(t, out, "nothing else")
		})
	}
}
