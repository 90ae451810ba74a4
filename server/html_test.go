package server_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// node is an element of a page, for tests that read pages as a browser
// would rather than as text.
type node struct{ *html.Node }

// parsePage parses an HTML page.
func parsePage(t testing.TB, body string) node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	require.NoError(t, err)
	return node{doc}
}

// all returns the elements under n (n excluded) named tag ("" for any)
// that have every class of classes ("svg.chart": tag svg, class chart).
func (n node) all(selector string) []node {
	tag, classes, _ := strings.Cut(selector, ".")
	var want []string
	if classes != "" {
		want = strings.Split(classes, ".")
	}
	var out []node
	var walk func(*html.Node)
	walk = func(h *html.Node) {
		for c := h.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (tag == "" || c.Data == tag) && hasClasses(c, want) {
				out = append(out, node{c})
			}
			walk(c)
		}
	}
	walk(n.Node)
	return out
}

// one returns the only element under n that matches selector.
func (n node) one(t testing.TB, selector string) node {
	t.Helper()
	found := n.all(selector)
	require.Len(t, found, 1, "one %s", selector)
	return found[0]
}

func hasClasses(h *html.Node, want []string) bool {
	have := strings.Fields(attrOf(h, "class"))
	for _, w := range want {
		found := false
		for _, c := range have {
			found = found || c == w
		}
		if !found {
			return false
		}
	}
	return true
}

func attrOf(h *html.Node, key string) string {
	for _, a := range h.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// attr is the value of an attribute, "" when it is not there.
func (n node) attr(key string) string { return attrOf(n.Node, key) }

// text is the text under n, white space made single.
func (n node) text() string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(h *html.Node) {
		if h.Type == html.TextNode {
			b.WriteString(h.Data)
		}
		for c := h.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n.Node)
	return strings.Join(strings.Fields(b.String()), " ")
}

// texts are the texts of the elements under n that match selector.
func (n node) texts(selector string) []string {
	var out []string
	for _, e := range n.all(selector) {
		out = append(out, e.text())
	}
	return out
}

// link is the href of the link under n whose text is text, "" for none.
func (n node) link(text string) string {
	for _, a := range n.all("a") {
		if a.text() == text {
			return a.attr("href")
		}
	}
	return ""
}

// child returns the only child element of n named tag.
func (n node) child(t testing.TB, tag string) node {
	t.Helper()
	var found []node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == tag {
			found = append(found, node{c})
		}
	}
	require.Len(t, found, 1, "one child %s", tag)
	return found[0]
}
