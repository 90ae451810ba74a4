package analysis

import (
	"strings"
	"sync"
	"unicode"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/character"
)

// The gazetteer reads every article at Add, so it has an analyzer of its
// own, cheaper than [Neutral]: words are runs of letters, digits and marks
// (no Unicode word segmentation, which takes most of Neutral's time), then
// the same folding as Neutral and bigrams of Hangul, Han and Kana. Text and
// variants both go through it, so they compare alike.
var nameAnalyzer = sync.OnceValue(func() *bleveanalysis.DefaultAnalyzer {
	nfkc, err := unicodenorm.NewUnicodeNormalizeFilter(unicodenorm.NFKC)
	if err != nil {
		panic(err) // NFKC is a constant Bleve knows
	}
	return &bleveanalysis.DefaultAnalyzer{
		Tokenizer:    character.NewCharacterTokenizer(isWordRune),
		TokenFilters: []bleveanalysis.TokenFilter{nonASCII{nfkc}, lowercase.NewLowerCaseFilter(), FoldFilter{}, cjkFilter{}, cjk.NewCJKBigramFilter(false)},
	}
})

func nameTerms(text string) []string {
	if isASCII([]byte(text)) {
		return asciiNameTerms(text)
	}
	stream := nameAnalyzer().Analyze([]byte(text))
	out := make([]string, len(stream))
	for i, t := range stream {
		out[i] = string(t.Term)
	}
	return out
}

// asciiNameTerms is what the analyzer gives for ASCII text (most English
// articles), without its token structures: runs of letters and digits,
// lower-cased. Normalisation, folding and bigrams leave ASCII unchanged.
func asciiNameTerms(text string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(text); i++ {
		word := i < len(text) && isASCIIWordByte(text[i])
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, strings.ToLower(text[start:i]))
			start = -1
		}
	}
	return out
}

func isASCIIWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// cjkFilter marks tokens written in Hangul, Han or Kana alone as
// ideographic, for the bigram filter that follows.
type cjkFilter struct{}

func (cjkFilter) Filter(input bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	return markIdeographic(input, isCJK)
}

func isCJK(term []byte) bool {
	if len(term) == 0 || term[0] < 0x80 {
		return false
	}
	for _, r := range string(term) {
		if !unicode.In(r, unicode.Hangul, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			return false
		}
	}
	return true
}
