package analysis

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func tokenList(ts bleveanalysis.TokenStream) []bleveanalysis.Token {
	out := make([]bleveanalysis.Token, len(ts))
	for i, t := range ts {
		out[i] = *t
		out[i].Term = append([]byte(nil), t.Term...)
	}
	return out
}

func TestASCIIWordsMatchesBleve(t *testing.T) {
	bleve := unicodetok.NewUnicodeTokenizer()
	fast := asciiWords{unicode: bleve}
	for _, in := range []string{
		"", " ", "Kim Jong Un's visit", "U.S. 3.14 1,000,000 a.b.c 1.a a.1 a'1 1'2",
		"e-mail foo_bar _ __ _1_ 1_a a_.b a:b a::b 12:30 a..b 1,,2 1;2 a;b",
		"end. end: 'quoted' \"dq\" (paren) [x] x/y x\\y x@y x#y $5 5% 2nd\r\nline\ttab\v\f",
		"don't o'clock rock'n'roll A.B.C. ...a...",
		"Сергей Лавров", "Kim Chŏng-ŭn", "조선 KCNA", // not ASCII: Bleve's own path
	} {
		assert.Equal(t, tokenList(bleve.Tokenize([]byte(in))), tokenList(fast.Tokenize([]byte(in))), "%q", in)
	}
}

// TestASCIIWordsOnNews compares the two tokenizers on every title and body
// of the KCNA and Rodong Sinmun samples.
func TestASCIIWordsOnNews(t *testing.T) {
	bleve := unicodetok.NewUnicodeTokenizer()
	fast := asciiWords{unicode: bleve}
	n := 0
	for _, name := range []string{"kcna", "rodong"} {
		f, err := os.Open(filepath.Join("..", "testdata", name, "sample.jsonl"))
		require.NoError(t, err)
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<22)
		for sc.Scan() {
			var a struct{ Title, Body string }
			require.NoError(t, json.Unmarshal(sc.Bytes(), &a))
			for _, text := range []string{a.Title, a.Body} {
				require.Equal(t, tokenList(bleve.Tokenize([]byte(text))), tokenList(fast.Tokenize([]byte(text))), "%q", text)
				n++
			}
		}
		require.NoError(t, sc.Err())
	}
	require.Greater(t, n, 200)
}

func FuzzASCIIWords(f *testing.F) {
	for _, s := range []string{"Kim Jong Un's", "3.14 1,000 a.b", "_1_ a_.b 12:30", "x'y'z 1'2'3 a:b:c"} {
		f.Add(s)
	}
	bleve := unicodetok.NewUnicodeTokenizer()
	fast := asciiWords{unicode: bleve}
	// Bytes are mapped onto the ASCII characters whose classes matter, so
	// that the fuzzer explores the fast path and not the fallback.
	const alphabet = "abZ019_.':,;- \n\r\t\v\"!/"
	f.Fuzz(func(t *testing.T, raw string) {
		b := []byte(raw)
		for i := range b {
			b[i] = alphabet[int(b[i])%len(alphabet)]
		}
		in := string(b)
		want := tokenList(bleve.Tokenize([]byte(in)))
		got := tokenList(fast.Tokenize([]byte(in)))
		if len(want) != len(got) {
			t.Fatalf("%q: %d tokens, want %d: %v", in, len(got), len(want), want)
		}
		for i := range want {
			if string(want[i].Term) != string(got[i].Term) || want[i].Start != got[i].Start || want[i].End != got[i].End ||
				want[i].Position != got[i].Position || want[i].Type != got[i].Type {
				t.Fatalf("%q: token %d is %+v, want %+v", in, i, got[i], want[i])
			}
		}
	})
}
