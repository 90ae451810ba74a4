package newsindex

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsindex/newsindex/internal/schema"
)

// Query is a search: a tree of the values in this file, combined with [And],
// [Or] and [Not]. Values are plain structs: they compare with ==-like
// equality (reflect.DeepEqual), sit in test tables as literals, and print as
// stable S-expressions with String. [Parse] reads them from the query
// language users type; [Format] writes them back.
type Query interface {
	// String prints the query as an S-expression for logs and golden files:
	// (and (match "Putin") (source "KCNA")).
	String() string
	isQuery()
}

// Match finds articles in which every word of Text occurs, in the title or
// the body. Each language's fields are searched with that language's
// analysis (stemming, stop words, diacritics folded, Korean bigrams), and an
// article must have every word its language keeps (an English one needs no
// English stop word). A name in the gazetteer also finds its other
// spellings and scripts. Title matches rank higher.
type Match struct {
	Text string
	// Lang restricts the search to articles in one language, analysed as
	// that language; "" searches every language.
	Lang string
	// Field restricts the search to "title" or "body"; "" searches both.
	Field string
	// Fuzziness is the number of edits (0, 1 or 2) a term may differ by.
	Fuzziness int
	// MinWords relaxes "every word": an article matches when at least
	// MinWords of the words do, and more matching words rank higher. Zero
	// means every word; 1 is the ranked "any word" mode of free-text
	// relevance search (a question, a pasted paragraph).
	MinWords int
}

// Phrase finds articles in which the words of Text occur next to each other,
// in order, in the title or the body, after the analysis of the article's
// language.
type Phrase struct {
	Text  string
	Lang  string // "" = every language
	Field string // "title", "body" or "" for both
}

// Prefix finds articles with a word in the title or body that starts with
// Text, after case and diacritic folding: Prefix{Text: "Russ"} finds Russia,
// Russland and Russlandsbesuch.
type Prefix struct {
	Text string
}

// DateRange finds articles published from From to To, both inclusive. A
// zero From or To leaves that end open; one of them must be set. Articles
// without a date never match.
//
// Most archives date articles by the day, at midnight UTC: To set to a day
// at midnight includes that day's articles. [Parse] reads published:2025-08
// as From 2025-08-01 to To 2025-08-31T23:59:59.999999999Z, the last instant
// of the month.
type DateRange struct {
	From time.Time
	To   time.Time
}

// Terms finds articles whose keyword field has one of Values. Build it
// with [Source], [Language], [Author], [Dateline], [Section] or [Entity].
//
// For source, author, dateline and section a value matches by its words,
// case and diacritics aside, as a run of the words of what the articles
// give: "KCNA" finds "KCNA" and "KCNA (kcna.co.jp mirror)", "rodong sinmun"
// finds "Rodong Sinmun"; a value ending in * takes its last word as a
// prefix ("Rod*"). Languages are ISO 639 codes in any case; entities are
// gazetteer IDs in any case or names the gazetteer knows ("Kim Jong Un").
type Terms struct {
	Field  string // "source", "language", "author", "dateline", "section" or "entity"
	Values []string
	// Exact matches the values exactly as the articles give them, case
	// included, not by their words.
	Exact bool
}

// Source finds articles from any of the outlets, by the words of their
// names (see [Terms]).
func Source(names ...string) Query { return Terms{Field: schema.Source, Values: names} }

// Language finds articles in any of the languages (ISO 639 codes).
func Language(codes ...string) Query { return Terms{Field: schema.Language, Values: codes} }

// Author finds articles by any of the authors, by the words of their names
// (see [Terms]).
func Author(names ...string) Query { return Terms{Field: schema.Author, Values: names} }

// Dateline finds articles with any of the datelines ("Pyongyang").
func Dateline(places ...string) Query { return Terms{Field: schema.Dateline, Values: places} }

// Entity finds articles that name any of the entities (people, places,
// organisations of the index's gazetteer, by ID: "kim-jong-un", or by a
// name it knows: "Kim Jong Un"), in any spelling and script.
func Entity(ids ...string) Query { return Terms{Field: schema.Entity, Values: ids} }

// Section finds articles with any of the breadcrumb entries.
func Section(names ...string) Query { return Terms{Field: schema.Section, Values: names} }

// IDsQuery finds the articles with any of IDs. Build it with [IDs].
type IDsQuery struct{ IDs []string }

// IDs finds the articles with any of the IDs: one article's page with its
// matches marked is IDs(id) AND the query.
func IDs(ids ...string) Query { return IDsQuery{IDs: ids} }

// StateQuery finds articles by what happened to them. Build it with
// [Edited] or [Deleted].
type StateQuery struct {
	State string // "edited" or "deleted"
}

// Edited finds the articles that have earlier versions (query language:
// edited:true); with SearchOptions.History, every version of them.
func Edited() Query { return StateQuery{State: "edited"} }

// Deleted finds the deleted articles (deleted:true), as their last content:
// only a search with SearchOptions.History sees them; others find none.
func Deleted() Query { return StateQuery{State: "deleted"} }

// AndQuery matches articles that match all of Queries. Build it with [And].
type AndQuery struct{ Queries []Query }

// OrQuery matches articles that match any of Queries. Build it with [Or].
type OrQuery struct{ Queries []Query }

// NotQuery matches articles that do not match Query. Build it with [Not].
type NotQuery struct{ Query Query }

// AllQuery matches every article. Build it with [All].
type AllQuery struct{}

// And matches articles that match every query. And() matches every article.
func And(queries ...Query) Query { return AndQuery{Queries: queries} }

// Or matches articles that match at least one of the queries.
func Or(queries ...Query) Query { return OrQuery{Queries: queries} }

// Not matches articles that do not match q.
func Not(q Query) Query { return NotQuery{Query: q} }

// All matches every article.
func All() Query { return AllQuery{} }

// AnyWords returns q with every Match of two words or more in the ranked
// any-word mode (MinWords 1): each word is optional, and BM25 ranks the
// articles that hold more of them, and rarer ones, first. It is how a
// question or a pasted sentence is searched ("railway link between
// Tumangang and Khasan"). Matches under a Not keep every word (excluding
// articles with any one of the words is rarely meant), and so do Matches
// that already set MinWords.
func AnyWords(q Query) Query {
	return rewrite(q, func(q Query) (Query, bool) {
		switch q := q.(type) {
		case Match:
			if q.MinWords == 0 && len(strings.Fields(q.Text)) > 1 {
				q.MinWords = 1
			}
			return q, false
		case NotQuery:
			return q, false
		}
		return q, true
	})
}

// rewrite returns a copy of q in which every node is replaced by what f
// returns for it, from the root down: f sees a node before its children,
// and the children of what it returns are rewritten too when it returns
// true. q itself is not changed.
func rewrite(q Query, f func(Query) (Query, bool)) Query {
	q, descend := f(q)
	if !descend {
		return q
	}
	switch n := q.(type) {
	case AndQuery:
		out := make([]Query, len(n.Queries))
		for i, c := range n.Queries {
			out[i] = rewrite(c, f)
		}
		return AndQuery{Queries: out}
	case OrQuery:
		out := make([]Query, len(n.Queries))
		for i, c := range n.Queries {
			out[i] = rewrite(c, f)
		}
		return OrQuery{Queries: out}
	case NotQuery:
		return NotQuery{Query: rewrite(n.Query, f)}
	}
	return q
}

// walk calls f with every node of q, from the root down, and with the
// children of a node only when f returns true for it.
func walk(q Query, f func(Query) bool) {
	if !f(q) {
		return
	}
	switch n := q.(type) {
	case AndQuery:
		for _, c := range n.Queries {
			walk(c, f)
		}
	case OrQuery:
		for _, c := range n.Queries {
			walk(c, f)
		}
	case NotQuery:
		walk(n.Query, f)
	}
}

func (Match) isQuery()      {}
func (Phrase) isQuery()     {}
func (Prefix) isQuery()     {}
func (DateRange) isQuery()  {}
func (Terms) isQuery()      {}
func (IDsQuery) isQuery()   {}
func (StateQuery) isQuery() {}
func (AndQuery) isQuery()   {}
func (OrQuery) isQuery()    {}
func (NotQuery) isQuery()   {}
func (AllQuery) isQuery()   {}

func (q Match) String() string {
	var b strings.Builder
	b.WriteString("(match " + strconv.Quote(q.Text))
	writeOptions(&b, q.Lang, q.Field)
	if q.Fuzziness != 0 {
		fmt.Fprintf(&b, " fuzziness=%d", q.Fuzziness)
	}
	if q.MinWords != 0 {
		fmt.Fprintf(&b, " min_words=%d", q.MinWords)
	}
	b.WriteString(")")
	return b.String()
}

func (q Phrase) String() string {
	var b strings.Builder
	b.WriteString("(phrase " + strconv.Quote(q.Text))
	writeOptions(&b, q.Lang, q.Field)
	b.WriteString(")")
	return b.String()
}

func writeOptions(b *strings.Builder, lang, field string) {
	if lang != "" {
		b.WriteString(" lang=" + lang)
	}
	if field != "" {
		b.WriteString(" field=" + field)
	}
}

func (q Prefix) String() string { return "(prefix " + strconv.Quote(q.Text) + ")" }

func (q DateRange) String() string {
	return "(published " + formatFrom(q.From) + " " + formatTo(q.To) + ")"
}

// formatFrom prints the start of a range: YYYY-MM-DD when it is midnight
// UTC (the start of that day), else RFC 3339; a zero time is "*".
func formatFrom(t time.Time) string {
	switch {
	case t.IsZero():
		return "*"
	case isMidnightUTC(t):
		return t.Format(time.DateOnly)
	default:
		return t.Format(time.RFC3339Nano)
	}
}

// formatTo prints the inclusive end of a range: YYYY-MM-DD when it is the
// last instant of a day in UTC (through that day), else RFC 3339; a zero
// time is "*".
func formatTo(t time.Time) string {
	switch {
	case t.IsZero():
		return "*"
	case t.Location() == time.UTC && isMidnightUTC(t.Add(time.Nanosecond)):
		return t.Format(time.DateOnly)
	default:
		return t.Format(time.RFC3339Nano)
	}
}

func isMidnightUTC(t time.Time) bool {
	return t.Location() == time.UTC && t.Equal(t.Truncate(24*time.Hour))
}

func (q Terms) String() string {
	parts := make([]string, len(q.Values))
	for i, v := range q.Values {
		parts[i] = strconv.Quote(v)
	}
	return "(" + q.Field + " " + strings.Join(parts, " ") + ")"
}

func (q StateQuery) String() string { return "(" + q.State + ")" }

func (q IDsQuery) String() string { return Terms{Field: "id", Values: q.IDs}.String() }

func (q AndQuery) String() string { return list("and", q.Queries) }
func (q OrQuery) String() string  { return list("or", q.Queries) }
func (q NotQuery) String() string { return "(not " + str(q.Query) + ")" }
func (AllQuery) String() string   { return "(all)" }

func list(op string, qs []Query) string {
	var b strings.Builder
	b.WriteString("(" + op)
	for _, q := range qs {
		b.WriteString(" " + str(q))
	}
	b.WriteString(")")
	return b.String()
}

func str(q Query) string {
	if q == nil {
		return "(nil)"
	}
	return q.String()
}
