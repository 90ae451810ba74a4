package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsindex/newsindex/bench"
)

func cmdBench(ctx context.Context, args []string, e env) error {
	fs := newFlags("bench", "[-json] -corpus FILE [-dir DIR] [-n N] [-systems newsindex,newsindex:N,bleve] [-rounds R] [-clients C]", e)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	corpus := fs.String("corpus", "", "articles to index (any format index reads)")
	dir := fs.String("dir", "", "where to build the two indexes (default: a temporary directory, removed after)")
	n := fs.Int("n", 0, "scale the corpus to N articles by resampling it")
	rounds := fs.Int("rounds", 20, "times the query mix runs for the latency figures")
	clients := fs.Int("clients", 2, "concurrent clients for the throughput figure")
	systems := fs.String("systems", "newsindex,bleve", "the systems to measure, in order, comma-separated: newsindex, newsindex:N (N shards), bleve (ratios need both); repeat names to measure alternately, e.g. newsindex:1,newsindex:2,newsindex:1,newsindex:2")
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
	if len(rep.Runs) > 0 {
		printRuns(e, rep.Runs, *clients)
		return nil
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
	if ni.CompactSeconds > 0 {
		fmt.Fprintf(e.stdout, "%-28s %12s %12s %8s\n", "then compacting, seconds", fmt.Sprintf("%.1f", ni.CompactSeconds), "-", "-")
		fmt.Fprintf(e.stdout, "%-28s %12d %12s %8s\n", "segments left", ni.Segments, "-", "-")
	}
	row("index bytes per text byte", "%.2f", ni.BytesPerText, bl.BytesPerText)
	row("peak RSS while indexing, MB", "%.0f", ni.PeakRSSMB, bl.PeakRSSMB)
	row("query p50 ms", "%.2f", ni.P50ms, bl.P50ms)
	row("query p95 ms", "%.2f", ni.P95ms, bl.P95ms)
	row("query p99 ms", "%.2f", ni.P99ms, bl.P99ms)
	row(fmt.Sprintf("queries/s, %d clients", *clients), "%.0f", ni.QPS, bl.QPS)
	for i, k := range ni.Kinds {
		theirs, ratio := "-", "-"
		if i < len(bl.Kinds) && bl.Kinds[i].Kind == k.Kind {
			theirs = kindCell(bl.Kinds[i])
			if bl.Kinds[i].P99ms != 0 {
				ratio = fmt.Sprintf("%.2fx", k.P99ms/bl.Kinds[i].P99ms)
			}
		}
		fmt.Fprintf(e.stdout, "%-28s %12s %12s %8s\n", "p50 / p99 ms, "+k.Kind, kindCell(k), theirs, ratio)
	}
	return nil
}

// kindCell is the p50 and p99 of a kind of query, in milliseconds.
func kindCell(k bench.KindFigures) string { return fmt.Sprintf("%.1f / %.1f", k.P50ms, k.P99ms) }

// printRuns prints the figures of every run of a bench side by side, with
// each run's ratio to the first.
func printRuns(e env, runs []bench.SystemRun, clients int) {
	if len(runs) == 0 {
		return
	}
	fmt.Fprintf(e.stdout, "%d articles, %.1f MB of text\n\n%-28s", runs[0].Figures.Docs, runs[0].Figures.TextMB, "")
	for _, r := range runs {
		fmt.Fprintf(e.stdout, " %14s", r.System)
	}
	fmt.Fprintln(e.stdout)
	row := func(name, format string, v func(bench.Figures) float64) {
		fmt.Fprintf(e.stdout, "%-28s", name)
		first := v(runs[0].Figures)
		for i, r := range runs {
			cell := fmt.Sprintf(format, v(r.Figures))
			if i > 0 && first != 0 {
				cell += fmt.Sprintf(" %.2fx", v(r.Figures)/first)
			}
			fmt.Fprintf(e.stdout, " %14s", cell)
		}
		fmt.Fprintln(e.stdout)
	}
	row("indexing seconds", "%.1f", func(f bench.Figures) float64 { return f.Seconds })
	row("indexing MB/s of text", "%.2f", func(f bench.Figures) float64 { return f.MBPerS })
	row("then compacting, seconds", "%.1f", func(f bench.Figures) float64 { return f.CompactSeconds })
	row("segments left", "%.0f", func(f bench.Figures) float64 { return float64(f.Segments) })
	row("index bytes per text byte", "%.2f", func(f bench.Figures) float64 { return f.BytesPerText })
	row("peak RSS while indexing, MB", "%.0f", func(f bench.Figures) float64 { return f.PeakRSSMB })
	row("query p50 ms", "%.2f", func(f bench.Figures) float64 { return f.P50ms })
	row("query p99 ms", "%.2f", func(f bench.Figures) float64 { return f.P99ms })
	row(fmt.Sprintf("queries/s, %d clients", clients), "%.0f", func(f bench.Figures) float64 { return f.QPS })
	for i, k := range runs[0].Figures.Kinds {
		fmt.Fprintf(e.stdout, "%-28s", "p50 / p99 ms, "+k.Kind)
		for j, r := range runs {
			cell := "-"
			if i < len(r.Figures.Kinds) {
				mine := r.Figures.Kinds[i]
				cell = kindCell(mine)
				if j > 0 && k.P99ms != 0 {
					cell += fmt.Sprintf(" %.2fx", mine.P99ms/k.P99ms)
				}
			}
			fmt.Fprintf(e.stdout, " %14s", cell)
		}
		fmt.Fprintln(e.stdout)
	}
}
