package ingest_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

// fuzzRead reads input in one format and checks what every reader
// promises: no panic; every error an *InputError naming the input; records
// that start and end inside the input, in order; text that is UTF-8 with no
// NUL byte (never a silent U+FFFD for a bad byte, nor binary data); and for
// the text reader only valid articles.
func fuzzRead(t *testing.T, input string, format ingest.Format) {
	var end int64
	for rec, err := range ingest.Read(context.Background(), []string{"-"}, ingest.Options{Format: format, Stdin: strings.NewReader(input)}) {
		if err != nil {
			var ie *newsindex.InputError
			if !errors.As(err, &ie) || ie.File != "-" {
				t.Fatalf("error %v (%T) is not an *InputError naming the input", err, err)
			}
			continue
		}
		if rec.Line < 1 || rec.Offset < 0 || rec.Offset >= int64(len(input)) || rec.End <= rec.Offset || rec.End > int64(len(input)) || rec.Offset < end {
			t.Fatalf("record at line %d, bytes %d to %d, outside the %d bytes of input or before the end %d of the last", rec.Line, rec.Offset, rec.End, len(input), end)
		}
		end = rec.End
		for _, s := range []string{rec.Article.Title, rec.Article.Body, rec.Article.Source, rec.Article.Author, rec.Article.URL} {
			if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
				t.Fatalf("line %d: text %q is not UTF-8 or has a NUL byte", rec.Line, s)
			}
		}
		if format == ingest.Text {
			if err := rec.Article.Validate(); err != nil {
				t.Fatalf("line %d: invalid article: %v", rec.Line, err)
			}
		}
	}
}

func FuzzTextDump(f *testing.F) {
	seed, err := os.ReadFile("../testdata/seed.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(seed))
	f.Add("Headline\nPyongyang, August 20, 2025 (KCNA) -- Text. -0-\nwww.kcna.kp (2025.08.20.)\n")
	f.Add("Page\nA > B\nHeadline\nBody\nKim Tae Ho\nNaenara, 2020-04-25\n")
	f.Add("\ufeffx\r\n-0-\r\n\r\nNaenara, Juche 114\n")
	f.Fuzz(func(t *testing.T, input string) { fuzzRead(t, input, ingest.Text) })
}

func FuzzJSONL(f *testing.F) {
	f.Add(`{"id":"a","title":"t","date":"2025-08-20","body":null,"section":["x"]}` + "\n" + `{"title": 1}`)
	f.Add(`{"text":["a",["b"]],"lang":"pt-BR","published":"Juche 114 (2025)"}`)
	f.Fuzz(func(t *testing.T, input string) { fuzzRead(t, input, ingest.JSONL) })
}

func FuzzCSV(f *testing.F) {
	f.Add("title,body,date\n\"a \"\"b\"\"\nc\",d,2025\n")
	f.Fuzz(func(t *testing.T, input string) { fuzzRead(t, input, ingest.CSV) })
}

func BenchmarkTextDump(b *testing.B) {
	seed, err := os.ReadFile("../testdata/seed.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(seed)))
	b.ReportAllocs()
	for b.Loop() {
		for _, err := range ingest.Read(context.Background(), []string{"-"}, ingest.Options{Format: ingest.Text, Stdin: strings.NewReader(string(seed))}) {
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
