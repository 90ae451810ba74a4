package newsindex

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxQueryDepth caps the nesting of parentheses and NOTs in a parsed query.
const maxQueryDepth = 64

// Parse reads a query in the language researchers know from Lucene and
// Media Cloud:
//
//	Putin Lavrov                     every word (implicit AND)
//	Putin AND (Lavrov OR Shoigu)     AND, OR, parentheses; OR binds loosest
//	NOT Sowjetunion, -Sowjetunion    exclusion; +word is the same as word
//	"strategic partnership"          a phrase
//	title:Kursk body:"State Duma"    a word or phrase in the title or the body
//	source:KCNA source:"Rodong Sinmun" lang:de author:"Kim Tae Ho" dateline:Pyongyang
//	entity:kim-jong-un  id:kcna-2011-08-24-00012
//	published:[2024-06-01 TO 2024-09-30]   both ends inclusive; { } exclusive; * open
//	published:>=2025-01-01  published:<2025  published:2025-08
//	Lavrow~1  Lavrow~                fuzzy, 1 or 2 edits (~ alone is 1)
//	Russ*                            prefix; * alone matches every article
//
// Operators are upper case; a backslash escapes the next character. Dates
// are YYYY, YYYY-MM, YYYY-MM-DD or RFC 3339 times, in UTC, and stand for the
// whole year, month or day. Adjacent plain words become one [Match]. The
// empty query matches every article. A query that cannot be read is a
// [*QueryError] with the position and the reason.
func Parse(s string) (Query, error) {
	p := &parser{src: s}
	p.skipSpace()
	if p.pos == len(p.src) {
		return All(), nil
	}
	q, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		if p.src[p.pos] == ')' {
			return nil, p.errAt(p.pos, "unbalanced parenthesis: ) without (")
		}
		return nil, p.errAt(p.pos, "unexpected %q", p.src[p.pos:])
	}
	return q, nil
}

type parser struct {
	src string
	pos int
}

func (p *parser) errAt(pos int, format string, args ...any) error {
	return &QueryError{Query: p.src, Pos: pos, Reason: fmt.Sprintf(format, args...)}
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		p.pos += n
	}
}

// keyword reports whether the operator kw stands at the current position
// as a whole word, and consumes it if so.
func (p *parser) keyword(kw string) bool {
	if !strings.HasPrefix(p.src[p.pos:], kw) {
		return false
	}
	end := p.pos + len(kw)
	if end < len(p.src) {
		r, _ := utf8.DecodeRuneInString(p.src[end:])
		if !unicode.IsSpace(r) && r != '(' && r != '"' {
			return false
		}
	}
	p.pos = end
	return true
}

func (p *parser) atEnd() bool {
	p.skipSpace()
	return p.pos == len(p.src) || p.src[p.pos] == ')'
}

func (p *parser) parseOr(depth int) (Query, error) {
	var parts []Query
	for {
		q, err := p.parseAnd(depth)
		if err != nil {
			return nil, err
		}
		parts = append(parts, q)
		p.skipSpace()
		start := p.pos
		if !p.keyword("OR") {
			break
		}
		if p.atEnd() {
			return nil, p.errAt(start, "OR with nothing after it")
		}
	}
	if len(parts) == 1 {
		return parts[0], nil
	}
	return OrQuery{Queries: parts}, nil
}

// item is one operand of an implicit or explicit AND.
type item struct {
	q        Query
	plain    bool     // a bare word: merges with a bare word beside it
	words    []string // the words of a plain item, joined into its Match at the end
	afterAnd bool     // an explicit AND stands before it
}

func (p *parser) parseAnd(depth int) (Query, error) {
	var items []item
	afterAnd := false
	for {
		if p.atEnd() {
			break
		}
		start := p.pos
		if p.keyword("OR") {
			p.pos = start
			break
		}
		if p.keyword("AND") {
			if len(items) == 0 || afterAnd {
				return nil, p.errAt(start, "AND with nothing before it")
			}
			if p.atEnd() || p.keyword("OR") {
				return nil, p.errAt(start, "AND with nothing after it")
			}
			afterAnd = true
			continue
		}
		q, plain, err := p.parseUnary(depth)
		if err != nil {
			return nil, err
		}
		switch n := len(items); {
		case plain && !afterAnd && n > 0 && items[n-1].plain:
			items[n-1].words = append(items[n-1].words, q.(Match).Text)
		case plain:
			items = append(items, item{q: q, plain: true, words: []string{q.(Match).Text}, afterAnd: afterAnd})
		default:
			items = append(items, item{q: q, afterAnd: afterAnd})
		}
		afterAnd = false
	}
	switch len(items) {
	case 0:
		if p.pos < len(p.src) && p.src[p.pos] == ')' {
			return nil, p.errAt(p.pos, "empty parentheses or an operator before )")
		}
		return nil, p.errAt(p.pos, "expected a word, a phrase or a field")
	}
	out := make([]Query, len(items))
	for i, it := range items {
		if len(it.words) > 1 {
			m := it.q.(Match)
			m.Text = strings.Join(it.words, " ")
			it.q = m
		}
		out[i] = it.q
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return AndQuery{Queries: out}, nil
}

// parseUnary parses NOT, -, + and a primary. plain reports a bare word.
func (p *parser) parseUnary(depth int) (q Query, plain bool, err error) {
	if depth > maxQueryDepth {
		return nil, false, p.errAt(p.pos, "query nested more than %d deep", maxQueryDepth)
	}
	p.skipSpace()
	start := p.pos
	switch {
	case p.keyword("NOT"):
		if p.atEnd() {
			return nil, false, p.errAt(start, "NOT with nothing after it")
		}
		q, _, err := p.parseUnary(depth + 1)
		if err != nil {
			return nil, false, err
		}
		return NotQuery{Query: q}, false, nil
	case p.src[p.pos] == '-' || p.src[p.pos] == '+':
		p.pos++
		if p.pos == len(p.src) || unicode.IsSpace(rune(p.src[p.pos])) {
			return nil, false, p.errAt(start, "%c with nothing after it", p.src[start])
		}
		q, plain, err := p.parsePrimary(depth + 1)
		if err != nil {
			return nil, false, err
		}
		if p.src[start] == '-' {
			return NotQuery{Query: q}, false, nil
		}
		return q, plain, nil
	}
	return p.parsePrimary(depth + 1)
}

func (p *parser) parsePrimary(depth int) (Query, bool, error) {
	start := p.pos
	switch p.src[p.pos] {
	case '(':
		p.pos++
		if p.atEnd() {
			if p.pos == len(p.src) {
				return nil, false, p.errAt(start, "unbalanced parenthesis: ( is never closed")
			}
			return nil, false, p.errAt(start, "empty parentheses")
		}
		q, err := p.parseOr(depth)
		if err != nil {
			return nil, false, err
		}
		p.skipSpace()
		if p.pos == len(p.src) || p.src[p.pos] != ')' {
			return nil, false, p.errAt(start, "unbalanced parenthesis: ( is never closed")
		}
		p.pos++
		return q, false, nil
	case ')':
		return nil, false, p.errAt(start, "unbalanced parenthesis: ) without (")
	case '"':
		text, err := p.phrase()
		if err != nil {
			return nil, false, err
		}
		return Phrase{Text: text}, false, nil
	}
	word, field, err := p.word()
	if err != nil {
		return nil, false, err
	}
	if field != "" {
		q, err := p.fielded(start, field)
		return q, false, err
	}
	return p.term(start, word, "")
}

// phrase reads a quoted phrase at the current position.
func (p *parser) phrase() (string, error) {
	start := p.pos
	p.pos++
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch c {
		case '\\':
			if p.pos+1 == len(p.src) {
				return "", p.errAt(p.pos, "backslash at the end of the query")
			}
			r, n := utf8.DecodeRuneInString(p.src[p.pos+1:])
			b.WriteRune(r)
			p.pos += 1 + n
			continue
		case '"':
			p.pos++
			text := strings.Join(strings.Fields(b.String()), " ")
			if text == "" {
				return "", p.errAt(start, "empty phrase")
			}
			return text, nil
		}
		b.WriteByte(c)
		p.pos++
	}
	return "", p.errAt(start, "unterminated phrase: \" is never closed")
}

// wordSpecial are the characters that end or modify a bare word.
const wordSpecial = `()":\*~`

// word reads a bare word with its escapes removed. If the word is followed
// by an unescaped colon, it is a field name: word returns it as field and
// leaves the position after the colon.
func (p *parser) word() (word, field string, err error) {
	var b strings.Builder
	start := p.pos
	for p.pos < len(p.src) {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		switch {
		case r == '\\':
			if p.pos+n == len(p.src) {
				return "", "", p.errAt(p.pos, "backslash at the end of the query")
			}
			esc, m := utf8.DecodeRuneInString(p.src[p.pos+n:])
			if unicode.IsSpace(esc) {
				return "", "", p.errAt(p.pos, "escaped white space in a word: use a \"phrase\"")
			}
			b.WriteRune(esc)
			p.pos += n + m
			continue
		case r == ':':
			if b.Len() == 0 {
				return "", "", p.errAt(p.pos, "field name missing before :")
			}
			p.pos += n
			return "", b.String(), nil
		case unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' || r == '*' || r == '~':
			if b.Len() == 0 && r != '*' {
				return "", "", p.errAt(p.pos, "unexpected %q", r)
			}
			return b.String(), "", nil
		}
		if r == utf8.RuneError && n == 1 {
			return "", "", p.errAt(p.pos, "invalid UTF-8")
		}
		b.WriteRune(r)
		p.pos += n
	}
	if b.Len() == 0 {
		return "", "", p.errAt(start, "expected a word")
	}
	return b.String(), "", nil
}

// term finishes a bare or fielded word: a following * makes a prefix, a
// following ~N a fuzzy match.
func (p *parser) term(start int, word, field string) (Query, bool, error) {
	if p.pos < len(p.src) && p.src[p.pos] == '*' {
		p.pos++
		if p.pos < len(p.src) && !p.endOfTerm() {
			return nil, false, p.errAt(p.pos-1, "* is only allowed at the end of a word")
		}
		if word == "" {
			if field != "" {
				return nil, false, p.errAt(start, "%s:* is not supported; use * alone to match every article", field)
			}
			return All(), false, nil
		}
		if field != "" {
			return nil, false, p.errAt(start, "prefix searches title and body together: %s:%s* is not supported", field, word)
		}
		return Prefix{Text: word}, false, nil
	}
	fuzziness := 0
	if p.pos < len(p.src) && p.src[p.pos] == '~' {
		tilde := p.pos
		p.pos++
		digits := p.pos
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		fuzziness = 1
		if p.pos > digits {
			n, err := strconv.Atoi(p.src[digits:p.pos])
			if err != nil || n > 2 {
				return nil, false, p.errAt(tilde, "fuzziness %s is out of range (0, 1 or 2)", p.src[digits:p.pos])
			}
			fuzziness = n
		}
		if !p.endOfTerm() {
			return nil, false, p.errAt(p.pos, "unexpected %q after ~", p.src[p.pos:p.pos+1])
		}
	}
	if word == "" {
		return nil, false, p.errAt(start, "expected a word")
	}
	m := Match{Text: word, Field: field, Fuzziness: fuzziness}
	return m, field == "" && fuzziness == 0, nil
}

func (p *parser) endOfTerm() bool {
	if p.pos == len(p.src) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return unicode.IsSpace(r) || r == ')'
}

// fielded parses the value after "field:".
func (p *parser) fielded(start int, field string) (Query, error) {
	if p.pos == len(p.src) || p.endOfTerm() {
		return nil, p.errAt(start, "%s: with no value", field)
	}
	if p.src[p.pos] == '(' {
		return nil, p.errAt(p.pos, "%s:( ) grouping is not supported; write the field before each word", field)
	}
	switch field {
	case "title", "body":
		if p.src[p.pos] == '"' {
			text, err := p.phrase()
			if err != nil {
				return nil, err
			}
			return Phrase{Text: text, Field: field}, nil
		}
		valueStart := p.pos
		word, inner, err := p.word()
		if err != nil {
			return nil, err
		}
		if inner != "" {
			return nil, p.errAt(valueStart, "%s:%s: a field cannot hold another field", field, inner)
		}
		q, _, err := p.term(start, word, field)
		return q, err
	case "source", "lang", "language", "author", "dateline", "section", "entity", "id":
		value, err := p.value()
		if err != nil {
			return nil, err
		}
		switch field {
		case "source":
			return Source(value), nil
		case "lang", "language":
			return Language(value), nil
		case "author":
			return Author(value), nil
		case "dateline":
			return Dateline(value), nil
		case "entity":
			return Entity(value), nil
		case "id":
			return IDs(value), nil
		default:
			return Section(value), nil
		}
	case "published", "date":
		return p.dateValue(start)
	case "edited", "deleted":
		valueStart := p.pos
		value, err := p.value()
		if err != nil {
			return nil, err
		}
		var q Query = StateQuery{State: field}
		switch strings.ToLower(value) {
		case "true", "yes", "1":
			return q, nil
		case "false", "no", "0":
			return Not(q), nil
		}
		return nil, p.errAt(valueStart, "%s: takes true or false, not %q", field, value)
	}
	return nil, p.errAt(start, "unknown field %q (want title, body, source, lang, author, dateline, section, entity, id, published, edited or deleted)", field)
}

// value reads a keyword value: a quoted phrase or a bare word, verbatim.
func (p *parser) value() (string, error) {
	if p.src[p.pos] == '"' {
		start := p.pos
		p.pos++
		var b strings.Builder
		for p.pos < len(p.src) {
			c := p.src[p.pos]
			if c == '\\' && p.pos+1 < len(p.src) {
				r, n := utf8.DecodeRuneInString(p.src[p.pos+1:])
				b.WriteRune(r)
				p.pos += 1 + n
				continue
			}
			if c == '"' {
				p.pos++
				if b.Len() == 0 {
					return "", p.errAt(start, "empty value")
				}
				return b.String(), nil
			}
			b.WriteByte(c)
			p.pos++
		}
		return "", p.errAt(start, "unterminated phrase: \" is never closed")
	}
	start := p.pos
	word, field, err := p.word()
	if err != nil {
		return "", err
	}
	if field != "" {
		return "", p.errAt(start, "unexpected : in value %q (quote the value)", field)
	}
	if p.pos < len(p.src) && p.src[p.pos] == '*' {
		p.pos++ // source:KCNA* : the outlets with a word that starts with KCNA
		word += "*"
	}
	if !p.endOfTerm() {
		return "", p.errAt(p.pos, "unexpected %q in value (quote the value)", p.src[p.pos:p.pos+1])
	}
	return word, nil
}

// dateValue parses published:[a TO b], published:>=a, published:2025-08 …
func (p *parser) dateValue(start int) (Query, error) {
	var r DateRange
	switch c := p.src[p.pos]; c {
	case '[', '{':
		p.pos++
		p.skipSpace()
		from, err := p.dateToken(true)
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if !p.keyword("TO") {
			return nil, p.errAt(p.pos, "expected TO in date range")
		}
		p.skipSpace()
		to, err := p.dateToken(true)
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos == len(p.src) || (p.src[p.pos] != ']' && p.src[p.pos] != '}') {
			return nil, p.errAt(start, "date range is never closed with ] or }")
		}
		closing := p.src[p.pos]
		p.pos++
		if c == '[' {
			r.From = from.start
		} else {
			r.From = from.end
		}
		if closing == ']' {
			r.To = to.last()
		} else {
			r.To = to.before()
		}
	case '>', '<':
		p.pos++
		orEqual := p.pos < len(p.src) && p.src[p.pos] == '='
		if orEqual {
			p.pos++
		}
		d, err := p.dateToken(false)
		if err != nil {
			return nil, err
		}
		switch {
		case c == '>' && orEqual:
			r.From = d.start
		case c == '>':
			r.From = d.end
		case orEqual:
			r.To = d.last()
		default:
			r.To = d.before()
		}
	default:
		d, err := p.dateToken(false)
		if err != nil {
			return nil, err
		}
		r = DateRange{From: d.start, To: d.last()}
	}
	if !p.endOfTerm() {
		return nil, p.errAt(p.pos, "unexpected %q after date", p.src[p.pos:p.pos+1])
	}
	if r.From.IsZero() && r.To.IsZero() {
		return nil, p.errAt(start, "date range open at both ends")
	}
	if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
		return nil, p.errAt(start, "date range is empty: it ends before it starts")
	}
	return r, nil
}

// period is the span of time a date stands for: [start, end). The zero
// period is an open end (*).
type period struct{ start, end time.Time }

// last is the last instant of the period, the inclusive end of a range.
func (d period) last() time.Time {
	if d.end.IsZero() {
		return time.Time{}
	}
	return d.end.Add(-time.Nanosecond)
}

// before is the last instant before the period.
func (d period) before() time.Time {
	if d.start.IsZero() {
		return time.Time{}
	}
	return d.start.Add(-time.Nanosecond)
}

// dateToken reads a date, or * (open) when open is allowed.
func (p *parser) dateToken(inRange bool) (period, error) {
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == ' ' || c == '\t' || c == '\n' || c == ']' || c == '}' || c == ')' {
			break
		}
		p.pos++
	}
	text := p.src[start:p.pos]
	if text == "*" && inRange {
		return period{}, nil
	}
	d, err := parseDate(text)
	if err != nil {
		return period{}, p.errAt(start, "%v", err)
	}
	return d, nil
}

// parseDate reads YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 time.
func parseDate(s string) (period, error) {
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{time.DateOnly, func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{time.RFC3339Nano, func(t time.Time) time.Time { return t.Add(time.Nanosecond) }},
	} {
		if t, err := time.Parse(f.layout, s); err == nil {
			if t.Before(minPublished) || !t.Before(maxPublished) {
				return period{}, fmt.Errorf("date %q is outside the years 1678–2261", s)
			}
			return period{t, f.next(t)}, nil
		}
	}
	return period{}, fmt.Errorf("bad date %q (want YYYY, YYYY-MM, YYYY-MM-DD or an RFC 3339 time)", s)
}
