package newsindex

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
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
	if len(ids) == 0 {
		fields, _ := c.textFields("", "")
		return c.withTransliteration(q, text, fields)
	}
	return c.nameClause(q, text, ids)
}

// nameClause finds the articles that name one of the entities ids in any
// spelling: those the gazetteer tagged with them, and the spellings as
// phrases in the articles' fields, so that the passages naming the entity
// are highlighted and count; and those q finds, which searches text. Spellings
// that analyse alike in a field ("Kim Jong Il", "Kim Jong-il") are searched
// once, and not at all when they analyse like text.
func (c *compiler) nameClause(q bq.Query, text string, ids []string) bq.Query {
	fields, _ := c.textFields("", "")
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
		t.SetField(c.field(schema.Entity))
		any = append(any, t)
		c.budget.spend(1, func() string { return "entity " + id })
		e, _ := c.names.Entity(id)
		c.also = append(c.also, e.Variants...)
		for _, v := range e.Variants {
			for _, f := range fields {
				terms, ok := c.spellings.terms(f.code, v)
				key := f.name + "\x00" + terms
				if !ok || seen[key] || !wholeName(f.code, v, terms) {
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

// nameQuery is a run of words of a Match that the gazetteer knows as the
// name of entities: it finds the articles that name them, in any spelling,
// not those that have the words apart ("Kim Jong Un" once found "camarada
// Kim Jong Il … un porvenir"). readNames makes them; users do not.
type nameQuery struct {
	Text string
	IDs  []string
}

func (nameQuery) isQuery() {}

func (q nameQuery) String() string {
	return "(name " + strconv.Quote(q.Text) + " " + strings.Join(q.IDs, " ") + ")"
}

// compileName compiles a name: its text as a phrase (a name of one word as
// that word: German compounds analyse into the word and its parts, which a
// phrase would take for alternatives), its entities and spellings. The
// phrase is left out in a language whose analysis drops a word of the name:
// Spanish drops "un" of "Kim Jong Un", and "Kim Jong" is Kim Jong Il as
// well; the gazetteer's tags, which keep every word, find those articles.
func (c *compiler) compileName(q nameQuery) (bq.Query, error) {
	for _, id := range q.IDs {
		if c.named == nil {
			c.named = map[string]bool{}
		}
		c.named[id] = true
	}
	if !c.past && c.complete != nil && c.names != nil && c.complete(c.names, q.IDs) {
		// Every article that names them was tagged with them.
		var any []bq.Query
		for _, id := range q.IDs {
			t := bleve.NewTermQuery(id)
			t.SetField(c.field(schema.Entity))
			any = append(any, t)
			c.budget.spend(1, func() string { return "entity " + id })
			e, _ := c.names.Entity(id)
			c.also = append(c.also, e.Variants...)
		}
		return disjunction(any), nil
	}
	fields, _ := c.textFields("", "")
	var any []bq.Query
	one := len(strings.Fields(q.Text)) == 1
	for _, group := range byLanguage(fields) {
		terms := termsOf(group[0].code, q.Text)
		if len(terms) == 0 || !wholeName(group[0].code, q.Text, strings.Join(terms, "\x00")) {
			continue
		}
		for _, f := range group {
			if one {
				c.budget.words([]textField{f}, terms, 0)
				any = append(any, c.matchQuery(q.Text, f.name, f.analyzer, f.boost, 0))
			} else {
				c.budget.words([]textField{f}, terms, 0)
				any = append(any, phraseQuery(q.Text, f))
			}
		}
	}
	var text bq.Query = matchNone()
	if len(any) > 0 {
		text = disjunction(any)
	}
	return c.nameClause(text, q.Text, q.IDs), nil
}

// wholeName reports whether a language's analysis of a name (its terms,
// joined by NUL) keeps a term for every word of it, so that a phrase of
// them means the name. N-gram languages (Korean, Chinese, Japanese) cut
// words into bigrams and drop none.
func wholeName(code, name, joined string) bool {
	if lang, ok := analysis.Lookup(code); ok && lang.Ngrams {
		return true
	}
	return strings.Count(joined, "\x00")+1 >= len(strings.Fields(name))
}

// markNames adds the places where the texts of a hit (field → text) name
// the entities the query asked for by name to the hit's term locations, so
// that they are highlighted in any spelling: a query of the entity alone
// has no terms of its own in the text.
func (c *compiler) markNames(h *search.DocumentMatch, texts map[string]string) {
	if len(c.named) == 0 {
		return
	}
	for field, text := range texts {
		for _, s := range c.names.Spans(text) {
			if !slices.ContainsFunc(s.IDs, func(id string) bool { return c.named[id] }) {
				continue
			}
			if h.Locations == nil {
				h.Locations = search.FieldTermLocationMap{}
			}
			if h.Locations[field] == nil {
				h.Locations[field] = search.TermLocationMap{}
			}
			h.Locations[field]["\x00name"] = append(h.Locations[field]["\x00name"], &search.Location{Start: uint64(s.Start), End: uint64(s.End)})
		}
	}
}

// readNames rewrites the every-word Matches of q (in every field and
// language, not fuzzy) whose whole text the gazetteer knows as a name into
// a nameQuery, and returns the notes that say so.
func readNames(q Query, g *analysis.Gazetteer) (Query, []string) {
	if g == nil {
		return q, nil
	}
	var notes []string
	out := rewrite(q, func(q Query) (Query, bool) {
		switch m := q.(type) {
		case NotQuery:
			return q, false
		case AndQuery:
			return joinEntityNames(m, g, &notes), true
		case Match:
			if m.Field != "" || m.Lang != "" || m.Fuzziness != 0 || m.MinWords != 0 {
				return q, false
			}
			ids := g.Names(m.Text)
			if len(ids) == 0 {
				return q, false
			}
			notes = append(notes, fmt.Sprintf("%q is read as a name (%s): the articles that name it, in any spelling", m.Text, strings.Join(ids, ", ")))
			return nameQuery{Text: m.Text, IDs: ids}, false
		}
		return q, true
	})
	return out, notes
}

// joinEntityNames joins an entity filter and the words after it when
// together they are a name: entity:Kim Jong Un parses as entity:Kim and the
// words "Jong Un", and means entity:"Kim Jong Un".
func joinEntityNames(and AndQuery, g *analysis.Gazetteer, notes *[]string) AndQuery {
	out := make([]Query, 0, len(and.Queries))
	for i := 0; i < len(and.Queries); i++ {
		t, ok := and.Queries[i].(Terms)
		if !ok || t.Field != schema.Entity || len(t.Values) != 1 || i+1 == len(and.Queries) {
			out = append(out, and.Queries[i])
			continue
		}
		m, ok := and.Queries[i+1].(Match)
		if !ok || m.Field != "" || m.Lang != "" || m.Fuzziness != 0 || m.MinWords != 0 {
			out = append(out, t)
			continue
		}
		words := strings.Fields(m.Text)
		joined := 0
		for n := len(words); n > 0; n-- {
			if len(g.Names(t.Values[0]+" "+strings.Join(words[:n], " "))) > 0 {
				joined = n
				break
			}
		}
		if joined == 0 {
			out = append(out, t)
			continue
		}
		name := t.Values[0] + " " + strings.Join(words[:joined], " ")
		*notes = append(*notes, fmt.Sprintf("entity:%s %s is read as entity:%q", t.Values[0], strings.Join(words[:joined], " "), name))
		out = append(out, Terms{Field: schema.Entity, Values: []string{name}})
		if rest := words[joined:]; len(rest) > 0 {
			m.Text = strings.Join(rest, " ")
			out = append(out, m)
		}
		i++
	}
	return AndQuery{Queries: out}
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
	c.also = append(c.also, spellings...)
	for _, s := range spellings {
		for _, group := range groups {
			terms := termsOf(group[0].code, s)
			if len(terms) == 0 {
				continue
			}
			c.budget.words(group, terms, -1)
			for _, f := range group {
				p := phraseQuery(s, f).Bleve()
				p.SetAutoFuzziness(true)
				any = append(any, p)
			}
		}
	}
	return bleve.NewDisjunctionQuery(any...)
}
