package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsindex/newsindex"
)

func cmdHistory(ctx context.Context, args []string, e env) error {
	fs := newFlags("history", "-index DIR [-json] ID", e)
	dir := fs.String("index", "", "index directory")
	asJSON := fs.Bool("json", false, `print {"id":…,"versions":[{"version":1,"seen":…,"deleted":false,"title":…,"body":…}]}`)
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
	id := fs.Arg(0)
	h, err := idx.History(ctx, id)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, newsindex.ArticleHistory{ID: id, Versions: h})
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", id, plural(uint64(len(h)), "entry"))
	for _, v := range h {
		seen := "seen: not recorded"
		if !v.Seen.IsZero() {
			seen = "seen " + v.Seen.UTC().Format("2006-01-02 15:04")
		}
		what := v.Article.Headline()
		if v.Deleted {
			what = "deleted"
		}
		fmt.Fprintf(e.stdout, "  %s@%d  %s  %s\n", id, v.Number, seen, what)
	}
	return nil
}

func cmdDiff(ctx context.Context, args []string, e env) error {
	fs := newFlags("diff", "-index DIR [-json] A B  (A, B: ID for the current version, ID@N for version N)", e)
	dir := fs.String("index", "", "index directory")
	asJSON := fs.Bool("json", false, `print {"changes":[{"op":"equal|insert|delete","text":…}]}`)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("want two articles to compare (ID or ID@N), got %d arguments", fs.NArg())
	}
	for _, ref := range fs.Args() {
		if _, _, err := newsindex.SplitVersionRef(ref); err != nil {
			return usageError{strings.TrimPrefix(err.Error(), "newsindex: ")}
		}
	}
	idx, err := openExisting(*dir, true)
	if err != nil {
		return err
	}
	defer idx.Close()
	a, err := idx.Version(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	b, err := idx.Version(ctx, fs.Arg(1))
	if err != nil {
		return err
	}
	changes := newsindex.Diff(a.Article, b.Article)
	if *asJSON {
		return writeJSON(e.stdout, struct {
			Changes []newsindex.Change `json:"changes"`
		}{changes})
	}
	s := colours(e.stdout)
	same := len(changes) == 1 && changes[0].Op == "equal"
	for _, c := range changes {
		switch c.Op {
		case "insert":
			fmt.Fprint(e.stdout, diffMark(s, "{+", "+}", "\x1b[32m", c.Text))
		case "delete":
			fmt.Fprint(e.stdout, diffMark(s, "[-", "-]", "\x1b[31m", c.Text))
		default:
			fmt.Fprint(e.stdout, c.Text)
		}
	}
	fmt.Fprintln(e.stdout)
	if same {
		fmt.Fprintln(e.stderr, "(no difference)")
	}
	return nil
}

// diffMark marks inserted or deleted text: colour on a terminal, and
// always the marks of git's word diff ({+…+}, [-…-]), readable without
// colour.
func diffMark(s style, open, close, colour, text string) string {
	if s.reset != "" {
		return colour + open + text + close + s.reset
	}
	return open + text + close
}
