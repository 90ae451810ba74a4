package analysis

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/apostrophe"
	"github.com/blevesearch/bleve/v2/analysis/token/elision"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"
	"github.com/blevesearch/bleve/v2/registry"
)

// Place is where a position's token is in the text: its byte offsets.
type Place struct{ Start, End int }

// placers are the analyzers that Places runs, by analyzer name.
var placers sync.Map

// Places returns where in text the token of each position of its analysis
// in language code is (Places(…)[pos], from 1; the zero Place where no
// token has the position): what highlighting needs when the index keeps
// term positions but not offsets. Several tokens of one position (the
// parts of a compound) share its offsets; the first is taken.
//
// It runs the language's tokenizer and only the filters that may move or
// add tokens: the filters after the last of those that only rewrite terms
// (lower case, stemmers, normalisers, folding) or drop them (stop words),
// or add tokens at their own position (compound parts), give every token
// left the position and offsets it had, and are skipped. For English that
// is the tokenizer alone (a third of the time of the whole analysis);
// Korean, Chinese and Japanese keep their bigram filter, which numbers
// positions anew.
func Places(code, text string) ([]Place, error) {
	l, err := languageOf(code)
	if err != nil {
		return nil, err
	}
	a, err := placer(l.Analyzer)
	if err != nil {
		return nil, fmt.Errorf("analysis: language %q: %w", code, err)
	}
	stream := a.Analyze([]byte(text))
	last := 0
	for _, t := range stream {
		last = max(last, t.Position)
	}
	out := make([]Place, last+1)
	for _, t := range stream {
		if t.Position > 0 && out[t.Position] == (Place{}) {
			out[t.Position] = Place{t.Start, t.End}
		}
	}
	return out, nil
}

// placer returns the analyzer Places runs for an analyzer name.
func placer(name string) (bleveanalysis.Analyzer, error) {
	if a, ok := placers.Load(name); ok {
		return a.(bleveanalysis.Analyzer), nil
	}
	cacheOnce.Do(func() { cache = registry.NewCache() })
	full, err := cache.AnalyzerNamed(name)
	if err != nil {
		return nil, err
	}
	a := full
	if d, ok := full.(*bleveanalysis.DefaultAnalyzer); ok {
		n := len(d.TokenFilters)
		for n > 0 && keepsPlaces(d.TokenFilters[n-1]) {
			n--
		}
		a = &bleveanalysis.DefaultAnalyzer{CharFilters: d.CharFilters, Tokenizer: d.Tokenizer, TokenFilters: d.TokenFilters[:n:n]}
	}
	placers.Store(name, a)
	return a, nil
}

// keepsPlaces reports a token filter that leaves every token it keeps at
// its position and offsets and adds none elsewhere: one of Bleve's that
// rewrite or drop terms (the stemmers and normalisers of its language
// packages among them), or this package's folding and compound filters.
func keepsPlaces(f bleveanalysis.TokenFilter) bool {
	switch f.(type) {
	case *lowercase.LowerCaseFilter, *stop.StopTokensFilter, *porter.PorterStemmer, *unicodenorm.UnicodeNormalizeFilter,
		*en.PossessiveFilter, *elision.ElisionFilter, *apostrophe.ApostropheFilter, FoldFilter, DecompoundFilter, *DecompoundFilter:
		return true
	}
	t := reflect.TypeOf(f)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return strings.HasPrefix(t.PkgPath(), "github.com/blevesearch/bleve/v2/analysis/lang/") &&
		(strings.HasSuffix(t.Name(), "StemmerFilter") || strings.HasSuffix(t.Name(), "NormalizeFilter"))
}
