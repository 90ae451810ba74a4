package analysis

import (
	"unicode"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// NewCJK builds the Chinese and Japanese analyzer: Bleve's "cjk" analyzer
// (width folding, lower case, overlapping bigrams of Han and Kana).
func NewCJK(cache *registry.Cache) (bleveanalysis.Analyzer, error) {
	return cache.AnalyzerNamed(cjk.AnalyzerName)
}

// NewKorean builds the Korean analyzer. Bleve's "cjk" analyzer bigrams Han
// and Kana only: a Hangul word keeps its particles (러시아와, "with Russia",
// is one token), so 러시아 finds nothing. This analyzer marks Hangul tokens
// for Bleve's bigram filter, as Lucene's CJKBigramFilter does, so that
// 북한이 탄도미사일을 gives 북한 한이 탄도 도미 미사 사일 일을 and a search for
// 러시아 (러시 시아) finds 러시아와 (러시 시아 아와). A one-syllable word stays
// a unigram.
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
		Tokenizer: tokenizer,
		TokenFilters: []bleveanalysis.TokenFilter{
			width,
			lower,
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
	for _, tok := range input {
		if isHangul(tok.Term) {
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
