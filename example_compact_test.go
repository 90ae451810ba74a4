package newsindex_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/newsindex/newsindex"
)

// ExampleIndex_Compact merges an index on disk into one segment after a
// load of several batches, as newsindex index does after a bulk load.
func ExampleIndex_Compact() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "newsindex-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	idx, err := newsindex.Open(filepath.Join(dir, "idx"), newsindex.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	day := time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)
	for i := range 30 { // thirty batches, each a segment before Bleve merges some
		a := newsindex.Article{Source: "KCNA", Language: "en", Published: day.AddDate(0, 0, i),
			Title: fmt.Sprintf("Delegation %d visits Moscow", i), Body: "A delegation left Pyongyang for Moscow."}
		if err := idx.Add(ctx, a); err != nil {
			log.Fatal(err)
		}
	}
	if err := idx.Compact(ctx); err != nil {
		log.Fatal(err)
	}
	st, err := idx.Stats(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.Articles, "articles in", st.Segments, "segment")
	// Output: 30 articles in 1 segment
}
