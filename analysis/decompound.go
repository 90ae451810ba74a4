package analysis

import (
	_ "embed"
	"strings"
	"unicode/utf8"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/registry"
)

//go:embed german_words.txt
var germanWords string

// germanParts is the decompounder's dictionary, folded as the German
// analyzer folds terms before it.
var germanParts = func() map[string]bool {
	fold := strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss")
	out := map[string]bool{}
	for _, line := range strings.Split(germanWords, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out[fold.Replace(line)] = true
		}
	}
	return out
}()

// DecompoundFilter is a token filter that adds, after a compound word, the
// words of a dictionary it contains, at the compound's position and with its
// offsets (so a match on a part highlights the whole word): the German
// analyzer gives freundschaftsbeziehungen, freundschaft and beziehung, so that
// Freundschaft and Beziehung both find Freundschaftsbeziehungen. Linking
// elements (-s-, -es-, -n-) need no rule: parts are found wherever they stand.
// Bleve's own dictionary compound filter gives parts offsets counted in
// letters from a start counted in bytes, which splits letters when a
// highlight is cut out of text with umlauts.
type DecompoundFilter struct {
	Dict    map[string]bool
	MinWord int // shortest word to split, in letters
	MinPart int // shortest part, in letters
}

// minRest is the fewest letters a compound has beside a part: fewer are an
// ending (-ern, -en, -s), not another word.
const minRest = 4

// Filter implements Bleve's analysis.TokenFilter.
func (f DecompoundFilter) Filter(input bleveanalysis.TokenStream) bleveanalysis.TokenStream {
	out := make(bleveanalysis.TokenStream, 0, len(input))
	for _, tok := range input {
		out = append(out, tok)
		word := string(tok.Term)
		if utf8.RuneCountInString(word) < f.MinWord {
			continue
		}
		letters := utf8.RuneCountInString(word)
		seen := map[string]bool{word: true}
		for i := range word {
			for j := i + f.MinPart; j <= len(word); j++ {
				part := word[i:j]
				if !f.Dict[part] || seen[part] || !utf8.ValidString(part) {
					continue
				}
				if letters-utf8.RuneCountInString(part) < minRest {
					continue // an inflected form (Denkmälern), not a compound
				}
				seen[part] = true
				out = append(out, &bleveanalysis.Token{Term: []byte(part), Start: tok.Start, End: tok.End, Position: tok.Position, Type: tok.Type})
			}
		}
	}
	return out
}

// NewGerman builds the German analyzer: Bleve's "de" analyzer (lower case,
// stop words, umlaut and ß folding, light stemming) with [DecompoundFilter]
// and the project's own word list before the stemmer.
func NewGerman(cache *registry.Cache) (bleveanalysis.Analyzer, error) {
	a, err := cache.AnalyzerNamed(de.AnalyzerName)
	if err != nil {
		return nil, err
	}
	base, ok := a.(*bleveanalysis.DefaultAnalyzer)
	if !ok || len(base.TokenFilters) == 0 {
		return nil, errUnexpected(a)
	}
	filters := append([]bleveanalysis.TokenFilter{}, base.TokenFilters[:len(base.TokenFilters)-1]...)
	filters = append(filters, DecompoundFilter{Dict: germanParts, MinWord: 8, MinPart: 5}, base.TokenFilters[len(base.TokenFilters)-1])
	out := *base
	out.TokenFilters = filters
	return &out, nil
}
