package analysis_test

import (
	"encoding/json"
	"os"
	"path/filepath"
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

func BenchmarkDetect(b *testing.B) {
	const text = "Die Freundschaftsbeziehungen zwischen der DVR Korea und der Russischen Föderation entwickeln sich noch weiter."
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		analysis.Detect(text)
	}
}
