package main

import (
	"context"
	"fmt"
	"time"

	"github.com/newsindex/newsindex"
)

func cmdCheck(ctx context.Context, args []string, e env) error {
	fs := newFlags("check", "-index DIR [-json]", e)
	dir := fs.String("index", "", "index directory to verify (not open for writing elsewhere)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("check takes no arguments")
	}
	last := time.Now()
	rep, err := newsindex.Check(ctx, *dir, func(p newsindex.CheckProgress) {
		if time.Since(last) >= 2*time.Second {
			last = time.Now()
			fmt.Fprintf(e.stderr, "checking: %d of %d articles read\n", p.Done, p.Total)
		}
	})
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(e.stdout, rep); err != nil {
			return err
		}
	} else if len(rep.Problems) == 0 {
		fmt.Fprintf(e.stdout, "ok: %d articles; the layout, root.bolt, every segment's checksum, every stored article and the statistics agree\n", rep.Articles)
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(e.stdout, p)
		}
	}
	if rep.Recovered > 0 && !*asJSON {
		fmt.Fprintf(e.stdout, "(the statistics of %d batches of an Add a crash interrupted were counted at open)\n", rep.Recovered)
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("%d problems found", len(rep.Problems))
	}
	return nil
}
