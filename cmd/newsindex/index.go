package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/ingest"
)

func cmdIndex(ctx context.Context, args []string, e env) error {
	fs := newFlags("index", "-index DIR [-format auto|text|jsonl|csv|tsv|html] [-columns a,b] [-comma C] [-quote Q] [-lang L] [-source S] [-names FILE] [-shards N] [-sync] [-compact auto|always|never] PATH...", e)
	dir := fs.String("index", "", "index directory (created when absent)")
	format := fs.String("format", "auto", "input format: auto, text, jsonl, csv, tsv or html")
	columns := fs.String("columns", "", "CSV/TSV without a header row: the field of each column, e.g. section,body (- skips a column)")
	comma := fs.String("comma", "", "CSV delimiter (default , and tab for TSV)")
	quote := fs.String("quote", "", "CSV quote character (default \")")
	lang := fs.String("lang", "", "language of the articles that name none: an ISO 639 code such as de, en, ru, ko (default: detect each)")
	source := fs.String("source", "", "outlet of the articles that name none, e.g. KCNA")
	batch := fs.Int("batch", 1000, "articles per batch")
	names := fs.String("names", "", "an alias list of people, places and organisations to recognise (id<TAB>kind<TAB>variant | variant …); the index keeps it")
	shards := fs.Int("shards", 0, fmt.Sprintf("number of shards of a new index, 1 to %d (default %d); an existing index keeps its own", newsindex.MaxShards, newsindex.DefaultShards))
	sync := fs.Bool("sync", false, "the input is the whole current content of each outlet it holds over the days it covers: mark deleted (keeping their history) the articles of those outlets and days it no longer has")
	compact := fs.String("compact", "auto", "merge the index's segments into one after indexing, for faster searches (it rewrites the index, about a tenth of a bulk load's time): auto (when this run wrote a fifth of the index or more), always or never")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch *compact {
	case "auto", "always", "never":
	default:
		return usagef("-compact %q: want auto, always or never", *compact)
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if fs.NArg() == 0 && *compact == "always" {
		return compactOnly(ctx, *dir, e)
	}
	if fs.NArg() == 0 {
		return usagef("no PATH to index (a file, a directory, or - for standard input; -compact always alone compacts the index)")
	}
	opts := ingest.LoadOptions{BatchSize: *batch, Sync: *sync}
	var err error
	if opts.Format, err = ingest.ParseFormat(*format); err != nil {
		return usageError{err.Error()}
	}
	if *columns != "" {
		if opts.Columns, err = ingest.ParseColumns(*columns); err != nil {
			return usagef("-columns: %v", err)
		}
	}
	if opts.Comma, err = oneRune("-comma", *comma); err != nil {
		return err
	}
	if opts.Quote, err = oneRune("-quote", *quote); err != nil {
		return err
	}
	if *lang != "" {
		if opts.Language, err = ingest.ParseLanguage(*lang); err != nil {
			return usagef("-lang %q is not an ISO 639 language code: use a code such as de, en, ru, ko or zh (und for none), or leave -lang out to detect the language of each article", *lang)
		}
	}
	opts.Source = strings.TrimSpace(*source)
	if len(opts.Source) > newsindex.MaxKeywordBytes || !utf8.ValidString(opts.Source) || strings.ContainsFunc(opts.Source, unicode.IsControl) {
		return usagef("-source takes an outlet name of at most %d bytes of text", newsindex.MaxKeywordBytes)
	}
	opts.Stdin = e.stdin

	if *shards < 0 || *shards > newsindex.MaxShards {
		return usagef("-shards %d: an index has 1 to %d shards", *shards, newsindex.MaxShards)
	}
	cfg := newsindex.Config{Shards: *shards}
	if *names != "" {
		if cfg.Names, err = readNames(*names); err != nil {
			return err
		}
	}
	idx, err := newsindex.Open(*dir, cfg)
	if err != nil {
		return err
	}
	defer idx.Close()

	progress := newProgress(e.stderr, fs.Args())
	opts.OnError = func(err error) {
		progress.clear()
		fmt.Fprintln(e.stderr, strings.TrimPrefix(err.Error(), "newsindex: "))
		if errors.Is(err, ingest.ErrNoHeader) {
			fmt.Fprintln(e.stderr, "  name them in order with -columns, e.g. -columns section,body or -columns published,-,title,url\n"+
				"  (fields: title, body, published, author, url, language, source, dateline, section, id; - skips a column)")
		}
	}
	opts.OnProgress = progress.update
	sum, err := ingest.Load(ctx, idx, fs.Args(), opts)
	progress.finish(sum, err == nil)
	fmt.Fprintln(e.stdout, summaryLine(sum, *sync))
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted: the %d articles added before are kept", sum.Indexed+sum.Replaced)
		}
		return err
	}
	if err := compactAfter(ctx, idx, sum, *compact, e); err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d of %d records could not be indexed (listed above)", sum.Failed, sum.Records)
	}
	return nil
}

// compactOnly merges the segments of the index at dir and indexes nothing.
func compactOnly(ctx context.Context, dir string, e env) error {
	idx, err := newsindex.Open(dir, newsindex.Config{})
	if err != nil {
		return err
	}
	defer idx.Close()
	return compactAfter(ctx, idx, ingest.Summary{}, "always", e)
}

// compactAfter merges the index's segments after a run of index, as
// -compact says: auto when the run wrote a fifth of the index or more (a
// bulk load; a day's few articles would rewrite the whole index for
// little).
func compactAfter(ctx context.Context, idx *newsindex.Index, sum ingest.Summary, mode string, e env) error {
	if mode == "never" {
		return nil
	}
	st, err := idx.Stats(ctx)
	if err != nil {
		return err
	}
	wrote := uint64(sum.Indexed + sum.Replaced + sum.Deleted)
	if st.Segments <= max(1, st.Shards) || mode == "auto" && (wrote == 0 || wrote*5 < st.Articles) {
		return nil
	}
	start := time.Now()
	if err := idx.Compact(ctx); err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted while compacting: the index is whole, in %d segments", st.Segments)
		}
		return fmt.Errorf("compact (the articles are indexed; -compact never skips this): %w", err)
	}
	took := time.Since(start)
	after, err := idx.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "compacted %d segments into %d in %s\n", st.Segments, after.Segments, took.Round(time.Millisecond))
	return nil
}

// readNames reads an alias list file.
func readNames(path string) ([]analysis.Entity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	g := analysis.NewGazetteer()
	if err := g.ReadGazetteer(f, path); err != nil {
		return nil, err
	}
	return g.Entities(), nil
}

func summaryLine(s ingest.Summary, sync bool) string {
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Indexed+s.Replaced+s.Skipped) / s.Elapsed.Seconds()
	}
	deleted := ""
	if sync {
		deleted = fmt.Sprintf(", marked deleted %d (no longer in the input)", s.Deleted)
	}
	return fmt.Sprintf("indexed %d, replaced %d, skipped %d (unchanged), failed %d%s in %s (%.0f articles/s)",
		s.Indexed, s.Replaced, s.Skipped, s.Failed, deleted, s.Elapsed.Round(time.Millisecond), rate)
}

func oneRune(flagName, s string) (rune, error) {
	switch {
	case s == "":
		return 0, nil
	case s == `\t` || s == "tab":
		return '\t', nil
	case utf8.RuneCountInString(s) == 1:
		r, _ := utf8.DecodeRuneInString(s)
		return r, nil
	}
	return 0, usagef("%s takes one character, not %q", flagName, s)
}

// inputSize is the total size of the inputs when every one is a plain
// file, for a progress bar in bytes; 0 when any is a directory, standard
// input or gzip.
func inputSize(paths []string) int64 {
	var total int64
	for _, p := range paths {
		info, err := os.Stat(p)
		if p == "-" || err != nil || !info.Mode().IsRegular() || strings.HasSuffix(p, ".gz") {
			return 0
		}
		total += info.Size()
	}
	return total
}
