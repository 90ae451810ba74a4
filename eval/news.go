package eval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/newsindex/newsindex/ingest"
)

// newsInputs is the inputs.json of a news collection: the archive files
// its judgments refer to, read as `newsindex index` reads them.
type newsInputs struct {
	Inputs []struct {
		Path    string   `json:"path"` // relative to the collection's folder
		Format  string   `json:"format"`
		Columns []string `json:"columns"`
		Comma   string   `json:"comma"`
		Quote   string   `json:"quote"`
	} `json:"inputs"`
}

// ErrNoArchive is returned by Load for a news collection whose archive
// files are not there (the shared data is not beside the project).
var ErrNoArchive = errors.New("eval: the archive of the news collection is not there")

// loadNews reads a collection of judged news topics (topics.jsonl, qrels,
// inputs.json): queries as people type them, over articles read from the
// archive the inputs name. Its queries run as typed (Collection.Typed).
func loadNews(dir string) (*Collection, error) {
	c := &Collection{Name: filepath.Base(dir), Language: "mul", Typed: true, Qrels: map[string]map[string]int{}}
	data, err := os.ReadFile(filepath.Join(dir, "inputs.json"))
	if err != nil {
		return nil, err
	}
	var in newsInputs
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", filepath.Join(dir, "inputs.json"), err)
	}
	ctx := context.Background()
	for _, input := range in.Inputs {
		path := filepath.Join(dir, input.Path)
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("%w: %s (%v)", ErrNoArchive, path, err)
		}
		opts := ingest.Options{Columns: input.Columns}
		if opts.Format, err = ingest.ParseFormat(input.Format); err != nil {
			return nil, err
		}
		if input.Comma != "" {
			opts.Comma, _ = utf8.DecodeRuneInString(input.Comma)
		}
		if input.Quote != "" {
			opts.Quote, _ = utf8.DecodeRuneInString(input.Quote)
		}
		for rec, err := range ingest.Read(ctx, []string{path}, opts) {
			if err != nil {
				continue // counted out by newsindex index as well
			}
			if rec.Article.Validate() != nil {
				continue
			}
			c.Docs = append(c.Docs, rec.Article.Normalize())
		}
	}
	topics, err := os.ReadFile(filepath.Join(dir, "topics.jsonl"))
	if err != nil {
		return nil, err
	}
	for n, line := range splitLines(topics) {
		var t struct{ ID, Query, Lang string }
		if err := json.Unmarshal(line, &t); err != nil {
			return nil, fmt.Errorf("eval: %s:%d: %w", filepath.Join(dir, "topics.jsonl"), n+1, err)
		}
		c.Queries = append(c.Queries, Query{ID: t.ID, Text: t.Query})
	}
	if err := readTRECQrels(filepath.Join(dir, "qrels"), c.Qrels); err != nil {
		return nil, err
	}
	return c, nil
}

func splitLines(data []byte) [][]byte {
	var out [][]byte
	start := 0
	for i, b := range data {
		if b == '\n' {
			if i > start {
				out = append(out, data[start:i])
			}
			start = i + 1
		}
	}
	if start < len(data) {
		out = append(out, data[start:])
	}
	return out
}
