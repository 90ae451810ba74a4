package analysis_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsindex/newsindex/analysis"
)

// BenchmarkAnalyze runs each built-in analyzer over its sentence in
// testdata/tokens/input.json; bytes are input text.
func BenchmarkAnalyze(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "tokens", "input.json"))
	if err != nil {
		b.Fatal(err)
	}
	var inputs map[string]string
	if err := json.Unmarshal(data, &inputs); err != nil {
		b.Fatal(err)
	}
	for _, code := range []string{"und", "de", "en", "ko", "ru", "zh"} {
		text := inputs[code]
		b.Run(code, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := analysis.Analyze(code, text); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDetect detects the language of a KCNA article (title and body,
// as [newsindex.Index.Add] joins them), of a KCNA headline and of a German
// sentence; bytes are input text.
func BenchmarkDetect(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "kcna", "sample.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	var article struct{ Title, Body string }
	line, _, _ := strings.Cut(string(data), "\n")
	if err := json.Unmarshal([]byte(line), &article); err != nil {
		b.Fatal(err)
	}
	for _, tt := range []struct{ name, text string }{
		{"kcna-article", article.Title + "\n" + article.Body},
		{"kcna-headline", article.Title},
		{"german-sentence", "Die Freundschaftsbeziehungen zwischen der DVR Korea und der Russischen Föderation entwickeln sich noch weiter."},
	} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(tt.text)))
			for b.Loop() {
				analysis.Detect(tt.text)
			}
		})
	}
}
