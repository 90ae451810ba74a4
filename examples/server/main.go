// Command server shows how another Go program embeds the newsindex search
// page and JSON API: it indexes the seed corpus into memory and mounts the
// handler under /news/ beside a page of its own.
//
//	go run ./examples/server            # then open http://127.0.0.1:8080/news/
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
	"github.com/newsindex/newsindex/server"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	corpus := flag.String("corpus", "testdata/seed.txt", "file or directory of articles to index")
	flag.Parse()

	mux, err := newMux(context.Background(), *corpus)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("open http://%s/news/", *addr)
	srv := &http.Server{Addr: *addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

// newMux indexes the corpus into memory and mounts the newsindex handler
// under /news/. Its links are relative, so any prefix works.
func newMux(ctx context.Context, corpus string) (*http.ServeMux, error) {
	idx, err := newsindex.Open("", newsindex.Config{})
	if err != nil {
		return nil, err
	}
	sum, err := ingest.Load(ctx, idx, []string{corpus}, ingest.LoadOptions{})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/news/", http.StripPrefix("/news", server.New(idx, server.Options{MaxPageSize: 50})))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "This program's own page. The archive of %d articles is at /news/.\n", sum.Indexed)
	})
	return mux, nil
}
