package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
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
		{[]string{"Kursk"}, []string{"1 articles match (match \"Kursk\")", "liberating [Kursk] Region", "source:   KCNA 1"}, "hits with marked fragments, then facets"},
		{[]string{"-lang", "de", "-from", "2025"}, []string{"1 articles match (and (language \"de\") (published 2025-01-01 *))", "KZNA/Naenara · 2025-08 · de"}, "filters without words; a month-precise date prints as a month"},
		{[]string{"-source", "KCNA", "-to", "2025-08-18", "Moscow"}, []string{"1 articles match", "DPRK Embassy in Moscow Hosts Reception"}, "-to includes the whole day"},
		{[]string{"-n", "1", "-sort", "oldest"}, []string{"6 articles match (all)", "Naenara · 2020-04-24 · de", "more: add -after "}, "a cursor for the next page"},
		{[]string{"-any", "Kursk", "liberation", "nothingness"}, []string{"3 articles match (match \"Kursk liberation nothingness\" min_words=1)", "[liberating] [Kursk] Region", "Korea's [liberation]"}, "-any: free text needs any of its words"},
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
	assert.Contains(t, out, "1 articles match", "the index kept the alias list: searches need no flag")
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
	assert.Equal(t, "id,title,body,language,source,published,precision,author,dateline,url,section", lines[0])
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
		{[]string{"search", "-index", "x", "-bogus"}, "flag provided but not defined: -bogus"},
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

	code, _, errOut = cli(t, "", "bench", "-corpus", "../../testdata/seed.jsonl", "-systems", "lucene")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `unknown system "lucene"`)
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
