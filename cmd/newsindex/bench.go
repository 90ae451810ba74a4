package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsindex/newsindex/bench"
)

func cmdBench(ctx context.Context, args []string, e env) error {
	fs := newFlags("bench", "[-json] -corpus FILE [-dir DIR] [-n N] [-systems newsindex,bleve] [-rounds R] [-clients C]", e)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	corpus := fs.String("corpus", "", "articles to index (any format index reads)")
	dir := fs.String("dir", "", "where to build the two indexes (default: a temporary directory, removed after)")
	n := fs.Int("n", 0, "scale the corpus to N articles by resampling it")
	rounds := fs.Int("rounds", 20, "times the query mix runs for the latency figures")
	clients := fs.Int("clients", 2, "concurrent clients for the throughput figure")
	systems := fs.String("systems", "newsindex,bleve", "the systems to measure, comma-separated: newsindex, bleve (ratios need both)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *corpus == "" {
		return usagef("-corpus FILE is required")
	}
	if fs.NArg() != 0 {
		return usagef("bench takes no arguments")
	}
	rep, err := bench.Run(ctx, bench.Options{Corpus: *corpus, Dir: *dir, N: *n, Rounds: *rounds, Clients: *clients, Systems: strings.Split(*systems, ","),
		Progress: func(s string) { fmt.Fprintln(e.stderr, "bench:", s) }})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	ni, bl := rep.Newsindex, rep.BleveDefault
	fmt.Fprintf(e.stdout, "%d articles, %.1f MB of text\n\n%-28s %12s %12s %8s\n", ni.Docs, ni.TextMB, "", "newsindex", "bleve", "ratio")
	row := func(name, format string, a, b float64) {
		ratio := "-"
		if b != 0 {
			ratio = fmt.Sprintf("%.2fx", a/b)
		}
		fmt.Fprintf(e.stdout, "%-28s %12s %12s %8s\n", name, fmt.Sprintf(format, a), fmt.Sprintf(format, b), ratio)
	}
	row("indexing articles/s", "%.0f", ni.DocsPerS, bl.DocsPerS)
	row("indexing MB/s of text", "%.2f", ni.MBPerS, bl.MBPerS)
	row("index bytes per text byte", "%.2f", ni.BytesPerText, bl.BytesPerText)
	row("peak RSS while indexing, MB", "%.0f", ni.PeakRSSMB, bl.PeakRSSMB)
	row("query p50 ms", "%.2f", ni.P50ms, bl.P50ms)
	row("query p95 ms", "%.2f", ni.P95ms, bl.P95ms)
	row("query p99 ms", "%.2f", ni.P99ms, bl.P99ms)
	row(fmt.Sprintf("queries/s, %d clients", *clients), "%.0f", ni.QPS, bl.QPS)
	return nil
}
