package ingest

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/newsindex/newsindex"
)

// ErrNoHeader is the cause (errors.Is) of the error for a CSV or TSV file
// whose first row names no article field when Options.Columns is empty:
// the file has no header row, and the columns must be named.
var ErrNoHeader = errors.New("ingest: no header row and no columns named")

// readCSV reads delimited rows. The header row (or Options.Columns) names
// the columns with the same names as JSON Lines keys; unknown columns are
// ignored. encoding/csv cannot change the quote character, which the 10kGNAD
// export needs, so rows are split by csvReader.
//
// A row that cannot be read is reported at its line and skipped: a quote in
// a quoted field that is neither doubled nor followed by the delimiter or
// the end of the line, a quote never closed, more or fewer columns than
// named, a line that is not text. When such a row spans several lines (a
// quote never closed takes in the rows after it), reading goes on at the
// first of those lines that starts a well-formed row.
func readCSV(lines *lineReader, format Format, opts Options, yield func(Record, error) bool) bool {
	comma := opts.Comma
	if comma == 0 {
		comma = ','
		if format == TSV {
			comma = '\t'
		}
	}
	quote := opts.Quote
	if quote == 0 {
		quote = '"'
	}
	if !utf8.ValidRune(comma) || !utf8.ValidRune(quote) || comma == quote || comma == '\n' || quote == '\n' {
		return yield(Record{}, fileError(lines.file, fmt.Sprintf("the delimiter %q and the quote %q must be two characters other than a line break", comma, quote)))
	}
	c := &csvReader{lines: lines, comma: comma, quote: quote}
	columns := opts.Columns
	if err := checkColumns(columns); err != nil {
		return yield(Record{}, fileError(lines.file, err.Error()))
	}
	if len(columns) > 0 {
		// A header row naming the same fields is not an article.
		if first, n, bad := c.parse(false); n > 0 && bad == nil && sameFields(first, columns) {
			c.consume(n)
		}
	} else {
		header, n, bad := c.parse(false)
		switch {
		case n == 0:
			return c.end(yield)
		case bad != nil:
			bad.Reason = "the header row: " + bad.Reason
			return yield(Record{}, bad)
		}
		c.consume(n)
		columns = header
	}
	fields := make([]string, len(columns))
	known := 0
	for i, col := range columns {
		if col != "-" {
			fields[i] = canonicalField(col)
		}
		if fields[i] != "" {
			known++
		}
	}
	if known == 0 && len(opts.Columns) > 0 {
		return yield(Record{}, fileError(lines.file, "the columns named skip every column"))
	}
	if known == 0 {
		return yield(Record{}, &newsindex.InputError{File: lines.file, Line: 1, Index: -1, Err: ErrNoHeader,
			Reason: fmt.Sprintf("no header row: the first row reads %s (%s), and none of them names an article field; name the columns",
				quoteList(columns, 4), plural(len(columns), "column"))})
	}
	for {
		row, n, bad := c.parse(false)
		if n == 0 {
			break
		}
		first := c.ahead[0]
		rec := Record{File: lines.file, Line: first.line, Offset: first.offset, End: c.ahead[n-1].end}
		if bad == nil && len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			c.consume(n)
			continue
		}
		if bad == nil && len(row) != len(columns) {
			more := "more"
			if len(row) < len(columns) {
				more = "fewer"
			}
			bad = lineError(lines.file, first.line, "", fmt.Sprintf("%s, %s than the %d named", plural(len(row), "column"), more, len(columns)))
		}
		if bad != nil {
			if n > 1 {
				rec.End = c.resync(bad, len(columns))
			} else {
				c.consume(1)
			}
			if !yield(rec, bad) {
				return false
			}
			continue
		}
		c.consume(n)
		values := map[string][]string{}
		for i, v := range row {
			if fields[i] != "" {
				values[fields[i]] = append(values[fields[i]], v)
			}
		}
		var err error
		for _, field := range fieldOrder {
			if vs, ok := values[field]; ok {
				if e := set(&rec.Article, field, vs); e != nil {
					err = lineError(lines.file, first.line, field, e.Error())
					break
				}
			}
		}
		if !yield(rec, err) {
			return false
		}
	}
	return c.end(yield)
}

// ParseColumns reads the names of the columns of a CSV or TSV file without
// a header row, separated by commas ("section,body", "published,-,title"),
// for Options.Columns. Each must name an article field as a header would,
// or be "-" (or empty) to skip a column.
func ParseColumns(s string) ([]string, error) {
	columns := strings.Split(s, ",")
	for i := range columns {
		columns[i] = strings.TrimSpace(columns[i])
	}
	return columns, checkColumns(columns)
}

// checkColumns reports a column name that names no field: a typo would
// leave that column out of every article without a word.
func checkColumns(columns []string) error {
	for _, c := range columns {
		if c != "" && c != "-" && canonicalField(c) == "" {
			return fmt.Errorf("the column name %q names no article field (use title, body, published, author, url, language, source, dateline, section, id or a name a header would use; - skips a column)", c)
		}
	}
	return nil
}

// sameFields reports whether a row names the fields the columns name.
func sameFields(row, columns []string) bool {
	if len(row) != len(columns) {
		return false
	}
	known := 0
	for i, c := range columns {
		want := ""
		if c != "-" {
			want = canonicalField(c)
		}
		if want != "" && canonicalField(row[i]) != want {
			return false
		}
		if want != "" {
			known++
		}
	}
	return known > 0
}

// end reports why reading stopped, if not at the end of the input.
func (c *csvReader) end(yield func(Record, error) bool) bool {
	if c.lines.err != nil {
		return yield(Record{}, c.lines.err)
	}
	return true
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// csvReader splits delimited text into rows: fields may be quoted, a quote
// inside is doubled, and quoted fields may span lines. It reads lines ahead
// as a row needs them and keeps them until the row is consumed, so that
// after a bad row it can go back to the row's second line.
type csvReader struct {
	lines        *lineReader
	comma, quote rune
	ahead        []csvLine // lines read and not yet consumed
	done         bool      // the line reader has no more lines
}

// csvLine is a line of delimited text and where it starts; bad says why it
// cannot be text.
type csvLine struct {
	text   string
	line   int
	offset int64
	end    int64 // offset just past the line
	bad    *newsindex.InputError
}

// peek returns the i-th line ahead, reading it when needed.
func (c *csvReader) peek(i int) (csvLine, bool) {
	for len(c.ahead) <= i {
		if c.done {
			return csvLine{}, false
		}
		text, ok := c.lines.scan()
		if !ok {
			c.done = true
			return csvLine{}, false
		}
		c.ahead = append(c.ahead, csvLine{text: string(text), line: c.lines.line, offset: c.lines.offset, end: c.lines.next,
			bad: c.lines.unusable(text, true)})
	}
	return c.ahead[i], true
}

// consume drops the first n lines ahead.
func (c *csvReader) consume(n int) {
	rest := copy(c.ahead, c.ahead[n:])
	clear(c.ahead[rest:])
	c.ahead = c.ahead[:rest]
}

// resync skips the first line of a bad row that spans several lines, then
// every line until one that starts a well-formed row: one that parses with
// no bare quote and has the number of columns named. It adds the lines it
// skipped to bad, and returns the offset just past them.
func (c *csvReader) resync(bad *newsindex.InputError, columns int) (end int64) {
	from := c.ahead[0].line
	to := from
	end = c.ahead[0].end
	c.consume(1)
	for {
		row, n, rowBad := c.parse(true)
		if n == 0 {
			break
		}
		blank := rowBad == nil && len(row) == 1 && strings.TrimSpace(row[0]) == ""
		if rowBad == nil && !blank && len(row) == columns {
			break
		}
		if !blank {
			to = c.ahead[0].line
		}
		end = c.ahead[0].end
		c.consume(1)
	}
	if to > from {
		bad.Reason += fmt.Sprintf(" (lines %d–%d skipped)", from, to)
	}
	return end
}

// parse splits the row that starts at the first line ahead into fields. It
// returns the number of lines the row spans (0 at the end of input) and
// what is wrong with it. strict refuses a quote inside an unquoted field,
// which a row read again after a bad one must not have.
func (c *csvReader) parse(strict bool) (fields []string, n int, bad *newsindex.InputError) {
	l, ok := c.peek(0)
	if !ok {
		return nil, 0, nil
	}
	if l.bad != nil {
		return nil, 1, l.bad
	}
	file := c.lines.file
	quoteLen, commaLen := utf8.RuneLen(c.quote), utf8.RuneLen(c.comma)
	text, pos, i := l.text, 0, 0
	var field strings.Builder
	for {
		if !strings.HasPrefix(text[pos:], string(c.quote)) {
			// An unquoted field runs to the delimiter or the end of the line.
			end := strings.IndexRune(text[pos:], c.comma)
			value := text[pos:]
			if end >= 0 {
				value = text[pos : pos+end]
			}
			if strict && strings.ContainsRune(value, c.quote) {
				return nil, i + 1, lineError(file, l.line, "", "a quote in an unquoted field")
			}
			fields = append(fields, value)
			if end < 0 {
				return fields, i + 1, nil
			}
			pos += end + commaLen
			continue
		}
		// A quoted field runs to a quote followed by the delimiter or the
		// end of a line; a doubled quote stands for one.
		openLine, openCol := l.line, column(text, pos)
		pos += quoteLen
		size := 0
		field.Reset()
		for {
			end := strings.IndexRune(text[pos:], c.quote)
			if end < 0 {
				field.WriteString(text[pos:])
				field.WriteByte('\n')
				size += len(text) - pos + 1
				i++
				next, ok := c.peek(i)
				switch {
				case !ok && c.lines.err != nil:
					return nil, 0, nil // interrupted or unreadable: end reports it
				case !ok:
					return nil, i, lineError(file, openLine, "", fmt.Sprintf("the quote at column %d is never closed", openCol))
				case next.bad != nil:
					b := *next.bad
					b.Reason += fmt.Sprintf(", in the quoted field that starts at line %d", openLine)
					return nil, i + 1, &b
				case size > maxLine:
					return nil, i + 1, lineError(file, openLine, "", fmt.Sprintf("the quoted field at column %d runs over %s: is its quote never closed?", openCol, sizeString(maxLine)))
				}
				l, text, pos = next, next.text, 0
				continue
			}
			field.WriteString(text[pos : pos+end])
			pos += end + quoteLen
			if strings.HasPrefix(text[pos:], string(c.quote)) {
				field.WriteRune(c.quote)
				pos += quoteLen
				continue
			}
			after := pos
			for after < len(text) && (text[after] == ' ' || text[after] == '\t') && rune(text[after]) != c.comma {
				after++
			}
			switch {
			case after == len(text):
				return append(fields, field.String()), i + 1, nil
			case strings.HasPrefix(text[after:], string(c.comma)):
				fields = append(fields, field.String())
				pos = after + commaLen
			case l.line == openLine:
				return nil, i + 1, lineError(file, l.line, "", fmt.Sprintf(
					"column %d: the quote before %q is neither doubled nor followed by the delimiter or the end of the line (a quote inside a quoted field is written twice)",
					column(text, pos-quoteLen), truncate(text[pos:], 12)))
			default:
				// Most often a quote never closed, which took in the rows
				// after it up to the next quote.
				return nil, i + 1, lineError(file, openLine, "", fmt.Sprintf(
					"the quoted field at column %d does not end well: the quote at line %d, column %d, before %q, is neither doubled nor followed by the delimiter or the end of the line (is a quote never closed, or one inside the field not written twice?)",
					openCol, l.line, column(text, pos-quoteLen), truncate(text[pos:], 12)))
			}
			break
		}
	}
}

// column is the column (from 1, in characters) of byte offset i of text.
func column(text string, i int) int {
	return utf8.RuneCountInString(text[:i]) + 1
}
