package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/newsindex/newsindex"
)

// readCSV reads delimited rows. The header row (or Options.Columns) names
// the columns with the same names as JSON Lines keys; unknown columns are
// ignored. encoding/csv cannot change the quote character, which the 10kGNAD
// export needs, so rows are split by csvRows.
func readCSV(file string, r *bufio.Reader, format Format, opts Options, yield func(Record, error) bool) bool {
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
	rows := &csvRows{r: r, comma: comma, quote: quote, file: file}
	var columns []string
	if len(opts.Columns) > 0 {
		columns = opts.Columns
	} else {
		header, ok := rows.next()
		if !ok {
			if rows.err != nil {
				return yield(Record{}, rows.err)
			}
			return true
		}
		columns = header
	}
	fields := make([]string, len(columns))
	known := 0
	for i, c := range columns {
		if c != "-" {
			fields[i] = canonicalField(c)
		}
		if fields[i] != "" {
			known++
		}
	}
	if known == 0 {
		return yield(Record{}, lineError(file, 1, "", fmt.Sprintf("no column names an article field (got %q); name them with a header row or the columns option", columns)))
	}
	for {
		row, ok := rows.next()
		if !ok {
			break
		}
		rec := Record{File: file, Line: rows.startLine, Offset: rows.startOffset}
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		if len(row) > len(columns) {
			if !yield(rec, lineError(file, rows.startLine, "", fmt.Sprintf("%d columns, more than the %d named", len(row), len(columns)))) {
				return false
			}
			continue
		}
		values := map[string][]string{}
		for i, v := range row {
			if fields[i] != "" {
				values[fields[i]] = append(values[fields[i]], v)
			}
		}
		var a newsindex.Article
		var bad error
		for _, field := range fieldOrder {
			if vs, ok := values[field]; ok {
				if err := set(&a, field, vs); err != nil {
					bad = lineError(file, rows.startLine, field, err.Error())
					break
				}
			}
		}
		rec.Article = a
		if !yield(rec, bad) {
			return false
		}
	}
	if rows.err != nil {
		return yield(Record{}, rows.err)
	}
	return true
}

// csvRows splits delimited text into rows: fields may be quoted, a quote
// inside is doubled, and quoted fields may span lines.
type csvRows struct {
	r           *bufio.Reader
	comma       rune
	quote       rune
	file        string
	line        int   // lines read so far
	offset      int64 // bytes read so far
	startLine   int   // first line of the last row
	startOffset int64 // offset of the last row
	err         error
}

func (c *csvRows) readLine() (string, bool) {
	s, err := c.r.ReadString('\n')
	if len(s) > maxLine {
		c.err = lineError(c.file, c.line+1, "", "line longer than 64 MiB")
		return "", false
	}
	if err != nil && !errors.Is(err, io.EOF) {
		c.err = lineError(c.file, c.line+1, "", err.Error())
		return "", false
	}
	if s == "" {
		return "", false
	}
	c.line++
	c.offset += int64(len(s))
	if !utf8.ValidString(s) {
		c.err = lineError(c.file, c.line, "", "not UTF-8 text; convert the file to UTF-8")
		return "", false
	}
	if c.line == 1 {
		s = strings.TrimPrefix(s, "\ufeff")
	}
	return s, true
}

func (c *csvRows) next() ([]string, bool) {
	startOffset := c.offset
	line, ok := c.readLine()
	if !ok {
		return nil, false
	}
	c.startLine, c.startOffset = c.line, startOffset
	var row []string
	var field strings.Builder
	quoted, inQuotes := false, false
	for {
		runes := []rune(strings.TrimRight(line, "\r\n"))
		for i := 0; i < len(runes); i++ {
			r := runes[i]
			switch {
			case inQuotes && r == c.quote:
				if i+1 < len(runes) && runes[i+1] == c.quote {
					field.WriteRune(r)
					i++
				} else {
					inQuotes = false
				}
			case inQuotes:
				field.WriteRune(r)
			case c.quote != 0 && r == c.quote && field.Len() == 0 && !quoted:
				inQuotes, quoted = true, true
			case r == c.comma:
				row = append(row, field.String())
				field.Reset()
				quoted = false
			default:
				field.WriteRune(r)
			}
		}
		if !inQuotes {
			break
		}
		field.WriteString("\n")
		next, ok := c.readLine()
		if !ok {
			if c.err == nil {
				c.err = lineError(c.file, c.startLine, "", "quoted field is never closed")
			}
			return nil, false
		}
		line = next
	}
	return append(row, field.String()), true
}
