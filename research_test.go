package newsindex_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

// kcnaFile is the KCNA archive of 2011–12 in the shared data, beside the
// checkout (../shared from the root of /work/main) or beside the directory
// of worktrees (../../shared from /work/wt/NAME).
func kcnaFile(tb testing.TB) string {
	tb.Helper()
	for _, up := range [][]string{{".."}, {"..", ".."}} {
		p := filepath.Join(append(up, "shared", "data", "kcna-2011-2012", "kcna_articles_2011_2012.jsonl")...)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	tb.Skip("skipping: no shared/data/kcna-2011-2012/kcna_articles_2011_2012.jsonl beside the checkout (../shared or ../../shared): the archive tests need /work/shared")
	return ""
}

var kcna struct {
	once sync.Once
	idx  *newsindex.Index
	err  error
}

// kcnaIndex is an in-memory index of the 24,776 KCNA articles, built once
// for the tests and benchmarks of a run (about ten seconds on two cores) and
// never closed. It skips in -short mode and without the shared data.
//
// NEWSINDEX_KCNA_INDEX names an index of the archive on disk to open
// read-only instead (newsindex index -index DIR kcna_articles_2011_2012.jsonl),
// for figures on disk as the tool reads it.
func kcnaIndex(tb testing.TB) *newsindex.Index {
	tb.Helper()
	if testing.Short() {
		tb.Skip("skipping the KCNA archive in -short mode")
	}
	if dir := os.Getenv("NEWSINDEX_KCNA_INDEX"); dir != "" {
		kcna.once.Do(func() { kcna.idx, kcna.err = newsindex.Open(dir, newsindex.Config{ReadOnly: true}) })
		require.NoError(tb, kcna.err)
		return kcna.idx
	}
	path := kcnaFile(tb)
	kcna.once.Do(func() {
		idx, err := newsindex.Open("", newsindex.Config{})
		if err != nil {
			kcna.err = err
			return
		}
		sum, err := ingest.Load(context.Background(), idx, []string{path}, ingest.LoadOptions{})
		if err == nil && sum.Indexed != 24776 {
			err = errors.New("the KCNA archive did not index whole")
		}
		kcna.idx, kcna.err = idx, err
	})
	require.NoError(tb, kcna.err)
	return kcna.idx
}

// mustParse parses a query of a test.
func mustParse(tb testing.TB, s string) newsindex.Query {
	tb.Helper()
	q, err := newsindex.Parse(s)
	require.NoError(tb, err, s)
	return q
}
