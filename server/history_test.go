package server_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/server"
)

// historyServer serves an index with an article edited twice, one
// deleted and one never changed.
func historyServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	idx, err := newsindex.Open("", newsindex.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { idx.Close() })
	day := time.Date(2013, 11, 1, 0, 0, 0, 0, time.UTC)
	art := func(id, title, body string, seen time.Time) newsindex.Article {
		return newsindex.Article{ID: id, Title: title, Body: body, Language: "en", Source: "KCNA", Published: day, Retrieved: seen}
	}
	seen := func(d int) time.Time { return time.Date(2013, 12, d, 9, 0, 0, 0, time.UTC) }
	require.NoError(t, idx.Add(ctx,
		art("visit", "Inspection", "Jang Song Thaek inspected the factory with officials.\nThe workers greeted him.", seen(1)),
		art("gone", "Meeting", "Jang Song Thaek met the delegation.", seen(1)),
		art("plain", "Harvest", "The harvest was good.", seen(1))))
	require.NoError(t, idx.Add(ctx, art("visit", "Inspection", "Officials inspected the factory.\nThe workers greeted them.", seen(9))))
	require.NoError(t, idx.Add(ctx, art("visit", "Inspection of a factory", "Officials inspected the factory.\nThe workers greeted them.", seen(12))))
	require.NoError(t, idx.Delete(ctx, "gone"))
	srv := httptest.NewServer(server.New(idx, server.Options{}))
	t.Cleanup(srv.Close)
	return srv
}

func TestAPIHistoryAndDiff(t *testing.T) {
	srv := historyServer(t)
	code, body, _ := get(t, srv, "/api/articles/visit/history")
	require.Equal(t, 200, code, body)
	var h struct {
		ID       string `json:"id"`
		Versions []struct {
			Version int       `json:"version"`
			Seen    time.Time `json:"seen"`
			Deleted bool      `json:"deleted"`
			Title   string    `json:"title"`
			Body    string    `json:"body"`
		} `json:"versions"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &h))
	assert.Equal(t, "visit", h.ID)
	require.Len(t, h.Versions, 3)
	assert.Equal(t, 1, h.Versions[0].Version)
	assert.Contains(t, h.Versions[0].Body, "Jang Song Thaek")
	assert.Equal(t, "Inspection of a factory", h.Versions[2].Title)
	assert.Equal(t, time.Date(2013, 12, 9, 9, 0, 0, 0, time.UTC), h.Versions[1].Seen.UTC(), "dated by when the copy was fetched")

	code, body, _ = get(t, srv, "/api/articles/gone/history")
	require.Equal(t, 200, code, body)
	require.NoError(t, json.Unmarshal([]byte(body), &h))
	require.Len(t, h.Versions, 2)
	assert.True(t, h.Versions[1].Deleted)

	code, body, _ = get(t, srv, "/api/diff?a=visit@1&b=visit")
	require.Equal(t, 200, code, body)
	var d struct {
		A, B    string
		Changes []newsindex.Change `json:"changes"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &d))
	assert.Equal(t, "visit@1", d.A)
	assert.Contains(t, d.Changes, newsindex.Change{Op: "delete", Text: "Jang Song Thaek"})

	for _, tc := range []struct {
		path string
		code int
		want string
	}{
		{"/api/articles/nothing/history", 404, "article not found"},
		{"/api/diff?a=visit", 400, "a and b name the two articles"},
		{"/api/diff?a=visit@0&b=visit", 400, "versions are numbered from 1"},
		{"/api/diff?a=visit@9&b=visit", 404, "the article has 3 entries (visit@1 to visit@3)"},
		{"/api/diff?a=nothing&b=visit", 404, "article not found"},
		{"/api/diff?a=gone&b=visit", 404, `is deleted (its versions are gone@1 to gone@1)`},
	} {
		code, body, _ := get(t, srv, tc.path)
		assert.Equal(t, tc.code, code, tc.path)
		assert.Contains(t, body, tc.want, tc.path)
	}
}

func TestAPIHistoryAndDroppedSearch(t *testing.T) {
	srv := historyServer(t)
	type hit struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
		Current bool   `json:"current"`
		Deleted bool   `json:"deleted"`
	}
	search := func(params string) []hit {
		t.Helper()
		code, body, _ := get(t, srv, "/api/search?sort=oldest&"+params)
		require.Equal(t, 200, code, body)
		var res struct{ Hits []hit }
		require.NoError(t, json.Unmarshal([]byte(body), &res))
		return res.Hits
	}
	q := "q=" + url.QueryEscape(`"Jang Song Thaek"`)
	assert.Empty(t, search(q), "the current versions no longer name him")
	assert.ElementsMatch(t, []hit{{"visit", 1, false, false}, {"gone", 1, false, true}}, search(q+"&history=1"))
	assert.ElementsMatch(t, []hit{{"visit", 1, false, false}, {"gone", 1, false, true}}, search(q+"&dropped=1"))
	q = "q=officials"
	assert.ElementsMatch(t, []hit{{"visit", 1, false, false}, {"visit", 2, false, false}, {"visit", 3, true, false}}, search(q+"&history=1"))
	assert.Empty(t, search(q+"&dropped=1"), "the current version has the word still")
	code, body, _ := get(t, srv, "/api/search?history=maybe")
	assert.Equal(t, 400, code)
	assert.Contains(t, body, "history must be 1 or 0")
}

func TestArticlePageHistory(t *testing.T) {
	srv := historyServer(t)
	code, body, _ := get(t, srv, "/articles/visit")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "3 versions · last changed 12 December 2013")
	assert.Contains(t, body, `<h1>Inspection of a factory</h1>`)
	// Newest change first: the title, then the body.
	i := strings.Index(body, "Version 2</a> → ")
	j := strings.Index(body, "Version 1</a> → ")
	require.Positive(t, i)
	require.Greater(t, j, i, "newest change first")
	assert.Contains(t, body, "<del>Jang Song Thaek</del><ins>Officials</ins> inspected the factory")
	assert.Contains(t, body, "Inspection<ins> of a factory</ins>")
	assert.NotContains(t, body, "not the current one")

	code, body, _ = get(t, srv, "/articles/visit?version=1")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "This is version 1 of 3, not the current one.")
	assert.Contains(t, body, `<a href="../articles/visit">See the current version</a>`)
	assert.Contains(t, body, "Jang Song Thaek inspected the factory")

	code, body, _ = get(t, srv, "/articles/visit?version=1&q="+url.QueryEscape("Jang"))
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "<mark>Jang</mark> Song Thaek", "an earlier version is marked too")

	code, body, _ = get(t, srv, "/articles/gone")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "This article was deleted on ")
	assert.Contains(t, body, "Below is what it said last.")
	assert.Contains(t, body, "Jang Song Thaek met the delegation.")
	assert.Contains(t, body, "1 version · deleted ")

	code, body, _ = get(t, srv, "/articles/plain")
	require.Equal(t, 200, code, body)
	assert.NotContains(t, body, "What changed", "one version: no history")

	for _, tc := range []struct {
		path string
		code int
		want string
	}{
		{"/articles/visit?version=9", 404, "This article has 3 versions; there is no version 9."},
		{"/articles/visit?version=x", 400, "The version must be a number from 1."},
		{"/articles/nothing", 404, "There is no article with this ID"},
	} {
		code, body, _ := get(t, srv, tc.path)
		assert.Equal(t, tc.code, code, tc.path)
		assert.Contains(t, body, tc.want, tc.path)
	}
}

func TestSearchPageHistory(t *testing.T) {
	srv := historyServer(t)
	code, body, _ := get(t, srv, "/?history=1&q="+url.QueryEscape(`"Jang Song Thaek"`))
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `id="history" name="history" type="checkbox" value="1" checked`)
	assert.Contains(t, body, "version 1, since changed")
	assert.Contains(t, body, "version 1 · the article is deleted")
	assert.Contains(t, body, "version=1", "a hit of an earlier version links to that version")
	assert.Contains(t, body, "Show only what was taken out")

	code, body, _ = get(t, srv, "/?dropped=1&q=officials")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, "0 versions match")
	assert.Contains(t, body, "Show every version that matches")
}

func TestElide(t *testing.T) {
	long := "one two three four five six seven eight nine ten"
	for _, tc := range []struct {
		name          string
		text          string
		before, after bool
		want          string
	}{
		{"short text stays whole", "a b c", true, true, "a b c"},
		{"after a change: its first words", " " + long, true, false, " one two …"},
		{"before a change: its last words", long + " ", false, true, "… nine ten "},
		{"between two: both ends", " " + long + " ", true, true, " one two … nine ten "},
		{"the whole text unchanged", long, false, false, long},
		{"lines count as spaces", "one\ntwo three four five six seven\neight", true, false, "one\ntwo …"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, server.Elide(tc.text, 2, tc.before, tc.after))
		})
	}
}
