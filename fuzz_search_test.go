package newsindex_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	ni "github.com/newsindex/newsindex"
)

var fuzzIndex = sync.OnceValues(func() (*ni.Index, error) {
	idx, err := ni.Open("", ni.Config{MaxExpansions: 200, MaxQueryTerms: 2000})
	if err != nil {
		return nil, err
	}
	t := &testing.T{}
	err = idx.Add(context.Background(), append(readArticles(t, "seed.jsonl"), readArticles(t, "multilingual.jsonl")...)...)
	return idx, err
})

// FuzzSearch runs query text end to end, through Parse and Search on a
// small index in every language: no panic, no error but a *QueryError, and
// an answer within a few seconds whatever the text (limits refuse what
// would take longer).
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"Putin", `"strategic partnership" source:KCNA`, "Russ* OR Moskau~1", "k* k* k*", "korea~2 " + strings.Repeat("korea~2 ", 20),
		strings.Repeat("가", 300), "???*", ".*", "published:[2020 TO 2025-08] -Sowjetunion", "entity:kim-jong-un Ким Чен Ын",
		"((((a))))", "title:\"\" body:x~", "\xff\xfe", "NOT NOT NOT a", "lang:xx foo", "a OR b OR c AND d",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, anyWords bool) {
		idx, err := fuzzIndex()
		if err != nil {
			t.Fatal(err)
		}
		q, err := ni.Parse(text)
		if err != nil {
			var qe *ni.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): %v is not a *QueryError", text, err)
			}
			return
		}
		if anyWords {
			q = ni.AnyWords(q)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for _, opts := range []ni.SearchOptions{{Highlight: true, Facets: []ni.Facet{ni.FacetSource, ni.FacetEntity}}, {Sort: ni.ByNewest, Size: 3}} {
			_, err := idx.Search(ctx, q, opts)
			var qe *ni.QueryError
			switch {
			case err == nil, errors.As(err, &qe):
			case errors.Is(err, context.DeadlineExceeded):
				t.Fatalf("Search(%q) took more than 10 s", text)
			default:
				t.Fatalf("Search(%q): %v is not a *QueryError", text, err)
			}
		}
	})
}
