package newsindex

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/searcher"
	"github.com/blevesearch/vellum/levenshtein"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/store"
)

// Default limits of a query (Config.MaxQueryTerms, Config.MaxExpansions).
const (
	DefaultMaxQueryTerms = 10000
	DefaultMaxExpansions = 4096
)

// budget prices a query as it is compiled, before anything runs: every
// term looked up in every field is one posting list Bleve opens and walks,
// and a prefix or fuzzy term costs the terms it expands to, which Bleve
// finds in the term dictionary before it visits a document and without
// looking at the request's deadline. A query over budget is refused with a
// *QueryError that says which limit it hit: 666 prefixes "k*" once took 34
// s and 5.6 GB, 250 "korea~2" 11 s and 6.6 GB.
type budget struct {
	maxTerms      int
	maxExpansions int
	open          func() (*store.Dictionary, error) // nil: expansions count 1
	dict          *store.Dictionary
	// exp receives the fuzzy expansions the budget reads, for the
	// search's fuzzy searchers (nil: they expand on their own).
	exp   *store.Expansions
	terms int
	err   error
}

// close releases the dictionary, if it was opened.
func (b *budget) close() {
	if b.dict != nil {
		_ = b.dict.Close()
		b.dict = nil
	}
}

// fail records the first error.
func (b *budget) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// limits returns the budget's limits, the defaults where unset.
func (b *budget) limits() (terms, expansions int) {
	terms, expansions = b.maxTerms, b.maxExpansions
	if terms <= 0 {
		terms = DefaultMaxQueryTerms
	}
	if expansions <= 0 {
		expansions = DefaultMaxExpansions
	}
	return terms, expansions
}

// spend adds n term lookups for what.
func (b *budget) spend(n int, what func() string) {
	b.terms += n
	if limit, _ := b.limits(); b.terms > limit && b.err == nil {
		b.err = queryErr("the query needs more than %d term lookups (the limit of Config.MaxQueryTerms; %s brought it there): search fewer words, fewer prefixes or longer ones", limit, what())
	}
}

func (b *budget) dictionary() *store.Dictionary {
	if b.dict == nil && b.open != nil && b.err == nil {
		d, err := b.open()
		if err != nil {
			b.fail(fmt.Errorf("newsindex: %w", err))
			return nil
		}
		d.Share(b.exp)
		b.dict = d
	}
	return b.dict
}

// words prices terms searched in every field of a group, each with the
// given fuzziness (-1: Bleve's automatic fuzziness by length).
func (b *budget) words(fields []textField, terms []string, fuzziness int) {
	for _, f := range fields {
		for _, t := range terms {
			edits := fuzziness
			if edits < 0 {
				edits = searcher.GetAutoFuzziness(t)
			}
			if edits == 0 {
				b.spend(1, func() string { return fmt.Sprintf("%q in %s", t, fieldName(f)) })
				continue
			}
			b.expand(f, t, fmt.Sprintf("%s~%d", t, edits), func(d *store.Dictionary, limit int) (int, error) {
				return d.Fuzzy(f.name, t, edits, limit)
			})
		}
	}
}

// prefix prices a prefix searched in a field.
func (b *budget) prefix(f textField, prefix string) {
	b.expand(f, prefix, prefix+"*", func(d *store.Dictionary, limit int) (int, error) {
		return d.Prefix(f.name, prefix, limit)
	})
}

func (b *budget) expand(f textField, term, shown string, count func(d *store.Dictionary, limit int) (int, error)) {
	if b.err != nil {
		return
	}
	d := b.dictionary()
	if d == nil {
		b.spend(1, func() string { return shown })
		return
	}
	_, limit := b.limits()
	n, err := count(d, limit)
	switch {
	case errors.Is(err, levenshtein.ErrTooManyStates):
		b.fail(queryErr("%q is too long to match with edits (%d letters)", shorten(term), utf8.RuneCountInString(term)))
	case err != nil:
		b.fail(fmt.Errorf("newsindex: expand %s in %s: %w", shown, f.name, err))
	case n > limit:
		b.fail(queryErr("%s matches more than %d words in %s (the limit of Config.MaxExpansions): make it longer or more exact", shorten(shown), limit, fieldName(f)))
	default:
		b.spend(max(n, 1), func() string { return fmt.Sprintf("%s in %s", shorten(shown), fieldName(f)) })
	}
}

// fieldName names a text field for people: "the English titles".
func fieldName(f textField) string {
	lang := f.code
	if l, ok := analysis.Lookup(f.code); ok {
		lang = l.Name
	} else if f.code == analysis.UndeterminedCode {
		lang = "undetermined-language"
	}
	part := "bodies"
	if f.title {
		part = "titles"
	}
	return "the " + lang + " " + part
}

// shorten cuts a long word for an error message.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:20]) + "…" + string(r[len(r)-10:])
}

// termsOf returns the terms a language's analyzer leaves of text; none for
// an unregistered language.
func termsOf(code, text string) []string {
	terms, err := analysis.Terms(code, text)
	if err != nil {
		return nil
	}
	return terms
}

// distinct returns terms without repeats, in order.
func distinct(terms []string) []string {
	seen := make(map[string]bool, len(terms))
	out := terms[:0:0]
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// joinedTerms splits the NUL-joined terms of the spelling cache.
func joinedTerms(s string) []string { return strings.Split(s, "\x00") }
