package newsindex

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsindex/newsindex/internal/schema"
)

// Format writes q in the query language of [Parse]. For every query Parse
// returns, Parse(Format(q)) gives q again. Values Parse never builds are
// written as their nearest equivalent: a Match or Phrase with a language
// becomes that query AND lang:code; Terms with several values become an OR
// of single values; a fielded or fuzzy Match of several words becomes an
// AND of single words.
func Format(q Query) string {
	var b strings.Builder
	format(&b, q)
	return b.String()
}

func format(b *strings.Builder, q Query) {
	switch q := q.(type) {
	case Match:
		if q.Lang != "" {
			format(b, AndQuery{Queries: []Query{Match{Text: q.Text, Field: q.Field, Fuzziness: q.Fuzziness, MinWords: q.MinWords}, Language(q.Lang)}})
			return
		}
		if q.MinWords > 0 && q.MinWords < len(strings.Fields(q.Text)) {
			// Parse has no "at least n words"; any word is an OR.
			var words []Query
			for _, w := range strings.Fields(q.Text) {
				words = append(words, Match{Text: w, Field: q.Field, Fuzziness: q.Fuzziness})
			}
			format(b, OrQuery{Queries: words})
			return
		}
		for i, w := range strings.Fields(q.Text) {
			if i > 0 {
				if q.Field != "" || q.Fuzziness != 0 {
					b.WriteString(" AND ")
				} else {
					b.WriteString(" ")
				}
			}
			if q.Field != "" {
				b.WriteString(q.Field + ":")
			}
			b.WriteString(escapeWord(w))
			if q.Fuzziness != 0 {
				b.WriteString("~" + string(rune('0'+q.Fuzziness)))
			}
		}
	case Phrase:
		if q.Lang != "" {
			format(b, AndQuery{Queries: []Query{Phrase{Text: q.Text, Field: q.Field}, Language(q.Lang)}})
			return
		}
		if q.Field != "" {
			b.WriteString(q.Field + ":")
		}
		b.WriteString(quote(q.Text))
	case Prefix:
		b.WriteString(escapeWord(q.Text) + "*")
	case DateRange:
		switch {
		case q.To.IsZero():
			b.WriteString("published:>=" + formatFrom(q.From))
		case q.From.IsZero():
			b.WriteString("published:<=" + formatTo(q.To))
		default:
			b.WriteString("published:[" + formatFrom(q.From) + " TO " + formatTo(q.To) + "]")
		}
	case Terms:
		field := q.Field
		if field == schema.Language {
			field = "lang"
		}
		if len(q.Values) > 1 {
			b.WriteString("(")
		}
		for i, v := range q.Values {
			if i > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString(field + ":" + quote(v))
		}
		if len(q.Values) > 1 {
			b.WriteString(")")
		}
	case IDsQuery:
		format(b, Terms{Field: "id", Values: q.IDs})
	case StateQuery:
		b.WriteString(q.State + ":true")
	case AndQuery:
		if len(q.Queries) == 0 {
			b.WriteString("*")
			return
		}
		for i, child := range q.Queries {
			if i > 0 {
				if plainMatch(q.Queries[i-1]) && plainMatch(child) {
					b.WriteString(" AND ")
				} else {
					b.WriteString(" ")
				}
			}
			formatOperand(b, child)
		}
	case OrQuery:
		for i, child := range q.Queries {
			if i > 0 {
				b.WriteString(" OR ")
			}
			formatOperand(b, child)
		}
	case NotQuery:
		b.WriteString("NOT ")
		if m, ok := q.Query.(Match); ok && len(strings.Fields(m.Text)) > 1 {
			b.WriteString("(")
			format(b, m)
			b.WriteString(")")
			return
		}
		formatOperand(b, q.Query)
	case AllQuery:
		b.WriteString("*")
	}
}

// formatOperand writes an operand of AND, OR or NOT, in parentheses when it
// is itself a combination.
func formatOperand(b *strings.Builder, q Query) {
	switch q := q.(type) {
	case AndQuery, OrQuery:
		b.WriteString("(")
		format(b, q)
		b.WriteString(")")
	case Match:
		n := len(strings.Fields(q.Text))
		if q.Lang != "" || (n > 1 && (q.Field != "" || q.Fuzziness != 0)) || (q.MinWords > 0 && q.MinWords < n) {
			b.WriteString("(")
			format(b, q)
			b.WriteString(")")
			return
		}
		format(b, q)
	case Phrase:
		if q.Lang != "" {
			b.WriteString("(")
			format(b, q)
			b.WriteString(")")
			return
		}
		format(b, q)
	default:
		format(b, q)
	}
}

// plainMatch reports a Match that Format writes as bare words.
func plainMatch(q Query) bool {
	m, ok := q.(Match)
	return ok && m.Lang == "" && m.Field == "" && m.Fuzziness == 0
}

// escapeWord escapes the characters and operators Parse would read as
// syntax.
func escapeWord(w string) string {
	var b strings.Builder
	if w == "AND" || w == "OR" || w == "NOT" || w == "TO" {
		b.WriteByte('\\')
	}
	for i, r := range w {
		if strings.ContainsRune(wordSpecial, r) || (i == 0 && (r == '-' || r == '+')) || unicode.IsSpace(r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quote writes a phrase or value in double quotes, escaping " and \.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == '"' || r == '\\' {
			b.WriteByte('\\')
		}
		b.WriteString(s[:n])
		s = s[n:]
	}
	b.WriteByte('"')
	return b.String()
}
