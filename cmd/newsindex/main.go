// Command newsindex indexes archives of news articles and searches them.
//
//	newsindex index  -index DIR [-format auto|text|jsonl|csv|tsv|html] PATH...
//	newsindex search -index DIR [-json] [-explain] [-any] [-lang L] [-source S] [-author A] [-entity ID] [-from DATE] [-to DATE]
//	                 [-sort relevance|newest|oldest] [-n N] [-after CURSOR] [-facets source,language,year,entity] QUERY...
//	newsindex get    -index DIR ID
//	newsindex stats  -index DIR [-json]
//	newsindex delete -index DIR ID...
//	newsindex export -index DIR [-format jsonl|csv] [-any] [-lang L] [-source S] [-author A] [-entity ID] [-from DATE] [-to DATE] QUERY...
//	newsindex entities -index DIR [-json] [TEXT]
//	newsindex serve  -index DIR [-addr 127.0.0.1:8080] [-write]
//	newsindex eval   [-json] [-same-language] COLLECTION_DIR...
//	newsindex bench  [-json] -corpus FILE [-dir DIR] [-n N]
//	newsindex reindex -index DIR
//	newsindex check  -index DIR [-json]
//
// Flags may stand before or after the arguments, and -- ends them.
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
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/newsindex/newsindex"
)

const usage = `usage: newsindex COMMAND [flags] [args]

commands:
  index     add articles from text dumps, JSON Lines, CSV or TSV files and directories
  search    search an index (QUERY in the query language of newsindex.Parse)
  get       print one article as JSON
  stats     count the articles by language and outlet, with the date span and size
  delete    mark articles deleted by ID, keeping their history (-purge removes everything)
  export    write every article matching a query as JSON Lines or CSV
  trend     count each query's matches per day, week, month or year, with their
            share of all articles (each argument one query)
  terms     the words and entities the matches of a query hold more than the archive
  kwic      every occurrence of a query's words in the matching articles, in context
  entities  list the people, places and organisations the index recognises, with
            their spellings and the number of articles naming each (TEXT filters)
  serve     serve the search page and JSON API over HTTP
  eval      measure retrieval quality on test collections with relevance judgments
  bench     measure speed, size and memory side by side with raw Bleve
  reindex   rebuild an index from its own stored articles (a new format, new names)
  history   list the versions and deletions of an article
  diff      compare two articles or versions word by word (ID, ID@N)
  related   an article's reprints and near-duplicates, translations and similar articles
  check     verify an index: its files' checksums, its stored articles, its statistics

Flags may stand before or after the arguments; -- ends them (every word
after it is an argument, even one starting with -). In search and export a
word starting with - that is not a flag of the command is a query word:
-Sowjetunion leaves out the articles with the word, and a misspelt flag
(-form 2011) is searched for too, with a note on stderr when it looks like
one. Other commands reject undefined flags; put an argument that starts
with - after --.

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
		"index":    cmdIndex,
		"search":   cmdSearch,
		"get":      cmdGet,
		"stats":    cmdStats,
		"delete":   cmdDelete,
		"export":   cmdExport,
		"serve":    cmdServe,
		"eval":     cmdEval,
		"reindex":  cmdReindex,
		"check":    cmdCheck,
		"history":  cmdHistory,
		"diff":     cmdDiff,
		"related":  cmdRelated,
		"bench":    cmdBench,
		"entities": cmdEntities,
		"trend":    cmdTrend,
		"terms":    cmdTerms,
		"kwic":     cmdKWIC,
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
	// The library's errors start with "newsindex: "; the line already
	// starts with "newsindex COMMAND: ".
	msg := ""
	if err != nil {
		msg = strings.TrimPrefix(err.Error(), "newsindex: ")
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage) || errors.Is(err, newsindex.ErrBadCursor) || errors.As(err, new(*newsindex.QueryError)):
		if msg != "" { // flag errors are printed by the flag package
			fmt.Fprintf(e.stderr, "newsindex %s: %s\n", name, msg)
		}
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "newsindex %s: %s\n", name, msg)
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

// parse parses the flags of a command wherever they stand among its
// arguments, turning their errors into usage errors. A word is a flag when
// it names one of the command's flags (-name, --name, -name=value; -h and
// -help ask for the usage); a flag that takes a value takes the next word,
// a boolean flag none. "--" ends the flags: every word after it is an
// argument. Any other word starting with "-" but "-" alone is an undefined
// flag: the arguments of these commands (paths, IDs, directories) go after
// "--" when they start with "-".
func parse(fs *flag.FlagSet, args []string) error { return parseArgs(fs, args, false) }

// parseQuery is parse for commands whose arguments are query words: a word
// starting with "-" that names no flag is a query word ("-Sowjetunion"
// leaves out articles with the word), with a note on stderr when it looks
// like a misspelt flag.
func parseQuery(fs *flag.FlagSet, args []string) error { return parseArgs(fs, args, true) }

func parseArgs(fs *flag.FlagSet, args []string, dashWords bool) error {
	var flags, words []string
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			words = append(words, args[i+1:]...)
			break
		}
		name, hasValue, ok := flagName(arg)
		if !ok {
			words = append(words, arg)
			continue
		}
		f := fs.Lookup(name)
		switch {
		case f != nil:
			flags = append(flags, arg)
			if hasValue || isBoolFlag(f) {
				continue
			}
			if i+1 == len(args) {
				fmt.Fprintf(fs.Output(), "flag needs an argument: -%s\n", name)
				fs.Usage()
				return usageError{}
			}
			i++
			flags = append(flags, args[i])
		case name == "h" || name == "help":
			flags = append(flags, arg) // fs.Parse prints the usage
		case dashWords:
			if near := nearFlag(fs, name); near != "" {
				fmt.Fprintf(fs.Output(), "newsindex %s: note: %s is not a flag, so it is read as part of the query (did you mean -%s? put -- before the query to silence this)\n", fs.Name(), arg, near)
			}
			words = append(words, arg)
		default:
			flags = append(flags, arg) // fs.Parse reports it
		}
	}
	if err := fs.Parse(append(append(flags, "--"), words...)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{} // the flag package printed the error and the usage
	}
	return nil
}

// flagName reads a word as a flag: the name of "-name", "--name" or
// "-name=value", and whether a value came with it.
func flagName(arg string) (name string, hasValue, ok bool) {
	if len(arg) < 2 || arg[0] != '-' {
		return "", false, false
	}
	s := strings.TrimPrefix(arg[1:], "-")
	if s == "" || s[0] == '-' || s[0] == '=' {
		return "", false, false
	}
	name, _, hasValue = strings.Cut(s, "=")
	return name, hasValue, true
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// nearFlag returns the name of a flag of fs that name (of three letters or
// more) misspells: the same but for case, one letter added, dropped or
// changed, or two neighbours swapped; "" when there is none.
func nearFlag(fs *flag.FlagSet, name string) string {
	name = strings.ToLower(name)
	if utf8.RuneCountInString(name) < 3 {
		return ""
	}
	near := ""
	fs.VisitAll(func(f *flag.Flag) {
		if near == "" && len(f.Name) >= 3 && editDistance(name, f.Name) <= 1 {
			near = f.Name
		}
	})
	return near
}

// editDistance is the optimal string alignment distance between a and b:
// the insertions, deletions, substitutions and swaps of neighbouring
// letters that turn one into the other.
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	d := make([][]int, len(s)+1)
	for i := range d {
		d[i] = make([]int, len(t)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(s); i++ {
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(s)][len(t)]
}

// requireIndex checks the -index flag.
func requireIndex(dir string) error {
	if dir == "" {
		return usagef("-index DIR is required")
	}
	return nil
}
