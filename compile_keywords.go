package newsindex

import (
	"fmt"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/schema"
)

// Keyword filters (source, author, dateline, section) match a value by its
// words, case and diacritics aside, as a run of the words of the values the
// index holds: source:KCNA finds "KCNA" and "KCNA (kcna.co.jp mirror)",
// source:"rodong sinmun" finds "Rodong Sinmun", and a value ending in *
// takes its last word as a prefix (source:Rod*). The values the index
// holds are read from the field's term dictionary (few: outlets, authors,
// datelines) and kept, folded, until the index changes.

// maxKeywordValues is the most values of a field the filters compare with;
// a field with more is matched exactly.
const maxKeywordValues = 100000

// keywordTerm is one value of a keyword field and its folded words.
type keywordTerm struct {
	term  string
	words []string
}

// keywordCache holds the values of the keyword fields of an index, for one
// generation of its store.
type keywordCache struct {
	mu     sync.Mutex
	gen    uint64
	fields map[string][]keywordTerm
}

// values returns the values of a field, read anew when the index changed;
// nil when it has more than maxKeywordValues.
func (c *compiler) keywordValues(field string) ([]keywordTerm, error) {
	k := c.keywords
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.fields == nil || k.gen != c.gen {
		k.fields, k.gen = map[string][]keywordTerm{}, c.gen
	}
	if v, ok := k.fields[field]; ok {
		return v, nil
	}
	d := c.budget.dictionary()
	if d == nil {
		return nil, c.budget.err
	}
	terms, err := d.Terms(field, maxKeywordValues)
	if err != nil {
		return nil, fmt.Errorf("newsindex: the values of %s: %w", field, err)
	}
	var out []keywordTerm
	if len(terms) <= maxKeywordValues {
		out = make([]keywordTerm, len(terms))
		for i, t := range terms {
			out[i] = keywordTerm{term: t, words: termsOf(analysis.UndeterminedCode, t)}
		}
	}
	k.fields[field] = out
	return out, nil
}

// compileKeyword compiles a filter on source, author, dateline or section.
func (c *compiler) compileKeyword(field string, values []string) (bq.Query, error) {
	var known []keywordTerm
	if c.keywords != nil {
		var err error
		if known, err = c.keywordValues(field); err != nil {
			return nil, err
		}
	}
	seen := map[string]bool{}
	var terms []bq.Query
	add := func(term string) {
		if !seen[term] {
			seen[term] = true
			t := bleve.NewTermQuery(term)
			t.SetField(field)
			terms = append(terms, t)
		}
	}
	for _, v := range values {
		prefix := strings.HasSuffix(v, "*") && len(v) > 1
		words := termsOf(analysis.UndeterminedCode, strings.TrimSuffix(v, "*"))
		if len(words) == 0 || known == nil {
			add(v) // no words to compare, or too many values: the value as it is
			continue
		}
		for _, k := range known {
			if k.term == v || containsRun(k.words, words, prefix) {
				add(k.term)
			}
		}
	}
	c.budget.spend(len(terms), func() string { return field + " values" })
	if len(terms) == 0 {
		return matchNone(), nil
	}
	return disjunction(terms), nil
}

// containsRun reports whether words holds want as a run, the last word of
// want as a prefix when prefix is set.
func containsRun(words, want []string, prefix bool) bool {
	for i := 0; i+len(want) <= len(words); i++ {
		ok := true
		for j, w := range want {
			got := words[i+j]
			if j == len(want)-1 && prefix {
				ok = strings.HasPrefix(got, w)
			} else {
				ok = got == w
			}
			if !ok {
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// entityValues are the entity IDs of the values of an entity filter: an
// ID as it is (in any case), or a name the gazetteer knows ("Kim Jong Un",
// "Медведев"), for its IDs.
func (c *compiler) entityValues(values []string) []string {
	var out []string
	for _, v := range values {
		id := strings.ToLower(strings.TrimSpace(v))
		if c.names != nil {
			if _, ok := c.names.Entity(id); !ok {
				if ids := c.names.Names(v); len(ids) > 0 {
					out = append(out, ids...)
					continue
				}
			}
		}
		out = append(out, id)
	}
	return out
}

// compileTerms compiles a keyword filter.
func (c *compiler) compileTerms(q Terms) (bq.Query, error) {
	if k, ok := schema.KeywordField(q.Field); !ok || !k.Filter {
		return nil, queryErr("unknown keyword field %q (want %s)", q.Field, orList(filterFields))
	}
	if len(q.Values) == 0 {
		return nil, queryErr("%s with no values", q.Field)
	}
	values := q.Values
	switch {
	case q.Exact:
	case q.Field == schema.Entity:
		values = c.entityValues(values)
	case q.Field == schema.Language:
		values = make([]string, len(q.Values))
		for i, v := range q.Values {
			values[i] = strings.ToLower(strings.TrimSpace(v))
		}
	default:
		return c.compileKeyword(c.field(q.Field), values)
	}
	c.budget.spend(len(values), func() string { return q.Field + " values" })
	var terms []bq.Query
	for _, v := range values {
		t := bleve.NewTermQuery(v)
		t.SetField(c.field(q.Field))
		terms = append(terms, t)
	}
	return disjunction(terms), nil
}
