// Command newsindex indexes archives of news articles and searches them.
//
//	newsindex index  -index DIR [-format auto|text|jsonl|csv|tsv|html] PATH...
//	newsindex search -index DIR [-json] [-lang L] [-source S] [-from DATE] [-to DATE] [-sort relevance|newest|oldest] [-n N] QUERY...
//	newsindex get    -index DIR ID
//	newsindex stats  -index DIR [-json]
//	newsindex delete -index DIR ID...
//	newsindex export -index DIR [-format jsonl|csv] [filters] QUERY...
//	newsindex serve  -index DIR [-addr 127.0.0.1:8080] [-write]
//	newsindex eval   [-json] [-same-language] COLLECTION_DIR...
//	newsindex bench  [-json] -corpus FILE [-dir DIR] [-n N]
//	newsindex reindex -index DIR
//
// Exit status: 0 on success, 1 on a runtime error (including records that
// could not be indexed), 2 on bad usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/newsindex/newsindex"
)

const usage = `usage: newsindex COMMAND [flags] [args]

commands:
  index   add articles from text dumps, JSON Lines, CSV or TSV files and directories
  search  search an index (QUERY in the query language of newsindex.Parse)
  get     print one article as JSON
  stats   count the articles by language and outlet, with the date span and size
  delete  remove articles by ID
  export  write every article matching a query as JSON Lines or CSV
  serve   serve the search page and JSON API over HTTP
  eval    measure retrieval quality on test collections with relevance judgments
  bench   measure speed, size and memory side by side with raw Bleve
  reindex rebuild an index from its own stored articles (a new format, new names)

Run 'newsindex COMMAND -h' for the flags of a command.
`

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// env is what a command reads and writes, so tests can run commands in
// process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// errUsage marks an error that is the caller's: exit status 2.
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) Unwrap() error { return errUsage }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr})
	stop()
	os.Exit(code)
}

// run runs one command and returns the exit status.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usage)
		return exitUsage
	}
	commands := map[string]func(context.Context, []string, env) error{
		"index":   cmdIndex,
		"search":  cmdSearch,
		"get":     cmdGet,
		"stats":   cmdStats,
		"delete":  cmdDelete,
		"export":  cmdExport,
		"serve":   cmdServe,
		"eval":    cmdEval,
		"bench":   cmdBench,
		"reindex": cmdReindex,
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" || name == "help" {
		fmt.Fprint(e.stdout, usage)
		return exitOK
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(e.stderr, "newsindex: unknown command %q\n\n%s", name, usage)
		return exitUsage
	}
	err := cmd(ctx, args[1:], e)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage) || errors.As(err, new(*newsindex.QueryError)):
		if err.Error() != "" { // flag errors are printed by the flag package
			fmt.Fprintf(e.stderr, "newsindex %s: %v\n", name, err)
		}
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "newsindex %s: %v\n", name, err)
		return exitError
	}
}

// newFlags makes the flag set of a command; its errors are usage errors.
func newFlags(name, args string, e env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: newsindex %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning their errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{} // the flag package printed the error and the usage
	}
	return nil
}

// requireIndex checks the -index flag.
func requireIndex(dir string) error {
	if dir == "" {
		return usagef("-index DIR is required")
	}
	return nil
}
