package ingest_test

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// readAll collects the records and errors Read yields.
func readAll(t *testing.T, paths []string, opts ingest.Options) ([]ingest.Record, []error) {
	t.Helper()
	var recs []ingest.Record
	var errs []error
	for rec, err := range ingest.Read(context.Background(), paths, opts) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, rec)
	}
	return recs, errs
}

// TestSeedDump checks the dump reader against the six articles of
// testdata/seed.txt as written by hand in testdata/seed.jsonl. The reader
// leaves ID and language to Index.Add.
func TestSeedDump(t *testing.T) {
	recs, errs := readAll(t, []string{"../testdata/seed.txt"}, ingest.Options{})
	require.Empty(t, errs)
	want := seedArticles(t)
	require.Len(t, recs, len(want))
	lines := []int{1, 20, 31, 52, 58, 64}
	for i, rec := range recs {
		w := want[i]
		w.ID, w.Language = "", ""
		assert.Equal(t, w, rec.Article, "article %d", i+1)
		assert.Equal(t, lines[i], rec.Line, "article %d starts at line %d", i+1, lines[i])
		assert.Equal(t, "../testdata/seed.txt", rec.File)
		require.NoError(t, rec.Article.Validate())
	}
}

func seedArticles(t *testing.T) []newsindex.Article {
	data, err := os.ReadFile("../testdata/seed.jsonl")
	require.NoError(t, err)
	var out []newsindex.Article
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var a newsindex.Article
		require.NoError(t, json.Unmarshal(line, &a))
		out = append(out, a)
	}
	return out
}

// TestGoldenParses pins what the readers make of a sample of every data
// set in ../shared/data (kept in testdata with their SOURCE notes).
func TestGoldenParses(t *testing.T) {
	tests := []struct {
		name  string
		input string
		opts  ingest.Options
	}{
		{"kcna-jsonl", "../testdata/kcna/sample.jsonl", ingest.Options{}},
		{"rodong-jsonl", "../testdata/rodong/sample.jsonl", ingest.Options{}},
		{"kcna-headlines-tsv", "../testdata/kcna-headlines/sample.tsv", ingest.Options{}},
		{"10kgnad-csv", "../testdata/10kgnad/sample.csv", ingest.Options{Columns: []string{"section", "body"}, Comma: ';', Quote: '\''}},
		{"seed-txt", "../testdata/seed.txt", ingest.Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			for rec, err := range ingest.Read(context.Background(), []string{tt.input}, tt.opts) {
				entry := map[string]any{"line": rec.Line, "offset": rec.Offset}
				if err != nil {
					entry["error"] = err.Error()
				} else {
					entry["article"] = rec.Article
					if verr := rec.Article.Validate(); verr != nil {
						entry["invalid"] = verr.Error()
					}
				}
				line, err := json.Marshal(entry)
				require.NoError(t, err)
				b.Write(append(line, '\n'))
			}
			path := filepath.Join("testdata", "golden", tt.name+".jsonl")
			if *update {
				require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./ingest -update to create it")
			assert.Equal(t, string(want), b.String(), "%s differs: if intended, run go test ./ingest -update and review the diff", path)
		})
	}
}

func TestJSONLShapes(t *testing.T) {
	input := strings.Join([]string{
		`{"id": "kcna-1", "date": "2011-12-01", "title": "Kim Jong Il Congratulates Lao President", "body": null, "language": "en", "source": "KCNA", "index_link": "http://x"}`,
		`{"id": 42, "published": "2025-08-20T09:00:00Z", "headline": "H", "text": ["p1", "p2"], "byline": "  Political News Team ", "link": "http://r/1", "lang": "EN-us", "section": ["A", "B"]}`,
		``,
		`{"title": "Deutsch", "lang": "German", "date": "20. August 2025", "precision": "month"}`,
		`{"title": "broken", `,
		`{"title": {"nested": true}}`,
		`["not", "an", "object"]`,
		`{"title": "bad date", "date": "yesterday"}`,
		`{"title": "body and text", "body": "the body", "text": "the text"}`,
	}, "\n")
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Stdin: strings.NewReader(input)})
	require.Len(t, recs, 4)
	assert.Equal(t, newsindex.Article{ID: "kcna-1", Title: "Kim Jong Il Congratulates Lao President", Language: "en", Source: "KCNA",
		Published: day(2011, 12, 1), Precision: newsindex.PrecisionDay}, recs[0].Article, "KCNA shape: date, null body")
	assert.Equal(t, newsindex.Article{ID: "42", Title: "H", Body: "p1\n\np2", Author: "Political News Team", URL: "http://r/1",
		Language: "en", Published: recs[1].Article.Published, Section: []string{"A", "B"}}, recs[1].Article, "aliases, arrays, numbers")
	assert.Equal(t, "de", recs[2].Article.Language, "language names become codes")
	assert.Equal(t, newsindex.PrecisionMonth, recs[2].Article.Precision, "a given precision wins")
	assert.Equal(t, "the body", recs[3].Article.Body, "the canonical name wins over an alias")
	assert.Equal(t, 9, recs[3].Line)

	msgs := make([]string, len(errs))
	for i, err := range errs {
		var ie *newsindex.InputError
		require.True(t, errors.As(err, &ie))
		msgs[i] = err.Error()
	}
	assert.Equal(t, []string{
		"newsindex: -:5: bad JSON at column 20: unexpected end of JSON input",
		"newsindex: -:6: title: an object where text was expected",
		"newsindex: -:7: not a JSON object: json: cannot unmarshal array into Go value of type map[string]json.RawMessage",
		`newsindex: -:8: date: date "yesterday": unknown word "yesterday"`,
	}, msgs)
}

func TestCSV(t *testing.T) {
	input := "title;body;Date;Autor;ignored\n" +
		"'Eins';'Text mit ''Zitat'' und\nZeilenumbruch';2025-08-20;;x\n" +
		"Zwei;;2025-08;Kim;x;too many\n" +
		"Drei;;;;\n"
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.CSV, Comma: ';', Quote: '\'', Stdin: strings.NewReader(input)})
	require.Len(t, recs, 2)
	assert.Equal(t, "Text mit 'Zitat' und\nZeilenumbruch", recs[0].Article.Body)
	assert.Equal(t, day(2025, 8, 20), recs[0].Article.Published)
	assert.Equal(t, 2, recs[0].Line)
	assert.Equal(t, "Drei", recs[1].Article.Title)
	assert.Equal(t, 5, recs[1].Line, "the quoted line break counts")
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], "newsindex: -:4: 6 columns, more than the 5 named")

	_, errs = readAll(t, []string{"-"}, ingest.Options{Format: ingest.CSV, Stdin: strings.NewReader("a,b\n1,2\n")})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), "none of them names an article field")
}

func TestFilesDirectoriesAndGzip(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile("../testdata/seed.txt")
	require.NoError(t, err)
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	_, err = w.Write(seed)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "sub", ".hidden"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", "seed.txt.gz"), gz.Bytes(), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(`{"title":"one"}`+"\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "SOURCE.txt"), []byte("Notes, 2025-01-01\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sub", ".hidden", "x.jsonl"), []byte(`{"title":"hidden"}`+"\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "image.png"), []byte("\x89PNG\x00\x00"), 0o644))

	recs, errs := readAll(t, []string{dir}, ingest.Options{})
	require.Empty(t, errs)
	require.Len(t, recs, 7, "a.jsonl and the six seed articles; notes, hidden files and other extensions are left out")
	assert.Equal(t, "one", recs[0].Article.Title)
	assert.Equal(t, filepath.Join(dir, "sub", "seed.txt.gz"), recs[1].File)

	_, errs = readAll(t, []string{filepath.Join(dir, "image.png"), filepath.Join(dir, "missing.txt")}, ingest.Options{})
	require.Len(t, errs, 2, "a file named explicitly is read, and reading goes on after a bad one")
	assert.Contains(t, errs[0].Error(), "image.png: binary file")
	assert.EqualError(t, errs[1], "newsindex: "+filepath.Join(dir, "missing.txt")+": no such file or directory")
	assert.ErrorIs(t, errs[1], fs.ErrNotExist, "the cause is kept")
}

func TestTextNotUTF8(t *testing.T) {
	input := "Headline\nPjöngjang in Latin-1: Pj\xf6ngjang\nNaenara, 2020-04-25\n"
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.Text, Stdin: strings.NewReader(input)})
	assert.Empty(t, recs)
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], "newsindex: -:2: not UTF-8 text (invalid byte at column 26); convert the file to UTF-8 (the article of lines 1–3 is skipped)")
}

// TestTextBadLineLosesOnlyItsArticle: a line of a dump that is not UTF-8
// is reported at its line with the article it belongs to; the articles
// before and after it are read.
func TestTextBadLineLosesOnlyItsArticle(t *testing.T) {
	input := "First headline\nFirst body.\nNaenara, 2020-04-24\n" +
		"Second headline\nPj\xf6ngjang in Latin-1.\nNaenara, 2020-04-25\n" +
		"Third headline\nThird body.\nNaenara, 2020-04-26\n"
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.Text, Stdin: strings.NewReader(input)})
	assert.Equal(t, []string{"First headline", "Third headline"}, titles(recs))
	assert.Equal(t, []int{1, 7}, lines(recs))
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], "newsindex: -:5: not UTF-8 text (invalid byte at column 3); convert the file to UTF-8 (the article of lines 4–6 is skipped)")
}

func titles(recs []ingest.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Article.Title)
	}
	return out
}

func lines(recs []ingest.Record) []int {
	var out []int
	for _, r := range recs {
		out = append(out, r.Line)
	}
	return out
}

func TestReadStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	for _, err := range ingest.Read(ctx, []string{"../testdata/kcna/sample.jsonl"}, ingest.Options{}) {
		if n++; n == 3 {
			cancel()
		}
		if err != nil {
			assert.ErrorIs(t, err, context.Canceled)
			break
		}
	}
	assert.Less(t, n, 10)
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]ingest.Format{"": ingest.Auto, "auto": ingest.Auto, "TEXT": ingest.Text, "ndjson": ingest.JSONL, "tsv": ingest.TSV} {
		got, err := ingest.ParseFormat(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := ingest.ParseFormat("xml")
	assert.EqualError(t, err, `ingest: unknown format "xml" (want auto, text, jsonl, csv, tsv or html)`)
}

// TestSharedData reads every data set in ../shared/data whole: the JSON
// Lines files need no options, the headline index gives all its rows.
func TestSharedData(t *testing.T) {
	const data = "../../shared/data"
	if _, err := os.Stat(data); err != nil {
		t.Skipf("skipping: the data sets in %s are not here (%v)", data, err)
	}
	if testing.Short() {
		t.Skip("skipping the full data sets in -short mode")
	}
	tests := []struct {
		file    string
		opts    ingest.Options
		want    int
		invalid []int // lines of records Validate refuses
		reason  string
	}{
		{"kcna-2011-2012/kcna_articles_2011_2012.jsonl", ingest.Options{}, 24776, nil, "every record, 2,439 of them title-only"},
		{"rodong-sinmun-en/rodong_en_2021_2022.jsonl", ingest.Options{}, 134, []int{23, 24}, "two records the scraper left empty"},
		{"kcna-2011-2012/kcna_headlines_1997_2014.tsv", ingest.Options{}, 114641, nil, "a quoted link spans four lines once"},
		{"10kgnad-test/test.csv", ingest.Options{Columns: []string{"section", "body"}, Comma: ';', Quote: '\''}, 1028, nil, "no header, ' quotes"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			n := 0
			var invalid []int
			for rec, err := range ingest.Read(context.Background(), []string{filepath.Join(data, tt.file)}, tt.opts) {
				require.NoError(t, err)
				if rec.Article.Validate() != nil {
					invalid = append(invalid, rec.Line)
				}
				n++
			}
			assert.Equal(t, tt.want, n, tt.reason)
			assert.Equal(t, tt.invalid, invalid, tt.reason)
		})
	}
}

// TestDirectoryWalkSkipsOnlyNotes: a walk leaves out the notes data sets
// ship (README, LICENSE, SOURCE, …) but reads data files whose names merely
// start with the same letters.
func TestDirectoryWalkSkipsOnlyNotes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	note := "Notes about the data\nNaenara, 2020-04-25\n"
	for _, name := range []string{"README.txt", "readme-de.txt", "LICENSE.txt", "Licence.html", "COPYING.txt",
		"SOURCE.txt", "SOURCE.md", "sources.txt", "kcna.SOURCE.txt", "NOTICE.txt", "README.txt.gz"} {
		write(name, note)
	}
	write("sources.jsonl", `{"title":"from sources.jsonl"}`+"\n")
	write("source.csv", "title\nfrom source.csv\n")
	write("sourcebook.txt", "From sourcebook.txt\nBody.\nNaenara, 2020-04-25\n")
	write("licensed-photos.jsonl", `{"title":"from licensed-photos.jsonl"}`+"\n")

	recs, errs := readAll(t, []string{dir}, ingest.Options{})
	require.Empty(t, errs)
	assert.Equal(t, []string{"from licensed-photos.jsonl", "from source.csv", "From sourcebook.txt", "from sources.jsonl"}, titles(recs))

	recs, errs = readAll(t, []string{filepath.Join(dir, "SOURCE.txt")}, ingest.Options{})
	require.Empty(t, errs)
	assert.Len(t, recs, 1, "a note named explicitly is read")
}

// TestLongLineIsSkipped: a line over the cap (64 MiB; 64 KiB here) is
// reported at its line and reading goes on with the next one.
func TestLongLineIsSkipped(t *testing.T) {
	defer ingest.SetMaxLine(64 << 10)()
	long := strings.Repeat("x", 200<<10)
	tests := []struct {
		format ingest.Format
		input  string
		want   []string
		line   int
	}{
		{ingest.JSONL, `{"title":"one"}` + "\n" + `{"title":"` + long + `"}` + "\n" + `{"title":"three"}` + "\n", []string{"one", "three"}, 2},
		{ingest.Text, "One\nBody.\nNaenara, 2020-04-24\nTwo\n" + long + "\nNaenara, 2020-04-25\nThree\nBody.\nNaenara, 2020-04-26\n", []string{"One", "Three"}, 5},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: tt.format, Stdin: strings.NewReader(tt.input)})
			assert.Equal(t, tt.want, titles(recs))
			require.Len(t, errs, 1)
			var ie *newsindex.InputError
			require.ErrorAs(t, errs[0], &ie)
			assert.Equal(t, tt.line, ie.Line)
			assert.Contains(t, ie.Reason, "line longer than 64 KiB; skipped")
		})
	}
}

// TestJSONLNotUTF8: encoding/json would turn a byte that is not UTF-8 into
// U+FFFD; a field the article takes is reported instead, naming the field,
// and the record is skipped. A key the reader ignores does not matter.
func TestJSONLNotUTF8(t *testing.T) {
	input := `{"title":"Good one"}` + "\n" +
		`{"title":"Pj` + "\xf6" + `ngjang","body":"Latin-1"}` + "\n" +
		`{"title":"Good two","ignored":"` + "\xff" + `"}` + "\n" +
		`{"title":"Body is bad","text":"caf` + "\xe9" + `"}` + "\n"
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.JSONL, Stdin: strings.NewReader(input)})
	assert.Equal(t, []string{"Good one", "Good two"}, titles(recs))
	require.Len(t, errs, 2)
	assert.EqualError(t, errs[0], "newsindex: -:2: title: not UTF-8 text (invalid byte at column 13); convert the file to UTF-8")
	assert.EqualError(t, errs[1], "newsindex: -:4: text: not UTF-8 text (invalid byte at column 35); convert the file to UTF-8")
	var ie *newsindex.InputError
	require.ErrorAs(t, errs[0], &ie)
	assert.Equal(t, "title", ie.Field)
}

// TestJSONLValuesAsWritten: numbers keep their digits (two long numeric
// IDs must not round to the same float and replace each other), objects
// with a name stand for it, and a record whose keys name no field says
// which keys it has.
func TestJSONLValuesAsWritten(t *testing.T) {
	input := `{"id":12345678901234567890,"title":"a"}` + "\n" +
		`{"id":12345678901234567891,"title":"b"}` + "\n" +
		`{"title":"c","source":{"id":"bbc-news","name":"BBC News"},"author":[{"@type":"Person","name":"Kim Tae Ho"},{"name":"Ri Su Jong"}]}` + "\n" +
		`{"headline_text":"d","pub":"2020"}` + "\n"
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.JSONL, Stdin: strings.NewReader(input)})
	require.Len(t, recs, 3)
	assert.Equal(t, "12345678901234567890", recs[0].Article.ID)
	assert.Equal(t, "12345678901234567891", recs[1].Article.ID)
	assert.Equal(t, "BBC News", recs[2].Article.Source)
	assert.Equal(t, "Kim Tae Ho, Ri Su Jong", recs[2].Article.Author)
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], `newsindex: -:4: no key names an article field (it has "headline_text", "pub")`)
}

// TestNULBytesAreBadLinesNotABinaryFile: NUL bytes in a line-oriented file
// (a corrupted record, the block of zeros a crash leaves) make that line
// bad, reported at its line; the good lines around it are read. Files that
// are really binary are still refused as a whole.
func TestNULBytesAreBadLinesNotABinaryFile(t *testing.T) {
	tests := []struct {
		name   string
		format ingest.Format
		input  string
		want   []string
		errs   []string
	}{
		{"JSONL, NULs in a record", ingest.Auto,
			`{"title":"one"}` + "\n" + `{"title":"t` + strings.Repeat("\x00", 40) + `wo"}` + "\n" + `{"title":"three"}` + "\n",
			[]string{"one", "three"}, []string{"newsindex: -:2: a NUL byte at column 12: binary data, not text"}},
		{"JSONL, a block of zeros from a crash", ingest.Auto,
			`{"title":"one"}` + "\n" + strings.Repeat("\x00", 4096) + `{"title":"two"}` + "\n" + `{"title":"three"}` + "\n",
			[]string{"one", "three"}, []string{"newsindex: -:2: a NUL byte at column 1: binary data, not text"}},
		{"text dump", ingest.Text,
			"One\nBody.\nNaenara, 2020-04-24\nTwo\nA NUL \x00 here.\nNaenara, 2020-04-25\nThree\nBody.\nNaenara, 2020-04-26\n",
			[]string{"One", "Three"}, []string{"newsindex: -:5: a NUL byte at column 7: binary data, not text (the article of lines 4–6 is skipped)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: tt.format, Stdin: strings.NewReader(tt.input)})
			assert.Equal(t, tt.want, titles(recs))
			var msgs []string
			for _, err := range errs {
				msgs = append(msgs, err.Error())
			}
			assert.Equal(t, tt.errs, msgs)
		})
	}
}

func TestBinaryFilesAreRefused(t *testing.T) {
	var deflated bytes.Buffer // compressed data without its gzip header
	fw, err := flate.NewWriter(&deflated, flate.BestCompression)
	require.NoError(t, err)
	seed, err := os.ReadFile("../testdata/seed.txt")
	require.NoError(t, err)
	_, err = fw.Write(seed)
	require.NoError(t, err)
	require.NoError(t, fw.Close())
	utf16 := func(s string, bom bool) string {
		var b strings.Builder
		if bom {
			b.WriteString("\xff\xfe")
		}
		for _, r := range s {
			b.WriteByte(byte(r))
			b.WriteByte(0)
		}
		return b.String()
	}
	tests := []struct {
		name, input, want string
	}{
		{"PDF", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Title (KCNA) >>\nendobj\n", "binary file (a PDF document), not text"},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (a PNG image), not text"},
		{"ZIP", "PK\x03\x04\x14\x00\x00\x00", "binary file (a ZIP archive (or an Office document or EPUB)), not text"},
		{"deflate data with a damaged gzip header", deflated.String(), "binary file ("},
		{"mostly NUL bytes", strings.Repeat("\x00\x00\x00\x00ab", 200), "binary file ("},
		{"UTF-16 with a byte-order mark", utf16(`{"title":"one"}`+"\n", true), "UTF-16 text; convert the file to UTF-8"},
		{"UTF-16 without one", utf16(`{"title":"one"}`+"\n"+`{"title":"two"}`+"\n", false), "UTF-16 text; convert the file to UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs := readAll(t, []string{"-"}, ingest.Options{Stdin: strings.NewReader(tt.input)})
			assert.Empty(t, recs)
			require.Len(t, errs, 1)
			assert.Contains(t, errs[0].Error(), "newsindex: -: "+tt.want)
		})
	}
}

// TestCutShortGzip: a .gz file cut short gives the lines that came out
// whole and an error at the line where the data ends.
func TestCutShortGzip(t *testing.T) {
	var data bytes.Buffer
	for i := range 200 {
		fmt.Fprintf(&data, `{"id":"%d","title":"Article %d"}`+"\n", i, i)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	_, err := w.Write(data.Bytes())
	require.NoError(t, err)
	require.NoError(t, w.Close())
	cut := gz.Bytes()[:gz.Len()*2/3]
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Stdin: bytes.NewReader(cut)})
	assert.Greater(t, len(recs), 50, "the lines before the cut are read")
	require.Len(t, errs, 1)
	var ie *newsindex.InputError
	require.ErrorAs(t, errs[0], &ie)
	assert.Equal(t, len(recs)+1, ie.Line)
	assert.Contains(t, ie.Reason, "the input ends in the middle of its data")
	assert.ErrorIs(t, errs[0], io.ErrUnexpectedEOF)
}

// TestCSVBadRows: every row that cannot be read is an error naming its
// line, and reading goes on; after a row that spans lines and goes wrong (a
// quote never closed takes in the rows after it), at the first line that
// starts a well-formed row.
func TestCSVBadRows(t *testing.T) {
	defer ingest.SetMaxLine(64 << 10)()
	input := strings.Join([]string{
		"title,body,date",
		"T1,B1,2025-01-01",
		`"Quoted" title,B2,2025-01-02`, // a stray quote: where do the columns go?
		"T3,B3,2025-01-03",
		`T4,"never closed,2025-01-04`, // swallowed T5 and T6 up to the quote of T7
		"T5,B5,2025-01-05",
		"T6,B6,2025-01-06",
		`T7,"B7",2025-01-07`,
		"T8,B8", // a column short: shifted, or lost?
		"T9,\"multi\nline\",2025-01-09",
		"T10,\"p1\np2 \"bad\" p2\np3\",2025-01-10", // a quote not doubled, in its second line
		"T11,B11,2025-01-11",
		"T12,B\x00,2025-01-12",
		"T13,B\xe913,2025-01-13",
		"T14," + strings.Repeat("x", 100<<10) + ",2025-01-14",
		"T15,B15,2025-01-15",
		`T16,"never closed at all,2025-01-16`,
	}, "\n") + "\n"
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.CSV, Stdin: strings.NewReader(input)})
	assert.Equal(t, []string{"T1", "T3", "T5", "T6", "T7", "T9", "T11", "T15"}, titles(recs))
	assert.Equal(t, []int{2, 4, 6, 7, 8, 10, 15, 19}, lines(recs))
	assert.Equal(t, "multi\nline", recs[5].Article.Body)
	var msgs []string
	for _, err := range errs {
		msgs = append(msgs, err.Error())
	}
	assert.Equal(t, []string{
		`newsindex: -:3: column 8: the quote before " title,B2,2…" is neither doubled nor followed by the delimiter or the end of the line (a quote inside a quoted field is written twice)`,
		`newsindex: -:5: the quoted field at column 4 does not end well: the quote at line 8, column 4, before "B7\",2025-01…", is neither doubled nor followed by the delimiter or the end of the line (is a quote never closed, or one inside the field not written twice?)`,
		"newsindex: -:9: 2 columns, fewer than the 3 named",
		`newsindex: -:12: the quoted field at column 5 does not end well: the quote at line 13, column 4, before "bad\" p2", is neither doubled nor followed by the delimiter or the end of the line (is a quote never closed, or one inside the field not written twice?) (lines 12–14 skipped)`,
		"newsindex: -:16: a NUL byte at column 6: binary data, not text",
		"newsindex: -:17: not UTF-8 text (invalid byte at column 6); convert the file to UTF-8",
		"newsindex: -:18: line longer than 64 KiB; skipped",
		"newsindex: -:20: the quote at column 5 is never closed",
	}, msgs)
}

// TestCSVWithoutHeader: a file whose first row names no field, read
// without columns, is one error that shows the start of that row and says
// to name the columns; it does not print the whole row.
func TestCSVWithoutHeader(t *testing.T) {
	body := strings.Repeat("Die Gewerkschaft GPA-djp lanciert den All-in-Rechner. ", 100)
	input := "Wirtschaft;'" + body + "'\nSport;'Text'\n"
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.CSV, Comma: ';', Quote: '\'', Stdin: strings.NewReader(input)})
	assert.Empty(t, recs)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], ingest.ErrNoHeader)
	assert.EqualError(t, errs[0], `newsindex: -:1: no header row: the first row reads "Wirtschaft", "Die Gewerkschaft GPA-djp lanciert den A…" (2 columns), and none of them names an article field; name the columns`)
}

// TestCSVStopsWithContext: the CSV reader stops between rows when the
// context ends, as the others do.
func TestCSVStopsWithContext(t *testing.T) {
	var input strings.Builder
	input.WriteString("title,body\n")
	for i := range 1000 {
		fmt.Fprintf(&input, "Title %d,Body %d\n", i, i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	var last error
	for _, err := range ingest.Read(ctx, []string{"-"}, ingest.Options{Format: ingest.CSV, Stdin: strings.NewReader(input.String())}) {
		if n++; n == 3 {
			cancel()
		}
		if err != nil {
			last = err
			break
		}
	}
	assert.ErrorIs(t, last, context.Canceled)
	assert.Less(t, n, 10)
}

// TestWalkGoesOnAfterAnUnreadableDirectory: a directory that cannot be
// listed is reported, and the files in the other directories are read (the
// walk used to stop at it, leaving them out).
func TestWalkGoesOnAfterAnUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can list any directory")
	}
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "a-locked"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "b"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a-locked", "x.jsonl"), []byte(`{"title":"locked"}`+"\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b", "y.jsonl"), []byte(`{"title":"read"}`+"\n"), 0o644))
	require.NoError(t, os.Chmod(filepath.Join(dir, "a-locked"), 0))
	t.Cleanup(func() { _ = os.Chmod(filepath.Join(dir, "a-locked"), 0o755) })
	recs, errs := readAll(t, []string{dir}, ingest.Options{})
	assert.Equal(t, []string{"read"}, titles(recs))
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), filepath.Join(dir, "a-locked")+": cannot read the directory: ")
	assert.ErrorIs(t, errs[0], fs.ErrPermission)
}

// TestDefaultLanguageAndSource: Options.Language and Source fill in the
// articles that name none, in every format; an article's own field (or a
// dump's outlet line) wins.
func TestDefaultLanguageAndSource(t *testing.T) {
	opts := ingest.Options{Language: "German", Source: "Naenara"}
	tests := []struct {
		name     string
		format   ingest.Format
		input    string
		language []string
		source   []string
	}{
		{"jsonl", ingest.JSONL, `{"title":"a"}` + "\n" + `{"title":"b","lang":"en","source":"KCNA"}` + "\n",
			[]string{"de", "en"}, []string{"Naenara", "KCNA"}},
		{"csv", ingest.CSV, "title,lang_code,media_name\na,,\nb,ru,TASS\n",
			[]string{"de", "ru"}, []string{"Naenara", "TASS"}},
		{"text", ingest.Text, "Headline\nBody. -0-\nOther headline\nPyongyang, August 20, 2025 (KCNA) -- Text. -0-\nwww.kcna.kp (2025.08.20.)\n",
			[]string{"de", "de"}, []string{"Naenara", "KCNA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := opts
			o.Format, o.Stdin = tt.format, strings.NewReader(tt.input)
			recs, errs := readAll(t, []string{"-"}, o)
			require.Empty(t, errs)
			var language, source []string
			for _, r := range recs {
				language = append(language, r.Article.Language)
				source = append(source, r.Article.Source)
			}
			assert.Equal(t, tt.language, language)
			assert.Equal(t, tt.source, source)
		})
	}
}

func TestParseLanguage(t *testing.T) {
	for in, want := range map[string]string{"de": "de", "EN": "en", "en-US": "en", "pt_BR": "pt", "eng": "en", "ger": "de",
		"English": "en", "Deutsch": "de", "한국어": "ko", "und": "und", "uk": "uk", " ru ": "ru"} {
		got, err := ingest.ParseLanguage(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "xx", "Klingon", "e", "english2"} {
		_, err := ingest.ParseLanguage(in)
		assert.ErrorContains(t, err, "is not an ISO 639 language code", in)
	}
}

// TestFieldNamesOfOtherScrapers: the keys and columns news-please, Media
// Cloud, schema.org JSON-LD and similar scrapers write are read.
func TestFieldNamesOfOtherScrapers(t *testing.T) {
	input := strings.Join([]string{
		`{"title":"news-please","maintext":"Body.","date_publish":"2021-06-17 09:00:00","language":"en","authors":["A B"],"source_domain":"x"}`,
		`{"stories_id":42,"title":"Media Cloud","publish_date":"2021-06-17","media_name":"Rodong Sinmun","language_code":"eng"}`,
		`{"@type":"NewsArticle","headline":"JSON-LD","articleBody":"Body.","datePublished":"2021-06-17","inLanguage":"ko","publisher":{"@type":"Organization","name":"KCNA"},"author":{"@type":"Person","name":"Kim"}}`,
	}, "\n")
	recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.JSONL, Stdin: strings.NewReader(input)})
	require.Empty(t, errs)
	require.Len(t, recs, 3)
	assert.Equal(t, newsindex.Article{Title: "news-please", Body: "Body.", Published: recs[0].Article.Published,
		Language: "en", Author: "A B"}, recs[0].Article)
	assert.False(t, recs[0].Article.Published.IsZero())
	assert.Equal(t, newsindex.Article{ID: "42", Title: "Media Cloud", Published: day(2021, 6, 17), Precision: newsindex.PrecisionDay,
		Language: "en", Source: "Rodong Sinmun"}, recs[1].Article)
	assert.Equal(t, newsindex.Article{Title: "JSON-LD", Body: "Body.", Published: day(2021, 6, 17), Precision: newsindex.PrecisionDay,
		Language: "ko", Source: "KCNA", Author: "Kim"}, recs[2].Article)
}

// TestCSVColumnsNamed: a column name that names no field is an error, not
// a column left out of every article; a header row naming the columns
// given is not read as an article.
func TestCSVColumnsNamed(t *testing.T) {
	_, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.CSV, Columns: []string{"section", "bdy"}, Stdin: strings.NewReader("a,b\n")})
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Error(), `newsindex: -: the column name "bdy" names no article field`)

	recs, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.CSV, Columns: []string{"title", "-", "text"}, Stdin: strings.NewReader("Title,Id,Body\nT,1,B\n")})
	require.Empty(t, errs)
	assert.Equal(t, []string{"T"}, titles(recs), "the header row is skipped")
	assert.Equal(t, "B", recs[0].Article.Body)

	columns, err := ingest.ParseColumns("published, -,title,,url")
	require.NoError(t, err)
	assert.Equal(t, []string{"published", "-", "title", "", "url"}, columns)
	_, err = ingest.ParseColumns("titel,body")
	assert.ErrorContains(t, err, `"titel" names no article field`)
}

// TestJSONArrayOneObjectALine: a JSON array written one object a line, as
// Scrapy exports .json, is read like JSON Lines, from a .json file or from
// standard input (which used to be taken for a text dump).
func TestJSONArrayOneObjectALine(t *testing.T) {
	for name, input := range map[string]string{
		"scrapy":   "[\n" + `{"title": "a", "section": ["x", "y"]},` + "\n" + `{"title": "b"}` + "\n]\n",
		"compact":  `[{"title": "a", "section": ["x", "y"]},` + "\n" + `{"title": "b"}]` + "\n",
		"trailing": "[\n" + `  {"title": "a", "section": ["x", "y"]} ,` + "\n" + `  {"title": "b"},` + "\n]\n",
	} {
		t.Run(name, func(t *testing.T) {
			recs, errs := readAll(t, []string{"-"}, ingest.Options{Stdin: strings.NewReader(input)})
			require.Empty(t, errs)
			assert.Equal(t, []string{"a", "b"}, titles(recs))
			assert.Equal(t, []string{"x", "y"}, recs[0].Article.Section)
		})
	}
	_, errs := readAll(t, []string{"-"}, ingest.Options{Format: ingest.JSONL, Stdin: strings.NewReader(`[{"title": "a",` + "\n")})
	require.Len(t, errs, 1)
	assert.EqualError(t, errs[0], "newsindex: -:1: bad JSON at column 15: unexpected end of JSON input", "columns count from the start of the line")
}

func TestCSVDelimiterAndQuote(t *testing.T) {
	for _, o := range []ingest.Options{{Comma: '"'}, {Comma: 0xD800}, {Quote: '\n'}} {
		o.Format, o.Stdin = ingest.CSV, strings.NewReader("title\nT\n")
		recs, errs := readAll(t, []string{"-"}, o)
		assert.Empty(t, recs)
		require.Len(t, errs, 1)
		assert.Contains(t, errs[0].Error(), "must be two characters other than a line break")
	}
}
