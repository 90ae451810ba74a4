// Package ingest reads real archives into newsindex articles: raw text dumps
// as scrapers and browsers leave them (Naenara pages, KCNA items), JSON Lines
// of articles in the shapes other scrapers write, CSV or TSV exports, and
// saved web pages.
//
// [Read] streams the articles of files, directories (walked recursively),
// gzip files and standard input, each with the file and line it starts at.
// A record that cannot be read is an error naming the file and line; the
// reader goes on with the next record.
package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newsindex/newsindex"
)

// Format is an input format.
type Format string

// Formats. Auto detects the format of each file from its name and content.
const (
	Auto  Format = "auto"
	Text  Format = "text"
	JSONL Format = "jsonl"
	CSV   Format = "csv"
	TSV   Format = "tsv"
	HTML  Format = "html"
)

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case "", Auto:
		return Auto, nil
	case Text, JSONL, CSV, TSV, HTML:
		return f, nil
	case "htm":
		return HTML, nil
	case "json", "ndjson":
		return JSONL, nil
	}
	return "", fmt.Errorf("ingest: unknown format %q (want auto, text, jsonl, csv, tsv or html)", s)
}

// Options configure [Read]. The zero value detects every format.
type Options struct {
	// Format forces one format for every file; Auto (or "") detects it.
	Format Format
	// Columns names the columns of CSV and TSV files that have no header
	// row, with the field names a header would use ("section,body"); a
	// column named "" or "-" is skipped. Empty means the first row is the
	// header.
	Columns []string
	// Comma is the CSV delimiter; zero means ',' (and tab for TSV).
	Comma rune
	// Quote is the CSV quote character; zero means '"'. The 10kGNAD
	// export quotes with '\''.
	Quote rune
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
}

// Record is one article and where it starts in the input.
type Record struct {
	Article newsindex.Article
	File    string // path as given, "-" for standard input
	Line    int    // line of the record's first line (from 1)
	Offset  int64  // byte offset of that line in the (uncompressed) input
}

// maxLine caps a line of input (and a CSV record); a longer one is an
// error. A variable only so that tests can lower it (export_test.go).
var maxLine = 64 << 20

// Read streams the articles in paths. A directory is walked recursively for
// files whose names end in .txt, .jsonl, .ndjson, .json, .csv, .tsv,
// .html or .htm (optionally .gz), leaving out hidden files and README, LICENSE and SOURCE
// notes; a file named explicitly is always read. A .gz file is decompressed.
// Errors about one record or file are *newsindex.InputError values and
// reading goes on; the sequence stops when the consumer stops or ctx ends.
func Read(ctx context.Context, paths []string, opts Options) iter.Seq2[Record, error] {
	return func(yield func(Record, error) bool) {
		for _, p := range paths {
			if ctx.Err() != nil {
				yield(Record{}, ctx.Err())
				return
			}
			if !readPath(ctx, p, opts, yield) {
				return
			}
		}
	}
}

func readPath(ctx context.Context, path string, opts Options, yield func(Record, error) bool) bool {
	if path == "-" {
		in := opts.Stdin
		if in == nil {
			in = os.Stdin
		}
		return readStream(ctx, "-", in, opts, yield)
	}
	info, err := os.Stat(path)
	if err != nil {
		return yield(Record{}, fileError(path, err.Error()))
	}
	if !info.IsDir() {
		return readFile(ctx, path, opts, yield)
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") && p != path {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && wanted(name) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil && !yield(Record{}, fileError(path, err.Error())) {
		return false
	}
	sort.Strings(files)
	for _, f := range files {
		if !readFile(ctx, f, opts, yield) {
			return false
		}
	}
	return true
}

// wanted reports whether a directory walk reads the file: one with the
// extension of a format that is not a note.
func wanted(name string) bool {
	return formatFromName(name) != "" && !isNote(name)
}

// noteWords are the names of the notes that data sets ship beside the data.
var noteWords = map[string]bool{
	"readme": true, "license": true, "licence": true, "copying": true, "copyright": true, "notice": true,
	"source": true, "sources": true, "authors": true, "credits": true, "changelog": true, "changes": true,
}

// isNote reports whether a file is a note about the data rather than data:
// README.txt, LICENSE.html, SOURCE.txt, README-de.txt, kcna.SOURCE.txt. A
// note is text or a page (.txt, .md, .html, …) whose name, or the last dotted
// part of it before the extension, is a note word, or starts with one and a
// separator; sources.jsonl, source.csv or sourcebook.txt are data.
func isNote(name string) bool {
	lower := strings.ToLower(strings.TrimSuffix(strings.ToLower(name), ".gz"))
	ext := filepath.Ext(lower)
	switch ext {
	case ".txt", ".text", ".md", ".markdown", ".rst", ".html", ".htm", ".xhtml":
	default:
		return false
	}
	stem := strings.TrimSuffix(lower, ext)
	if i := strings.LastIndexByte(stem, '.'); i >= 0 && noteWords[stem[i+1:]] {
		return true
	}
	word := stem
	if i := strings.IndexAny(stem, "-_ ."); i >= 0 {
		word = stem[:i]
	}
	return noteWords[word]
}

func formatFromName(name string) Format {
	switch strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz"))) {
	case ".txt", ".text":
		return Text
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	case ".csv":
		return CSV
	case ".tsv", ".tab":
		return TSV
	case ".html", ".htm", ".xhtml":
		return HTML
	}
	return ""
}

func readFile(ctx context.Context, path string, opts Options, yield func(Record, error) bool) bool {
	f, err := os.Open(path)
	if err != nil {
		return yield(Record{}, fileError(path, err.Error()))
	}
	defer f.Close()
	if opts.Format == "" || opts.Format == Auto {
		if byName := formatFromName(path); byName != "" {
			opts.Format = byName
		}
	}
	return readStream(ctx, path, f, opts, yield)
}

// readStream decompresses gzip, detects the format and hands the stream to
// the reader of its format.
func readStream(ctx context.Context, name string, r io.Reader, opts Options, yield func(Record, error) bool) bool {
	br := bufio.NewReaderSize(r, 64<<10)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return yield(Record{}, fileError(name, "bad gzip data: "+err.Error()))
		}
		defer gz.Close()
		br = bufio.NewReaderSize(gz, 64<<10)
	}
	head, err := br.Peek(8 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return yield(Record{}, fileError(name, err.Error()))
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return yield(Record{}, fileError(name, "binary file (it has NUL bytes), not text"))
	}
	format := opts.Format
	if format == "" || format == Auto {
		format = sniff(head)
	}
	lines := newLineReader(ctx, name, br)
	switch format {
	case JSONL:
		return readJSONL(lines, yield)
	case CSV, TSV:
		return readCSV(name, br, format, opts, yield)
	case HTML:
		return readHTML(name, br, yield)
	default:
		return readText(lines, yield)
	}
}

// sniff guesses the format of a stream from its first bytes.
func sniff(head []byte) Format {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return JSONL
	}
	if len(trimmed) > 0 && trimmed[0] == '<' {
		return HTML
	}
	first, _, _ := bytes.Cut(trimmed, []byte("\n"))
	if bytes.Count(first, []byte("\t")) >= 2 {
		return TSV
	}
	return Text
}

func fileError(file, reason string) *newsindex.InputError {
	return &newsindex.InputError{File: file, Index: -1, Reason: reason}
}

func lineError(file string, line int, field, reason string) *newsindex.InputError {
	return &newsindex.InputError{File: file, Line: line, Index: -1, Field: field, Reason: reason}
}
