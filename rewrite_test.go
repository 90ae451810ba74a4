package newsindex

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRewriteAndWalk(t *testing.T) {
	q := And(Match{Text: "a b"}, Or(Match{Text: "c"}, Not(Match{Text: "d e"})), Source("KCNA"))
	upper := func(q Query) (Query, bool) {
		if m, ok := q.(Match); ok {
			m.Text = "<" + m.Text + ">"
			return m, false
		}
		return q, true
	}
	for _, tc := range []struct {
		name   string
		f      func(Query) (Query, bool)
		want   Query
		reason string
	}{
		{"every match", upper,
			And(Match{Text: "<a b>"}, Or(Match{Text: "<c>"}, Not(Match{Text: "<d e>"})), Source("KCNA")),
			"f reaches the leaves under And, Or and Not"},
		{"not under not", func(q Query) (Query, bool) {
			if _, ok := q.(NotQuery); ok {
				return q, false
			}
			return upper(q)
		}, And(Match{Text: "<a b>"}, Or(Match{Text: "<c>"}, Not(Match{Text: "d e"})), Source("KCNA")),
			"returning false keeps a subtree as it is"},
		{"replace a node", func(q Query) (Query, bool) {
			if _, ok := q.(OrQuery); ok {
				return All(), true
			}
			return q, true
		}, And(Match{Text: "a b"}, All(), Source("KCNA")), "a node may be replaced whole"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, rewrite(q, tc.f), tc.reason)
		})
	}
	assert.Equal(t, And(Match{Text: "a b"}, Or(Match{Text: "c"}, Not(Match{Text: "d e"})), Source("KCNA")), q, "q is not changed")

	var texts []string
	walk(q, func(q Query) bool {
		if m, ok := q.(Match); ok {
			texts = append(texts, m.Text)
		}
		_, not := q.(NotQuery)
		return !not
	})
	assert.Equal(t, []string{"a b", "c"}, texts, "walk visits in order and skips what f declines")
}
