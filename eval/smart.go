package eval

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/newsindex/newsindex"
)

// smartRecord is one .I record of a SMART file: its fields by letter.
type smartRecord struct {
	id     string
	fields map[string]string
}

// readSMART reads records ".I id" followed by fields ".T", ".W", … whose
// text runs to the next line that starts with a dot and a letter.
func readSMART(path string) ([]smartRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []smartRecord
	var cur *smartRecord
	field := ""
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if len(line) >= 2 && line[0] == '.' && line[1] >= 'A' && line[1] <= 'Z' && (len(line) == 2 || line[2] == ' ') {
			tag := line[1:2]
			if tag == "I" {
				out = append(out, smartRecord{id: strings.TrimSpace(line[2:]), fields: map[string]string{}})
				cur, field = &out[len(out)-1], ""
				continue
			}
			if cur == nil {
				return nil, fmt.Errorf("%s:%d: field .%s before any .I", path, n, tag)
			}
			field = tag
			if rest := strings.TrimSpace(line[2:]); rest != "" {
				cur.fields[field] += rest + "\n"
			}
			continue
		}
		if cur != nil && field != "" {
			cur.fields[field] += line + "\n"
		}
	}
	return out, sc.Err()
}

// loadSMART reads a SMART collection: documents with .T titles and .W
// abstracts, queries with .W text, and judgments "query doc [code]".
// Queries are numbered in the judgments by their order in the query file
// (Cranfield's .I numbers have gaps). Cranfield's codes run from 1 (a
// complete answer) to 4 (minimum interest) and become gains 4 to 1; -1
// lines are placeholders. CISI and CACM judgments are binary.
func loadSMART(name, dir, docsFile, queriesFile, qrelsFile string) (*Collection, error) {
	c := &Collection{Name: name, Language: "en", Qrels: map[string]map[string]int{}}
	docs, err := readSMART(filepath.Join(dir, docsFile))
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		a := newsindex.Article{ID: d.id, Title: strings.TrimSpace(d.fields["T"]), Body: strings.TrimSpace(d.fields["W"]), Language: "en"}
		if a.Title == "" && a.Body == "" {
			continue // Cranfield 471 and 995 are empty
		}
		c.Docs = append(c.Docs, a)
	}
	queries, err := readSMART(filepath.Join(dir, queriesFile))
	if err != nil {
		return nil, err
	}
	for i, q := range queries {
		text := strings.TrimSpace(q.fields["W"])
		if text == "" {
			continue // CACM ends with an empty ".I 0"
		}
		id := q.id
		if name == "cranfield" {
			id = strconv.Itoa(i + 1)
		}
		c.Queries = append(c.Queries, Query{ID: normalizeID(id), Text: strings.Join(strings.Fields(text), " ")})
	}
	data, err := os.ReadFile(filepath.Join(dir, qrelsFile))
	if err != nil {
		return nil, err
	}
	for n, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("%s:%d: want \"query doc [relevance]\"", qrelsFile, n+1)
		}
		gain := 1
		if name == "cranfield" && len(f) >= 3 {
			code, err := strconv.Atoi(f[2])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %v", qrelsFile, n+1, err)
			}
			if code < 1 || code > 4 {
				continue
			}
			gain = 5 - code
		}
		addQrel(c.Qrels, normalizeID(f[0]), normalizeID(f[1]), gain)
	}
	return c, nil
}

// normalizeID drops leading zeros from numeric IDs ("001" and "1" are one
// query in Cranfield and CACM files).
func normalizeID(id string) string {
	if n, err := strconv.Atoi(id); err == nil {
		return strconv.Itoa(n)
	}
	return id
}

func addQrel(qrels map[string]map[string]int, query, doc string, gain int) {
	if qrels[query] == nil {
		qrels[query] = map[string]int{}
	}
	qrels[query][doc] = max(qrels[query][doc], gain)
}
