package newsindex

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/bm25"
	"github.com/newsindex/newsindex/internal/schema"
	"github.com/newsindex/newsindex/internal/store"
)

// titleBoost makes a match in the title count more than one in the body.
const titleBoost = 1.5

// anyWordTitleBoost is the title's weight in ranked any-word searches,
// where long free-text queries match many words in titles and bodies, and
// titles mostly repeat words of the body. Tuned on Cranfield and CISI with
// textbook BM25 (k3 ∞): 1.0, 0.6, 0.5, 0.4 give Cranfield .382, .382, .385,
// .382 and CISI .382, .395, .395, .398.
const anyWordTitleBoost = 0.5

// compiler turns query values into Bleve queries for one search: the
// layout of the index, its statistics of the moment (which text fields hold
// articles, their counts and average lengths) and its gazetteer. It is the
// only place that knows how queries map onto Bleve, and the only code that
// walks a Query tree to do it.
type compiler struct {
	layout    schema.Layout
	stats     *bm25.Snapshot
	names     *analysis.Gazetteer
	spellings *spellings
	budget    *budget
	// prefer holds the languages SearchOptions.Prefer puts first.
	prefer map[string]bool
	// also collects the other spellings of the names the query's texts
	// are, for the scorer of a rescored query.
	also []string
	// keywords holds the values of the keyword fields, for the generation
	// gen of the store.
	keywords *keywordCache
	gen      uint64
	// complete reports whether every article was tagged with entities as
	// the gazetteer spells them now (nil: not known).
	complete func(g *analysis.Gazetteer, ids []string) bool
	// named collects the entities the query asks for by name, to mark
	// where hits name them.
	named map[string]bool
	// past compiles for earlier versions and deletions: their fields are
	// the Past twins of the current ones.
	past bool
	// maxDocShare leaves the terms of more than this share of a field's
	// articles out of ranked any-word searches (bm25.Query.MaxDocShare);
	// 0 keeps every term.
	maxDocShare float64
}

// field is the field of the documents compiled for: name, or its Past twin.
func (c *compiler) field(name string) string {
	if c.past {
		return schema.Past(name)
	}
	return name
}

// every matches every document compiled for: the current articles, or
// the earlier versions and deletions.
func (c *compiler) every() bq.Query {
	if !c.past {
		return store.AllArticles()
	}
	v := bleve.NewTermQuery(schema.KindVersion)
	v.SetField(schema.Kind)
	d := bleve.NewTermQuery(schema.KindDeleted)
	d.SetField(schema.Kind)
	return bleve.NewDisjunctionQuery(v, d)
}

// build compiles q within the budget of the index's limits, and releases
// what pricing it took: for the current articles, or with history for
// every version and deletion too (their fields are the Past twins of the
// current ones: the query is compiled for each).
func (c *compiler) build(q Query, history bool) (bq.Query, error) {
	if history {
		current, past, err := c.buildApart(q)
		if err != nil {
			return nil, err
		}
		return bleve.NewDisjunctionQuery(current, past), nil
	}
	defer c.budget.close()
	compiled, err := c.one(q)
	if err == nil && c.budget.err != nil {
		err = c.budget.err
	}
	return compiled, err
}

// buildApart compiles q twice within the budget of the index's limits:
// for the current articles, and for the earlier versions and deletions.
func (c *compiler) buildApart(q Query) (current, past bq.Query, err error) {
	defer c.budget.close()
	if current, err = c.one(q); err != nil {
		return nil, nil, err
	}
	p := *c
	p.past, p.also = true, nil
	if past, err = p.one(q); err != nil {
		return nil, nil, err
	}
	for id := range p.named {
		if c.named == nil {
			c.named = map[string]bool{}
		}
		c.named[id] = true
	}
	if c.budget.err != nil {
		return nil, nil, c.budget.err
	}
	return current, past, nil
}

// one compiles q for one set of documents. A query with words that every
// article it finds must have (a Match of every word, a Phrase, a name) is
// scored by textbook BM25 over all its words, as ranked any-word searches
// are (bm25.Rescored): Bleve's own scoring weighs a word more in a
// language with fewer articles.
func (c *compiler) one(q Query) (bq.Query, error) {
	compiled, err := c.compile(q)
	if err != nil {
		return nil, err
	}
	var texts []string
	required := false
	walk(q, func(q Query) bool {
		switch q := q.(type) {
		case NotQuery:
			return false
		case Match:
			texts = append(texts, q.Text)
			required = required || q.MinWords != 1
		case Phrase:
			texts = append(texts, q.Text)
			required = true
		case nameQuery:
			texts = append(texts, q.Text)
			required = true
		}
		return true
	})
	if !required {
		return compiled, nil
	}
	scorer := c.scorer(strings.Join(texts, " "), c.also)
	if scorer == nil {
		return compiled, nil
	}
	return &bm25.Rescored{Match: compiled, Score: scorer}, nil
}

func matchNone() bq.Query { return bleve.NewMatchNoneQuery() }

func queryErr(format string, args ...any) error {
	return &QueryError{Pos: -1, Reason: fmt.Sprintf(format, args...)}
}

// compile turns a query value into a Bleve query.
func (c *compiler) compile(q Query) (bq.Query, error) {
	switch q := q.(type) {
	case Match:
		m, err := c.compileMatch(q)
		if err != nil || q.Field != "" || q.Lang != "" {
			return m, err
		}
		return c.withNames(m, q.Text), nil
	case Phrase:
		p, err := c.compilePhrase(q)
		if err != nil || q.Field != "" || q.Lang != "" {
			return p, err
		}
		return c.withNames(p, q.Text), nil
	case nameQuery:
		return c.compileName(q)
	case Prefix:
		return c.compilePrefix(q)
	case DateRange:
		if q.From.IsZero() && q.To.IsZero() {
			return nil, queryErr("date range with neither a start nor an end")
		}
		if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
			return nil, queryErr("date range %s is empty: it ends before it starts", q)
		}
		return schema.DateRangeOn(c.field(schema.Day), q.From, q.To), nil
	case Terms:
		return c.compileTerms(q)
	case StateQuery:
		kind := func(k string) bq.Query {
			t := bleve.NewTermQuery(k)
			t.SetField(schema.Kind)
			return t
		}
		switch {
		case q.State == "edited":
			return bleve.NewConjunctionQuery(kind(schema.KindEdited), c.every()), nil
		case q.State == "deleted" && c.past:
			return kind(schema.KindDeleted), nil
		case q.State == "deleted":
			return matchNone(), nil // current articles are not deleted
		}
		return nil, queryErr("unknown state %q (want edited or deleted)", q.State)
	case IDsQuery:
		if len(q.IDs) == 0 {
			return nil, queryErr("id with no values")
		}
		c.budget.spend(len(q.IDs), func() string { return "ids" })
		if c.past {
			var terms []bq.Query
			for _, id := range q.IDs {
				t := bleve.NewTermQuery(id)
				t.SetField(schema.Past(schema.ArticleID))
				terms = append(terms, t)
			}
			return disjunction(terms), nil
		}
		return bleve.NewConjunctionQuery(bleve.NewDocIDQuery(q.IDs), store.AllArticles()), nil
	case AndQuery:
		var must, mustNot []bq.Query
		for _, child := range q.Queries {
			if n, ok := child.(NotQuery); ok {
				c, err := c.compile(n.Query)
				if err != nil {
					return nil, err
				}
				mustNot = append(mustNot, c)
				continue
			}
			c, err := c.compile(child)
			if err != nil {
				return nil, err
			}
			must = append(must, c)
		}
		if len(must) == 0 {
			must = []bq.Query{c.every()}
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
			c, err := c.compile(child)
			if err != nil {
				return nil, err
			}
			any = append(any, c)
		}
		return disjunction(any), nil
	case NotQuery:
		return c.compile(AndQuery{Queries: []Query{q}})
	case AllQuery:
		return c.every(), nil
	case nil:
		return nil, queryErr("nil query")
	default:
		return nil, queryErr("unknown query type %T", q)
	}
}

// filterFields are the keyword fields queries may filter on.
var filterFields = schema.KeywordNames(func(k schema.Keyword) bool { return k.Filter })

// orList writes names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

func disjunction(qs []bq.Query) bq.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}
