package server

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/newsindex/newsindex"
)

// apiHistory answers /api/articles/{id}/history with every entry of the
// article's history, oldest first: {"id":…,"versions":[…]}.
func (h *handler) apiHistory(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	versions, err := h.idx.History(r.Context(), id)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newsindex.ArticleHistory{ID: id, Versions: versions})
}

// diffJSON is the answer of /api/diff.
type diffJSON struct {
	A       string             `json:"a"`
	B       string             `json:"b"`
	Changes []newsindex.Change `json:"changes"`
}

// apiDiff answers /api/diff?a=&b= with the word-level changes from a to b,
// each an ID (the current version) or ID@N.
func (h *handler) apiDiff(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	a, b := v.Get("a"), v.Get("b")
	if a == "" || b == "" {
		writeError(w, http.StatusBadRequest, "a and b name the two articles to compare: an ID for the current version, ID@N for version N", nil)
		return
	}
	var versions [2]newsindex.Version
	for i, ref := range []string{a, b} {
		if _, _, err := newsindex.SplitVersionRef(ref); err != nil {
			writeError(w, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "newsindex: "), nil)
			return
		}
		version, err := h.idx.Version(r.Context(), ref)
		if err != nil {
			h.versionFail(w, r, ref, err)
			return
		}
		versions[i] = version
	}
	writeJSON(w, http.StatusOK, diffJSON{A: a, B: b, Changes: newsindex.Diff(versions[0].Article, versions[1].Article)})
}

// versionFail answers a request for a version that failed: the reason for
// an article or version that is not there, as 404.
func (h *handler) versionFail(w http.ResponseWriter, r *http.Request, ref string, err error) {
	if errors.Is(err, newsindex.ErrNotFound) || errors.Is(err, newsindex.ErrNoVersion) {
		writeError(w, http.StatusNotFound, strings.TrimPrefix(err.Error(), "newsindex: "), nil)
		return
	}
	h.apiFail(w, r, err)
}

// historyView is what the article page shows of the article's history.
type historyView struct {
	Count   int    // the entries: versions and deletions
	Summary string // "3 versions · last changed 12 May 2024"
	Changes []changeView
}

// changeView is one change of an article: from one entry to the next.
type changeView struct {
	From, To int    // the numbers of the entries
	Seen     string // when the later one was seen
	Deleted  bool   // the later entry is the deletion
	Text     template.HTML
	Link     string // the later version's page
	FromLink string // the earlier version's page
}

// history builds the history part of an article's page; nil for an
// article with one version only.
func (h *handler) history(versions []newsindex.Version, id string) *historyView {
	if len(versions) < 2 && (len(versions) == 0 || !versions[0].Deleted) {
		return nil
	}
	last := versions[len(versions)-1]
	view := &historyView{Count: len(versions)}
	n := len(versions)
	if last.Deleted {
		n-- // the deletion is an entry, not a version
	}
	view.Summary = strconv.Itoa(n) + " version"
	if n != 1 {
		view.Summary += "s"
	}
	switch when := seenDate(last); {
	case last.Deleted && when != "":
		view.Summary += " · deleted " + when
	case last.Deleted:
		view.Summary += " · deleted"
	case when != "":
		view.Summary += " · last changed " + when
	}
	for i := 1; i < len(versions); i++ {
		prev, cur := versions[i-1], versions[i]
		c := changeView{From: prev.Number, To: cur.Number, Seen: seenDate(cur), Deleted: cur.Deleted}
		if !cur.Deleted {
			c.Text = changesHTML(newsindex.Diff(prev.Article, cur.Article), diffContext)
			c.Link = articleLink(id, cur.Number, i == len(versions)-1)
			c.FromLink = articleLink(id, prev.Number, false)
		}
		view.Changes = append(view.Changes, c)
	}
	// Newest change first: what a reader checks is what changed last.
	for i, j := 0, len(view.Changes)-1; i < j; i, j = i+1, j-1 {
		view.Changes[i], view.Changes[j] = view.Changes[j], view.Changes[i]
	}
	return view
}

// articleLink is the page of an article's version, relative to an
// article's page.
func articleLink(id string, version int, current bool) string {
	if current {
		return "../articles/" + url.PathEscape(id)
	}
	return "../articles/" + url.PathEscape(id) + "?version=" + strconv.Itoa(version)
}

// seenDate is the day an entry was seen, as the page prints dates.
func seenDate(v newsindex.Version) string {
	if v.Seen.IsZero() {
		return ""
	}
	return v.Seen.UTC().Format("2 January 2006")
}

// diffContext is how many words of unchanged text the page shows on each
// side of a change.
const diffContext = 12

// changesHTML renders a word diff as HTML: insertions in <ins>, deletions
// in <del> (underlined and struck through: readable without colour), the
// text between them cut to context words on each side of a change.
func changesHTML(changes []newsindex.Change, context int) template.HTML {
	var b strings.Builder
	for i, c := range changes {
		text := c.Text
		switch c.Op {
		case "insert":
			b.WriteString("<ins>" + template.HTMLEscapeString(text) + "</ins>")
		case "delete":
			b.WriteString("<del>" + template.HTMLEscapeString(text) + "</del>")
		default:
			if context > 0 {
				first, last := i == 0, i == len(changes)-1
				text = elide(text, context, !first, !last)
			}
			b.WriteString(template.HTMLEscapeString(text))
		}
	}
	return template.HTML(b.String())
}

// elide shortens unchanged text to the words next to the changes: its
// first words when a change comes before it (before), its last when one
// follows (after), an ellipsis for what is left out.
func elide(text string, words int, before, after bool) string {
	fields := strings.Fields(text)
	keep := 0
	if before {
		keep += words
	}
	if after {
		keep += words
	}
	if len(fields) <= keep+words/2 { // not worth cutting
		return text
	}
	head, tail := "", ""
	if before {
		head = firstWords(text, words)
	}
	if after {
		tail = lastWords(text, words)
	}
	switch {
	case before && after:
		return head + " … " + tail
	case before:
		return head + " …"
	case after:
		return "… " + tail
	}
	return text
}

// firstWords is text up to the end of its nth word, spaces before it kept.
func firstWords(text string, n int) string {
	seen, in := 0, false
	for i, r := range text {
		space := r == ' ' || r == '\n' || r == '\t'
		if !space && !in {
			seen++
		}
		if space && in && seen == n {
			return text[:i]
		}
		in = !space
	}
	return text
}

// lastWords is text from the start of its nth word from the end, spaces
// after it kept.
func lastWords(text string, n int) string {
	seen, in := 0, false
	for i := len(text) - 1; i >= 0; i-- {
		c := text[i]
		space := c == ' ' || c == '\n' || c == '\t'
		if !space && !in {
			seen++
		}
		if space && in && seen == n {
			return text[i+1:]
		}
		in = !space
	}
	return text
}
