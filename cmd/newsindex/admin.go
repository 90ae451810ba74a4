package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/newsindex/newsindex"
)

func cmdGet(ctx context.Context, args []string, e env) error {
	fs := newFlags("get", "-index DIR ID", e)
	dir := fs.String("index", "", "index directory")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one article ID, got %d arguments", fs.NArg())
	}
	idx, err := openExisting(*dir, true)
	if err != nil {
		return err
	}
	defer idx.Close()
	a, err := idx.Get(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	return writeJSON(e.stdout, a)
}

func cmdStats(ctx context.Context, args []string, e env) error {
	fs := newFlags("stats", "-index DIR [-json]", e)
	dir := fs.String("index", "", "index directory")
	asJSON := fs.Bool("json", false, "print the statistics as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("stats takes no arguments")
	}
	idx, err := openExisting(*dir, true)
	if err != nil {
		return err
	}
	defer idx.Close()
	st, err := idx.Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, st)
	}
	buckets := func(bs []newsindex.Bucket) string {
		var parts []string
		for _, b := range bs {
			parts = append(parts, fmt.Sprintf("%s %d", b.Value, b.Count))
		}
		return strings.Join(parts, ", ")
	}
	span := "no dated articles"
	if !st.Oldest.IsZero() {
		span = st.Oldest.Format("2006-01-02") + " to " + st.Newest.Format("2006-01-02")
	}
	size := fmt.Sprintf("%.1f MB on disk", float64(st.DiskBytes)/1e6)
	if st.Shards > 1 {
		size += fmt.Sprintf(", %d shards", st.Shards)
	}
	if st.Segments > max(1, st.Shards) {
		size += fmt.Sprintf(", %d segments (index -compact always merges them)", st.Segments)
	}
	fmt.Fprintf(e.stdout, "articles:  %d\nlanguages: %s\ndates:     %s\nsize:      %s\n",
		st.Articles, buckets(st.Languages), span, size)
	// Outlets one a line, exactly as -source and source: take them: names
	// with spaces ("KCNA (kcna.co.jp mirror)") would not stand out in a list
	// joined with commas.
	fmt.Fprintf(e.stdout, "sources:   %s\n", plural(uint64(len(st.Sources)), "outlet"))
	width := 1
	for _, b := range st.Sources {
		width = max(width, len(strconv.Itoa(b.Count)))
	}
	for _, b := range st.Sources {
		fmt.Fprintf(e.stdout, "  %*d  %s\n", width, b.Count, quoteValue(b.Value))
	}
	return nil
}

// quoteValue writes a keyword value so that it can be copied into a shell
// or a query: in double quotes when it has spaces, quotes, backslashes or
// characters that do not print.
func quoteValue(v string) string {
	if v == "" || strings.ContainsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == '\\' || !unicode.IsPrint(r) }) {
		return strconv.Quote(v)
	}
	return v
}

func cmdDelete(ctx context.Context, args []string, e env) error {
	fs := newFlags("delete", "-index DIR [-purge] ID...", e)
	dir := fs.String("index", "", "index directory")
	purge := fs.Bool("purge", false, "remove everything of the articles, every version and deletion, for good (without it they are marked deleted and their history stays)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("no article ID to delete")
	}
	idx, err := openExisting(*dir, false)
	if err != nil {
		return err
	}
	defer idx.Close()
	found := 0
	for _, id := range fs.Args() {
		h, err := idx.History(ctx, id)
		switch {
		case errors.Is(err, newsindex.ErrNotFound):
		case err != nil:
			return err
		case *purge || !h[len(h)-1].Deleted:
			found++
		}
	}
	if *purge {
		if err := idx.Purge(ctx, fs.Args()...); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "purged %d of %s\n", found, plural(uint64(fs.NArg()), "article"))
	} else {
		if err := idx.Delete(ctx, fs.Args()...); err != nil {
			return err
		}
		hint := ""
		if found > 0 {
			hint = " (their history stays: newsindex history; -purge removes everything)"
		}
		fmt.Fprintf(e.stdout, "deleted %d of %s%s\n", found, plural(uint64(fs.NArg()), "article"), hint)
	}
	if missing := fs.NArg() - found; missing > 0 {
		return fmt.Errorf("%d of the IDs were not in the index (or were deleted already)", missing)
	}
	return nil
}
