package newsindex

import (
	"fmt"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/analysis"
)

// titleBoost makes a match in the title count more than one in the body.
const titleBoost = 1.5

// anyWordTitleBoost is the title's weight in ranked any-word searches,
// where long free-text queries match many words in titles and bodies, and
// titles mostly repeat words of the body. Tuned on Cranfield and CISI with
// textbook BM25 (k3 ∞): 1.0, 0.6, 0.5, 0.4 give Cranfield .382, .382, .385,
// .382 and CISI .382, .395, .395, .398.
const anyWordTitleBoost = 0.5

// allArticles matches every article and nothing else the index stores.
func allArticles() bq.Query {
	q := bleve.NewTermQuery(kindArticle)
	q.SetField(fieldKind)
	return q
}

func matchNone() bq.Query { return bleve.NewMatchNoneQuery() }

// compile turns a query value into a Bleve query over the fields of layout
// l. It is the only place that knows how queries map onto Bleve.
func (l layout) compile(q Query) (bq.Query, error) {
	switch q := q.(type) {
	case Match:
		m, err := l.compileMatch(q)
		if err != nil || q.Field != "" || q.Lang != "" {
			return m, err
		}
		return l.withNames(m, q.Text), nil
	case Phrase:
		p, err := l.compilePhrase(q)
		if err != nil || q.Field != "" || q.Lang != "" {
			return p, err
		}
		return l.withNames(p, q.Text), nil
	case Prefix:
		return l.compilePrefix(q)
	case DateRange:
		if q.From.IsZero() && q.To.IsZero() {
			return nil, queryErr("date range with neither a start nor an end")
		}
		if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
			return nil, queryErr("date range %s is empty: it ends before it starts", q)
		}
		return compileDateRange(q), nil
	case Terms:
		switch q.Field {
		case fieldSource, fieldLanguage, fieldAuthor, fieldDateline, fieldSection, fieldEntity:
		default:
			return nil, queryErr("unknown keyword field %q (want source, language, author, dateline, section or entity)", q.Field)
		}
		if len(q.Values) == 0 {
			return nil, queryErr("%s with no values", q.Field)
		}
		var terms []bq.Query
		for _, v := range q.Values {
			t := bleve.NewTermQuery(v)
			t.SetField(q.Field)
			terms = append(terms, t)
		}
		return disjunction(terms), nil
	case AndQuery:
		var must, mustNot []bq.Query
		for _, child := range q.Queries {
			if n, ok := child.(NotQuery); ok {
				c, err := l.compile(n.Query)
				if err != nil {
					return nil, err
				}
				mustNot = append(mustNot, c)
				continue
			}
			c, err := l.compile(child)
			if err != nil {
				return nil, err
			}
			must = append(must, c)
		}
		if len(must) == 0 {
			must = []bq.Query{allArticles()}
		}
		if len(mustNot) == 0 {
			if len(must) == 1 {
				return must[0], nil
			}
			return bleve.NewConjunctionQuery(must...), nil
		}
		b := bleve.NewBooleanQuery()
		b.AddMust(must...)
		b.AddMustNot(mustNot...)
		return b, nil
	case OrQuery:
		if len(q.Queries) == 0 {
			return nil, queryErr("or with no queries")
		}
		var any []bq.Query
		for _, child := range q.Queries {
			c, err := l.compile(child)
			if err != nil {
				return nil, err
			}
			any = append(any, c)
		}
		return disjunction(any), nil
	case NotQuery:
		return l.compile(AndQuery{Queries: []Query{q}})
	case AllQuery:
		return allArticles(), nil
	case nil:
		return nil, queryErr("nil query")
	default:
		return nil, queryErr("unknown query type %T", q)
	}
}

// withNames widens a text query that is a name in the gazetteer as a whole
// ("Ким Чен Ын", "Lawrow", "김정은") to the articles that name that entity
// in any spelling or script, and a short Cyrillic or Hangul one that is
// not to its Latin spellings.
func (l layout) withNames(q bq.Query, text string) bq.Query {
	var ids []string
	if l.names != nil {
		ids = l.names.Names(text)
	}
	fields, _ := l.textFields("", "")
	if len(ids) == 0 {
		return l.withTransliteration(q, text, fields)
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
		t.SetField(fieldEntity)
		any = append(any, t)
		e, _ := l.names.Entity(id)
		for _, v := range e.Variants {
			for _, f := range fields {
				terms, ok := spellingTerms(f.code, v)
				key := f.name + "\x00" + terms
				if !ok || seen[key] {
					continue
				}
				seen[key] = true
				any = append(any, phraseQuery(v, f))
			}
		}
	}
	return bleve.NewDisjunctionQuery(any...)
}

// spellings caches the analysis of the gazetteer's spellings, which name
// queries compare on every search: "code\x00spelling" → the terms joined
// by NUL, "" when the language's analyzer leaves none. Its size is bounded
// by the gazetteers' spellings times the languages.
var spellings sync.Map

// spellingTerms returns the terms of a spelling in a language, joined by
// NUL, and whether there are any.
func spellingTerms(code, spelling string) (string, bool) {
	key := code + "\x00" + spelling
	if v, ok := spellings.Load(key); ok {
		return v.(string), v.(string) != ""
	}
	terms, err := analysis.Terms(code, spelling)
	if err != nil {
		return "", false // not cached: an unregistered language
	}
	joined := strings.Join(terms, "\x00")
	spellings.Store(key, joined)
	return joined, joined != ""
}

// maxTransliteratedWords is the longest query text (in words) taken for a
// name and searched in Latin letters too.
const maxTransliteratedWords = 3

// withTransliteration widens a short text query in Cyrillic or Hangul
// that the gazetteer does not know (Козлов, 신홍철) to its Latin
// spellings (Kozlov, Koslow; sin hong cheol), searched as phrases with
// Bleve's automatic edit tolerance (none up to two letters, one up to five,
// two beyond), since romanizations differ: Sin Hong Chol, Alexandr.
func (l layout) withTransliteration(q bq.Query, text string, fields []textField) bq.Query {
	if len(strings.Fields(text)) > maxTransliteratedWords {
		return q
	}
	spellings := analysis.Transliterate(text)
	if len(spellings) == 0 {
		return q
	}
	any := []bq.Query{q}
	groups := byLanguage(fields)
	for _, s := range spellings {
		for _, group := range groups {
			if !analyses(group[0].code, s) {
				continue
			}
			for _, f := range group {
				p := phraseQuery(s, f)
				p.SetAutoFuzziness(true)
				any = append(any, p)
			}
		}
	}
	return bleve.NewDisjunctionQuery(any...)
}

func queryErr(format string, args ...any) error {
	return &QueryError{Pos: -1, Reason: fmt.Sprintf(format, args...)}
}

func disjunction(qs []bq.Query) bq.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// textField is one analysed field a text query searches.
type textField struct {
	name     string
	code     string // language whose analysis the field uses
	analyzer string
	boost    float64
	title    bool
}

// textFields lists the per-language fields a Match or Phrase searches.
func (l layout) textFields(lang, field string) ([]textField, error) {
	switch field {
	case "", "title", "body":
	default:
		return nil, queryErr("unknown text field %q (want title or body)", field)
	}
	langs := l.Languages
	if lang != "" {
		code := l.fieldLanguage(lang)
		for _, ll := range l.Languages {
			if ll.Code == code {
				langs = []layoutLanguage{ll}
			}
		}
	}
	var out []textField
	for _, ll := range langs {
		if field != "body" && l.hasField(titleField(ll.Code)) {
			out = append(out, textField{titleField(ll.Code), ll.Code, ll.searchAnalyzer(), titleBoost, true})
		}
		if field != "title" && l.hasField(bodyField(ll.Code)) {
			out = append(out, textField{bodyField(ll.Code), ll.Code, ll.searchAnalyzer(), 1, false})
		}
	}
	return out, nil
}

// compileMatch requires every word of the text: each word must match in
// some field, analysed as that field's language. Words are split at white
// space, so a word of Chinese or Korean text is analysed into its bigrams,
// all of which must be in the same field.
func (l layout) compileMatch(q Match) (bq.Query, error) {
	if q.Fuzziness < 0 || q.Fuzziness > 2 {
		return nil, queryErr("fuzziness %d is out of range (0, 1 or 2)", q.Fuzziness)
	}
	if q.MinWords < 0 {
		return nil, queryErr("min_words %d is negative", q.MinWords)
	}
	fields, err := l.textFields(q.Lang, q.Field)
	if err != nil {
		return nil, err
	}
	words := strings.Fields(q.Text)
	if len(words) == 0 {
		return nil, queryErr("match with no words")
	}
	if q.MinWords == 1 {
		return l.compileAnyWord(q, fields), nil
	}
	// Each language's fields are searched for the words that language
	// keeps: an English article must have every word but the English stop
	// words, a Spanish one every word but the Spanish ones.
	var perLang []bq.Query
	for _, group := range byLanguage(fields) {
		var perWord []bq.Query
		for _, w := range words {
			if !analyses(group[0].code, w) {
				continue // a stop word or punctuation in this language
			}
			var any []bq.Query
			for _, f := range group {
				any = append(any, matchQuery(w, f.name, f.analyzer, f.boost, q.Fuzziness))
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

// compileAnyWord is the ranked any-word mode: each field is searched for
// any term of the whole text, analysed as that field's language (so
// Chinese and Japanese text without spaces yields all its bigrams), and the
// terms' scores add up: textbook BM25 (bm25Query) in the fields of
// languages with words, one BM25F query per n-gram language. Fuzzy
// searches are left to Bleve's match query.
func (l layout) compileAnyWord(q Match, fields []textField) bq.Query {
	var any []bq.Query
	words := &bm25Query{Text: q.Text}
	for _, group := range byLanguage(fields) {
		if !analyses(group[0].code, q.Text) {
			continue
		}
		lang, _ := analysis.Lookup(group[0].code)
		ngrams := &bm25Query{Text: q.Text, Ngrams: true}
		for _, f := range group {
			boost := f.boost
			if f.title {
				boost = anyWordTitleBoost
			}
			switch {
			case q.Fuzziness > 0:
				any = append(any, anyTermQuery(q.Text, f.name, f.analyzer, boost, q.Fuzziness))
			case lang.Ngrams:
				ngrams.Fields = append(ngrams.Fields, l.bm25Field(f, boost))
			default:
				words.Fields = append(words.Fields, l.bm25Field(f, boost))
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

// bm25Field is a text field of a bm25Query, with the index's statistics.
func (l layout) bm25Field(f textField, boost float64) bm25Field {
	docs, avg := l.stats.field(f.name)
	return bm25Field{Name: f.name, Analyzer: f.analyzer, Boost: boost, Docs: docs, AvgLen: avg}
}

// anyTermQuery matches a field with any term of text.
func anyTermQuery(text, field, analyzer string, boost float64, fuzziness int) bq.Query {
	return fieldMatch(text, field, analyzer, boost, fuzziness, bq.MatchQueryOperatorOr)
}

// matchQuery matches a field with every term of text.
func matchQuery(text, field, analyzer string, boost float64, fuzziness int) bq.Query {
	return fieldMatch(text, field, analyzer, boost, fuzziness, bq.MatchQueryOperatorAnd)
}

func fieldMatch(text, field, analyzer string, boost float64, fuzziness int, op bq.MatchQueryOperator) bq.Query {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.Analyzer = analyzer
	m.SetOperator(op)
	m.SetFuzziness(fuzziness)
	m.SetBoost(boost)
	return m
}

// phraseQuery matches text as a phrase in field f, analysed by its
// language.
func phraseQuery(text string, f textField) *bq.MatchPhraseQuery {
	p := bleve.NewMatchPhraseQuery(text)
	p.SetField(f.name)
	p.Analyzer = f.analyzer
	p.SetBoost(f.boost)
	return p
}

// analyses reports whether the language's analyzer leaves any term of text.
func analyses(code, text string) bool {
	terms, err := analysis.Terms(code, text)
	return err == nil && len(terms) > 0
}

func (l layout) compilePhrase(q Phrase) (bq.Query, error) {
	if strings.TrimSpace(q.Text) == "" {
		return nil, queryErr("phrase with no words")
	}
	fields, err := l.textFields(q.Lang, q.Field)
	if err != nil {
		return nil, err
	}
	var any []bq.Query
	for _, group := range byLanguage(fields) {
		if !analyses(group[0].code, q.Text) {
			continue
		}
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
func (l layout) compilePrefix(q Prefix) (bq.Query, error) {
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
	fields, _ := l.textFields("", "")
	var any []bq.Query
	for _, f := range fields {
		for _, form := range forms {
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
