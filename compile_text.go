package newsindex

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/phrase"
	"github.com/newsindex/newsindex/internal/schema"
)

// textField is one analysed field a text query searches.
type textField struct {
	name     string
	code     string // language whose analysis the field uses
	analyzer string
	boost    float64
	title    bool
	stats    string // the field whose statistics score it: its current one
}

// textFields lists the per-language fields that hold articles and that a
// Match or Phrase searches.
func (c *compiler) textFields(lang, field string) ([]textField, error) {
	switch field {
	case "", "title", "body":
	default:
		return nil, queryErr("unknown text field %q (want title or body)", field)
	}
	langs := c.layout.Languages
	if lang != "" {
		code := c.layout.FieldLanguage(lang)
		for _, ll := range c.layout.Languages {
			if ll.Code == code {
				langs = []schema.Lang{ll}
			}
		}
	}
	var out []textField
	for _, ll := range langs {
		// Earlier versions are searched in the languages that have current
		// articles, and scored with their statistics.
		if title := schema.TitleField(ll.Code); field != "body" && c.stats.Has(title) {
			out = append(out, textField{c.field(title), ll.Code, ll.SearchAnalyzer(), titleBoost, true, title})
		}
		if body := schema.BodyField(ll.Code); field != "title" && c.stats.Has(body) {
			out = append(out, textField{c.field(body), ll.Code, ll.SearchAnalyzer(), 1, false, body})
		}
	}
	return out, nil
}

// compileMatch requires every word of the text: each word must match in
// some field, analysed as that field's language. Words are split at white
// space, so a word of Chinese or Korean text is analysed into its bigrams,
// all of which must be in the same field.
func (c *compiler) compileMatch(q Match) (bq.Query, error) {
	if q.Fuzziness < 0 || q.Fuzziness > 2 {
		return nil, queryErr("fuzziness %d is out of range (0, 1 or 2)", q.Fuzziness)
	}
	if q.MinWords < 0 {
		return nil, queryErr("min_words %d is negative", q.MinWords)
	}
	fields, err := c.textFields(q.Lang, q.Field)
	if err != nil {
		return nil, err
	}
	words := strings.Fields(q.Text)
	if len(words) == 0 {
		return nil, queryErr("match with no words")
	}
	if q.MinWords == 1 {
		return c.compileAnyWord(q, fields), nil
	}
	// Each language's fields are searched for the words that language
	// keeps: an English article must have every word but the English stop
	// words, a Spanish one every word but the Spanish ones.
	var perLang []bq.Query
	for _, group := range byLanguage(fields) {
		var perWord []bq.Query
		for _, w := range words {
			terms := termsOf(group[0].code, w)
			if len(terms) == 0 {
				continue // a stop word or punctuation in this language
			}
			c.budget.words(group, terms, q.Fuzziness)
			var any []bq.Query
			for _, f := range group {
				any = append(any, c.matchQuery(w, f.name, f.analyzer, f.boost, q.Fuzziness))
			}
			perWord = append(perWord, disjunction(any))
		}
		switch {
		case len(perWord) == 0:
		case len(perWord) == 1:
			perLang = append(perLang, perWord[0])
		case q.MinWords > 0 && q.MinWords < len(perWord):
			any := bleve.NewDisjunctionQuery(perWord...)
			any.SetMin(float64(q.MinWords))
			perLang = append(perLang, any)
		default:
			perLang = append(perLang, bleve.NewConjunctionQuery(perWord...))
		}
	}
	if len(perLang) == 0 {
		return matchNone(), nil
	}
	return disjunction(perLang), nil
}

// byLanguage groups text fields by the language of their analysis, in
// order.
func byLanguage(fields []textField) [][]textField {
	var out [][]textField
	for _, f := range fields {
		if n := len(out); n > 0 && out[n-1][0].code == f.code {
			out[n-1] = append(out[n-1], f)
			continue
		}
		out = append(out, []textField{f})
	}
	return out
}

// rescoreTitleBoost is the title's weight when a query with required words
// is scored by textbook BM25 (compiler.build).
const rescoreTitleBoost = 1.5

// preferBoost multiplies the scores in the fields of the languages
// SearchOptions.Prefer names: among hits of comparable scores, theirs come
// first.
const preferBoost = 1.25

// boost is a text field's weight in a BM25 scorer, with the title's weight
// given.
func (c *compiler) boost(f textField, title float64) float64 {
	b := f.boost
	if f.title {
		b = title
	}
	if c.prefer[f.code] {
		b *= preferBoost
	}
	return b
}

// scorer is the textbook BM25 scoring of text (and also, each term once) in
// every text field: a bm25.Query over the fields of the languages with
// words, one BM25F query per n-gram language. Nil when no field has a term
// of it.
func (c *compiler) scorer(text string, also []string) bq.Query {
	fields, _ := c.textFields("", "")
	var any []bq.Query
	words := &bm25.Query{Text: text, Also: also, Coord: true}
	for _, group := range byLanguage(fields) {
		lang, _ := analysis.Lookup(group[0].code)
		ngrams := &bm25.Query{Text: text, Ngrams: true, Also: also}
		for _, f := range group {
			bf := c.bm25Field(f, c.boost(f, rescoreTitleBoost))
			if lang.Ngrams {
				ngrams.Fields = append(ngrams.Fields, bf)
			} else {
				words.Fields = append(words.Fields, bf)
			}
		}
		if len(ngrams.Fields) > 0 {
			any = append(any, ngrams)
		}
	}
	if len(words.Fields) > 0 {
		any = append(any, words)
	}
	if len(any) == 0 {
		return nil
	}
	return disjunction(any)
}

// compileAnyWord is the ranked any-word mode: each field is searched for
// any term of the whole text, analysed as that field's language (so
// Chinese and Japanese text without spaces yields all its bigrams), and the
// terms' scores add up: textbook BM25 (bm25.Query) in the fields of
// languages with words, one BM25F query per n-gram language. Fuzzy
// searches are Bleve's match query with operator or (anyTermQuery).
func (c *compiler) compileAnyWord(q Match, fields []textField) bq.Query {
	var any []bq.Query
	words := &bm25.Query{Text: q.Text, MaxDocShare: c.maxDocShare}
	for _, group := range byLanguage(fields) {
		terms := distinct(termsOf(group[0].code, q.Text))
		if len(terms) == 0 {
			continue
		}
		c.budget.words(group, terms, q.Fuzziness)
		lang, _ := analysis.Lookup(group[0].code)
		ngrams := &bm25.Query{Text: q.Text, Ngrams: true, MaxDocShare: c.maxDocShare}
		for _, f := range group {
			boost := c.boost(f, anyWordTitleBoost)
			switch {
			case q.Fuzziness > 0:
				any = append(any, c.anyTermQuery(q.Text, f.name, f.analyzer, boost, q.Fuzziness))
			case lang.Ngrams:
				ngrams.Fields = append(ngrams.Fields, c.bm25Field(f, boost))
			default:
				words.Fields = append(words.Fields, c.bm25Field(f, boost))
			}
		}
		if len(ngrams.Fields) > 0 {
			any = append(any, ngrams)
		}
	}
	if len(words.Fields) > 0 {
		any = append(any, words)
	}
	if len(any) == 0 {
		return matchNone()
	}
	return disjunction(any)
}

// bm25Field is a text field of a bm25.Query, with the index's statistics.
func (c *compiler) bm25Field(f textField, boost float64) bm25.Field {
	docs, avg := c.stats.Field(f.stats)
	return bm25.Field{Name: f.name, Analyzer: f.analyzer, Boost: boost, Docs: docs, AvgLen: avg}
}

// anyTermQuery matches a field with any term of text, as Bleve's match
// query with operator "or" does; a fuzzy one expands its terms as the
// budget priced them.
func (c *compiler) anyTermQuery(text, field, analyzer string, boost float64, fuzziness int) bq.Query {
	return &wordQuery{Word: text, Field: field, Analyzer: analyzer, Boost: boost, Fuzziness: fuzziness, Any: true, expansions: c.budget.exp}
}

// matchQuery matches a field with every term of text (a word); a fuzzy
// one expands its terms as the budget priced them.
func (c *compiler) matchQuery(text, field, analyzer string, boost float64, fuzziness int) bq.Query {
	return &wordQuery{Word: text, Field: field, Analyzer: analyzer, Boost: boost, Fuzziness: fuzziness, expansions: c.budget.exp}
}

// phraseQuery matches text as a phrase in field f, analysed by its
// language.
func phraseQuery(text string, f textField) *phrase.Query {
	return &phrase.Query{Text: text, Field: f.name, Analyzer: f.analyzer, Boost: f.boost}
}

func (c *compiler) compilePhrase(q Phrase) (bq.Query, error) {
	if strings.TrimSpace(q.Text) == "" {
		return nil, queryErr("phrase with no words")
	}
	fields, err := c.textFields(q.Lang, q.Field)
	if err != nil {
		return nil, err
	}
	var any []bq.Query
	for _, group := range byLanguage(fields) {
		terms := termsOf(group[0].code, q.Text)
		if len(terms) == 0 {
			continue
		}
		c.budget.words(group, terms, 0)
		for _, f := range group {
			any = append(any, phraseQuery(q.Text, f))
		}
	}
	if len(any) == 0 {
		return matchNone(), nil
	}
	return disjunction(any), nil
}

// compilePrefix looks the prefix up in every text field, lower-cased and
// folded as the analyzers fold their terms (Pjöng → pjong), and lower-cased
// only for the Chinese, Japanese and Korean ones, which do not fold Latin
// letters. Stemmed fields hold stems, so a prefix no longer than the stem
// finds every form of a word.
func (c *compiler) compilePrefix(q Prefix) (bq.Query, error) {
	terms, err := analysis.Terms(analysis.UndeterminedCode, q.Text)
	if err != nil {
		return nil, err
	}
	if len(terms) != 1 || len(strings.Fields(q.Text)) != 1 {
		return nil, queryErr("prefix %q must be one word", q.Text)
	}
	forms := []string{terms[0]}
	if lower := strings.ToLower(strings.TrimSpace(q.Text)); lower != terms[0] {
		forms = append(forms, lower)
	}
	fields, _ := c.textFields("", "")
	var any []bq.Query
	for _, f := range fields {
		for _, form := range forms {
			c.budget.prefix(f, form)
			p := bleve.NewPrefixQuery(form)
			p.SetField(f.name)
			p.SetBoost(f.boost)
			any = append(any, p)
		}
	}
	if len(any) == 0 {
		return matchNone(), nil
	}
	return disjunction(any), nil
}
