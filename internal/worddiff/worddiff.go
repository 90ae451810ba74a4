// Package worddiff compares two texts word by word, with the diff of
// github.com/sergi/go-diff (Myers' algorithm, as in Google's
// diff-match-patch) run over words instead of characters.
package worddiff

import (
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op says what a change does.
type Op string

// Ops.
const (
	Equal  Op = "equal"
	Insert Op = "insert"
	Delete Op = "delete"
)

// Change is a run of text the two texts share, or that one has and the
// other not.
type Change struct {
	Op   Op
	Text string
}

// Diff returns the changes that make b from a, word by word: a word is a
// run of letters, digits and marks, and every other character (spaces,
// punctuation) is a token of its own, so that "four words changed" reads
// as those four words and the white space around them is kept. Runs
// of changes that only a space or a comma separates are joined.
func Diff(a, b string) []Change {
	words := map[string]rune{}
	var table []string
	encode := func(s string) []rune {
		var out []rune
		for _, w := range split(s) {
			r, ok := words[w]
			if !ok {
				// Runes from the private use planes and beyond: one a word.
				r = rune(0xF0000 + len(table))
				words[w] = r
				table = append(table, w)
			}
			out = append(out, r)
		}
		return out
	}
	ra, rb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	// The semantic cleanup folds the short equalities between changes
	// (a space between two replaced words) into the changes, so that a
	// rewritten sentence reads as one deletion and one insertion instead
	// of a word-by-word interleaving of both.
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))
	out := make([]Change, 0, len(diffs))
	for _, d := range diffs {
		var text strings.Builder
		for _, r := range d.Text {
			text.WriteString(table[r-0xF0000])
		}
		op := Equal
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = Insert
		case diffmatchpatch.DiffDelete:
			op = Delete
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += text.String()
			continue
		}
		out = append(out, Change{Op: op, Text: text.String()})
	}
	return out
}

// split cuts text into words and the characters between them.
func split(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		switch {
		case word && start < 0:
			start = i
		case !word:
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			out = append(out, string(r))
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
