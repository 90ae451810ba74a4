package newsindex

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/schema"
)

// withNames widens a text query that is a name in the gazetteer as a whole
// ("Ким Чен Ын", "Lawrow", "김정은") to the articles that name that entity
// in any spelling or script, and a short Cyrillic or Hangul one that is
// not to its Latin spellings.
func (c *compiler) withNames(q bq.Query, text string) bq.Query {
	var ids []string
	if c.names != nil {
		ids = c.names.Names(text)
	}
	fields, _ := c.textFields("", "")
	if len(ids) == 0 {
		return c.withTransliteration(q, text, fields)
	}
	// The spellings themselves are searched too, as phrases in the articles'
	// fields, so that the passages naming the entity are highlighted and
	// count. Spellings that analyse alike in a field ("Kim Jong Il", "Kim
	// Jong-il") are searched once, and not at all when they analyse like
	// the query text, which q already searches.
	seen := map[string]bool{}
	for _, group := range byLanguage(fields) {
		if terms, err := analysis.Terms(group[0].code, text); err == nil {
			for _, f := range group {
				seen[f.name+"\x00"+strings.Join(terms, "\x00")] = true
			}
		}
	}
	any := []bq.Query{q}
	for _, id := range ids {
		t := bleve.NewTermQuery(id)
		t.SetField(schema.Entity)
		any = append(any, t)
		c.budget.spend(1, func() string { return "entity " + id })
		e, _ := c.names.Entity(id)
		for _, v := range e.Variants {
			for _, f := range fields {
				terms, ok := c.spellings.terms(f.code, v)
				key := f.name + "\x00" + terms
				if !ok || seen[key] {
					continue
				}
				seen[key] = true
				c.budget.words([]textField{f}, joinedTerms(terms), 0)
				any = append(any, phraseQuery(v, f))
			}
		}
	}
	return bleve.NewDisjunctionQuery(any...)
}

// spellings caches the analysis of the gazetteer's spellings, which name
// queries compare on every search: "code\x00spelling" → the terms joined by
// NUL, "" when the language's analyzer leaves none. An index has one; its
// size is bounded by the index's spellings times its languages.
type spellings struct{ m sync.Map }

// terms returns the terms of a spelling in a language, joined by NUL, and
// whether there are any.
func (s *spellings) terms(code, spelling string) (string, bool) {
	key := code + "\x00" + spelling
	if v, ok := s.m.Load(key); ok {
		return v.(string), v.(string) != ""
	}
	terms, err := analysis.Terms(code, spelling)
	if err != nil {
		return "", false // not cached: an unregistered language
	}
	joined := strings.Join(terms, "\x00")
	s.m.Store(key, joined)
	return joined, joined != ""
}

// maxTransliteratedWords is the longest query text (in words) taken for a
// name and searched in Latin letters too.
const maxTransliteratedWords = 3

// maxNameLetters is the longest word taken for part of a name: longer runs
// of Hangul or Cyrillic are not searched in Latin letters (666 syllables
// once made a fuzzy automaton of more than 10,000 states).
const maxNameLetters = 24

// withTransliteration widens a short text query in Cyrillic or Hangul
// that the gazetteer does not know (Козлов, 신홍철) to its Latin
// spellings (Kozlov, Koslow; sin hong cheol), searched as phrases with
// Bleve's automatic edit tolerance (none up to two letters, one up to five,
// two beyond), since romanizations differ: Sin Hong Chol, Alexandr.
func (c *compiler) withTransliteration(q bq.Query, text string, fields []textField) bq.Query {
	words := strings.Fields(text)
	if len(words) > maxTransliteratedWords {
		return q
	}
	for _, w := range words {
		if utf8.RuneCountInString(w) > maxNameLetters {
			return q // not a name: a run of syllables or letters
		}
	}
	spellings := analysis.Transliterate(text)
	if len(spellings) == 0 {
		return q
	}
	any := []bq.Query{q}
	groups := byLanguage(fields)
	for _, s := range spellings {
		for _, group := range groups {
			terms := termsOf(group[0].code, s)
			if len(terms) == 0 {
				continue
			}
			c.budget.words(group, terms, -1)
			for _, f := range group {
				p := phraseQuery(s, f)
				p.SetAutoFuzziness(true)
				any = append(any, p)
			}
		}
	}
	return bleve.NewDisjunctionQuery(any...)
}
