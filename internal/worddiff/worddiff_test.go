package worddiff

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		name, a, b string
		want       []Change
	}{
		{"same", "Kim Jong Un visited.", "Kim Jong Un visited.", []Change{{Equal, "Kim Jong Un visited."}}},
		{"a word changed", "The delegation left on Monday.", "The delegation left on Tuesday.",
			[]Change{{Equal, "The delegation left on "}, {Delete, "Monday"}, {Insert, "Tuesday"}, {Equal, "."}}},
		{"a sentence dropped", "One. Two. Three.", "One. Three.",
			[]Change{{Equal, "One. "}, {Delete, "Two. "}, {Equal, "Three."}}},
		{"words of any script", "Ким Чен Ын прибыл", "Ким Чен Ын убыл",
			[]Change{{Equal, "Ким Чен Ын "}, {Delete, "прибыл"}, {Insert, "убыл"}}},
		{"from nothing", "", "New text", []Change{{Insert, "New text"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff(tc.a, tc.b)
			assert.Equal(t, tc.want, got)
			var a, b strings.Builder
			for _, c := range got {
				if c.Op != Insert {
					a.WriteString(c.Text)
				}
				if c.Op != Delete {
					b.WriteString(c.Text)
				}
			}
			assert.Equal(t, tc.a, a.String(), "the changes give back the first text")
			assert.Equal(t, tc.b, b.String(), "and the second")
		})
	}
}
