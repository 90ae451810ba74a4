// Package ingest reads real archives into newsindex articles: raw text dumps
// as scrapers and browsers leave them (Naenara pages, KCNA items), JSON Lines
// of articles in the shapes other scrapers write, CSV or TSV exports, and
// saved web pages.
//
// [Read] streams the articles of files, directories (walked recursively),
// gzip files and standard input, each with the file and line it starts at.
// A record that cannot be read is an error naming the file and line; the
// reader goes on with the next record. A line that is not text (a byte that
// is not UTF-8, a NUL byte, more than 64 MiB) is a bad record of its own,
// or makes the record it belongs to one; a file is refused as a whole only
// when it is binary (a PDF, an image, compressed data: judged by its first
// bytes, not by one NUL). [Load] adds what Read yields to an index.
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
	// row, with the field names a header would use ("section,body"; see
	// [ParseColumns]); a column named "" or "-" is skipped, and a name that
	// names no field is an error. A first row that names these columns is
	// taken for a header and skipped. Empty means the first row is the
	// header.
	Columns []string
	// Comma is the CSV delimiter; zero means ',' (and tab for TSV).
	Comma rune
	// Quote is the CSV quote character; zero means '"'. The 10kGNAD
	// export quotes with '\''.
	Quote rune
	// Stdin is read for the path "-"; nil means os.Stdin.
	Stdin io.Reader
	// Language is the language of the articles that name none, in any
	// form [ParseLanguage] reads; empty leaves it to be detected.
	Language string
	// Source is the outlet of the articles that name none (no source field,
	// no outlet line or agency in a dump, no site name in a page).
	Source string
}

// Record is one article and where it starts in the input.
type Record struct {
	Article newsindex.Article
	File    string // path as given, "-" for standard input
	Line    int    // line of the record's first line (from 1)
	Offset  int64  // byte offset of that line in the (uncompressed) input
	End     int64  // byte offset just past the record's last line
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
		if opts.Language != "" || opts.Source != "" {
			yield = withDefaults(yield, normalizeLanguage(opts.Language), strings.TrimSpace(opts.Source))
		}
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

// withDefaults gives the articles that name no language or source the ones
// given.
func withDefaults(yield func(Record, error) bool, language, source string) func(Record, error) bool {
	return func(rec Record, err error) bool {
		if err == nil {
			if rec.Article.Language == "" {
				rec.Article.Language = language
			}
			if rec.Article.Source == "" {
				rec.Article.Source = source
			}
		}
		return yield(rec, err)
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
		return yield(Record{}, causeError(path, err))
	}
	if !info.IsDir() {
		return readFile(ctx, path, opts, yield)
	}
	var files []string
	var walkErrs []error
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			if p == path {
				return err
			}
			// One directory that cannot be listed must not end the walk:
			// the files in the others are still read.
			walkErrs = append(walkErrs, &newsindex.InputError{File: p, Index: -1, Reason: "cannot read the directory: " + err.Error(), Err: err})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
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
	if ctx.Err() != nil {
		return yield(Record{}, ctx.Err())
	}
	if err != nil && !yield(Record{}, causeError(path, err)) {
		return false
	}
	for _, err := range walkErrs {
		if !yield(Record{}, err) {
			return false
		}
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
		return yield(Record{}, causeError(path, err))
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
			return yield(Record{}, &newsindex.InputError{File: name, Index: -1, Reason: "bad gzip data: " + err.Error(), Err: err})
		}
		defer gz.Close()
		br = bufio.NewReaderSize(gz, 64<<10)
	}
	head, err := br.Peek(8 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		// Damaged or cut-short compressed data: read the lines that came
		// out whole; the reader reports the error at the line it hits.
		head = bytes.Clone(head)
		br = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(head), failing{err}), 64<<10)
	}
	format := opts.Format
	if format == "" || format == Auto {
		format = sniff(head)
	}
	if why := notText(head, format, opts.Comma); why != "" {
		return yield(Record{}, fileError(name, why))
	}
	lines := newLineReader(ctx, name, br)
	switch format {
	case JSONL:
		return readJSONL(lines, yield)
	case CSV, TSV:
		return readCSV(lines, format, opts, yield)
	case HTML:
		return readHTML(ctx, name, br, yield)
	default:
		return readText(lines, yield)
	}
}

// failing is a reader that fails with err.
type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }

// magics are the first bytes of binary formats that end up among archives:
// compressed files, documents, images, programs, databases.
var magics = []struct {
	prefix, name string
}{
	{"%PDF-", "a PDF document"},
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\x89PNG", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"II*\x00", "a TIFF image"},
	{"MM\x00*", "a TIFF image"},
	{"PK\x03\x04", "a ZIP archive (or an Office document or EPUB)"},
	{"\x1f\x8b", "gzip data inside the gzip data"},
	{"BZh", "bzip2 data (decompress it with bunzip2 first)"},
	{"\xfd7zXZ\x00", "xz data (decompress it with unxz first)"},
	{"\x28\xb5\x2f\xfd", "zstd data (decompress it with unzstd first)"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"Rar!\x1a\x07", "a RAR archive"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"},
	{"\x7fELF", "a program"},
	{"SQLite format 3\x00", "an SQLite database"},
}

// notText says why a stream whose first bytes are head is not text, or "".
// A NUL byte or two in a line-oriented file is a bad line, reported at that
// line by its reader; a file is binary when it starts like a known binary
// format, or when more than one byte in sixteen of its head is a control
// byte other than white space (a run of NUL bytes, as a crash leaves in a
// log, counts as one). Random or compressed data has one in ten.
func notText(head []byte, format Format, comma rune) string {
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			if m.prefix == "BZh" && (len(head) < 4 || head[3] < '1' || head[3] > '9') {
				continue
			}
			return "binary file (" + m.name + "), not text"
		}
	}
	if format == HTML {
		return "" // the page's charset decides (UTF-16 included)
	}
	if bytes.HasPrefix(head, []byte("\xff\xfe")) || bytes.HasPrefix(head, []byte("\xfe\xff")) || utf16Like(head) {
		return "UTF-16 text; convert the file to UTF-8"
	}
	control, n := 0, 0
	for i := 0; i < len(head); i++ {
		c := head[i]
		for c == 0 && i+1 < len(head) && head[i+1] == 0 {
			i++
		}
		n++
		switch {
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x1b || (comma != 0 && rune(c) == comma):
		case c < 0x20 || c == 0x7f:
			control++
		}
	}
	if control > 0 && control*16 > n {
		return fmt.Sprintf("binary file (%d%% of its first %d bytes are control bytes), not text", (control*100+n/2)/n, len(head))
	}
	return ""
}

// utf16Like reports text in UTF-16 without a byte-order mark: most bytes
// at even or at odd offsets are NUL, the others are not.
func utf16Like(head []byte) bool {
	if len(head) < 16 {
		return false
	}
	var nul [2]int
	for i, c := range head {
		if c == 0 {
			nul[i%2]++
		}
	}
	half := len(head) / 2
	return (nul[0]*10 > half*8 && nul[1]*10 < half) || (nul[1]*10 > half*8 && nul[0]*10 < half)
}

// sniff guesses the format of a stream from its first bytes.
func sniff(head []byte) Format {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return JSONL
	}
	if len(trimmed) > 0 && trimmed[0] == '[' {
		// A JSON array of objects, one a line (Scrapy's .json export).
		if rest := bytes.TrimLeft(trimmed[1:], " \t\r\n"); len(rest) == 0 || rest[0] == '{' {
			return JSONL
		}
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

// causeError reports a file that cannot be read, keeping the cause for
// errors.Is (fs.ErrNotExist, fs.ErrPermission) and saying it without
// repeating the path.
func causeError(file string, err error) *newsindex.InputError {
	reason := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		reason = pe.Err.Error()
	}
	return &newsindex.InputError{File: file, Index: -1, Reason: reason, Err: err}
}

func fileError(file, reason string) *newsindex.InputError {
	return &newsindex.InputError{File: file, Index: -1, Reason: reason}
}

func lineError(file string, line int, field, reason string) *newsindex.InputError {
	return &newsindex.InputError{File: file, Line: line, Index: -1, Field: field, Reason: reason}
}
