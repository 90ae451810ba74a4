package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

// cli runs a command in process and returns its exit status and output.
func cli(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut})
	return code, out.String(), errOut.String()
}

// seedIndex indexes testdata/seed.txt into a new index directory.
func seedIndex(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "idx")
	code, out, errOut := cli(t, "", "index", "-index", dir, "../../testdata/seed.txt")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "indexed 6, replaced 0, skipped 0 (unchanged), failed 0 in ")
	return dir
}

func TestIndexSeedThenSearchJSON(t *testing.T) {
	dir := seedIndex(t)
	code, out, errOut := cli(t, "", "search", "-index", dir, "-json", "-n", "10")
	require.Equal(t, 0, code, errOut)
	var res struct {
		Total uint64 `json:"total"`
		Hits  []struct {
			newsindex.Article
			Score float64 `json:"score"`
		} `json:"hits"`
		Facets map[string][]newsindex.Bucket `json:"facets"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, uint64(6), res.Total)
	got := map[string]newsindex.Article{}
	for _, h := range res.Hits {
		got[h.Title] = h.Article
	}
	seed, err := os.ReadFile("../../testdata/seed.jsonl")
	require.NoError(t, err)
	for _, line := range strings.Split(strings.TrimSpace(string(seed)), "\n") {
		var want newsindex.Article
		require.NoError(t, json.Unmarshal([]byte(line), &want))
		a, ok := got[want.Title]
		require.True(t, ok, "missing %q", want.Title)
		want.ID = a.ID // derived from outlet, day and title
		assert.Equal(t, want, a)
	}
	assert.Equal(t, []newsindex.Bucket{{Value: "2020", Count: 2}, {Value: "2025", Count: 4}}, res.Facets["year"])

	code, out, _ = cli(t, "", "index", "-index", dir, "../../testdata/seed.txt")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "indexed 0, replaced 0, skipped 6 (unchanged), failed 0")
}

func TestSearchText(t *testing.T) {
	dir := seedIndex(t)
	tests := []struct {
		args   []string
		want   []string
		reason string
	}{
		{[]string{"Kursk"}, []string{"1 article matches Kursk\n", "liberating **Kursk** Region", "source:   KCNA 1"}, "hits with marked fragments, then facets"},
		{[]string{"-lang", "de", "-from", "2025"}, []string{"1 article matches lang:\"de\" published:>=2025-01-01\n", "KZNA/Naenara · 2025-08 · de"}, "filters without words; a month-precise date prints as a month"},
		{[]string{"-source", "KCNA", "-to", "2025-08-18", "Moscow"}, []string{"1 article matches", "DPRK Embassy in Moscow Hosts Reception"}, "-to includes the whole day"},
		{[]string{"-n", "1", "-sort", "oldest"}, []string{"6 articles match *\n", "Naenara · 2020-04-24 · de", "more: add -after "}, "a cursor for the next page"},
		{[]string{"-any", "Kursk", "liberation", "nothingness"}, []string{"3 articles match Kursk OR liberation OR nothingness\n", "**liberating Kursk** Region", "Korea's **liberation**"}, "-any: free text needs any of its words"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			code, out, errOut := cli(t, "", append([]string{"search", "-index", dir}, tt.args...)...)
			require.Equal(t, 0, code, errOut)
			for _, w := range tt.want {
				assert.Contains(t, out, w)
			}
		})
	}
}

func TestBrokenJSONLLine(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	file := filepath.Join(t.TempDir(), "articles.jsonl")
	require.NoError(t, os.WriteFile(file, []byte(`{"id":"1","title":"One","language":"en"}`+"\n"+`{"id":"2","title":`+"\n"+`{"id":"3","title":"Three","language":"en"}`+"\n"), 0o644))
	code, out, errOut := cli(t, "", "index", "-index", dir, file)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, file+":2: bad JSON")
	assert.Contains(t, errOut, "1 of 3 records could not be indexed")
	assert.Contains(t, out, "indexed 2, replaced 0, skipped 0 (unchanged), failed 1")
	code, out, _ = cli(t, "", "stats", "-index", dir)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "articles:  2")
}

func TestNamesFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	names := filepath.Join(t.TempDir(), "names.txt")
	require.NoError(t, os.WriteFile(names, []byte("# ours\ntopecha\tperson\tWladimir Topecha | Vladimir Topecha | Владимир Топеча\n"), 0o644))
	code, _, errOut := cli(t, "", "index", "-index", dir, "-names", names, "../../testdata/seed.txt")
	require.Equal(t, 0, code, errOut)
	code, out, _ := cli(t, "", "search", "-index", dir, "Владимир Топеча")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "1 article matches", "the index kept the alias list: searches need no flag")
	assert.Contains(t, out, "Mitarbeiter der russischen Botschaft")

	require.NoError(t, os.WriteFile(names, []byte("broken\n"), 0o644))
	code, _, errOut = cli(t, "", "index", "-index", dir, "-names", names, "../../testdata/seed.txt")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "names.txt:1: want")
}

func TestStandardInput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	code, out, errOut := cli(t, `{"id":"x","title":"From a pipe","language":"en"}`+"\n", "index", "-index", dir, "-")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "indexed 1")
}

func TestGetStatsDeleteExport(t *testing.T) {
	dir := seedIndex(t)
	id := newsindex.Article{Source: "KCNA", Published: mustDate("2025-08-18"), Title: "DPRK Embassy in Moscow Hosts Reception"}.StableID()

	code, out, errOut := cli(t, "", "get", "-index", dir, id)
	require.Equal(t, 0, code, errOut)
	var a newsindex.Article
	require.NoError(t, json.Unmarshal([]byte(out), &a))
	assert.Equal(t, "Pyongyang", a.Dateline)

	code, _, errOut = cli(t, "", "get", "-index", dir, "nope")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `article not found: "nope"`)

	code, out, _ = cli(t, "", "stats", "-index", dir, "-json")
	require.Equal(t, 0, code)
	var st newsindex.Stats
	require.NoError(t, json.Unmarshal([]byte(out), &st))
	assert.Equal(t, uint64(6), st.Articles)
	assert.Equal(t, mustDate("2020-04-24"), st.Oldest)

	code, out, _ = cli(t, "", "export", "-index", dir, "-format", "csv", "source:KCNA")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.Equal(t, "id,title,body,language,source,published,precision,author,dateline,url,section,score,entities", lines[0])
	assert.Contains(t, out, "DPRK Embassy in Moscow Hosts Reception")
	code, out, _ = cli(t, "", "export", "-index", dir)
	require.Equal(t, 0, code)
	assert.Len(t, strings.Split(strings.TrimSpace(out), "\n"), 6, "export with no query writes every article as JSON Lines")

	code, out, errOut = cli(t, "", "delete", "-index", dir, id, "nope")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "deleted 1 of 2 articles")
	assert.Contains(t, errOut, "1 of the IDs were not in the index")
	code, out, _ = cli(t, "", "search", "-index", dir, "embassy")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "0 articles match")
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, "usage: newsindex COMMAND"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"search", "Putin"}, "-index DIR is required"},
		{[]string{"stats", "-index", "x", "-bogus"}, "flag provided but not defined: -bogus"},
		{[]string{"search", "-index", "x", "-sort", "best"}, `unknown sort "best"`},
		{[]string{"search", "-index", "x", "(Putin"}, "bad query at column 1: unbalanced parenthesis"},
		{[]string{"search", "-index", "x", "-from", "yesterday"}, `from: bad date "yesterday"`},
		{[]string{"index", "-index", "x"}, "no PATH to index"},
		{[]string{"index", "-index", "x", "-format", "xml", "f"}, `unknown format "xml"`},
		{[]string{"index", "-index", "x", "-comma", ";;", "f"}, `-comma takes one character`},
		{[]string{"get", "-index", "x"}, "want one article ID"},
		{[]string{"export", "-index", "x", "-format", "xml"}, `-format "xml": want jsonl or csv`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errOut := cli(t, "", tt.args...)
			assert.Equal(t, 2, code, errOut)
			assert.Contains(t, errOut, tt.want)
		})
	}
	code, _, errOut := cli(t, "", "search", "-index", filepath.Join(t.TempDir(), "none"), "x")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no index at")
	code, out, _ := cli(t, "", "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "commands:")
}

// TestBinary builds the command and runs it as a user would.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "newsindex")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	dir := filepath.Join(t.TempDir(), "idx")
	out, err := exec.Command(bin, "index", "-index", dir, "../../testdata/seed.txt").Output()
	require.NoError(t, err)
	assert.Contains(t, string(out), "indexed 6")
	out, err = exec.Command(bin, "search", "-index", dir, "-json", "Denkmal").Output()
	require.NoError(t, err)
	assert.Contains(t, string(out), `"total": 1`)
	assert.Contains(t, string(out), "<mark>Denkmälern</mark>")
	err = exec.Command(bin, "search").Run()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 2, exit.ExitCode())
}

func mustDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestServe(t *testing.T) {
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
	require.Contains(t, first, "serving "+dir+" on http://127.0.0.1:")
	base := strings.TrimSuffix(first[strings.Index(first, "http://"):], " (Ctrl-C stops)")

	resp, err := http.Get(base + "api/search?q=Kursk")
	require.NoError(t, err)
	var res newsindex.Result
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&res))
	resp.Body.Close()
	assert.Equal(t, uint64(1), res.Total)
	resp, err = http.Get(base + "api/search?q=(Kursk")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	cancel() // as SIGINT does
	go func() {
		for lines.Scan() {
		}
	}()
	select {
	case code := <-done:
		assert.Equal(t, 0, code)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestEval(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "eval", "cacm")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: no test collection at %s", dir)
	}
	code, out, errOut := cli(t, "", "eval", "-json", dir)
	require.Equal(t, 0, code, errOut)
	var s map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &s))
	assert.Equal(t, "cacm", s["collection"])
	assert.Equal(t, 52.0, s["queries"])
	for _, k := range []string{"language", "ndcg_at_10", "map", "recall_at_100"} {
		assert.Contains(t, s, k)
	}
	code, _, errOut = cli(t, "", "eval", t.TempDir())
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no test collection in")
}

func TestBenchJSON(t *testing.T) {
	code, out, errOut := cli(t, "", "bench", "-json", "-rounds", "1", "-corpus", "../../testdata/seed.jsonl", "-n", "40", "-systems", "newsindex")
	require.Equal(t, 0, code, errOut)
	var rep map[string]map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	for _, k := range []string{"docs_per_s", "mb_per_s", "index_bytes_per_text_byte", "peak_rss_mb", "p50_ms", "p95_ms", "p99_ms", "qps"} {
		assert.Contains(t, rep["newsindex"], k)
	}
	assert.Equal(t, 40.0, rep["newsindex"]["docs"], "-n resamples the six articles to 40")
	assert.NotContains(t, rep, "ratios", "one system: no ratios")
	kinds, ok := rep["newsindex"]["kinds"].([]any)
	if assert.True(t, ok, "the latency of each kind of query") && assert.Len(t, kinds, 8) {
		assert.Equal(t, "phrase", kinds[2].(map[string]any)["kind"])
		assert.Contains(t, kinds[2], "p99_ms")
	}

	// The table shows each kind of query beside Bleve's, p50 / p99 and the ratio of the p99s.
	code, out, errOut = cli(t, "", "bench", "-rounds", "1", "-corpus", "../../testdata/seed.jsonl", "-n", "40")
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, `(?m)^p50 / p99 ms, phrase +[0-9.]+ / [0-9.]+ +[0-9.]+ / [0-9.]+ +[0-9.]+x$`, out)
	assert.Regexp(t, `(?m)^p50 / p99 ms, deep page `, out)

	code, _, errOut = cli(t, "", "bench", "-corpus", "../../testdata/seed.jsonl", "-systems", "lucene")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `unknown system "lucene"`)
}

func TestParseArgs(t *testing.T) {
	type got struct {
		Index, From string
		JSON        bool
		N           int
		Args        []string
	}
	tests := []struct {
		name      string
		args      []string
		dashWords bool // the command's arguments are query words
		want      got
		wantErr   string // on stderr; exit status 2
		wantNote  string // on stderr; no error
		reason    string
	}{
		{"flags first", []string{"-index", "d", "-json", "Kim"}, true, got{Index: "d", JSON: true, N: 10, Args: []string{"Kim"}}, "", "", "the old way still works"},
		{"flags after the words", []string{"-index", "d", "Kim", "Jong", "Il", "-from", "2011-08"}, true, got{Index: "d", From: "2011-08", N: 10, Args: []string{"Kim", "Jong", "Il"}}, "", "", "-from after the query is a flag, not the word from"},
		{"flags between the words", []string{"Kim", "-n", "3", "Jong", "-json", "Il"}, true, got{N: 3, JSON: true, Args: []string{"Kim", "Jong", "Il"}}, "", "", "a value flag takes the next word, a boolean flag none"},
		{"double dash and =", []string{"Kim", "--from=2011", "--index", "d", "-n=2"}, true, got{Index: "d", From: "2011", N: 2, Args: []string{"Kim"}}, "", "", "--name and -name=value as the flag package reads them"},
		{"boolean with a value", []string{"-json=false", "Kim"}, true, got{N: 10, Args: []string{"Kim"}}, "", "", "-json=false turns a boolean off"},
		{"-- ends the flags", []string{"-index", "d", "--", "-json", "-n", "3"}, true, got{Index: "d", N: 10, Args: []string{"-json", "-n", "3"}}, "", "", "after -- every word is an argument, even one that names a flag"},
		{"exclusion", []string{"Kursk", "-Sowjetunion", "-index", "d"}, true, got{Index: "d", N: 10, Args: []string{"Kursk", "-Sowjetunion"}}, "", "", "-Sowjetunion is no flag: a query word that leaves articles out, without a note"},
		{"misspelt flag in a query", []string{"Kim", "-form", "2011"}, true, got{N: 10, Args: []string{"Kim", "-form", "2011"}}, "", "-form is not a flag, so it is read as part of the query (did you mean -from?", "valid query syntax, but a note says what it looks like"},
		{"misspelt flag after --", []string{"--", "Kim", "-form"}, true, got{N: 10, Args: []string{"Kim", "-form"}}, "", "", "after -- the words are meant as they are: no note"},
		{"value that starts with -", []string{"-from", "-1", "x"}, true, got{From: "-1", N: 10, Args: []string{"x"}}, "", "", "a value flag takes the next word whatever it is"},
		{"standard input", []string{"-", "-index", "d"}, false, got{Index: "d", N: 10, Args: []string{"-"}}, "", "", "- alone is an argument"},
		{"unknown flag", []string{"-index", "d", "-bogus", "x"}, false, got{}, "flag provided but not defined: -bogus", "", "commands whose arguments are not queries reject undefined flags"},
		{"unknown flag after --", []string{"-index", "d", "--", "-bogus"}, false, got{Index: "d", N: 10, Args: []string{"-bogus"}}, "", "", "an argument starting with - goes after --"},
		{"missing value", []string{"Kim", "-n"}, true, got{}, "flag needs an argument: -n", "", "a value flag at the end has no value"},
		{"bad value", []string{"-n", "many", "Kim"}, true, got{}, `invalid value "many" for flag -n`, "", "the flag package checks values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			fs := newFlags("search", "[flags] QUERY...", env{stderr: &stderr})
			var g got
			fs.StringVar(&g.Index, "index", "", "")
			fs.StringVar(&g.From, "from", "", "")
			fs.BoolVar(&g.JSON, "json", false, "")
			fs.IntVar(&g.N, "n", 10, "")
			err := parseArgs(fs, tt.args, tt.dashWords)
			if tt.wantErr != "" {
				require.Error(t, err, tt.reason)
				assert.ErrorIs(t, err, errUsage)
				assert.Contains(t, stderr.String(), tt.wantErr, tt.reason)
				return
			}
			require.NoError(t, err, tt.reason)
			g.Args = fs.Args()
			if len(g.Args) == 0 {
				g.Args = nil
			}
			assert.Equal(t, tt.want, g, tt.reason)
			if tt.wantNote == "" {
				assert.Empty(t, stderr.String(), tt.reason)
			} else {
				assert.Contains(t, stderr.String(), tt.wantNote, tt.reason)
			}
		})
	}
}

// TestFlagsAnywhere runs every command with its flags after its arguments.
func TestFlagsAnywhere(t *testing.T) {
	dir := seedIndex(t)
	id := newsindex.Article{Source: "KCNA", Published: mustDate("2025-08-18"), Title: "DPRK Embassy in Moscow Hosts Reception"}.StableID()
	tests := []struct {
		args     []string
		wantCode int
		want     string // in stdout, or in stderr when wantCode is not 0
		reason   string
	}{
		{[]string{"search", "Kursk", "-index", dir, "-lang", "de"}, 0, "0 articles match", "-lang after the words filters; before the fix the query was Kursk -lang de"},
		{[]string{"search", "Kursk", "-index", dir, "-json"}, 0, `"total": 1`, "a boolean flag at the end"},
		{[]string{"search", "-index", dir, "Moscow", "-from", "2025-08-19"}, 0, "0 articles match", "-from after the query is a flag: nothing from the 19th names Moscow"},
		{[]string{"search", "-index", dir, "-json", "--", "-Kursk"}, 0, `"total": 5`, "after --, -Kursk is the query: every article without Kursk"},
		{[]string{"search", "-index", dir, "--", "-json"}, 0, "6 articles match", "after --, -json is a query word (no article has the word json), not JSON output"},
		{[]string{"search", "-index", dir, "Kursk", "-Freundschaft"}, 0, "1 article", "an exclusion that names no flag is a query word"},
		{[]string{"export", "source:KCNA", "-index", dir, "-format", "csv"}, 0, "id,title,body", "export with the flags last"},
		{[]string{"get", id, "-index", dir}, 0, `"dateline": "Pyongyang"`, "get ID -index DIR"},
		{[]string{"stats", "-json", "-index", dir}, 0, `"articles": 6`, "stats"},
		{[]string{"index", "../../testdata/seed.txt", "-index", dir}, 0, "skipped 6 (unchanged)", "index PATH -index DIR"},
		{[]string{"stats", "-index", dir, "-bogus"}, 2, "flag provided but not defined: -bogus", "an undefined flag of a command without query words is an error"},
		{[]string{"get", "-index", dir, "--", "-x"}, 1, `article not found: "-x"`, "an ID starting with - goes after --"},
		{[]string{"bench", "-corpus", "../../testdata/seed.jsonl", "extra"}, 2, "bench takes no arguments", "bench no longer ignores stray words"},
		{[]string{"eval", t.TempDir(), "-json"}, 1, "no test collection in", "eval DIR -json reads -json as a flag, not a collection"},
		{[]string{"delete", id, "-index", dir}, 0, "deleted 1 of 1", "delete ID -index DIR (last: it changes the index)"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := cli(t, "", tt.args...)
			require.Equal(t, tt.wantCode, code, "%s\nstdout: %s\nstderr: %s", tt.reason, out, errOut)
			if tt.wantCode == 0 {
				assert.Contains(t, out, tt.want, tt.reason)
			} else {
				assert.Contains(t, errOut, tt.want, tt.reason)
			}
		})
	}
}

func TestErrorPrefixOnce(t *testing.T) {
	dir := seedIndex(t)
	tests := []struct {
		args     []string
		wantCode int
		want     string // the whole of stderr
		reason   string
	}{
		{[]string{"get", "-index", dir, "nope"}, 1, "newsindex get: article not found: \"nope\"\n", "a sentinel of the library"},
		{[]string{"search", "-index", dir, "(Putin"}, 2, "newsindex search: bad query at column 1: unbalanced parenthesis: ( is never closed\n", "a *QueryError"},
		{[]string{"search", "-index", dir, "-sort", "best", "x"}, 2, "newsindex search: unknown sort \"best\" (want relevance, newest or oldest)\n", "a library error turned into a usage error"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, _, errOut := cli(t, "", tt.args...)
			assert.Equal(t, tt.wantCode, code, tt.reason)
			assert.Equal(t, tt.want, errOut, tt.reason)
		})
	}
}

func TestMarks(t *testing.T) {
	const fragment = "operation for <mark>liberating</mark> <mark>Kursk</mark> Region &amp; &quot;more&quot;\n…"
	tests := []struct {
		name              string
		terminal, noColor bool
		want              string
		reason            string
	}{
		{"terminal", true, false, "operation for \x1b[1mliberating\x1b[0m \x1b[1mKursk\x1b[0m Region & \"more\" …", "bold on a terminal, as the README says"},
		{"NO_COLOR", true, true, "operation for **liberating** **Kursk** Region & \"more\" …", "NO_COLOR: no escape sequences, the plain marks"},
		{"pipe", false, false, "operation for **liberating** **Kursk** Region & \"more\" …", "not a terminal: the marks examples/search writes too"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, terminalText(fragment, styleFor(tt.terminal, tt.noColor)), tt.reason)
		})
	}
}

func TestOneArticle(t *testing.T) {
	dir := seedIndex(t)
	tests := []struct {
		args   []string
		want   string
		reason string
	}{
		{[]string{"search", "-index", dir, "Kursk"}, "1 article matches ", "one match: singular noun and verb"},
		{[]string{"search", "-index", dir, "Moscow"}, "2 articles match ", "two: plural"},
		{[]string{"search", "-index", dir, "nothingness"}, "0 articles match ", "none: plural"},
		{[]string{"delete", "-index", dir, "nope"}, "deleted 0 of 1 article\n", "delete counts the IDs it was given"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[3:], " "), func(t *testing.T) {
			_, out, _ := cli(t, "", tt.args...)
			assert.Contains(t, out, tt.want, tt.reason)
		})
	}
}

func TestQueryEcho(t *testing.T) {
	dir := seedIndex(t)
	tests := []struct {
		args   []string
		want   string // the first line
		reason string
	}{
		{[]string{"Kursk"}, "1 article matches Kursk", "the query as the user wrote it"},
		{[]string{"Kursk", "-Freundschaft", "-source", "KCNA"}, "1 article matches (Kursk NOT Freundschaft) source:\"KCNA\"", "the flags' filters in the query language, to paste into the page or a query"},
		{[]string{"-from", "2025-08", "-to", "2025-08-18"}, "2 articles match published:[2025-08-01 TO 2025-08-18]", "dates as days"},
		{[]string{"-explain", "Kursk"}, "1 article matches (match \"Kursk\")", "-explain: the S-expression the library runs"},
		{[]string{"Kursk", "-lang", "en", "-explain"}, "1 article matches (and (match \"Kursk\") (language \"en\"))", "-explain after the words"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := cli(t, "", append([]string{"search", "-index", dir}, tt.args...)...)
			require.Equal(t, 0, code, errOut)
			first, _, _ := strings.Cut(out, "\n")
			assert.Equal(t, tt.want, first, tt.reason)
		})
	}
}

func TestAuthorEntityFacetFlags(t *testing.T) {
	dir := seedIndex(t)
	tests := []struct {
		args     []string
		wantCode int
		want     []string // in stdout, or in stderr when wantCode is not 0
		not      []string // not in stdout
		reason   string
	}{
		{[]string{"search", "-entity", "kursk"}, 0, []string{"1 article matches entity:\"kursk\"", "Greetings to DPRK Foreign Minister"}, nil, "-entity filters by gazetteer ID"},
		{[]string{"search", "-author", "Kim Tae Ho", "Freundschaft"}, 0, []string{"1 article matches", "Kim Tae Ho"}, nil, "-author filters by the exact author"},
		{[]string{"search", "-entity", "putin", "-lang", "en"}, 0, []string{"0 articles match"}, nil, "filters combine"},
		{[]string{"export", "-entity", "kursk"}, 0, []string{`"title":"Greetings to DPRK Foreign Minister from Russian Foreign Minister"`}, []string{"Embassy"}, "export takes -entity"},
		{[]string{"export", "-author", "Kim Tae Ho"}, 0, []string{`"author":"Kim Tae Ho"`}, []string{"KCNA"}, "export takes -author"},
		{[]string{"search", "-n", "1"}, 0, []string{"source:   KCNA 3", "language: de 3, en 3", "year:     2020 2, 2025 4", "entity:   russia 6, dprk 5, kim-jong-un 3"}, []string{"author:", "month:"}, "by default: source, language, year and entity"},
		{[]string{"search", "-n", "1", "-facets", "month, author"}, 0, []string{"month:    2020-04 2, 2025-08 4\nauthor:   Kim Tae Ho 1\n"}, []string{"source:", "entity:"}, "-facets chooses the facets and their order"},
		{[]string{"search", "-n", "1", "-facets", ""}, 0, nil, []string{"source:", "language:", "year:", "entity:"}, "-facets '': none"},
		{[]string{"search", "-n", "1", "-json", "-facets", "year"}, 0, []string{`"year": [`}, []string{`"source": [`}, "-facets applies to JSON too"},
		{[]string{"search", "-facets", "source,topic"}, 2, []string{`newsindex search: -facets: unknown facet "topic" (want source, language, author, year, month, entity, section or changed)`}, nil, "an unknown facet is bad usage"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			args := append([]string{tt.args[0], "-index", dir}, tt.args[1:]...)
			code, out, errOut := cli(t, "", args...)
			require.Equal(t, tt.wantCode, code, "%s\n%s", tt.reason, errOut)
			got := out
			if tt.wantCode != 0 {
				got = errOut
			}
			for _, w := range tt.want {
				assert.Contains(t, got, w, tt.reason)
			}
			for _, w := range tt.not {
				assert.NotContains(t, out, w, tt.reason)
			}
		})
	}
}

func TestExportCSVDatesScoreEntities(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	articles := `{"id":"year","title":"Kim Jong Il in Moscow","language":"en","source":"KCNA","published":"2011-01-01T00:00:00Z","precision":"year"}
{"id":"month","title":"A month in Pyongyang","language":"en","source":"KCNA","published":"2011-08-01T00:00:00Z","precision":"month"}
{"id":"day","title":"Moscow, Moscow and Moscow","language":"en","source":"KCNA","published":"2011-08-20T00:00:00Z","precision":"day"}
{"id":"midnight","title":"A day without precision","language":"en","source":"KCNA","published":"2011-08-21T00:00:00Z"}
{"id":"time","title":"Evening news from Moscow","language":"en","source":"KCNA","published":"2011-08-22T18:30:00Z"}
{"id":"undated","title":"No date, no names","language":"en","source":"KCNA"}
`
	code, _, errOut := cli(t, articles, "index", "-index", dir, "-")
	require.Equal(t, 0, code, errOut)
	read := func(t *testing.T, args ...string) (header []string, rows map[string]map[string]string, order []string) {
		t.Helper()
		code, out, errOut := cli(t, "", append([]string{"export", "-index", dir, "-format", "csv"}, args...)...)
		require.Equal(t, 0, code, errOut)
		records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		require.NoError(t, err)
		require.NotEmpty(t, records)
		rows = map[string]map[string]string{}
		for _, r := range records[1:] {
			row := map[string]string{}
			for i, name := range records[0] {
				row[name] = r[i]
			}
			rows[row["id"]] = row
			order = append(order, row["id"])
		}
		return records[0], rows, order
	}

	header, rows, order := read(t)
	assert.Equal(t, append(append([]string{}, newsindex.CSVHeader...), "score", "entities"), header, "the library's columns as they were, then score and entities")
	assert.Equal(t, []string{"year", "month", "day", "midnight", "time", "undated"}, order, "oldest first, undated last, as before")
	tests := []struct {
		id, published, precision, entities, reason string
	}{
		{"year", "2011", "year", "kim-jong-il;moscow", "a year is written as a year; entity IDs joined with ;"},
		{"month", "2011-08", "month", "pyongyang", "a month as a month"},
		{"day", "2011-08-20", "day", "moscow", "a day as a day, not 2011-08-20T00:00:00Z; an entity named thrice is listed once"},
		{"midnight", "2011-08-21", "", "", "no precision and no time of day: the day"},
		{"time", "2011-08-22T18:30:00Z", "", "moscow", "a time of day when the article has one"},
		{"undated", "", "", "", "undated: empty"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			row := rows[tt.id]
			require.NotNil(t, row)
			assert.Equal(t, tt.published, row["published"], tt.reason)
			assert.Equal(t, tt.precision, row["precision"], tt.reason)
			assert.Equal(t, tt.entities, row["entities"], tt.reason)
			assert.Empty(t, row["score"], "an export in date order has no ranking")
		})
	}

	_, rows, order = read(t, "Moscow", "-sort", "relevance")
	require.Len(t, order, 3)
	assert.Equal(t, "day", order[0], "ranked: the title that says Moscow thrice first")
	var last float64
	for i, id := range order {
		score, err := strconv.ParseFloat(rows[id]["score"], 64)
		require.NoError(t, err, "a ranked export has scores")
		if i > 0 {
			assert.LessOrEqual(t, score, last, "best first")
		}
		last = score
	}
	_, _, order = read(t, "-sort", "newest")
	assert.Equal(t, []string{"time", "midnight", "day", "month", "year", "undated"}, order, "-sort newest")
	code, _, errOut = cli(t, "", "export", "-index", dir, "-sort", "best")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unknown sort "best"`)
}

func TestEntities(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	names := filepath.Join(t.TempDir(), "names.txt")
	require.NoError(t, os.WriteFile(names, []byte("topecha\tperson\tWladimir Topecha | Владимир Топеча\n"), 0o644))
	code, _, errOut := cli(t, "", "index", "-index", dir, "-names", names, "../../testdata/seed.txt")
	require.Equal(t, 0, code, errOut)

	type entity struct {
		ID        string   `json:"id"`
		Kind      string   `json:"kind"`
		Spellings []string `json:"spellings"`
		Articles  int      `json:"articles"`
	}
	list := func(t *testing.T, args ...string) map[string]entity {
		t.Helper()
		code, out, errOut := cli(t, "", append([]string{"entities", "-index", dir, "-json"}, args...)...)
		require.Equal(t, 0, code, errOut)
		var res struct{ Entities []entity }
		require.NoError(t, json.Unmarshal([]byte(out), &res))
		m := map[string]entity{}
		for _, e := range res.Entities {
			m[e.ID] = e
		}
		return m
	}
	all := list(t)
	assert.Equal(t, entity{ID: "kursk", Kind: "place", Spellings: []string{"Kursk", "Курск", "쿠르스크"}, Articles: 1}, all["kursk"], "ID, kind, spellings and the articles naming it")
	assert.Equal(t, 6, all["russia"].Articles)
	assert.Contains(t, all, "belousov", "an entity no article names is listed, with 0")
	assert.Equal(t, 0, all["belousov"].Articles)
	assert.Equal(t, 1, all["topecha"].Articles, "the index's own alias list is listed too")

	tests := []struct {
		text   []string
		want   []string
		reason string
	}{
		{[]string{"МОСКВА"}, []string{"moscow"}, "a spelling, case ignored (Cyrillic too)"},
		{[]string{"jong-u"}, []string{"kim-jong-un"}, "part of an ID"},
		{[]string{"kim", "jong"}, []string{"kim-jong-gak", "kim-jong-il", "kim-jong-suk", "kim-jong-un"}, "words of TEXT need no quotes"},
		{[]string{"Топеча"}, []string{"topecha"}, "a spelling of the index's alias list"},
		{[]string{"nowhere"}, nil, "nothing matches"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.text, " "), func(t *testing.T) {
			var ids []string
			for id := range list(t, tt.text...) {
				ids = append(ids, id)
			}
			assert.ElementsMatch(t, tt.want, ids, tt.reason)
		})
	}

	code, out, errOut := cli(t, "", "entities", "kursk", "-index", dir)
	require.Equal(t, 0, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, out)
	assert.Equal(t, []string{"id", "kind", "articles", "spellings"}, strings.Fields(lines[0]))
	assert.Equal(t, []string{"kursk", "place", "1", "Kursk", "|", "Курск", "|", "쿠르스크"}, strings.Fields(lines[1]))
	code, out, _ = cli(t, "", "entities", "-index", dir, "nowhere")
	assert.Equal(t, 0, code)
	assert.Equal(t, "no entity has \"nowhere\" in its ID or spellings\n", out)
	code, _, errOut = cli(t, "", "entities")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "-index DIR is required")
	_, out, _ = cli(t, "", "help")
	assert.Contains(t, out, "entities  list the people, places and organisations")
}

func TestStatsSources(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	var articles strings.Builder
	for i := range 12 {
		fmt.Fprintf(&articles, `{"id":"m%d","title":"Mirrored item %d","language":"en","source":"KCNA (kcna.co.jp mirror)"}`+"\n", i, i)
	}
	articles.WriteString(`{"id":"q","title":"Quoted","language":"en","source":"Radio \"Voice\""}` + "\n")
	articles.WriteString(`{"id":"k","title":"Plain","language":"en","source":"KCNA"}` + "\n")
	code, _, errOut := cli(t, articles.String(), "index", "-index", dir, "-")
	require.Equal(t, 0, code, errOut)

	code, out, errOut := cli(t, "", "stats", "-index", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "articles:  14\nlanguages: en 14\n")
	assert.Contains(t, out, "sources:   3 outlets\n"+
		"  12  \"KCNA (kcna.co.jp mirror)\"\n"+
		"   1  KCNA\n"+
		"   1  \"Radio \\\"Voice\\\"\"\n", "one outlet a line, counts aligned, quoted when it has spaces or quotes")

	for _, copied := range []string{`-source "KCNA (kcna.co.jp mirror)"`, `source:"KCNA (kcna.co.jp mirror)"`, `source:"Radio \"Voice\""`} {
		t.Run(copied, func(t *testing.T) {
			// as a shell splits the line the user pasted
			var args []string
			if value, ok := strings.CutPrefix(copied, "-source "); ok {
				unquoted, err := strconv.Unquote(value)
				require.NoError(t, err)
				args = []string{"-source", unquoted}
			} else {
				args = []string{copied}
			}
			code, out, errOut := cli(t, "", append([]string{"search", "-index", dir, "-json"}, args...)...)
			require.Equal(t, 0, code, errOut)
			assert.NotContains(t, out, `"total": 0`, "the value as stats prints it finds the outlet's articles")
		})
	}

	code, out, _ = cli(t, "", "stats", "-index", dir, "-json")
	require.Equal(t, 0, code)
	var st map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(out), &st))
	for _, k := range []string{"articles", "languages", "sources", "disk_bytes"} {
		assert.Contains(t, st, k, "the JSON shape is a contract")
	}
	assert.JSONEq(t, `[{"value":"KCNA (kcna.co.jp mirror)","count":12},{"value":"KCNA","count":1},{"value":"Radio \"Voice\"","count":1}]`, string(st["sources"]))
}

// TestIndexCSVWithoutHeader: a CSV file without a header row, indexed
// without -columns, gets a hint naming -columns and a look at its first
// row, not the whole row.
func TestIndexCSVWithoutHeader(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	file := filepath.Join(t.TempDir(), "test.csv")
	body := strings.Repeat("Die Gewerkschaft GPA-djp lanciert den All-in-Rechner. ", 200)
	require.NoError(t, os.WriteFile(file, []byte("Wirtschaft;'"+body+"'\nSport;'Text'\n"), 0o644))
	code, _, errOut := cli(t, "", "index", "-index", dir, "-comma", ";", "-quote", "'", file)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, file+`:1: no header row: the first row reads "Wirtschaft", "Die Gewerkschaft GPA-djp lanciert den A…" (2 columns)`)
	assert.Contains(t, errOut, "name them in order with -columns, e.g. -columns section,body")
	assert.Less(t, len(errOut), 1000, "the row is not printed whole")
}

// TestIndexLangAndSource: -lang and -source give the articles that name no
// language or outlet these; an article's own field wins. A -lang that is
// not an ISO 639 code is a usage error.
func TestIndexLangAndSource(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	file := filepath.Join(t.TempDir(), "articles.jsonl")
	require.NoError(t, os.WriteFile(file, []byte(`{"id":"1","title":"Kim Jong Un besucht eine Fabrik"}`+"\n"+
		`{"id":"2","title":"Kim Jong Un visits a factory","lang":"en","source":"KCNA"}`+"\n"), 0o644))
	code, _, errOut := cli(t, "", "index", "-index", dir, "-lang", "DE", "-source", "Naenara", file)
	require.Equal(t, 0, code, errOut)
	code, out, errOut := cli(t, "", "get", "-index", dir, "1")
	require.Equal(t, 0, code, errOut)
	var a newsindex.Article
	require.NoError(t, json.Unmarshal([]byte(out), &a))
	assert.Equal(t, "de", a.Language)
	assert.Equal(t, "Naenara", a.Source)
	code, out, errOut = cli(t, "", "get", "-index", dir, "2")
	require.Equal(t, 0, code, errOut)
	require.NoError(t, json.Unmarshal([]byte(out), &a))
	assert.Equal(t, "en", a.Language, "the article's own language wins")
	assert.Equal(t, "KCNA", a.Source)

	code, _, errOut = cli(t, "", "index", "-index", dir, "-lang", "xx", file)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `-lang "xx" is not an ISO 639 language code: use a code such as de, en, ru, ko`)
}

// TestProgressBarRate: the bar's rate is the bytes read over the time
// since the ingest started, not since the bar was first drawn after the
// first batch (which showed hundreds of GB/s).
func TestProgressBarRate(t *testing.T) {
	var out bytes.Buffer
	p := newProgressTo(&out, 10_000_000, true)
	time.Sleep(200 * time.Millisecond) // the first batch
	p.update(ingest.Summary{Records: 1000, Position: 5_000_000})
	text := out.String()
	assert.Contains(t, text, "50%")
	assert.Regexp(t, `[0-9.]+ (kB|MB)/s`, text, "5 MB in 200 ms or more: at most 25 MB/s")
	assert.NotRegexp(t, `[0-9.]+ (GB|TB|PB)/s`, text)
}

// TestProgressEndsAt100: when the ingest read all of its input, the last
// progress line (bar or plain) says 100%; when it was interrupted, how far
// it got.
func TestProgressEndsAt100(t *testing.T) {
	var out bytes.Buffer
	p := newProgressTo(&out, 1000, false)
	p.lastLog = time.Now().Add(-time.Minute)
	p.update(ingest.Summary{Records: 96, Indexed: 96, Position: 960})
	p.finish(ingest.Summary{Records: 100, Indexed: 100, Position: 990}, true)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], "96 indexed, 0 failed (96%")
	assert.Contains(t, lines[1], "indexing: 100 records read, 100 indexed, 0 failed (100%")

	out.Reset()
	p = newProgressTo(&out, 1000, false)
	p.lastLog = time.Now().Add(-time.Minute)
	p.update(ingest.Summary{Records: 50, Position: 500})
	p.finish(ingest.Summary{Records: 60, Position: 600}, false)
	assert.Contains(t, out.String(), "(60%", "interrupted: as far as it got")

	out.Reset()
	p = newProgressTo(&out, 1000, true)
	p.update(ingest.Summary{Records: 96, Position: 960})
	p.finish(ingest.Summary{Records: 100, Position: 990}, true)
	assert.Contains(t, out.String(), "100%")
	assert.True(t, strings.HasSuffix(out.String(), "\n"), "the bar stays, and the summary starts a line of its own")
}

// TestProgressDoesNotRepeatItsLastLine: a plain log whose last periodic
// line already says 100% gets no second one.
func TestProgressDoesNotRepeatItsLastLine(t *testing.T) {
	var out bytes.Buffer
	p := newProgressTo(&out, 1000, false)
	p.lastLog = time.Now().Add(-time.Minute)
	s := ingest.Summary{Records: 100, Indexed: 100, Position: 1000}
	p.update(s)
	p.finish(s, true)
	assert.Equal(t, 1, strings.Count(out.String(), "(100%"), out.String())
}

func TestIndexColumnsUsage(t *testing.T) {
	code, _, errOut := cli(t, "", "index", "-index", filepath.Join(t.TempDir(), "idx"), "-columns", "section,bdy", "x.csv")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `-columns: the column name "bdy" names no article field`)
}
