package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/newsindex/newsindex"
)

func cmdTerms(ctx context.Context, args []string, e env) error {
	fs := newFlags("terms", "-index DIR [-json] [-n 30] [-sample 1000] [-lang L] [-source S] [-author A] [-entity ID] [-from DATE] [-to DATE] QUERY...", e)
	var f filters
	f.register(fs)
	asJSON := fs.Bool("json", false, `print {"terms":[{"term","count","background","score"}],"entities":[…],"language","matches","sampled"}`)
	n := fs.Int("n", newsindex.DefaultTerms, "number of words and of entities")
	sample := fs.Int("sample", newsindex.DefaultTermsSample, "number of best matches whose words are read")
	if err := parseQuery(fs, args); err != nil {
		return err
	}
	if err := requireIndex(f.dir); err != nil {
		return err
	}
	if *n < 1 || *n > newsindex.MaxTerms {
		return usagef("-n must be from 1 to %d", newsindex.MaxTerms)
	}
	if *sample < 1 || *sample > newsindex.MaxTermsSample {
		return usagef("-sample must be from 1 to %d", newsindex.MaxTermsSample)
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
	res, err := idx.Terms(ctx, q, newsindex.TermsOptions{Size: *n, Sample: *sample, Language: f.lang})
	if err != nil {
		return optionUsage(err)
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	return printTerms(e.stdout, newsindex.Format(q), res)
}

// printTerms prints the words, then the entities, each with the matches
// and the articles of the archive that hold it and its score.
func printTerms(w io.Writer, echo string, res *newsindex.TermsResult) error {
	verb := "match"
	if res.Matches == 1 {
		verb = "matches"
	}
	fmt.Fprintf(w, "%s %s %s\n", plural(res.Matches, "article"), verb, echo)
	if res.Matches == 0 {
		return nil
	}
	fmt.Fprintf(w, "(words of %d of the best matches, those in %s; entities of every match)\n", res.Sampled, res.Language)
	for _, list := range []struct {
		name  string
		terms []newsindex.SignificantTerm
	}{{"word", res.Terms}, {"entity", res.Entities}} {
		fmt.Fprintln(w)
		if len(list.terms) == 0 {
			fmt.Fprintf(w, "no %s stands out\n", list.name)
			continue
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\tmatches\tarchive\tscore\n", list.name)
		for _, t := range list.terms {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.3f\n", t.Term, t.Count, t.Background, t.Score)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
