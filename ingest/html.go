package ingest

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"regexp"
	"strings"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/newsindex/newsindex"
)

// maxHTML caps the size of one HTML page.
const maxHTML = 32 << 20

// savedFrom is the comment browsers put in saved pages.
var savedFrom = regexp.MustCompile(`<!-- saved from url=\(\d+\)(\S+?) -->`)

// readHTML extracts the article of a saved web page. The page is decoded
// from the charset it declares; Mozilla's Readability algorithm
// (codeberg.org/readeck/go-readability) finds the title, the main text, the
// byline, the site name, the language and the published time; the page URL
// comes from the canonical link, og:url or the "saved from url" comment.
// The text then goes through the dump rules, so a KCNA dateline, a -0- end
// mark or an outlet line at the end give the dateline, agency, date and
// outlet as they do in a text dump.
func readHTML(ctx context.Context, name string, r io.Reader, yield func(Record, error) bool) bool {
	data, err := io.ReadAll(io.LimitReader(ctxReader{ctx, r}, maxHTML+1))
	if ctx.Err() != nil {
		return yield(Record{}, ctx.Err())
	}
	if err != nil {
		return yield(Record{}, &newsindex.InputError{File: name, Index: -1, Reason: "cannot read the page: " + err.Error(), Err: err})
	}
	if len(data) > maxHTML {
		return yield(Record{}, fileError(name, "HTML page larger than 32 MiB"))
	}
	utf8Page, err := charset.NewReader(bytes.NewReader(data), "")
	if err != nil {
		return yield(Record{}, fileError(name, "unknown character set: "+err.Error()))
	}
	doc, err := html.Parse(utf8Page)
	if err != nil {
		return yield(Record{}, fileError(name, "HTML does not parse: "+err.Error()))
	}
	if ctx.Err() != nil {
		return yield(Record{}, ctx.Err())
	}
	pageURL := pageURLOf(doc, data)
	page, err := readability.FromDocument(doc, pageURL)
	if err != nil {
		return yield(Record{}, fileError(name, "no article found in the page: "+err.Error()))
	}
	var text strings.Builder
	if page.Node != nil {
		if err := page.RenderText(&text); err != nil {
			return yield(Record{}, fileError(name, err.Error()))
		}
	}
	// The title first, then the paragraphs, as a dump would have them.
	lines := []textLine{{text: strings.TrimSpace(page.Title()), line: 1}}
	for _, p := range strings.Split(text.String(), "\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" && p != lines[0].text {
			lines = append(lines, textLine{text: p, line: 1})
		}
	}
	if lines[0].text == "" {
		lines = lines[1:]
	}
	if len(lines) == 0 {
		return yield(Record{}, fileError(name, "no article text found in the page"))
	}
	// A page may hold several agency items, as KCNA's pages of 1997–2002
	// do: it is cut as a dump is. A part without a dateline of its own (a
	// footer after the -0- of the last item) stays with the part before.
	// The page title is not an end, even when it reads like an outlet line
	// ("KCNA news, January 2, 1997").
	var parts [][]textLine
	var split dumpSplitter
	collect := func(block []textLine) bool { parts = append(parts, block); return true }
	for _, l := range lines[1:] {
		split.add(l, collect)
	}
	split.flush(collect)
	if len(parts) == 0 {
		parts = [][]textLine{nil}
	}
	parts[0] = append([]textLine{lines[0]}, parts[0]...)
	items := parts[:1]
	for _, part := range parts[1:] {
		if hasDateline(part) {
			items = append(items, part)
		} else {
			items[len(items)-1] = append(items[len(items)-1], part...)
		}
	}
	for _, item := range items {
		rec, _, bad := parseBlock(name, item)
		if bad != nil {
			if !yield(Record{File: name, Line: 1, End: int64(len(data))}, bad) {
				return false
			}
			continue
		}
		rec.Offset, rec.End = 0, int64(len(data))
		a := &rec.Article
		if pageURL != nil {
			a.URL = pageURL.String()
		}
		if a.Source == "" {
			a.Source = strings.TrimSpace(page.SiteName())
		}
		if a.Author == "" && len(items) == 1 {
			a.Author = strings.TrimSpace(page.Byline())
		}
		if a.Published.IsZero() {
			if t, err := page.PublishedTime(); err == nil && !t.IsZero() {
				a.Published = t
			}
		}
		if a.Language == "" {
			a.Language = normalizeLanguage(page.Language())
		}
		if !yield(rec, nil) {
			return false
		}
	}
	return true
}

// pageURLOf finds the address of a page: its canonical link, its og:url,
// or the comment a browser wrote when saving it.
func pageURLOf(doc *html.Node, raw []byte) *url.URL {
	var found string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if found != "" {
			return
		}
		if n.Type == html.ElementNode {
			attr := func(key string) string {
				for _, a := range n.Attr {
					if strings.EqualFold(a.Key, key) {
						return strings.TrimSpace(a.Val)
					}
				}
				return ""
			}
			switch {
			case n.Data == "link" && strings.EqualFold(attr("rel"), "canonical"):
				found = attr("href")
			case n.Data == "meta" && attr("property") == "og:url":
				found = attr("content")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == "" {
		if m := savedFrom.FindSubmatch(raw); m != nil {
			found = string(m[1])
		}
	}
	if found == "" {
		return nil
	}
	u, err := url.Parse(found)
	if err != nil || !u.IsAbs() {
		return nil
	}
	return u
}

// ctxReader stops reading when the context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
