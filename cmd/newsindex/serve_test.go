package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
)

// TestServeWhileIndexing is the everyday setup: the page is up all day
// while newsindex index adds articles; the articles are on the page as
// soon as index has added them, and search and stats work beside it.
func TestServeWhileIndexing(t *testing.T) {
	dir := seedIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-index", dir, "-addr", "127.0.0.1:0"}, env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: pw})
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	require.True(t, lines.Scan())
	first := lines.Text()
	base := strings.TrimSuffix(first[strings.Index(first, "http://"):], " (Ctrl-C stops)")
	go func() {
		for lines.Scan() {
		}
	}()

	more := filepath.Join(t.TempDir(), "more.jsonl")
	require.NoError(t, os.WriteFile(more, []byte(`{"id":"hourly-1","title":"Ulan-Ude welcomes a delegation","body":"The delegation arrived in Ulan-Ude.","language":"en","source":"KCNA","published":"2025-09-01"}`+"\n"), 0o644))
	code, out, errOut := cli(t, "", "index", "-index", dir, more)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "indexed 1,")

	resp, err := http.Get(base + "api/search?q=Ulan-Ude")
	require.NoError(t, err)
	var res newsindex.Result
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&res))
	resp.Body.Close()
	require.Equal(t, uint64(1), res.Total, "on the page at once")
	assert.Equal(t, "hourly-1", res.Hits[0].Article.ID)

	code, out, errOut = cli(t, "", "search", "-index", dir, "-json", "Ulan-Ude")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"hourly-1"`)
	code, out, errOut = cli(t, "", "stats", "-index", dir, "-json")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"articles": 7`)
	code, out, _ = cli(t, "", "index", "-index", dir, more)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "skipped 1 (unchanged)", "an ingest through the server skips what is there")

	cancel()
	select {
	case code := <-done:
		assert.Equal(t, 0, code)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	code, _, errOut = cli(t, "", "index", "-index", dir, more)
	assert.Equal(t, 0, code, "with serve gone, index opens the index itself: %s", errOut)
}

// TestSearchRelaxesAndSaysSo: a search that no article matches with every
// word takes the articles with most of them and says so; -strict does not.
func TestSearchRelaxesAndSaysSo(t *testing.T) {
	dir := seedIndex(t)
	code, out, errOut := cli(t, "", "search", "-index", dir, "Kursk", "liberation", "spaceship")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "0 articles have every word; these have at least")
	assert.Contains(t, out, "Kursk")
	code, out, _ = cli(t, "", "search", "-index", dir, "-strict", "Kursk", "liberation", "spaceship")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "0 articles match")
	code, out, _ = cli(t, "", "search", "-index", dir, "-json", "Kursk", "spaceship")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"relaxed": 1`)
	code, _, errOut = cli(t, "", "search", "-index", dir, "-prefer", "de,en", "Russland")
	assert.Equal(t, 0, code, "-prefer takes languages (the library's TestPrefer checks the order): %s", errOut)
}
