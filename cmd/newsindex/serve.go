package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/server"
)

func cmdServe(ctx context.Context, args []string, e env) error {
	fs := newFlags("serve", "-index DIR [-addr 127.0.0.1:8080] [-read-only]", e)
	dir := fs.String("index", "", "index directory")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (loopback by default)")
	readOnly := fs.Bool("read-only", false, "open the index read-only: other read-only processes share it, but no process can add articles while it runs")
	_ = fs.Bool("write", true, "(the default now: serve holds the index for writing and shares it, so that newsindex index, search and stats work beside it)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("serve takes no arguments")
	}
	idx, err := openServed(ctx, *dir, *readOnly, e)
	if err != nil {
		return err
	}
	defer idx.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           server.New(idx, server.Options{}),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(e.stderr, "newsindex: serving %s on http://%s/ (Ctrl-C stops)\n", *dir, ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(e.stderr, "newsindex: stopped")
	return nil
}

// openServed opens the index to serve: for writing and shared (Config.Share),
// so that other processes (newsindex index adding articles every hour, a
// search from the shell) open it through this one while it serves; or
// read-only. While another process writes the index without sharing it (a
// newsindex index that started first), it waits for that one to finish.
func openServed(ctx context.Context, dir string, readOnly bool, e env) (*newsindex.Index, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("no index at %s", dir)
	}
	cfg := newsindex.Config{ReadOnly: readOnly, Share: !readOnly}
	for waited := false; ; waited = true {
		idx, err := newsindex.Open(dir, cfg)
		if !errors.Is(err, newsindex.ErrLocked) {
			return idx, err
		}
		if !waited {
			fmt.Fprintf(e.stderr, "newsindex: another process is writing %s; serving as soon as it is done (Ctrl-C stops)\n", dir)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Second):
		}
	}
}
