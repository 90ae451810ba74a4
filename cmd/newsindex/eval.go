package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/newsindex/newsindex/eval"
)

func cmdEval(ctx context.Context, args []string, e env) error {
	fs := newFlags("eval", "[-json] [-same-language] COLLECTION_DIR...", e)
	asJSON := fs.Bool("json", false, "print one JSON object per collection and language")
	same := fs.Bool("same-language", false, "search only the fields of the collection's language (default: every language, as Match does)")
	mode := fs.String("mode", "", "how typed queries (news topics) are searched: every (every word), any (ranked any word); default: as search does")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("no COLLECTION_DIR (a test collection, or a directory of them such as ../shared/eval)")
	}
	var collections []*eval.Collection
	for _, dir := range fs.Args() {
		cs, err := eval.Load(dir)
		if err != nil {
			return err
		}
		collections = append(collections, cs...)
	}
	if !*asJSON {
		fmt.Fprintf(e.stdout, "%-16s %-4s %7s %9s %7s %9s %8s\n", "collection", "lang", "queries", "nDCG@10", "MAP", "R@100", "time")
	}
	enc := json.NewEncoder(e.stdout)
	for _, c := range collections {
		s, err := eval.Run(ctx, c, eval.Options{AnyLanguage: !*same, Mode: eval.Mode(*mode)})
		if err != nil {
			return err
		}
		if *asJSON {
			if err := enc.Encode(s); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(e.stdout, "%-16s %-4s %7d %9.3f %7.3f %9.3f %8s\n", s.Collection, s.Language, s.Queries, s.NDCG10, s.MAP, s.RecallAt100, s.Took.Round(1e7))
	}
	return nil
}
