package newsindex

import (
	"strings"

	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsindex/newsindex/internal/bm25"
)

// likeQuery compiles the search of moreLikeThis, its words OR-ed with the
// words of the title, as a bm25.Top of size: the same best articles with
// the same scores as Bleve's disjunction of the two any-word queries, found
// without scoring the thousands of articles that have one common word of
// them (on KCNA some 240 articles returned instead of 16,000). The Top is
// the whole query, so the article itself is not left out: it is among the
// best, and the caller drops it.
// It reports false when the search is not of that shape: a title of one
// word (searched as a required word), or an index with a language whose
// words are cut into n-grams (BM25F queries of their own).
func (c *compiler) likeQuery(words []string, title string, languages []string, size int) (bq.Query, bool, error) {
	defer c.budget.close()
	fields, err := c.textFields("", "")
	if err != nil {
		return nil, false, err
	}
	top := &bm25.Top{Size: size}
	texts := []string{strings.Join(words, " ")}
	switch n := len(strings.Fields(title)); {
	case n == 1:
		return nil, false, nil
	case n > 1:
		texts = append(texts, title)
	}
	for _, text := range texts {
		q, ok := c.compileAnyWord(Match{Text: text, MinWords: 1}, fields).(*bm25.Query)
		if !ok {
			return nil, false, nil
		}
		top.Queries = append(top.Queries, q)
	}
	if len(languages) > 0 {
		f, err := c.compile(Language(languages...))
		if err != nil {
			return nil, false, err
		}
		top.Filter = f
	}
	if c.budget.err != nil {
		return nil, false, c.budget.err
	}
	return top, true, nil
}
