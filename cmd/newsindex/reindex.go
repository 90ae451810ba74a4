package main

import (
	"context"
	"fmt"
	"time"

	"github.com/newsindex/newsindex"
)

func cmdReindex(ctx context.Context, args []string, e env) error {
	fs := newFlags("reindex", "-index DIR [-shards N]", e)
	dir := fs.String("index", "", "index directory to rebuild from its own stored articles")
	shards := fs.Int("shards", 0, fmt.Sprintf("number of shards of the rebuilt index, 1 to %d (default: the index's own)", newsindex.MaxShards))
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("reindex takes no arguments")
	}
	if *shards < 0 || *shards > newsindex.MaxShards {
		return usagef("-shards %d: an index has 1 to %d shards", *shards, newsindex.MaxShards)
	}
	start := time.Now()
	last := time.Time{}
	var done newsindex.ReindexProgress
	err := newsindex.Reindex(ctx, *dir, newsindex.Config{Shards: *shards}, func(p newsindex.ReindexProgress) {
		done = p
		if time.Since(last) >= time.Second || p.Done == p.Total {
			last = time.Now()
			fmt.Fprintf(e.stderr, "reindexing: %d of %d articles (%.0f%%)\n", p.Done, p.Total, 100*float64(p.Done)/float64(max(p.Total, 1)))
		}
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "reindexed %d articles in %s\n", done.Total, time.Since(start).Round(time.Millisecond))
	return nil
}
