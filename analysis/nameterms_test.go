package analysis

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ASCII fast path must give what the analyzer gives.
func TestASCIINameTermsMatchTheAnalyzer(t *testing.T) {
	texts := []string{"", "Kim Jong-un's visit: 3 days, 2,000 km (DPRK/Russia).", "  O'Neill\\tMcCune--Reischauer_1939 ", "a"}
	f, err := os.Open("../testdata/kcna/sample.jsonl")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var a struct{ Title, Body string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &a))
		texts = append(texts, a.Title+"\n"+a.Body)
	}
	ascii := 0
	for _, text := range texts {
		if !isASCII([]byte(text)) {
			continue
		}
		ascii++
		var want []string
		for _, tok := range nameAnalyzer().Analyze([]byte(text)) {
			want = append(want, string(tok.Term))
		}
		assert.Equal(t, want, asciiNameTerms(text), text)
	}
	assert.Greater(t, ascii, 100, "the sample is mostly ASCII")
}
