package analysis

import (
	"fmt"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/sv"
	"github.com/blevesearch/bleve/v2/analysis/lang/tr"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names of the built-in analyzers. They are on-disk format: every index
// mapping stores them, so they never change.
const (
	AnalyzerArabic     = "newsindex_ar"
	AnalyzerChinese    = "newsindex_zh"
	AnalyzerDutch      = "newsindex_nl"
	AnalyzerEnglish    = "newsindex_en"
	AnalyzerFrench     = "newsindex_fr"
	AnalyzerGerman     = "newsindex_de"
	AnalyzerItalian    = "newsindex_it"
	AnalyzerJapanese   = "newsindex_ja"
	AnalyzerKorean     = "newsindex_ko"
	AnalyzerNeutral    = "newsindex_neutral"
	AnalyzerPortuguese = "newsindex_pt"
	AnalyzerRussian    = "newsindex_ru"
	AnalyzerSpanish    = "newsindex_es"
	AnalyzerSwedish    = "newsindex_sv"
	AnalyzerTurkish    = "newsindex_tr"
)

// builtinLanguages lists the languages every process registers.
func builtinLanguages() []Language {
	return []Language{
		bleveLanguage("ar", "Arabic", AnalyzerArabic, ar.AnalyzerName),
		{Code: "de", Name: "German", Analyzer: AnalyzerGerman, New: folded(NewGerman)},
		bleveLanguage("en", "English", AnalyzerEnglish, en.AnalyzerName),
		bleveLanguage("es", "Spanish", AnalyzerSpanish, es.AnalyzerName),
		bleveLanguage("fr", "French", AnalyzerFrench, fr.AnalyzerName),
		bleveLanguage("it", "Italian", AnalyzerItalian, it.AnalyzerName),
		{Code: "ja", Name: "Japanese", Analyzer: AnalyzerJapanese, New: NewCJK, Ngrams: true},
		{Code: "ko", Name: "Korean", Analyzer: AnalyzerKorean, New: NewKorean, Ngrams: true},
		bleveLanguage("nl", "Dutch", AnalyzerDutch, nl.AnalyzerName),
		bleveLanguage("pt", "Portuguese", AnalyzerPortuguese, pt.AnalyzerName),
		{Code: "ru", Name: "Russian", Analyzer: AnalyzerRussian, New: folded(NewRussian)},
		bleveLanguage("sv", "Swedish", AnalyzerSwedish, sv.AnalyzerName),
		bleveLanguage("tr", "Turkish", AnalyzerTurkish, tr.AnalyzerName),
		{Code: "zh", Name: "Chinese", Analyzer: AnalyzerChinese, New: NewCJK, Ngrams: true},
	}
}

func bleveLanguage(code, name, analyzer, bleveName string) Language {
	return Language{Code: code, Name: name, Analyzer: analyzer, New: folded(bleveAnalyzer(bleveName))}
}

// folded returns a constructor of the analyzer c builds with [FoldFilter]
// last, so that a word matches with or without its diacritics ("Chŏng-ŭn"
// and "Chong-un", "Lavrów" and "Lavrow") in every language, after the
// language's stemmer has had them. Bleve's unicode tokenizer is swapped for
// the same tokenizer with a fast path for ASCII ([asciiWords]).
func folded(c Constructor) Constructor {
	return func(cache *registry.Cache) (bleveanalysis.Analyzer, error) {
		a, err := c(cache)
		if err != nil {
			return nil, err
		}
		return extend(fastWords(a), nil, []bleveanalysis.TokenFilter{FoldFilter{}})
	}
}

// bleveAnalyzer returns a constructor that takes Bleve's own analyzer of that
// name from the cache.
func bleveAnalyzer(name string) Constructor {
	return func(cache *registry.Cache) (bleveanalysis.Analyzer, error) {
		return cache.AnalyzerNamed(name)
	}
}

func errUnexpected(a bleveanalysis.Analyzer) error {
	return fmt.Errorf("analysis: cannot extend analyzer of type %T", a)
}

// extend returns a copy of a Bleve analyzer with char filters put before its
// own and token filters after its own.
func extend(a bleveanalysis.Analyzer, chars []bleveanalysis.CharFilter, tokens []bleveanalysis.TokenFilter) (bleveanalysis.Analyzer, error) {
	base, ok := a.(*bleveanalysis.DefaultAnalyzer)
	if !ok {
		return nil, errUnexpected(a)
	}
	out := *base
	out.CharFilters = append(append([]bleveanalysis.CharFilter{}, chars...), base.CharFilters...)
	out.TokenFilters = append(append([]bleveanalysis.TokenFilter{}, base.TokenFilters...), tokens...)
	return &out, nil
}
