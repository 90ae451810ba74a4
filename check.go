package newsindex

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/schema"
	"github.com/newsindex/newsindex/internal/store"
)

// CheckReport is what [Check] found. In JSON it is
// {"articles":N,"problems":[…],"recovered":R}.
type CheckReport struct {
	// Articles is the number of articles the index holds.
	Articles uint64 `json:"articles"`
	// Problems says what is wrong, each naming the file (relative to the
	// index directory) or the article and what is wrong with it; empty
	// when the index is sound.
	Problems []string `json:"problems"`
	// Recovered is the number of batches of an Add a crash interrupted,
	// whose statistics the open added up (not a problem).
	Recovered int `json:"recovered"`
}

// CheckProgress says how far a Check has read the stored articles.
type CheckProgress struct{ Done, Total uint64 }

// Check verifies what can be verified of the index at path, which must not
// be open for writing: that the layout file reads and this build reads its
// version; that root.bolt's pages are consistent and the segments its
// latest snapshot names exist and match their CRC-32 checksums (Bleve
// checks neither: random bytes written into a segment go unnoticed); that
// every stored article decodes; and that the article count and the token
// statistics of BM25 agree with the articles, recounted. It returns an
// error only when it cannot check (no index there, another process
// writing); what it finds wrong is in the report.
func Check(ctx context.Context, path string, progress func(CheckProgress)) (*CheckReport, error) {
	rep := &CheckReport{Problems: []string{}}
	problem := func(format string, args ...any) { rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...)) }
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("newsindex: check: no index at %s", path)
	}
	l, err := schema.Read(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		problem("%s: missing (not a newsindex index, or one whose creation was interrupted)", schema.LayoutFile)
		return rep, nil
	case err != nil:
		problem("%s: %v", schema.LayoutFile, err)
		return rep, nil
	}
	if err := l.Check(path); err != nil {
		problem("%s: %v", schema.LayoutFile, err)
		return rep, nil
	}
	found, err := store.Verify(path, true, 0)
	if errors.Is(err, store.ErrLocked) {
		return nil, fmt.Errorf("%w: %s", ErrLocked, path)
	}
	if err != nil {
		return nil, fmt.Errorf("newsindex: check %s: %w", path, err)
	}
	for _, p := range found {
		problem("%s", p)
	}
	if len(found) > 0 {
		return rep, nil // Bleve would open an older snapshot, or fail
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if errors.Is(err, store.ErrLocked) {
		return nil, fmt.Errorf("%w: %s", ErrLocked, path)
	}
	if err != nil {
		problem("the index does not open: %v", err)
		return rep, nil
	}
	defer st.Close()
	rep.Recovered = st.Recovered()
	total, err := st.Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("newsindex: check %s: %w", path, err)
	}
	rep.Articles = total
	counted := bm25.NewCounts()
	var done uint64
	err = st.EachTolerant(ctx, reindexPage, func(page []schema.Article) error {
		for _, a := range page {
			counted.Add(1, l.Lengths(a))
		}
		done += uint64(len(page))
		if progress != nil {
			progress(CheckProgress{Done: done, Total: total})
		}
		return nil
	}, func(id string, err error) {
		problem("article %q: %v", id, err)
		done++
	})
	if err != nil {
		return nil, fmt.Errorf("newsindex: check %s: %w", path, err)
	}
	if done != total {
		problem("%d articles are counted, %d were read", total, done)
	}
	kept := st.Stats().Counts()
	if kept.Articles != int64(total) {
		problem("the statistics count %d articles; the index holds %d (reindex to recount)", kept.Articles, total)
	}
	fields := map[string]bool{}
	for f := range kept.Tokens {
		fields[f] = true
	}
	for f := range counted.Tokens {
		fields[f] = true
	}
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		if kept.Tokens[f] != counted.Tokens[f] || kept.Docs[f] != counted.Docs[f] {
			problem("the statistics of %s say %d tokens in %d articles; the articles have %d in %d (reindex to recount)",
				f, kept.Tokens[f], kept.Docs[f], counted.Tokens[f], counted.Docs[f])
		}
	}
	return rep, nil
}
