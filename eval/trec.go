package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/newsindex/newsindex"
)

var (
	trecDoc   = regexp.MustCompile(`(?s)<DOC>\s*<DOCNO>\s*(.*?)\s*</DOCNO>(.*?)</DOC>`)
	trecTopic = regexp.MustCompile(`(?s)<top>\s*<num>\s*(.*?)\s*</num>\s*<title>(.*?)</title>`)
)

// loadTREC reads doc-text.trec, query-text.trec and qrels ("query 0 doc
// relevance") as PyTerrier ships the Vaswani/NPL collection.
func loadTREC(name, dir string) (*Collection, error) {
	c := &Collection{Name: name, Language: "en", Qrels: map[string]map[string]int{}}
	docs, err := os.ReadFile(filepath.Join(dir, "doc-text.trec"))
	if err != nil {
		return nil, err
	}
	for _, m := range trecDoc.FindAllSubmatch(docs, -1) {
		c.Docs = append(c.Docs, newsindex.Article{ID: string(m[1]), Body: strings.Join(strings.Fields(string(m[2])), " "), Language: "en"})
	}
	topics, err := os.ReadFile(filepath.Join(dir, "query-text.trec"))
	if err != nil {
		return nil, err
	}
	for _, m := range trecTopic.FindAllSubmatch(topics, -1) {
		c.Queries = append(c.Queries, Query{ID: string(m[1]), Text: strings.Join(strings.Fields(string(m[2])), " ")})
	}
	if err := readTRECQrels(filepath.Join(dir, "qrels"), c.Qrels); err != nil {
		return nil, err
	}
	return c, nil
}

// readTRECQrels reads lines "query iteration doc relevance".
func readTRECQrels(path string, qrels map[string]map[string]int) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for n, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 4 {
			return fmt.Errorf("%s:%d: want \"query 0 doc relevance\"", path, n+1)
		}
		rel, err := strconv.Atoi(f[3])
		if err != nil {
			return fmt.Errorf("%s:%d: %v", path, n+1, err)
		}
		if rel > 0 {
			addQrel(qrels, f[0], f[2], rel)
		}
	}
	return nil
}
