package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/newsindex/newsindex"
)

// fieldOrder is the order fields are set in: precision before published, so
// that a given precision wins over the one the date implies.
var fieldOrder = []string{"id", "title", "body", "precision", "published", "author", "url", "language", "source", "dateline", "section"}

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
		rec := Record{File: lines.file, Line: lines.line, Offset: lines.offset}
		if bad := lines.unusable(line, false); bad != nil {
			if !yield(rec, bad) {
				return false
			}
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		a, err := decodeJSON(line)
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

func decodeJSON(line []byte) (newsindex.Article, *newsindex.InputError) {
	var a newsindex.Article
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		reason := "not a JSON object: " + err.Error()
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			reason = fmt.Sprintf("bad JSON at column %d: %v", syntax.Offset, err)
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
	for _, k := range keys {
		field := canonicalField(k)
		if field == "" || string(obj[k]) == "null" {
			continue
		}
		if prev, ok := chosen[field]; ok && (prev == field || k != field) {
			continue
		}
		chosen[field] = k
	}
	for _, field := range fieldOrder {
		key, ok := chosen[field]
		if !ok {
			continue
		}
		values, err := jsonStrings(obj[key])
		if err != nil {
			return a, &newsindex.InputError{Index: -1, ID: a.ID, Field: key, Reason: err.Error()}
		}
		if err := set(&a, field, values); err != nil {
			return a, &newsindex.InputError{Index: -1, ID: a.ID, Field: key, Reason: err.Error()}
		}
	}
	return a, nil
}

// jsonStrings reads a JSON string, number, boolean or array of them as
// strings.
func jsonStrings(raw json.RawMessage) ([]string, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	var out []string
	var add func(v any, depth int) error
	add = func(v any, depth int) error {
		switch v := v.(type) {
		case nil:
		case string:
			out = append(out, v)
		case float64:
			out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
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
		default:
			return fmt.Errorf("an object where text was expected")
		}
		return nil
	}
	return out, add(v, 0)
}
