package analysis

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// NewCJK builds the Chinese and Japanese analyzer: Bleve's "cjk" analyzer
// (width folding, lower case, overlapping bigrams of Han and Kana).
func NewCJK(cache *registry.Cache) (bleveanalysis.Analyzer, error) {
	a, err := cache.AnalyzerNamed(cjk.AnalyzerName)
	if err != nil {
		return nil, err
	}
	return fastWords(a), nil
}

// NewKorean builds the Korean analyzer. Bleve's "cjk" analyzer bigrams Han
// and Kana only: a Hangul word keeps its particles (러시아와, "with Russia",
// is one token), so 러시아 finds nothing. This analyzer strips common
// particles ([JosaFilter]) and marks Hangul tokens for Bleve's bigram
// filter, as Lucene's CJKBigramFilter does, so that 북한이 탄도미사일을 gives
// 북한 탄도 도미 미사 사일 and a search for 러시아 (러시 시아) finds 러시아와.
// A one-syllable word stays a unigram.
func NewKorean(cache *registry.Cache) (bleveanalysis.Analyzer, error) {
	tokenizer, err := cache.TokenizerNamed(unicodetok.Name)
	if err != nil {
		return nil, err
	}
	width, err := cache.TokenFilterNamed(cjk.WidthName)
	if err != nil {
		return nil, err
	}
	lower, err := cache.TokenFilterNamed(lowercase.Name)
	if err != nil {
		return nil, err
	}
	return &bleveanalysis.DefaultAnalyzer{
		Tokenizer: asciiWords{unicode: tokenizer},
		TokenFilters: []bleveanalysis.TokenFilter{
			width,
			lower,
			JosaFilter{},
			HangulFilter{},
			cjk.NewCJKBigramFilter(false),
		},
	}, nil
}

// HangulFilter is a token filter that marks tokens written in Hangul as
// ideographic, so that Bleve's cjk_bigram filter that follows it splits
// them into overlapping bigrams. Other tokens pass unchanged.
type HangulFilter struct{}

// Filter implements Bleve's analysis.TokenFilter.
func (HangulFilter) Filter(input bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	return markIdeographic(input, isHangul)
}

// markIdeographic types the tokens whose terms are in a script as
// ideographic, for Bleve's cjk_bigram filter.
func markIdeographic(input bleveanalysis.TokenStream, inScript func([]byte) bool) bleveanalysis.TokenStream {
	for _, tok := range input {
		if inScript(tok.Term) {
			tok.Type = bleveanalysis.Ideographic
		}
	}
	return input
}

// isHangul reports whether every letter of term is a Hangul syllable or jamo.
func isHangul(term []byte) bool {
	seen := false
	for _, r := range string(term) {
		if !unicode.Is(unicode.Hangul, r) {
			return false
		}
		seen = true
	}
	return seen
}

// JosaFilter strips a common particle (josa) from the end of a Hangul
// word of three syllables or more, leaving at least two: 러시아와 → 러시아,
// 조선에서는 → 조선. Without it the last bigram of every such word is the
// particle's (러시아와 → 러시 시아 아와). Measured on KorQuAD 1.0 dev,
// nDCG@10: bigrams alone .950, with the eleven most common particles .954,
// with this list .955; stripping verb endings too (하는, 했다, 이다)
// and particles from two-syllable words were worse.
type JosaFilter struct{}

// josa are the particles JosaFilter strips, longest first.
var josa = []string{"에서부터", "으로부터", "에서는", "에게서", "으로는", "으로서", "으로써", "에서의", "이라는", "이라고", "에서", "에게", "으로", "와의", "과의", "까지", "부터", "에는", "와는", "과는", "로서", "로써", "처럼", "보다", "마다", "이나", "라는", "라고", "에도", "께서", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "로", "도", "만", "나"}

// Filter implements Bleve's analysis.TokenFilter.
func (JosaFilter) Filter(input bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	for _, tok := range input {
		if !isHangul(tok.Term) || utf8.RuneCount(tok.Term) < 3 {
			continue
		}
		for _, j := range josa {
			if bytes.HasSuffix(tok.Term, []byte(j)) && utf8.RuneCount(tok.Term)-utf8.RuneCountInString(j) >= 2 {
				tok.Term = tok.Term[:len(tok.Term)-len(j)]
				break
			}
		}
	}
	return input
}
