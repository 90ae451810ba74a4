package newsindex_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/newsindex/newsindex"
)

// An index of several shards is made once, with Config.Shards; later Opens
// take the count from the index. It finds and scores what an index of one
// shard does.
func ExampleConfig_shards() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "shards-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "archive.idx")

	idx, err := newsindex.Open(path, newsindex.Config{Shards: 2})
	if err != nil {
		log.Fatal(err)
	}
	if err := idx.Add(ctx, examples...); err != nil {
		log.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		log.Fatal(err)
	}

	idx, err = newsindex.Open(path, newsindex.Config{}) // the index's two shards
	if err != nil {
		log.Fatal(err)
	}
	defer idx.Close()
	one := exampleIndex(ctx) // the same articles in one shard
	defer one.Close()
	q := newsindex.Or(newsindex.Match{Text: "Denkmal"}, newsindex.Match{Text: "친선관계"})
	sharded, err := idx.Search(ctx, q, newsindex.SearchOptions{})
	if err != nil {
		log.Fatal(err)
	}
	single, err := one.Search(ctx, q, newsindex.SearchOptions{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(idx.Shards(), "shards,", sharded.Total, "hits; one shard:", single.Total)
	for i, h := range sharded.Hits {
		fmt.Printf("%s %.4f %.4f\n", h.Article.ID, h.Score, single.Hits[i].Score)
	}
	_, err = newsindex.Open(path+"-other", newsindex.Config{Shards: 1000})
	fmt.Println(err)
	// Output:
	// 2 shards, 2 hits; one shard: 2
	// naenara-1 0.0719 0.0719
	// rodong-1 0.0615 0.0615
	// newsindex: Config: Shards is 1000: an index has 1 to 64 shards (0 for the default, 1)
}
