package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/newsindex/newsindex"
)

// filters are the flags search and export share.
type filters struct {
	dir, lang, source, author, entity, from, to string
	any                                         bool
}

func (f *filters) register(fs *flag.FlagSet) {
	fs.StringVar(&f.dir, "index", "", "index directory")
	fs.StringVar(&f.lang, "lang", "", "only articles in this language (ISO 639 code)")
	fs.StringVar(&f.source, "source", "", "only articles from this outlet (exactly as 'newsindex stats' lists it)")
	fs.StringVar(&f.author, "author", "", "only articles by this author (exactly as the articles give it)")
	fs.StringVar(&f.entity, "entity", "", "only articles naming this person, place or organisation (an ID 'newsindex entities' lists: kim-jong-un)")
	fs.StringVar(&f.from, "from", "", "only articles published on or after DATE (2025, 2025-08 or 2025-08-20: from its start)")
	fs.StringVar(&f.to, "to", "", "only articles published on or before DATE (2025, 2025-08 or 2025-08-20: to its end)")
	fs.BoolVar(&f.any, "any", false, "free text needs any of its words, not all; articles with more of them (and rarer ones) rank higher")
}

// query parses the query words and adds the filters.
func (f *filters) query(words []string) (newsindex.Query, error) {
	q, err := newsindex.Parse(strings.Join(words, " "))
	if err != nil {
		return nil, err
	}
	if f.any {
		q = newsindex.AnyWords(q)
	}
	return newsindex.Filter{Language: f.lang, Source: f.source, Author: f.author, Entity: f.entity, From: f.from, To: f.to}.Apply(q)
}

func cmdSearch(ctx context.Context, args []string, e env) error {
	fs := newFlags("search", "-index DIR [-json] [-explain] [-any] [-strict] [-prefer L,L…] [-history] [-dropped] [-collapse] [-lang L] [-source S] [-author A] [-entity ID] [-from DATE] [-to DATE] [-sort relevance|newest|oldest] [-n N] [-after CURSOR] [-facets F,F…] QUERY...", e)
	var f filters
	f.register(fs)
	asJSON := fs.Bool("json", false, "print the result as JSON")
	sortBy := fs.String("sort", "relevance", "relevance, newest or oldest")
	n := fs.Int("n", 10, "number of hits")
	after := fs.String("after", "", "continue after the page that printed this cursor")
	facetList := fs.String("facets", "source,language,year,entity", "the facets to count, comma-separated: source, language, author, year, month, entity (empty: none)")
	explain := fs.Bool("explain", false, "print the query as the S-expression the library runs (its String form), not in the query language")
	strict := fs.Bool("strict", false, "every word must be there, even when fewer than 10 articles have them all (by default the search then takes the articles with most of the words, and says so)")
	prefer := fs.String("prefer", "", "languages whose articles come first among comparable hits, comma-separated ISO 639 codes: en,de")
	history := fs.Bool("history", false, "search every version of every article, the deleted ones included; each hit says which version it is (edited:true, deleted:true filter)")
	dropped := fs.Bool("dropped", false, "find what was taken out: earlier versions and deletions that match, of articles whose current version no longer does")
	collapse := fs.Bool("collapse", false, "one hit a story: reprints and copies of a better-ranked match are listed under it (-n counts stories)")
	if err := parseQuery(fs, args); err != nil {
		return err
	}
	if err := requireIndex(f.dir); err != nil {
		return err
	}
	order, err := newsindex.ParseSort(*sortBy)
	if err != nil {
		return usageError{err.Error()}
	}
	if *n < 1 {
		return usagef("-n must be at least 1")
	}
	facets, err := parseFacets(*facetList)
	if err != nil {
		return err
	}
	q, err := f.query(fs.Args())
	if err != nil {
		return err
	}
	idx, err := openExisting(f.dir, true)
	if err != nil {
		return err
	}
	defer idx.Close()
	res, err := idx.Search(ctx, q, newsindex.SearchOptions{
		Size: *n, Sort: order, After: *after, Highlight: true,
		Facets: facets, Relax: !*strict, Prefer: splitList(*prefer), History: *history, Dropped: *dropped, Collapse: *collapse,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	echo := newsindex.Format(q)
	if *explain {
		echo = q.String()
	}
	printResult(e.stdout, echo, res, facets, colours(e.stdout))
	return nil
}

// splitList splits a comma-separated flag value, leaving out empty items.
func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// parseFacets reads the -facets list.
func parseFacets(list string) ([]newsindex.Facet, error) {
	var out []newsindex.Facet
	for name := range strings.SplitSeq(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		f, err := newsindex.ParseFacet(name)
		if err != nil {
			return nil, usagef("-facets: %s", strings.TrimPrefix(err.Error(), "newsindex: "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}

// openExisting opens the index at dir, which must exist.
func openExisting(dir string, readOnly bool) (*newsindex.Index, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("no index at %s", dir)
	}
	return newsindex.Open(dir, newsindex.Config{ReadOnly: readOnly})
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// style holds the escape sequences of a terminal, or nothing.
type style struct{ mark, dim, bold, reset string }

// colours styles a terminal unless NO_COLOR is set.
func colours(w io.Writer) style { return styleFor(isTerminal(w), os.Getenv("NO_COLOR") != "") }

func styleFor(terminal, noColor bool) style {
	if !terminal || noColor {
		return style{}
	}
	return style{mark: "\x1b[1m", dim: "\x1b[2m", bold: "\x1b[1m", reset: "\x1b[0m"}
}

// plainMark is what stands on each side of a match where there is no
// terminal to make it bold: Markdown's bold, as examples/search writes it.
const plainMark = "**"

// plural is n with the noun, made plural unless n is 1.
func plural(n uint64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if stem, ok := strings.CutSuffix(noun, "y"); ok {
		return fmt.Sprintf("%d %sies", n, stem) // entries, stories
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// date prints a date as precisely as it is known.
func date(a newsindex.Article) string {
	if d := a.FormatPublished("2006-01-02", "2006-01", "2006"); d != "" {
		return d
	}
	return "undated"
}

// printResult prints a page of hits after a line with their number and the
// query (echo), then the facets in the order given.
func printResult(w io.Writer, echo string, res *newsindex.Result, facets []newsindex.Facet, s style) {
	verb := "match"
	if res.Total == 1 {
		verb = "matches"
	}
	noun := "article"
	if len(res.Hits) > 0 && res.Hits[0].History != nil {
		noun = "version" // a search of the past counts versions
	}
	stories := ""
	if res.Stories > 0 {
		atLeast := ""
		if res.StoriesAtLeast {
			atLeast = "at least "
		}
		stories = fmt.Sprintf(" (%s%s)", atLeast, plural(uint64(res.Stories), "story"))
	}
	fmt.Fprintf(w, "%s %s %s%s\n", plural(res.Total, noun), verb, echo, stories)
	for _, note := range res.Notes {
		fmt.Fprintf(w, "%s(%s)%s\n", s.dim, note, s.reset)
	}
	for i, h := range res.Hits {
		a := h.Article
		title := a.Headline()
		meta := []string{}
		for _, v := range []string{a.Source, date(a), a.Language, a.Author} {
			if v != "" {
				meta = append(meta, v)
			}
		}
		ref := a.ID
		if v := h.History; v != nil {
			ref = fmt.Sprintf("%s@%d", a.ID, v.Version)
			switch {
			case v.Current:
				ref += " (current)"
			case v.Deleted:
				ref += " (the article is deleted)"
			default:
				ref += " (an earlier version)"
			}
		}
		fmt.Fprintf(w, "\n%2d. %s%s%s\n    %s%s · %s%s\n", i+1, s.bold, title, s.reset, s.dim, strings.Join(meta, " · "), ref, s.reset)
		frags := h.Fragments["body"]
		if len(frags) == 0 {
			frags = h.Fragments["title"]
		}
		for _, frag := range frags {
			fmt.Fprintf(w, "    %s\n", terminalText(frag, s))
		}
		if len(h.Others) > 0 {
			var others []string
			for _, o := range h.Others {
				others = append(others, fmt.Sprintf("%s (%s)", o.ID, strings.Join(nonEmpty(o.Source, o.Language, string(o.Kind)), ", ")))
			}
			fmt.Fprintf(w, "    %salso: %s%s\n", s.dim, strings.Join(others, "; "), s.reset)
		}
	}
	if len(res.Facets) > 0 {
		fmt.Fprintln(w)
	}
	for _, f := range facets {
		var parts []string
		for _, b := range res.Facets[f] {
			parts = append(parts, fmt.Sprintf("%s %d", b.Value, b.Count))
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "%-9s %s\n", string(f)+":", strings.Join(parts, ", "))
		}
	}
	if res.Cursor != "" {
		fmt.Fprintf(w, "\nmore: add -after %s\n", res.Cursor)
	}
}

// nonEmpty returns the values that are not empty.
func nonEmpty(values ...string) []string {
	var out []string
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// terminalText turns an HTML fragment into terminal text, matches in bold
// on a terminal and between plainMarks otherwise.
func terminalText(fragment string, s style) string {
	on, off := s.mark, s.reset
	if on == "" {
		on, off = plainMark, plainMark
	}
	fragment = strings.NewReplacer("<mark>", on, "</mark>", off, "\n", " ").Replace(fragment)
	return html.UnescapeString(fragment)
}
