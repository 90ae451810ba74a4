package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
)

// loadXQuADR reads the derived files of XQuAD-R, one collection per
// language: <lang>.paragraphs.jsonl, <lang>.queries.tsv and
// <lang>.qrels.paragraph.tsv (question → the paragraph it was written on).
// Languages without a registered analyzer are left out.
func loadXQuADR(dir string) ([]*Collection, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.paragraphs.jsonl"))
	if err != nil {
		return nil, err
	}
	var out []*Collection
	for _, f := range files {
		lang := strings.TrimSuffix(filepath.Base(f), ".paragraphs.jsonl")
		if _, ok := analysis.Lookup(lang); !ok {
			continue
		}
		c := &Collection{Name: "xquad-r", Language: lang, Qrels: map[string]map[string]int{}}
		if err := eachJSONLine(f, func(line []byte) error {
			var p struct {
				ID    string `json:"_id"`
				Title string `json:"title"`
				Text  string `json:"text"`
			}
			if err := json.Unmarshal(line, &p); err != nil {
				return err
			}
			c.Docs = append(c.Docs, newsindex.Article{ID: p.ID, Title: strings.ReplaceAll(p.Title, "_", " "), Body: strings.TrimSpace(p.Text), Language: lang})
			return nil
		}); err != nil {
			return nil, err
		}
		queries, err := os.ReadFile(filepath.Join(dir, lang+".queries.tsv"))
		if err != nil {
			return nil, err
		}
		for n, line := range strings.Split(string(queries), "\n") {
			if line == "" {
				continue
			}
			id, text, ok := strings.Cut(line, "\t")
			if !ok {
				return nil, fmt.Errorf("%s.queries.tsv:%d: want \"id\\tquestion\"", lang, n+1)
			}
			c.Queries = append(c.Queries, Query{ID: id, Text: text})
		}
		if err := readTRECQrels(filepath.Join(dir, lang+".qrels.paragraph.tsv"), c.Qrels); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// loadSQuAD reads SQuAD v1.1 JSON (KorQuAD): every paragraph is a document,
// every question a query whose one relevant document is its paragraph.
func loadSQuAD(name, path string) (*Collection, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var squad struct {
		Data []struct {
			Title      string `json:"title"`
			Paragraphs []struct {
				Context string `json:"context"`
				QAs     []struct {
					ID       string `json:"id"`
					Question string `json:"question"`
				} `json:"qas"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &squad); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	lang := "en"
	if strings.Contains(strings.ToLower(name), "korquad") {
		lang = "ko"
	}
	c := &Collection{Name: name, Language: lang, Qrels: map[string]map[string]int{}}
	for i, art := range squad.Data {
		for j, p := range art.Paragraphs {
			id := fmt.Sprintf("a%03dp%02d", i, j)
			c.Docs = append(c.Docs, newsindex.Article{ID: id, Title: art.Title, Body: p.Context, Language: lang})
			for _, qa := range p.QAs {
				c.Queries = append(c.Queries, Query{ID: qa.ID, Text: qa.Question})
				addQrel(c.Qrels, qa.ID, id, 1)
			}
		}
	}
	return c, nil
}

func eachJSONLine(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for n := 1; sc.Scan(); n++ {
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("%s:%d: %w", path, n, err)
		}
	}
	return sc.Err()
}
