package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/newsindex/newsindex/server"
)

func cmdServe(ctx context.Context, args []string, e env) error {
	fs := newFlags("serve", "-index DIR [-addr 127.0.0.1:8080] [-write]", e)
	dir := fs.String("index", "", "index directory")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (loopback by default)")
	write := fs.Bool("write", false, "open the index for writing (default read-only, so that other readers can share it)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := requireIndex(*dir); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("serve takes no arguments")
	}
	idx, err := openExisting(*dir, !*write)
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
