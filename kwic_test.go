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

// kwicIndex holds a few articles in English and German with the words and
// names of the tests.
func kwicIndex(t *testing.T) *ni.Index {
	t.Helper()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(context.Background(),
		ni.Article{ID: "b", Title: "Lavrov visits Pyongyang", Body: "Sergei Lavrov visited the Workers' Party of Korea.\n\nThe   visit ended.", Language: "en", Source: "KCNA", Published: day("2025-08-20")},
		ni.Article{ID: "a", Title: "Greetings", Body: "Choe Son Hui received Lavrov, who was visiting.", Language: "en", Source: "KCNA", Published: day("2024-06-19")},
		ni.Article{ID: "c", Title: "Besuch", Body: "Außenminister Lawrow traf in Pjöngjang ein.", Language: "de", Source: "Naenara", Published: day("2025-01-05")},
		ni.Article{ID: "d", Title: "Harvest", Body: "Rice was harvested.", Language: "en", Source: "KCNA", Published: day("2025-09-01")},
		ni.Article{ID: "u", Title: "Undated visit", Body: "A visit without a date.", Language: "en", Source: "KCNA"},
	))
	return idx
}

func collect(t *testing.T, lines func(func(ni.KWICLine, error) bool)) []ni.KWICLine {
	t.Helper()
	var out []ni.KWICLine
	for l, err := range lines {
		require.NoError(t, err)
		out = append(out, l)
	}
	return out
}

// show writes a line as "id field: left[match]right".
func show(l ni.KWICLine) string {
	return fmt.Sprintf("%s %s: %s[%s]%s", l.ID, l.Field, l.Left, l.Match, l.Right)
}

func TestKWIC(t *testing.T) {
	ctx := context.Background()
	idx := kwicIndex(t)
	var got []string
	for _, l := range collect(t, idx.KWIC(ctx, ni.Match{Text: "visit"}, ni.KWICOptions{Width: 12})) {
		got = append(got, show(l))
	}
	assert.Equal(t, []string{
		"a body: ov, who was [visiting].",
		"b title: Lavrov [visits] Pyongyang",
		"b body: rgei Lavrov [visited] the Workers",
		"b body:  Korea. The [visit] ended.",
		"u title: Undated [visit]",
		"u body: A [visit] without a d",
	}, got, "the stem's inflected forms, oldest article first, the title before the body, undated last; white space single, 12 characters a side")

	lines := collect(t, idx.KWIC(ctx, ni.Match{Text: "visit"}, ni.KWICOptions{Newest: true}))
	require.NotEmpty(t, lines)
	assert.Equal(t, "b", lines[0].ID, "newest first")
	assert.Equal(t, "u", lines[len(lines)-1].ID, "undated last either way")
	assert.Equal(t, ni.KWICLine{ID: "b", Published: "2025-08-20", Source: "KCNA", Language: "en", Field: "title", Left: "Lavrov ", Match: "visits", Right: " Pyongyang"}, lines[0])

	got = nil
	for _, l := range collect(t, idx.KWIC(ctx, ni.Match{Text: "Lavrov"}, ni.KWICOptions{Width: 13})) {
		got = append(got, show(l))
	}
	assert.Equal(t, []string{
		"a body: Hui received [Lavrov], who was vis",
		"c body: ußenminister [Lawrow] traf in Pjön",
		"b title: [Lavrov] visits Pyong",
		"b body: [Sergei Lavrov] visited the ",
	}, got, "a name in every spelling the gazetteer knows (German Lawrow; Sergei Lavrov, the full name, as one match); context cut by characters, not bytes (ß)")

	got = nil
	for _, l := range collect(t, idx.KWIC(ctx, ni.Phrase{Text: "Sergei Lavrov visited"}, ni.KWICOptions{Width: 5})) {
		got = append(got, show(l))
	}
	assert.Equal(t, []string{"b body: [Sergei Lavrov visited] the "}, got, "a phrase is one match")

	got = nil
	for _, l := range collect(t, idx.KWIC(ctx, mustParse(t, `"Workers' Party of Korea" lang:en`), ni.KWICOptions{Width: 5})) {
		got = append(got, show(l))
	}
	assert.Equal(t, []string{"b body:  the [Workers' Party of Korea]. The"}, got, "words with a stop word between them are one match; filters narrow the articles")

	n := 0
	for _, err := range idx.KWIC(ctx, ni.Match{Text: "visit"}, ni.KWICOptions{}) {
		require.NoError(t, err)
		n++
		break
	}
	assert.Equal(t, 1, n, "breaking out of the loop stops it")

	data, err := json.Marshal(lines[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"b","published":"2025-08-20","source":"KCNA","language":"en","field":"title","left":"Lavrov ","match":"visits","right":" Pyongyang"}`, string(data))
}

func TestKWICBadInput(t *testing.T) {
	ctx := context.Background()
	idx := kwicIndex(t)
	for _, tc := range []struct {
		name   string
		q      ni.Query
		opts   ni.KWICOptions
		option string // "" for a *QueryError
		want   string
	}{
		{"a negative width", ni.Match{Text: "visit"}, ni.KWICOptions{Width: -1}, "KWICOptions.Width", "-1 is out of range"},
		{"too wide", ni.Match{Text: "visit"}, ni.KWICOptions{Width: 5000}, "KWICOptions.Width", "5000 is out of range (1 to 1000"},
		{"no words", ni.Source("KCNA"), ni.KWICOptions{}, "", "has no words or phrase to show in context"},
		{"words only under a not", ni.Not(ni.Match{Text: "visit"}), ni.KWICOptions{}, "", "has no words or phrase"},
		{"a nil query", nil, ni.KWICOptions{}, "", "nil query"},
		{"a bad query", ni.Match{Text: "visit", Fuzziness: 4}, ni.KWICOptions{}, "", "fuzziness 4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errs []error
			for l, err := range idx.KWIC(ctx, tc.q, tc.opts) {
				assert.Zero(t, l)
				errs = append(errs, err)
			}
			require.Len(t, errs, 1, "one error, and nothing else")
			err := errs[0]
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
	limited := wordyIndex(t, ni.Config{MaxExpansions: 100})
	for _, err := range limited.KWIC(ctx, ni.Prefix{Text: "k"}, ni.KWICOptions{}) {
		var qe *ni.QueryError
		assert.True(t, errors.As(err, &qe), "the index's limits apply: %v", err)
	}
}

// TestKWICPages: more matches than a page, walked in date order with every
// occurrence once.
func TestKWICPages(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	var articles []ni.Article
	for i := range 450 {
		articles = append(articles, ni.Article{ID: fmt.Sprintf("a%03d", i), Title: "Kursk", Body: fmt.Sprintf("Report %d from Kursk, and Kursk again.", i),
			Language: "en", Published: day("2020-01-01").AddDate(0, 0, (i*7)%450)})
	}
	require.NoError(t, idx.Add(ctx, articles...))
	lines := collect(t, idx.KWIC(ctx, ni.Match{Text: "Kursk"}, ni.KWICOptions{}))
	require.Len(t, lines, 3*450, "a title and two body matches an article")
	seen := map[string]int{}
	for i, l := range lines {
		seen[l.ID]++
		if i > 0 {
			assert.LessOrEqual(t, lines[i-1].Published, l.Published, "by date")
		}
	}
	assert.Len(t, seen, 450, "every article, across pages of 20 and 200")
}

// TestKWICKCNA: on the KCNA archive a name's lines are found in every
// spelling, and the first line of a query with 1,000 matches comes fast.
func TestKWICKCNA(t *testing.T) {
	idx := kcnaIndex(t)
	ctx := context.Background()
	forms := map[string]int{}
	ids := map[string]bool{}
	for l, err := range idx.KWIC(ctx, mustParse(t, "Ulan-Ude"), ni.KWICOptions{}) {
		require.NoError(t, err)
		forms[l.Match]++
		ids[l.ID] = true
	}
	res, err := idx.Search(ctx, mustParse(t, "Ulan-Ude"), ni.SearchOptions{Size: 1, IDsOnly: true})
	require.NoError(t, err)
	assert.Equal(t, int(res.Total), len(ids), "a line at least for every matching article")
	assert.Positive(t, forms["Ulan-Ude"])
	for f := range forms {
		assert.Contains(t, []string{"Ulan-Ude", "Ulan Ude", "ULAN-UDE", "Ulan-ude", "Ulan－Ude"}, f, "the name as the articles write it (a full-width hyphen too)")
	}

	start := time.Now()
	for l, err := range idx.KWIC(ctx, mustParse(t, "friendship published:2011"), ni.KWICOptions{}) {
		require.NoError(t, err)
		assert.Equal(t, "2011-01-01", l.Published[:10], "the oldest first")
		assert.Contains(t, strings.ToLower(l.Match), "friend")
		break
	}
	assert.Less(t, time.Since(start), 5*time.Second, "the first line comes at once (goal 100 ms; the benchmark measures it)")
}
