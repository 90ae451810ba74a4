// Package analysis holds the languages newsindex analyses text in: one
// [Language] per language, each naming a Bleve analyzer, plus the
// language-neutral folding analyzer ([Neutral]) and language detection
// ([Detect]).
//
// Built-in languages are registered the first time the registry is used;
// other projects add their own with [Register]. Analyzer names are on-disk
// format: Bleve stores them in every index mapping, so a process that opens
// an index must have registered the same names as the one that created it.
package analysis

import (
	"fmt"
	"regexp"
	"sort"
	"sync"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Constructor builds the Bleve analyzer of a [Language]. It receives the
// cache of the index mapping being built, from which it may take Bleve's
// registered tokenizers, filters and analyzers by name.
type Constructor func(cache *registry.Cache) (bleveanalysis.Analyzer, error)

// Language is one language newsindex can analyse.
type Language struct {
	// Code is the ISO 639 code articles carry in Article.Language: "de".
	// It also names the index fields of the language (title_de, body_de).
	Code string
	// Name is the English name of the language: "German".
	Name string
	// Analyzer is the name under which the analyzer is registered with Bleve.
	// It is stored in index mappings: never change it for an existing
	// language.
	Analyzer string
	// New builds the analyzer.
	New Constructor
	// QueryAnalyzer and NewQuery, when set, analyse query text instead of
	// Analyzer: for a language whose articles need an analysis that queries
	// must not get (a filter that adds terms a query would then require).
	QueryAnalyzer string
	NewQuery      Constructor
	// Ngrams says that the analyzer cuts words into overlapping n-grams (the
	// Chinese, Japanese and Korean bigrams). Ranked any-word searches then
	// score the language's title and body as one field (BM25F) and reward an
	// article for holding more of the query's n-grams, which stand for its
	// words (KorQuAD nDCG@10 .956, against .947 with the textbook BM25 they
	// use for other languages).
	Ngrams bool
}

// SearchAnalyzer is the name of the analyzer for query text: QueryAnalyzer
// when set, else Analyzer.
func (l Language) SearchAnalyzer() string {
	if l.QueryAnalyzer != "" {
		return l.QueryAnalyzer
	}
	return l.Analyzer
}

var (
	mu        sync.RWMutex
	languages = map[string]Language{}
	analyzers = map[string]string{} // analyzer name -> language code
	version   int                   // counts changes to languages
	builtins  sync.Once
)

var codePattern = regexp.MustCompile(`^[a-z]{2,3}$`)

// Register adds a language to the registry and its analyzer to Bleve's
// registry. It is the only path from newsindex into Bleve's registry, and
// it is safe for concurrent use: checks and insertions are one critical
// section, and calls into Bleve's registry (which is not guarded against
// concurrent use) are made under the same lock.
//
// Register panics when the code is not 2 or 3 lowercase letters, when
// Analyzer or New is empty, or when the code or the analyzer name is already
// registered, like [database/sql.Register]. Call it before opening any index
// that uses the language: Bleve reads its registry without our lock when it
// builds an index mapping.
func Register(l Language) {
	ensureBuiltins()
	register(l)
}

func register(l Language) {
	if !codePattern.MatchString(l.Code) || l.Code == UndeterminedCode {
		panic(fmt.Sprintf("analysis: Register: language code %q is not an ISO 639 code of 2 or 3 lowercase letters", l.Code))
	}
	mu.Lock()
	defer mu.Unlock()
	registerAnalyzerLocked(l)
	languages[l.Code] = l
	version++
}

// registryVersion changes whenever a language is registered.
func registryVersion() int {
	ensureBuiltins()
	mu.RLock()
	defer mu.RUnlock()
	return version
}

// registerAnalyzerLocked checks l and registers its analyzers with Bleve;
// mu must be held.
func registerAnalyzerLocked(l Language) {
	if l.Analyzer == "" {
		panic(fmt.Sprintf("analysis: Register: language %q has no analyzer name", l.Code))
	}
	if l.New == nil {
		panic(fmt.Sprintf("analysis: Register: language %q has no analyzer constructor", l.Code))
	}
	if _, dup := languages[l.Code]; dup {
		panic(fmt.Sprintf("analysis: Register called twice for language %q", l.Code))
	}
	if code, dup := analyzers[l.Analyzer]; dup {
		panic(fmt.Sprintf("analysis: Register: analyzer name %q is already used by language %q", l.Analyzer, code))
	}
	if (l.QueryAnalyzer == "") != (l.NewQuery == nil) {
		panic(fmt.Sprintf("analysis: Register: language %q needs both QueryAnalyzer and NewQuery, or neither", l.Code))
	}
	if code, dup := analyzers[l.QueryAnalyzer]; dup && l.QueryAnalyzer != "" {
		panic(fmt.Sprintf("analysis: Register: analyzer name %q is already used by language %q", l.QueryAnalyzer, code))
	}
	for _, a := range []struct {
		name string
		new  Constructor
	}{{l.Analyzer, l.New}, {l.QueryAnalyzer, l.NewQuery}} {
		if a.name == "" {
			continue
		}
		newAnalyzer := a.new
		err := registry.RegisterAnalyzer(a.name, func(_ map[string]interface{}, cache *registry.Cache) (bleveanalysis.Analyzer, error) {
			return newAnalyzer(cache)
		})
		if err != nil {
			panic(fmt.Sprintf("analysis: Register: language %q: %v", l.Code, err))
		}
		analyzers[a.name] = l.Code
	}
}

// Lookup returns the registered language with the given code.
func Lookup(code string) (Language, bool) {
	ensureBuiltins()
	mu.RLock()
	defer mu.RUnlock()
	l, ok := languages[code]
	return l, ok
}

// Languages returns every registered language, sorted by code. It does not
// include [Neutral].
func Languages() []Language {
	ensureBuiltins()
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Language, 0, len(languages))
	for _, l := range languages {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// Codes returns the codes of every registered language, sorted.
func Codes() []string {
	langs := Languages()
	out := make([]string, len(langs))
	for i, l := range langs {
		out[i] = l.Code
	}
	return out
}

// Analyzers returns the names of every analyzer registered through this
// package, [Neutral]'s included, sorted.
func Analyzers() []string {
	ensureBuiltins()
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(analyzers))
	for name := range analyzers {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// HasAnalyzer reports whether an analyzer of that name was registered
// through this package.
func HasAnalyzer(name string) bool {
	ensureBuiltins()
	mu.RLock()
	defer mu.RUnlock()
	_, ok := analyzers[name]
	return ok
}

func ensureBuiltins() {
	builtins.Do(func() {
		mu.Lock()
		registerAnalyzerLocked(Neutral)
		mu.Unlock()
		for _, l := range builtinLanguages() {
			register(l)
		}
	})
}
