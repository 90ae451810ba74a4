// Package bench measures newsindex side by side with raw Bleve on the same
// articles in one process: indexing speed, index size, peak memory, query
// latency and throughput. It is what `newsindex bench` runs.
package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

// Options configure [Run].
type Options struct {
	Corpus string // file or directory of articles (any format ingest reads)
	Dir    string // where to build the indexes; "" makes a temporary directory
	// N scales the corpus to N articles by resampling it (fresh IDs and
	// dates, real paragraphs, deterministic); 0 uses it as it is.
	N int
	// Rounds is how many times the query mix runs for the latency figures;
	// zero means 20.
	Rounds int
	// Clients is the number of concurrent clients for the throughput
	// figure; zero means 2.
	Clients int
	// Systems names the systems to measure, in order, "newsindex" and
	// "bleve"; empty means both. Ratios need both. "newsindex:N" is
	// newsindex with N shards (Config.Shards); a name may come more than
	// once, so that two builds are measured alternately in one run (e.g.
	// newsindex:1,newsindex:2,newsindex:1,newsindex:2): every run is in
	// Report.Runs.
	Systems []string
	// Progress, when set, receives a line now and then.
	Progress func(string)
}

// Figures are the measurements of one system.
type Figures struct {
	Docs    int     `json:"docs"`
	TextMB  float64 `json:"text_mb"`
	Seconds float64 `json:"index_seconds"`
	// CompactSeconds is the time newsindex took to merge the index into
	// one segment after the load, as newsindex index does after a bulk
	// load (not in Seconds); the queries run on the merged index. Raw
	// Bleve is measured as a user of Bleve leaves it.
	CompactSeconds float64 `json:"compact_seconds,omitempty"`
	// Segments is the number of segments left after compacting (one a
	// shard when Compact did all it should).
	Segments      int     `json:"segments_after_compact,omitempty"`
	DocsPerS      float64 `json:"docs_per_s"`
	MBPerS        float64 `json:"mb_per_s"`
	IndexBytes    int64   `json:"index_bytes"`
	BytesPerText  float64 `json:"index_bytes_per_text_byte"`
	PeakRSSMB     float64 `json:"peak_rss_mb"`
	P50ms         float64 `json:"p50_ms"`
	P95ms         float64 `json:"p95_ms"`
	P99ms         float64 `json:"p99_ms"`
	QPS           float64 `json:"qps"`
	QueriesPerMix int     `json:"queries_per_mix"`
	// Kinds is the latency of each query of the mix over the rounds, in
	// the mix's order (term, words, phrase, filtered, facets, newest,
	// fuzzy, deep page): the figures above mix them all. With the default
	// 20 rounds a kind's p99 is its slowest run.
	Kinds []KindFigures `json:"kinds,omitempty"`
}

// KindFigures is the latency of one kind of query of the mix.
type KindFigures struct {
	Kind  string  `json:"kind"`
	P50ms float64 `json:"p50_ms"`
	P99ms float64 `json:"p99_ms"`
}

// queryKinds names the queries of the mix, in the order in which both
// systems' queries run them.
var queryKinds = []string{"term", "words", "phrase", "filtered", "facets", "newest", "fuzzy", "deep page"}

// Report holds both systems and their ratios (newsindex / Bleve).
type Report struct {
	Newsindex    Figures `json:"newsindex"` // the last run of newsindex (of any number of shards)
	BleveDefault Figures `json:"bleve_default"`
	// Ratios are newsindex's figures over Bleve's: mb_per_s,
	// index_bytes_per_text_byte, peak_rss_mb, p99_ms, qps, and p99_ms:KIND
	// for each kind of query.
	Ratios map[string]float64 `json:"ratios,omitempty"`
	// Runs are the figures of every system measured, in order, when the
	// systems are other than newsindex and bleve once each (sharded builds,
	// or a system measured more than once).
	Runs []SystemRun `json:"runs,omitempty"`
}

// SystemRun is the figures of one system measured.
type SystemRun struct {
	System  string  `json:"system"`
	Figures Figures `json:"figures"`
}

// Run loads the corpus and measures both systems, Bleve first.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Rounds <= 0 {
		opts.Rounds = 20
	}
	if opts.Clients <= 0 {
		opts.Clients = 2
	}
	say := func(format string, args ...any) {
		if opts.Progress != nil {
			opts.Progress(fmt.Sprintf(format, args...))
		}
	}
	base, err := load(ctx, opts.Corpus)
	if err != nil {
		return nil, err
	}
	if len(base) == 0 {
		return nil, fmt.Errorf("bench: no articles in %s", opts.Corpus)
	}
	c := newCorpus(base, opts.N)
	dir := opts.Dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "newsindex-bench-"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
	}
	say("%d articles, %.1f MB of text", c.n, float64(c.text)/1e6)

	systems := []system{&bleveSystem{}, &newsindexSystem{}}
	if len(opts.Systems) > 0 {
		systems = systems[:0]
		for _, name := range opts.Systems {
			sys, err := systemNamed(name)
			if err != nil {
				return nil, err
			}
			systems = append(systems, sys)
		}
	}
	r := &Report{}
	var runs []SystemRun
	for _, sys := range systems {
		path := filepath.Join(dir, sys.name())
		if err := os.RemoveAll(path); err != nil {
			return nil, err
		}
		f, err := measure(ctx, sys, path, c, opts, say)
		if err != nil {
			return nil, fmt.Errorf("bench: %s: %w", sys.name(), err)
		}
		if sys.name() == "bleve" {
			r.BleveDefault = f
		} else {
			r.Newsindex = f
		}
		runs = append(runs, SystemRun{System: sys.name(), Figures: f})
	}
	seen := map[string]bool{}
	for _, run := range runs {
		if seen[run.System] || (run.System != "bleve" && run.System != "newsindex") {
			r.Runs = runs
		}
		seen[run.System] = true
	}
	ratio := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	n, b := r.Newsindex, r.BleveDefault
	if n.Docs == 0 || b.Docs == 0 {
		return r, nil // one system measured: no ratios
	}
	r.Ratios = map[string]float64{
		"mb_per_s":                  ratio(n.MBPerS, b.MBPerS),
		"index_bytes_per_text_byte": ratio(n.BytesPerText, b.BytesPerText),
		"peak_rss_mb":               ratio(n.PeakRSSMB, b.PeakRSSMB),
		"p99_ms":                    ratio(n.P99ms, b.P99ms),
		"qps":                       ratio(n.QPS, b.QPS),
	}
	for i, k := range n.Kinds {
		if i < len(b.Kinds) && b.Kinds[i].Kind == k.Kind {
			r.Ratios["p99_ms:"+k.Kind] = ratio(k.P99ms, b.Kinds[i].P99ms)
		}
	}
	return r, nil
}

// systemNamed is the system of a name of Options.Systems.
func systemNamed(name string) (system, error) {
	switch {
	case name == "bleve":
		return &bleveSystem{}, nil
	case name == "newsindex":
		return &newsindexSystem{}, nil
	case strings.HasPrefix(name, "newsindex:"):
		n, err := strconv.Atoi(strings.TrimPrefix(name, "newsindex:"))
		if err != nil || n < 1 || n > newsindex.MaxShards {
			return nil, fmt.Errorf("bench: system %q: newsindex:N takes a number of shards from 1 to %d", name, newsindex.MaxShards)
		}
		return &newsindexSystem{shards: n}, nil
	}
	return nil, fmt.Errorf("bench: unknown system %q (want newsindex, newsindex:N for N shards, or bleve)", name)
}

func load(ctx context.Context, corpus string) ([]newsindex.Article, error) {
	var out []newsindex.Article
	for rec, err := range ingest.Read(ctx, []string{corpus}, ingest.Options{}) {
		if err != nil {
			continue // bad records are the corpus's, not the benchmark's
		}
		if rec.Article.Validate() == nil {
			out = append(out, rec.Article.Normalize())
		}
	}
	return out, ctx.Err()
}

// compacter is a system that merges its index after a bulk load.
type compacter interface {
	compact(ctx context.Context) (segments int, err error)
}

// system is one search engine under test.
type system interface {
	name() string
	build(ctx context.Context, path string, c *corpus) error
	reopen(path string) error // close, and open read-only
	queries(c *corpus) []func(context.Context) error
	close() error
}

func measure(ctx context.Context, sys system, path string, c *corpus, opts Options, say func(string, ...any)) (Figures, error) {
	f := Figures{Docs: c.n, TextMB: float64(c.text) / 1e6}
	resetPeakRSS()
	start := time.Now()
	if err := sys.build(ctx, path, c); err != nil {
		return f, err
	}
	f.Seconds = time.Since(start).Seconds()
	f.PeakRSSMB = peakRSSMB()
	f.DocsPerS = float64(c.n) / f.Seconds
	f.MBPerS = f.TextMB / f.Seconds
	say("%s: indexed in %.1fs (%.1f MB/s), peak RSS %.0f MB", sys.name(), f.Seconds, f.MBPerS, f.PeakRSSMB)
	if c, ok := sys.(compacter); ok {
		start := time.Now()
		n, err := c.compact(ctx)
		if err != nil {
			return f, err
		}
		f.CompactSeconds, f.Segments = time.Since(start).Seconds(), n
		say("%s: compacted in %.1fs, %d segments left", sys.name(), f.CompactSeconds, n)
	}

	// Queries run on the index as a reader opens it after the load, read
	// only: not while the writer is still merging segments in the
	// background, which made the latency of both systems vary by half from
	// run to run.
	if err := sys.reopen(path); err != nil {
		return f, err
	}
	mix := sys.queries(c)
	f.QueriesPerMix = len(mix)
	if len(mix) != len(queryKinds) {
		sys.close()
		return f, fmt.Errorf("bench: %s runs %d queries, and %d kinds are named", sys.name(), len(mix), len(queryKinds))
	}
	for _, q := range mix { // warm up
		if err := q(ctx); err != nil {
			sys.close()
			return f, err
		}
	}
	var lat []time.Duration
	byKind := make([][]time.Duration, len(mix))
	for round := 0; round < opts.Rounds; round++ {
		for k, q := range mix {
			t := time.Now()
			if err := q(ctx); err != nil {
				sys.close()
				return f, err
			}
			d := time.Since(t)
			lat = append(lat, d)
			byKind[k] = append(byKind[k], d)
		}
	}
	f.P50ms, f.P95ms, f.P99ms = percentile(lat, .50), percentile(lat, .95), percentile(lat, .99)
	for k, l := range byKind {
		f.Kinds = append(f.Kinds, KindFigures{Kind: queryKinds[k], P50ms: percentile(l, .50), P99ms: percentile(l, .99)})
	}

	// Throughput: every client runs the mix for a fixed time.
	var done sync.WaitGroup
	var mu sync.Mutex
	count := 0
	var firstErr error
	deadline := time.Now().Add(3 * time.Second)
	qStart := time.Now()
	for c := 0; c < opts.Clients; c++ {
		done.Add(1)
		go func(c int) {
			defer done.Done()
			n := 0
			for i := c; time.Now().Before(deadline); i++ {
				if err := mix[i%len(mix)](ctx); err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				n++
			}
			mu.Lock()
			count += n
			mu.Unlock()
		}(c)
	}
	done.Wait()
	if firstErr != nil {
		sys.close()
		return f, firstErr
	}
	f.QPS = float64(count) / time.Since(qStart).Seconds()
	say("%s: p50 %.2f ms, p99 %.2f ms, %.0f queries/s with %d clients", sys.name(), f.P50ms, f.P99ms, f.QPS, opts.Clients)
	if err := sys.close(); err != nil {
		return f, err
	}
	// Bleve keeps the segments of the snapshot before the last until a
	// later one is saved, and deletes them as a read-write open starts:
	// open every shard once, merging nothing, wait until its directory
	// holds the files of its snapshot alone, and close, so that both
	// systems are measured without files they no longer use (a close too
	// soon once measured 3.83 bytes per byte of text at a million: the
	// segments compaction had merged beside what it made of them).
	shards, _ := filepath.Glob(filepath.Join(path, "shard-*"))
	for _, dir := range append([]string{path}, shards...) {
		if b, err := bleve.OpenUsing(dir, map[string]interface{}{"scorchMergePlanOptions": noMerges}); err == nil {
			waitForCleanup(b, dir)
			if err := b.Close(); err != nil {
				return f, err
			}
		}
	}
	size, err := dirSize(path)
	if err != nil {
		return f, err
	}
	f.IndexBytes = size
	f.BytesPerText = float64(size) / float64(c.text)
	return f, nil
}

// waitForCleanup waits, up to a minute, until the segment files in a
// Bleve index's directory are those of its current snapshot.
func waitForCleanup(b bleve.Index, dir string) {
	in, err := b.Advanced()
	if err != nil {
		return
	}
	sc, ok := in.(*scorch.Scorch)
	if !ok {
		return
	}
	r, err := sc.Reader()
	if err != nil {
		return
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	want := 0
	if ok {
		want = len(snap.Segments())
	}
	_ = r.Close()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
		if len(files) <= want {
			return
		}
	}
}

// noMerges is a merge plan that merges nothing: tiers of a million
// segments.
var noMerges = map[string]interface{}{"MaxSegmentsPerTier": 1 << 20, "SegmentsPerMergeTask": 1 << 20}

// corpus is what a run indexes: the articles loaded, scaled to n by
// resampling them on the fly, so that a run of a million articles does not
// hold a million articles in memory beside the index it measures.
type corpus struct {
	base        []newsindex.Article
	n           int
	text        int64     // bytes of title and body, all n articles
	first, last time.Time // the span of the dates
}

func newCorpus(base []newsindex.Article, n int) *corpus {
	if n <= 0 {
		n = len(base)
	}
	c := &corpus{base: base, n: n}
	for a := range c.all() {
		c.text += int64(len(a.Title) + len(a.Body))
		if !a.Published.IsZero() && (c.first.IsZero() || a.Published.Before(c.first)) {
			c.first = a.Published
		}
		if a.Published.After(c.last) {
			c.last = a.Published
		}
	}
	return c
}

// all yields the n articles in order.
func (c *corpus) all() func(yield func(newsindex.Article) bool) {
	return func(yield func(newsindex.Article) bool) {
		for i := range c.n {
			if !yield(c.at(i)) {
				return
			}
		}
	}
}

// batches yields the articles in slices of size (the last may be shorter).
func (c *corpus) batches(size int) func(yield func([]newsindex.Article) bool) {
	return func(yield func([]newsindex.Article) bool) {
		batch := make([]newsindex.Article, 0, size)
		for a := range c.all() {
			batch = append(batch, a)
			if len(batch) == size {
				if !yield(batch) {
					return
				}
				batch = batch[:0]
			}
		}
		if len(batch) > 0 {
			yield(batch)
		}
	}
}

// at returns article i: one of the corpus for i below its size, else one
// made of real paragraphs of two articles and the title of a third, with a
// fresh ID and the date moved back by whole years. Each i has its own
// random source, so the same corpus gives the same article i.
func (c *corpus) at(i int) newsindex.Article {
	if i < len(c.base) {
		return c.base[i]
	}
	rng := rand.New(rand.NewPCG(1, uint64(i)))
	a := c.base[rng.IntN(len(c.base))]
	b := c.base[rng.IntN(len(c.base))]
	t := c.base[rng.IntN(len(c.base))]
	pa, pb := strings.Split(a.Body, "\n"), strings.Split(b.Body, "\n")
	body := strings.Join(append(pa[:(len(pa)+1)/2:(len(pa)+1)/2], pb[len(pb)/2:]...), "\n")
	out := a
	out.ID = "r" + strconv.Itoa(i)
	out.Title, out.Body, out.URL = t.Title, strings.TrimSpace(body), ""
	if out.Title == "" && out.Body == "" {
		out.Title = a.Title
	}
	if !out.Published.IsZero() {
		out.Published = out.Published.AddDate(-1-i/len(c.base), 0, 0)
	}
	return out
}

// Resample scales articles to n: the first len(articles) are kept, the rest
// are made of real paragraphs of two articles, the title of a third, fresh
// IDs and dates shifted by whole years. The same input and n give the same
// output. Run resamples the same way without holding the result.
func Resample(articles []newsindex.Article, n int) []newsindex.Article {
	if n <= len(articles) {
		return articles[:n]
	}
	c := &corpus{base: articles, n: n}
	out := make([]newsindex.Article, 0, n)
	for a := range c.all() {
		out = append(out, a)
	}
	return out
}

func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return err
	})
	return n, err
}

// resetPeakRSS frees what the last phase left and resets the kernel's
// high-water mark of resident memory (Linux; elsewhere peak RSS reads 0).
func resetPeakRSS() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			if err == nil {
				return kb / 1024
			}
		}
	}
	return 0
}

// percentile is the p-th of the latencies lat (sorted in place), in
// milliseconds: the one below which a share p of them fall.
func percentile(lat []time.Duration, p float64) float64 {
	slices.Sort(lat)
	return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
}
