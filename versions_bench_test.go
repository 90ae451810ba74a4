package newsindex_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

// BenchmarkEditTenth measures what keeping versions costs: on an index of
// 5,000 KCNA articles on disk, adding a tenth of them again with one word
// changed (each becomes a new version, the earlier one kept), against
// adding the same edited texts as new articles, in the same run. It
// reports the time of the Add and the growth of the index on disk per
// changed article (disk-B/article).
//
//	go test -run '^$' -bench EditTenth -benchtime 3x .
func BenchmarkEditTenth(b *testing.B) {
	if testing.Short() {
		b.Skip("skipping the KCNA archive in -short mode")
	}
	ctx := context.Background()
	var base []newsindex.Article
	for rec, err := range ingest.Read(ctx, []string{kcnaFile(b)}, ingest.Options{}) {
		if err != nil {
			b.Fatal(err)
		}
		if len(base) == 5000 {
			break
		}
		base = append(base, rec.Article)
	}
	edited := make([]newsindex.Article, 0, len(base)/10)
	for i := 0; i < len(base); i += 10 {
		a := base[i]
		a.Body = strings.Replace(a.Body, " the ", " a ", 1) + " (revised)"
		edited = append(edited, a)
	}
	fresh := make([]newsindex.Article, len(edited))
	for i, a := range edited {
		a.ID = fmt.Sprintf("new-%s", a.ID)
		fresh[i] = a
	}
	for _, tc := range []struct {
		name     string
		articles []newsindex.Article
	}{{"new", fresh}, {"edit", edited}} {
		b.Run(tc.name, func(b *testing.B) {
			var growth int64
			for b.Loop() {
				b.StopTimer()
				dir := filepath.Join(b.TempDir(), "idx")
				idx, err := newsindex.Open(dir, newsindex.Config{})
				if err != nil {
					b.Fatal(err)
				}
				if err := idx.Add(ctx, base...); err != nil {
					b.Fatal(err)
				}
				before := closedSize(b, idx, dir)
				if idx, err = newsindex.Open(dir, newsindex.Config{}); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if err := idx.Add(ctx, tc.articles...); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				growth += closedSize(b, idx, dir) - before
				os.RemoveAll(dir)
				b.StartTimer()
			}
			b.ReportMetric(float64(growth)/float64(b.N)/float64(len(tc.articles)), "disk-B/article")
		})
	}
}

// closedSize closes an index and returns its size on disk.
func closedSize(b *testing.B, idx *newsindex.Index, dir string) int64 {
	b.Helper()
	if err := idx.Close(); err != nil {
		b.Fatal(err)
	}
	var total int64
	err := filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			total += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return total
}
