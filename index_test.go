package newsindex_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

// The test binary doubles as a child process for the tests that need a
// second process: NEWSINDEX_TEST_CHILD names what the child does with the
// index at NEWSINDEX_TEST_DIR.
func TestMain(m *testing.M) {
	switch os.Getenv("NEWSINDEX_TEST_CHILD") {
	case "":
		os.Exit(m.Run())
	case "add-and-hang":
		childAddAndHang(os.Getenv("NEWSINDEX_TEST_DIR"), false)
	case "add-and-hang-shared":
		childAddAndHang(os.Getenv("NEWSINDEX_TEST_DIR"), true)
	case "open":
		childOpen(os.Getenv("NEWSINDEX_TEST_DIR"))
	case "ingest-loop":
		childIngestLoop(os.Getenv("NEWSINDEX_TEST_DIR"))
	case "create-and-hold":
		childCreateAndHold(os.Getenv("NEWSINDEX_TEST_DIR"))
	}
	os.Exit(3)
}

// childAddAndHang adds the seed articles, reports it, and waits to be killed.
func childAddAndHang(dir string, share bool) {
	idx, err := ni.Open(dir, ni.Config{Share: share})
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(1)
	}
	var articles []ni.Article
	data, err := os.ReadFile(filepath.Join("testdata", "seed.jsonl"))
	if err != nil {
		os.Exit(1)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a ni.Article
		if json.Unmarshal(sc.Bytes(), &a) != nil {
			os.Exit(1)
		}
		articles = append(articles, a)
	}
	if err := idx.Add(context.Background(), articles...); err != nil {
		fmt.Println("add:", err)
		os.Exit(1)
	}
	fmt.Println("added")
	select {} // killed by the parent, never closed
}

// childOpen tries to open the index and prints the error.
func childOpen(dir string) {
	start := time.Now()
	idx, err := ni.Open(dir, ni.Config{LockTimeout: 300 * time.Millisecond})
	if err == nil {
		idx.Close()
		fmt.Println("opened")
		os.Exit(0)
	}
	fmt.Printf("locked=%v after=%s err=%v\n", errors.Is(err, ni.ErrLocked), time.Since(start).Round(100*time.Millisecond), err)
	os.Exit(0)
}

func child(t *testing.T, role, dir string) *exec.Cmd {
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "NEWSINDEX_TEST_CHILD="+role, "NEWSINDEX_TEST_DIR="+dir)
	cmd.Stderr = os.Stderr
	return cmd
}

func TestAcknowledgedAddSurvivesKill(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	cmd := child(t, "add-and-hang", dir)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "added\n", line)
	require.NoError(t, cmd.Process.Kill()) // SIGKILL: no Close, no flush
	_ = cmd.Wait()

	idx := openIndex(t, dir)
	n, err := idx.Count(context.Background())
	require.NoError(t, err)
	assert.Equal(t, uint64(6), n)
	a, err := idx.Get(context.Background(), "seed-4")
	require.NoError(t, err)
	assert.Equal(t, "Greetings to DPRK Foreign Minister from Russian Foreign Minister", a.Title)
}

func TestSecondWriterGetsErrLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	idx := openIndex(t, dir)
	require.NoError(t, idx.Add(context.Background(), ni.Article{ID: "x", Title: "x"}))

	done := make(chan []byte, 1)
	go func() {
		out, _ := child(t, "open", dir).Output()
		done <- out
	}()
	select {
	case out := <-done:
		assert.Regexp(t, `^locked=true after=[0-9.]+m?s err=newsindex: index is in use by another process: `, string(out))
	case <-time.After(20 * time.Second):
		t.Fatal("a second Open of a locked index hung")
	}
	require.NoError(t, idx.Close())
	out, err := child(t, "open", dir).Output()
	require.NoError(t, err)
	assert.Equal(t, "opened\n", string(out), "the lock goes with Close")
}

func TestReopenKeepsArticles(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	seed := readArticles(t, "seed.jsonl")
	idx, err := ni.Open(dir, ni.Config{})
	require.NoError(t, err)
	require.NoError(t, idx.Add(ctx, seed...))
	require.NoError(t, idx.Close())

	ro, err := ni.Open(dir, ni.Config{ReadOnly: true})
	require.NoError(t, err)
	defer ro.Close()
	ro2, err := ni.Open(dir, ni.Config{ReadOnly: true})
	require.NoError(t, err, "read-only opens share the index")
	defer ro2.Close()
	for _, a := range seed {
		got, err := ro.Get(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, a, got, "Get returns the article as added")
	}
	assert.ErrorIs(t, ro.Add(ctx, seed[0]), ni.ErrReadOnly)
	assert.ErrorIs(t, ro.Delete(ctx, "seed-1"), ni.ErrReadOnly)
	assert.Equal(t, "und", ro.Languages()[0])
	assert.Contains(t, ro.Languages(), "ko")
}

func TestOpenRefuses(t *testing.T) {
	t.Run("a file", func(t *testing.T) {
		f := filepath.Join(t.TempDir(), "file")
		require.NoError(t, os.WriteFile(f, []byte("x"), 0o644))
		_, err := ni.Open(f, ni.Config{})
		assert.ErrorContains(t, err, "is a file, not an index directory")
	})
	t.Run("a directory of something else", func(t *testing.T) {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644))
		_, err := ni.Open(dir, ni.Config{})
		assert.ErrorContains(t, err, "is not a newsindex index (it has no newsindex.json)")
	})
	t.Run("read-only where there is no index", func(t *testing.T) {
		_, err := ni.Open(filepath.Join(t.TempDir(), "none"), ni.Config{ReadOnly: true})
		assert.ErrorContains(t, err, "no index at")
	})
	edit := func(t *testing.T, change func(layout map[string]any)) string {
		dir := filepath.Join(t.TempDir(), "idx")
		idx, err := ni.Open(dir, ni.Config{})
		require.NoError(t, err)
		require.NoError(t, idx.Close())
		file := filepath.Join(dir, "newsindex.json")
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		var layout map[string]any
		require.NoError(t, json.Unmarshal(data, &layout))
		change(layout)
		data, err = json.Marshal(layout)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(file, data, 0o644))
		return dir
	}
	t.Run("a newer mapping version", func(t *testing.T) {
		dir := edit(t, func(l map[string]any) { l["mapping_version"] = 99 })
		_, err := ni.Open(dir, ni.Config{})
		assert.ErrorContains(t, err, "was written by a newer release of newsindex (mapping version 99; this build reads versions 9 to ")
	})
	t.Run("an older mapping version", func(t *testing.T) {
		dir := edit(t, func(l map[string]any) { l["mapping_version"] = 3 })
		_, err := ni.Open(dir, ni.Config{})
		assert.ErrorContains(t, err, "has mapping version 3, older than this build reads (versions 9 to ")
		assert.ErrorContains(t, err, "index the source files again into a new index")
	})
	t.Run("an analyzer nobody registered", func(t *testing.T) {
		dir := edit(t, func(l map[string]any) {
			l["languages"] = append(l["languages"].([]any), map[string]any{"code": "xx", "analyzer": "their_xx"})
		})
		_, err := ni.Open(dir, ni.Config{})
		require.Error(t, err)
		assert.Contains(t, err.Error(), `needs analyzers that are not registered: their_xx (language "xx"); registered: newsindex_ar, `)
		assert.Contains(t, err.Error(), "analysis.Register")
	})
}

func TestReplaceDeleteGetCount(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)

	a, err := idx.Get(ctx, "seed-3")
	require.NoError(t, err)
	a.Title = "Blumen am Denkmal"
	a.Language = "de"
	require.NoError(t, idx.Add(ctx, a))
	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(6), n, "the same ID replaces")
	got, err := idx.Get(ctx, "seed-3")
	require.NoError(t, err)
	assert.Equal(t, "Blumen am Denkmal", got.Title)

	require.NoError(t, idx.Delete(ctx, "seed-3", "seed-4", "no-such-id"))
	n, err = idx.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(4), n)
	_, err = idx.Get(ctx, "seed-3")
	assert.ErrorIs(t, err, ni.ErrNotFound)
	res, err := idx.Search(ctx, ni.Match{Text: "Denkmal"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Zero(t, res.Total, "a deleted article is not found")
}

func TestAddDerivesIDAndLanguage(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	a := ni.Article{Title: "Делегация КНДР прибыла в Москву", Body: "Делегация Трудовой партии Кореи прибыла в Москву с официальным визитом.", Source: "TASS",
		Published: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}
	require.NoError(t, idx.Add(ctx, a))
	got, err := idx.Get(ctx, a.StableID())
	require.NoError(t, err)
	assert.Equal(t, "ru", got.Language)
	assert.Equal(t, a.StableID(), got.ID)
	res, err := idx.Search(ctx, ni.Match{Text: "делегации", Lang: "ru"}, ni.SearchOptions{})
	require.NoError(t, err)
	assert.Equal(t, uint64(1), res.Total, "indexed with the Russian analyzer")
}

func TestUnregisteredLanguageUsesNeutralFields(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "uk", Title: "Делегація КНДР", Body: "Делегація прибула до Москви.", Language: "uk"}))
	got, err := idx.Get(ctx, "uk")
	require.NoError(t, err)
	assert.Equal(t, "uk", got.Language, "the language is kept as given")
	for _, q := range []ni.Query{ni.Match{Text: "делегація"}, ni.Language("uk"), ni.Phrase{Text: "Делегація КНДР"}} {
		res, err := idx.Search(ctx, q, ni.SearchOptions{})
		require.NoError(t, err)
		assert.Equal(t, uint64(1), res.Total, "%s", q)
	}
}

func TestCountIgnoresOtherDocuments(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	require.NoError(t, idx.Bleve().Index("not-an-article", map[string]any{"note": "stored by someone else"}))
	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(6), n)
	res, err := idx.Search(ctx, ni.All(), ni.SearchOptions{Size: 100})
	require.NoError(t, err)
	assert.Equal(t, uint64(6), res.Total)
	res, err = idx.Search(ctx, ni.Not(ni.Source("KCNA")), ni.SearchOptions{Size: 100})
	require.NoError(t, err)
	assert.Equal(t, uint64(3), res.Total)
}

func TestClosed(t *testing.T) {
	ctx := context.Background()
	idx, err := ni.Open("", ni.Config{})
	require.NoError(t, err)
	require.NoError(t, idx.Close())
	require.NoError(t, idx.Close(), "closing twice is fine")
	assert.ErrorIs(t, idx.Add(ctx, ni.Article{Title: "x"}), ni.ErrClosed)
	_, err = idx.Search(ctx, ni.All(), ni.SearchOptions{})
	assert.ErrorIs(t, err, ni.ErrClosed)
	_, err = idx.Count(ctx)
	assert.ErrorIs(t, err, ni.ErrClosed)
	_, err = idx.Get(ctx, "x")
	assert.ErrorIs(t, err, ni.ErrClosed)
}

func TestSearchWhileAdding(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, filepath.Join(t.TempDir(), "idx"))
	articles := kcnaSample(t)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < len(articles); i += 20 {
			assert.NoError(t, idx.Add(ctx, articles[i:min(i+20, len(articles))]...))
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 50; i++ {
			_, err := idx.Search(ctx, ni.Match{Text: "Kim Jong Il"}, ni.SearchOptions{Facets: []ni.Facet{ni.FacetYear}})
			assert.NoError(t, err)
		}
	}()
	wg.Wait()
	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(len(articles)), n)
}

func TestAddHonoursContext(t *testing.T) {
	idx := openIndex(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := idx.Add(ctx, ni.Article{ID: "x", Title: "x"})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestRealArticlesRoundTrip(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, filepath.Join(t.TempDir(), "idx"))
	articles := append(kcnaSample(t), rodongSample(t)...)
	require.NoError(t, idx.Add(ctx, articles...))
	for _, a := range articles {
		got, err := idx.Get(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, a, got, "text, white space and dates come back as added")
	}
	res, err := idx.Search(ctx, ni.Source("Rodong Sinmun"), ni.SearchOptions{Facets: []ni.Facet{ni.FacetAuthor}})
	require.NoError(t, err)
	assert.Equal(t, uint64(20), res.Total)
	assert.Equal(t, ni.Bucket{Value: "Political News Team", Count: 18}, res.Facets[ni.FacetAuthor][0])
	res, err = idx.Search(ctx, ni.And(ni.Language("es"), ni.Match{Text: "Corea"}), ni.SearchOptions{})
	require.NoError(t, err)
	assert.NotZero(t, res.Total, "the Spanish KCNA service is searchable in Spanish")
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, filepath.Join(t.TempDir(), "idx"))
	require.NoError(t, idx.Add(ctx, readArticles(t, "seed.jsonl")...))
	require.NoError(t, idx.Add(ctx, ni.Article{ID: "undated", Title: "No date", Language: "en", Source: "KCNA"}))
	st, err := idx.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(7), st.Articles)
	assert.Equal(t, []ni.Bucket{{"en", 4}, {"de", 3}}, st.Languages)
	assert.Equal(t, []ni.Bucket{{"KCNA", 4}, {"Naenara", 2}, {"KZNA/Naenara", 1}}, st.Sources)
	assert.Equal(t, day("2020-04-24"), st.Oldest)
	assert.Equal(t, day("2025-08-20"), st.Newest, "undated articles do not count")
	assert.Greater(t, st.DiskBytes, int64(1000))

	mem := seedIndex(t)
	st, err = mem.Stats(ctx)
	require.NoError(t, err)
	assert.Zero(t, st.DiskBytes)
}

func TestLookup(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	require.NoError(t, idx.Bleve().Index("other", map[string]any{"note": "not an article"}))
	found, err := idx.Lookup(ctx, "seed-1", "seed-4", "missing", "other")
	require.NoError(t, err)
	assert.Len(t, found, 2)
	assert.Equal(t, "Kursk", found["seed-4"].Body[strings.Index(found["seed-4"].Body, "Kursk"):][:5])
	_, err = idx.Get(ctx, "other")
	assert.ErrorIs(t, err, ni.ErrNotFound, "a document that is not an article is not found")
	empty, err := idx.Lookup(ctx)
	require.NoError(t, err)
	assert.Empty(t, empty)
}

func TestValidateNamesEntitiesOf(t *testing.T) {
	idx, err := ni.Open("", ni.Config{MaxArticleBytes: 10})
	require.NoError(t, err)
	defer idx.Close()
	assert.NoError(t, idx.Validate(ni.Article{Title: "short"}))
	var ie *ni.InputError
	require.ErrorAs(t, idx.Validate(ni.Article{Title: "longer than ten bytes"}), &ie, "the index's cap, not the default")
	assert.Contains(t, ie.Reason, "more than the 10 allowed")
	assert.NoError(t, ni.Article{Title: "longer than ten bytes"}.Validate(), "the default cap")

	names := idx.Names()
	require.NotEmpty(t, names)
	assert.True(t, sort.SliceIsSorted(names, func(i, j int) bool { return names[i].ID < names[j].ID }))
	assert.Equal(t, []string{"kim-jong-un", "russia"}, idx.EntitiesOf(ni.Article{Title: "Kim Jong Un", Body: "visited Russia"}))
}
