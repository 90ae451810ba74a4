package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsindex/newsindex"
)

func cmdRelated(ctx context.Context, args []string, e env) error {
	fs := newFlags("related", "-index DIR [-json] [-kind duplicate|translation|similar] [-lang L,L…] [-days N] [-n N] ID", e)
	dir := fs.String("index", "", "index directory")
	asJSON := fs.Bool("json", false, `print {"id":…,"hits":[{<article fields>,"score":S,"kind":"duplicate|translation|similar"}]}`)
	kinds := fs.String("kind", "", "only these kinds, separated by commas: duplicate, translation, similar (default all)")
	langs := fs.String("lang", "", "only related articles in these languages (ISO 639 codes, separated by commas)")
	days := fs.Int("days", 7, "duplicates and translations published within N days of the article (-1: any date)")
	n := fs.Int("n", 10, "at most N articles of each kind (1 to 100)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one article ID, got %d arguments", fs.NArg())
	}
	if *n < 1 || *n > 100 {
		return usagef("-n must be from 1 to 100")
	}
	if *days == 0 || *days < -1 {
		return usagef("-days must be a number of days from 1, or -1 for any date")
	}
	opts := newsindex.RelatedOptions{Languages: splitList(*langs), Size: *n, Window: newsindex.RelatedDays(*days)}
	for _, k := range splitList(*kinds) {
		opts.Kinds = append(opts.Kinds, newsindex.RelatedKind(strings.ToLower(k)))
	}
	idx, err := openExisting(*dir, true)
	if err != nil {
		return err
	}
	defer idx.Close()
	rel, err := idx.Related(ctx, fs.Arg(0), opts)
	if err != nil {
		return optionUsage(err)
	}
	if *asJSON {
		return writeJSON(e.stdout, rel)
	}
	s := colours(e.stdout)
	if len(rel.Hits) == 0 {
		fmt.Fprintf(e.stdout, "no related articles of %s\n", rel.ID)
		return nil
	}
	var kind newsindex.RelatedKind
	for _, h := range rel.Hits {
		if h.Kind != kind {
			kind = h.Kind
			fmt.Fprintf(e.stdout, "\n%s%s%s\n", s.bold, relatedHeading[kind], s.reset)
		}
		a := h.Article
		meta := []string{}
		for _, v := range []string{a.Source, date(a), a.Language} {
			if v != "" {
				meta = append(meta, v)
			}
		}
		score := fmt.Sprintf("%.2f", h.Score)
		if kind == newsindex.Duplicate {
			score = fmt.Sprintf("%.0f%% of the text", 100*h.Score)
		}
		fmt.Fprintf(e.stdout, "  %s\n    %s%s · %s · %s%s\n", a.Headline(), s.dim, strings.Join(meta, " · "), a.ID, score, s.reset)
	}
	return nil
}

// relatedHeading introduces the hits of each kind.
var relatedHeading = map[newsindex.RelatedKind]string{
	newsindex.Duplicate:   "Reprints and near-duplicates",
	newsindex.Translation: "In other languages",
	newsindex.Similar:     "Similar articles",
}
