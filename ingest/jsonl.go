package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newsindex/newsindex"
)

// fieldOrder is the order fields are set in: precision before published, so
// that a given precision wins over the one the date implies.
var fieldOrder = []string{"id", "title", "body", "precision", "published", "author", "url", "language", "source", "dateline", "section"}

// arrayItem takes off what a JSON array written one object a line (Scrapy's
// .json export) puts around an object: "[" before the first, "," after
// each but the last, "]" after the last; a line of "[" or "]" is empty. It
// returns the object and how many bytes of the line went before it; a line
// with none of these is returned as it is.
func arrayItem(line []byte) ([]byte, int) {
	trimmed := bytes.TrimSpace(line)
	switch string(trimmed) {
	case "", "[", "]", "[]", "],":
		return nil, 0
	}
	shift := 0
	if bytes.HasPrefix(trimmed, []byte("[")) {
		if rest := bytes.TrimLeft(trimmed[1:], " \t"); bytes.HasPrefix(rest, []byte("{")) {
			lead := len(line) - len(bytes.TrimLeft(line, " \t\r\n"))
			shift = lead + len(trimmed) - len(rest)
			line = line[shift:]
		}
	}
	for _, end := range []string{",", "]"} {
		t := bytes.TrimRight(line, " \t\r\n")
		if rest := bytes.TrimRight(bytes.TrimSuffix(t, []byte(end)), " \t"); len(rest) < len(t) && bytes.HasSuffix(rest, []byte("}")) {
			line = rest
		}
	}
	return line, shift
}

// readJSONL reads one JSON object a line. Keys are matched to Article fields
// by name and common aliases (date, byline, link, lang, …); unknown keys are
// ignored; null is an empty value, so a record with a title and a null body
// is a title-only article.
func readJSONL(lines *lineReader, yield func(Record, error) bool) bool {
	for {
		line, ok := lines.scan()
		if !ok {
			break
		}
		rec := Record{File: lines.file, Line: lines.line, Offset: lines.offset, End: lines.next}
		if bad := lines.unusable(line, false); bad != nil {
			if !yield(rec, bad) {
				return false
			}
			continue
		}
		text, shift := arrayItem(line)
		if len(text) == 0 {
			continue
		}
		a, err := decodeJSON(text, shift)
		if err != nil {
			err.File, err.Line = lines.file, lines.line
			if !yield(rec, err) {
				return false
			}
			continue
		}
		rec.Article = a
		if !yield(rec, nil) {
			return false
		}
	}
	if lines.err != nil {
		return yield(Record{}, lines.err)
	}
	return true
}

// decodeJSON reads the object of a line; shift is how many bytes of the
// line went before it, for the columns of errors.
func decodeJSON(line []byte, shift int) (newsindex.Article, *newsindex.InputError) {
	var a newsindex.Article
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		reason := "not a JSON object: " + err.Error()
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			reason = fmt.Sprintf("bad JSON at column %d: %v", syntax.Offset+int64(shift), err)
		}
		return a, &newsindex.InputError{Index: -1, Reason: reason}
	}
	// The canonical name wins over an alias; among aliases, the first in
	// sorted order, so the choice does not depend on map order.
	chosen := map[string]string{}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	known := 0
	for _, k := range keys {
		field := canonicalField(k)
		if field != "" {
			known++
		}
		if field == "" || string(obj[k]) == "null" {
			continue
		}
		if prev, ok := chosen[field]; ok && (prev == field || k != field) {
			continue
		}
		chosen[field] = k
	}
	if known == 0 && len(keys) > 0 {
		return a, &newsindex.InputError{Index: -1, Reason: "no key names an article field (it has " + quoteList(keys, 8) + ")"}
	}
	for _, field := range fieldOrder {
		key, ok := chosen[field]
		if !ok {
			continue
		}
		raw := obj[key]
		// encoding/json turns bytes that are not UTF-8 into U+FFFD without
		// a word: the text of a file in another encoding would be indexed
		// with every accented letter lost.
		if i := invalidAt(raw); i >= 0 {
			col := i + 1 + shift
			if at := bytes.Index(line, raw); at >= 0 {
				col += at
			}
			return a, &newsindex.InputError{Index: -1, ID: a.ID, Field: key,
				Reason: fmt.Sprintf("not UTF-8 text (invalid byte at column %d); convert the file to UTF-8", col)}
		}
		values, err := jsonStrings(raw)
		if err != nil {
			return a, &newsindex.InputError{Index: -1, ID: a.ID, Field: key, Reason: err.Error()}
		}
		if err := set(&a, field, values); err != nil {
			return a, &newsindex.InputError{Index: -1, ID: a.ID, Field: key, Reason: err.Error()}
		}
	}
	return a, nil
}

// quoteList writes up to n strings quoted, with how many more there are.
func quoteList(list []string, n int) string {
	var b strings.Builder
	for i, s := range list {
		if i == n {
			fmt.Fprintf(&b, " and %d more", len(list)-n)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(truncate(s, 40)))
	}
	return b.String()
}

// truncate cuts s to at most n characters, marking the cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n-1]) + "…"
}

// jsonStrings reads a JSON string, number, boolean or array of them as
// strings. Numbers keep their digits as written (an ID 12345678901234567890
// must not become 12345678901234567000 and collide with another). An
// object with a "name" (schema.org's author and publisher, NewsAPI's
// source) stands for its name.
func jsonStrings(raw json.RawMessage) ([]string, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	var out []string
	var add func(v any, depth int) error
	add = func(v any, depth int) error {
		switch v := v.(type) {
		case nil:
		case string:
			out = append(out, v)
		case json.Number:
			out = append(out, v.String())
		case bool:
			out = append(out, strconv.FormatBool(v))
		case []any:
			if depth > 0 {
				return fmt.Errorf("nested arrays are not text")
			}
			for _, e := range v {
				if err := add(e, depth+1); err != nil {
					return err
				}
			}
		case map[string]any:
			name, ok := v["name"].(string)
			if !ok {
				return fmt.Errorf("an object where text was expected")
			}
			out = append(out, name)
		default:
			return fmt.Errorf("an object where text was expected")
		}
		return nil
	}
	return out, add(v, 0)
}
