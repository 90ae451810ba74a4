package analysis

import (
	"regexp"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	regexpchar "github.com/blevesearch/bleve/v2/analysis/char/regexp"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/registry"
)

// yoFilters map ё to е before tokenizing. Bleve's Snowball stemmer leaves
// words with ё unstemmed (ёлки stays ёлки), and Russian writers use ё and е
// interchangeably. Both letters are two bytes in UTF-8, so offsets and
// highlighting stay exact.
func yoFilters() []bleveanalysis.CharFilter {
	return []bleveanalysis.CharFilter{
		regexpchar.New(regexp.MustCompile(`ё`), []byte("е")),
		regexpchar.New(regexp.MustCompile(`Ё`), []byte("Е")),
	}
}

// NewRussian builds the Russian analyzer: Bleve's "ru" analyzer (lower case,
// stop words, Snowball stemmer) with ё folded to е first.
func NewRussian(cache *registry.Cache) (bleveanalysis.Analyzer, error) {
	base, err := cache.AnalyzerNamed(ru.AnalyzerName)
	if err != nil {
		return nil, err
	}
	return extend(base, yoFilters(), nil)
}
