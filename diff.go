package newsindex

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/newsindex/newsindex/internal/worddiff"
)

// Change is one run of a word-level comparison ([Diff]): text both have
// ("equal"), text only the second has ("insert"), text only the first has
// ("delete"). In JSON it is {"op":…,"text":…}.
type Change struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Diff compares two articles word by word (a reprint against its original,
// two versions of one text): their titles and bodies, as one text of the
// title, a blank line and the body. Joining the texts of the "equal" and
// "delete" changes gives the first back, of "equal" and "insert" the
// second.
func Diff(a, b Article) []Change {
	var changes []worddiff.Change
	switch {
	case a.Title == "" && b.Title == "":
		changes = worddiff.Diff(a.Body, b.Body)
	case a.Body == "" && b.Body == "":
		changes = worddiff.Diff(a.Title, b.Title)
	case a.Title != "" && b.Title != "" && a.Body != "" && b.Body != "":
		// Title and body apart, so that a change of the one never runs
		// into a change of the other.
		changes = worddiff.Diff(a.Title, b.Title)
		changes = append(changes, worddiff.Change{Op: worddiff.Equal, Text: "\n\n"})
		changes = append(changes, worddiff.Diff(a.Body, b.Body)...)
	default:
		changes = worddiff.Diff(diffText(a), diffText(b))
	}
	var out []Change
	for _, c := range changes {
		if c.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Op == string(c.Op) {
			out[n-1].Text += c.Text
			continue
		}
		out = append(out, Change{Op: string(c.Op), Text: c.Text})
	}
	if out == nil {
		out = []Change{}
	}
	return out
}

// diffText is the text Diff compares: the title, a blank line and the body.
func diffText(x Article) string {
	if x.Title == "" {
		return x.Body
	}
	if x.Body == "" {
		return x.Title
	}
	return x.Title + "\n\n" + x.Body
}

// Version returns one entry of an article's history: ref is an ID, for the
// current version, or ID@N for the entry numbered N ([Version.Number]).
// An ID the index holds nothing of wraps [ErrNotFound]; so does the plain
// ID of a deleted article (its entries are ID@N); a number out of the
// range of the article's entries wraps [ErrNoVersion] and gives the range.
func (x *Index) Version(ctx context.Context, ref string) (Version, error) {
	id, n, err := SplitVersionRef(ref)
	if err != nil {
		return Version{}, err
	}
	h, err := x.History(ctx, id)
	if err != nil {
		return Version{}, err
	}
	if n == 0 {
		last := h[len(h)-1]
		if last.Deleted {
			return Version{}, fmt.Errorf("%w: %q is deleted (its versions are %s@1 to %s@%d)", ErrNotFound, id, id, id, len(h)-1)
		}
		return last, nil
	}
	if n > len(h) {
		return Version{}, fmt.Errorf("%w: %s: the article has %d entries (%s@1 to %s@%d)", ErrNoVersion, ref, len(h), id, id, len(h))
	}
	return h[n-1], nil
}

// SplitVersionRef reads a reference to a version: ID, or ID@N with N a
// number from 1. An ID with an @ of its own stays whole unless digits end
// it (an address such as "a@b.org" is an ID).
func SplitVersionRef(ref string) (id string, n int, err error) {
	i := strings.LastIndexByte(ref, '@')
	if i < 0 {
		return ref, 0, nil
	}
	num := ref[i+1:]
	if num == "" || strings.Trim(num, "0123456789") != "" {
		return ref, 0, nil
	}
	n, err = strconv.Atoi(num)
	if err != nil || n < 1 {
		return "", 0, fmt.Errorf("newsindex: %q: versions are numbered from 1", ref)
	}
	return ref[:i], n, nil
}
