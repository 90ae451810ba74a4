package ingest_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/newsindex/newsindex/ingest"
)

// fuzzRead reads input in one format and checks what every reader
// promises: no panic, records that start inside the input, and for the
// text reader only valid articles.
func fuzzRead(t *testing.T, input string, format ingest.Format) {
	for rec, err := range ingest.Read(context.Background(), []string{"-"}, ingest.Options{Format: format, Stdin: strings.NewReader(input)}) {
		if err != nil {
			continue
		}
		if rec.Line < 1 || rec.Offset < 0 || rec.Offset >= int64(len(input)) {
			t.Fatalf("record at line %d, offset %d, outside the %d bytes of input", rec.Line, rec.Offset, len(input))
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
