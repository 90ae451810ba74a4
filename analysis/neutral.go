package analysis

import (
	"bytes"
	"unicode/utf8"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// UndeterminedCode is the ISO 639-2 code for text whose language is not
// known or not registered; such text is analysed by [Neutral] only.
const UndeterminedCode = "und"

// Neutral is the language-neutral analysis: the title and body of an
// article whose language is [UndeterminedCode] or not registered go
// through it, and prefixes are folded with it. It folds
// case, diacritics and compatibility forms and does not stem, so names and
// rare words match whatever language surrounds them: "Lawrow", "LAWROW" and
// "Lawrów" are one term, "Straße" and "Strasse" are one term.
var Neutral = Language{
	Code:     UndeterminedCode,
	Name:     "Undetermined",
	Analyzer: AnalyzerNeutral,
	New:      NewNeutral,
}

// NewNeutral builds the [Neutral] analyzer: Unicode word segmentation, NFKC
// normalisation, lower case, then [FoldFilter]. It keeps stop words, so it
// serves any language.
func NewNeutral(cache *registry.Cache) (bleveanalysis.Analyzer, error) {
	tokenizer, err := cache.TokenizerNamed(unicodetok.Name)
	if err != nil {
		return nil, err
	}
	nfkc, err := unicodenorm.NewUnicodeNormalizeFilter(unicodenorm.NFKC)
	if err != nil {
		return nil, err
	}
	return &bleveanalysis.DefaultAnalyzer{
		Tokenizer:    asciiWords{unicode: tokenizer},
		TokenFilters: []bleveanalysis.TokenFilter{nonASCII{nfkc}, lowercase.NewLowerCaseFilter(), FoldFilter{}, HangulFilter{}, cjk.NewCJKBigramFilter(false)},
	}, nil
}

// FoldFilter is a token filter that folds each term with Bleve's
// asciifolding table (é→e, ß→ss, ŏ→o, æ→ae, ø→o, …) and ё to е. Bleve ships
// asciifolding as a char filter, which shifts the offsets of everything
// after a changed letter and so breaks highlighting; folding term by term
// keeps the offsets of the original text.
type FoldFilter struct{}

var (
	asciiFold = asciifolding.New()
	yo, ye    = []byte("ё"), []byte("е")
)

// Filter implements Bleve's analysis.TokenFilter.
func (FoldFilter) Filter(input bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	for _, tok := range input {
		if !isASCII(tok.Term) { // ASCII folds to itself
			tok.Term = bytes.ReplaceAll(asciiFold.Filter(tok.Term), yo, ye)
		}
	}
	return input
}

// nonASCII applies a token filter that leaves ASCII terms as they are (such
// as Unicode normalisation) to the other terms only, which spares the copy
// it makes of every term.
type nonASCII struct{ filter bleveanalysis.TokenFilter }

func (f nonASCII) Filter(input bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	for i, tok := range input {
		if !isASCII(tok.Term) {
			f.filter.Filter(input[i : i+1])
		}
	}
	return input
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
