// Package eval measures search quality: it reads test collections with
// relevance judgments (Cranfield, CISI, CACM in SMART format; Vaswani/NPL in
// TREC format; XQuAD-R; SQuAD-style JSON such as KorQuAD), runs every query
// through a newsindex index and scores the rankings with nDCG@10, MAP and
// Recall@100.
package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsindex/newsindex"
)

// Collection is a test collection: documents, queries and judgments.
type Collection struct {
	Name     string // "cranfield", "xquad-r/de", …
	Language string // ISO 639 code of documents and queries
	Docs     []newsindex.Article
	Queries  []Query
	// Qrels holds the graded relevance of documents for each query ID:
	// Qrels[query][doc] > 0 is relevant, higher is more relevant.
	Qrels map[string]map[string]int
	// Typed says that the queries are what people type into the search
	// box, to be read with Parse and searched as the tool and the page
	// search them, not as ranked free text.
	Typed bool
}

// Query is one query of a collection.
type Query struct {
	ID   string
	Text string
}

// Judged returns the queries that have at least one relevant document,
// the ones metrics are averaged over.
func (c *Collection) Judged() []Query {
	var out []Query
	for _, q := range c.Queries {
		for _, rel := range c.Qrels[q.ID] {
			if rel > 0 {
				out = append(out, q)
				break
			}
		}
	}
	return out
}

// Load reads the collections in dir: dir itself when it is one, else each
// collection directory inside it (as in ../shared/eval). XQuAD-R gives one
// collection per language.
func Load(dir string) ([]*Collection, error) {
	if cs, ok, err := loadOne(dir); ok || err != nil {
		return cs, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []*Collection
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		cs, ok, err := loadOne(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, cs...)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("eval: no test collection in %s (want SMART, TREC, XQuAD-R or SQuAD files)", dir)
	}
	return out, nil
}

// loadOne reads dir if it holds a collection in a known layout.
func loadOne(dir string) ([]*Collection, bool, error) {
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(dir, name))
		return err == nil
	}
	one := func(c *Collection, err error) ([]*Collection, bool, error) {
		if err != nil {
			return nil, true, err
		}
		return []*Collection{c}, true, nil
	}
	switch {
	case exists("cran.all.1400"):
		return one(loadSMART("cranfield", dir, "cran.all.1400", "cran.qry", "cranqrel"))
	case exists("CISI.ALL"):
		return one(loadSMART("cisi", dir, "CISI.ALL", "CISI.QRY", "CISI.REL"))
	case exists("cacm.all"):
		return one(loadSMART("cacm", dir, "cacm.all", "query.text", "qrels.text"))
	case exists("doc-text.trec"):
		return one(loadTREC(filepath.Base(dir), dir))
	case exists("topics.jsonl") && exists("inputs.json"):
		return one(loadNews(dir))
	case exists("derived"):
		cs, err := loadXQuADR(filepath.Join(dir, "derived"))
		return cs, true, err
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, m := range matches {
		if strings.Contains(strings.ToLower(filepath.Base(m)), "quad") {
			return one(loadSQuAD(filepath.Base(dir), m))
		}
	}
	return nil, false, nil
}
