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

// apiRelated answers /api/articles/{id}/related?kind=&lang=&size=&days=
// with the article's related articles: {"id":…,"hits":[{<article>,
// "score":S,"kind":…}]}.
func (h *handler) apiRelated(w http.ResponseWriter, r *http.Request) {
	opts, err := relatedOptions(r)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	rel, err := h.idx.Related(r.Context(), r.PathValue("id"), opts)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rel)
}

// relatedOptions reads kind, lang (each a list separated by commas), size
// and days.
func relatedOptions(r *http.Request) (newsindex.RelatedOptions, error) {
	v := r.URL.Query()
	var opts newsindex.RelatedOptions
	for _, k := range strings.Split(v.Get("kind"), ",") {
		if k = strings.TrimSpace(k); k != "" {
			opts.Kinds = append(opts.Kinds, newsindex.RelatedKind(strings.ToLower(k)))
		}
	}
	for _, code := range strings.Split(v.Get("lang"), ",") {
		if code = strings.TrimSpace(code); code != "" {
			opts.Languages = append(opts.Languages, code)
		}
	}
	if s := v.Get("size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return opts, &badRequest{msg: "size must be a number from 1 to 100"}
		}
		opts.Size = n
	}
	if s := v.Get("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n == 0 || n < -1 {
			return opts, &badRequest{msg: "days must be a number of days from 1, or -1 for any date"}
		}
		opts.Window = newsindex.RelatedDays(n)
	}
	return opts, nil
}

// relatedView is what the article page shows of the related articles.
type relatedView struct {
	Duplicates, Translations, Similar []relatedItem
}

// relatedItem is one related article on an article's page.
type relatedItem struct {
	Article newsindex.Article
	Link    string // its page
	Diff    string // the comparison with the article shown; "" for similar articles
	Share   string // for a duplicate, how much of the text they share
}

// related finds the related articles of the current article for its page;
// nil when there are none or the search fails (the page shows the article
// anyway, and the failure is logged).
func (h *handler) related(r *http.Request, a newsindex.Article) *relatedView {
	rel, err := h.idx.Related(r.Context(), a.ID, newsindex.RelatedOptions{Size: 5})
	if err != nil {
		h.opts.Logger.Warn("newsindex server: related articles", "id", a.ID, "err", err)
		return nil
	}
	if len(rel.Hits) == 0 {
		return nil
	}
	view := &relatedView{}
	for _, hit := range rel.Hits {
		item := relatedItem{Article: hit.Article, Link: "../articles/" + url.PathEscape(hit.Article.ID)}
		if hit.Kind != newsindex.Similar {
			item.Diff = "../diff?" + url.Values{"a": {a.ID}, "b": {hit.Article.ID}}.Encode()
		}
		switch hit.Kind {
		case newsindex.Duplicate:
			item.Share = strconv.Itoa(int(100*hit.Score+0.5)) + "% of the text"
			view.Duplicates = append(view.Duplicates, item)
		case newsindex.Translation:
			view.Translations = append(view.Translations, item)
		default:
			view.Similar = append(view.Similar, item)
		}
	}
	return view
}

// diffView is the page comparing two articles or versions.
type diffView struct {
	Base   string
	A, B   newsindex.Version
	RefA   string
	RefB   string
	LinkA  string
	LinkB  string
	Text   template.HTML
	Same   bool
	Others bool // the two are different articles, not versions of one
}

// pageDiff shows /diff?a=&b=: the text of b against a, word by word, each
// an ID (the current version) or ID@N.
func (h *handler) pageDiff(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	view := diffView{Base: "./", RefA: v.Get("a"), RefB: v.Get("b")}
	if view.RefA == "" || view.RefB == "" {
		h.renderError(w, r, http.StatusBadRequest, "Name the two articles to compare: a= and b=, each an ID or ID@N for version N.")
		return
	}
	for i, ref := range []string{view.RefA, view.RefB} {
		if _, _, err := newsindex.SplitVersionRef(ref); err != nil {
			h.renderError(w, r, http.StatusBadRequest, strings.TrimPrefix(err.Error(), "newsindex: "))
			return
		}
		version, err := h.idx.Version(r.Context(), ref)
		if errors.Is(err, newsindex.ErrNotFound) || errors.Is(err, newsindex.ErrNoVersion) {
			h.renderError(w, r, http.StatusNotFound, strings.TrimPrefix(err.Error(), "newsindex: "))
			return
		}
		if err != nil {
			h.opts.Logger.Error("newsindex server", "path", r.URL.Path, "err", err)
			h.renderError(w, r, http.StatusInternalServerError, "Something went wrong on the server; try again.")
			return
		}
		id, n, _ := newsindex.SplitVersionRef(ref)
		link := "articles/" + url.PathEscape(id)
		if n > 0 {
			link += "?version=" + strconv.Itoa(n)
		}
		if i == 0 {
			view.A, view.LinkA = version, link
		} else {
			view.B, view.LinkB = version, link
		}
	}
	changes := newsindex.Diff(view.A.Article, view.B.Article)
	view.Same = len(changes) <= 1 && (len(changes) == 0 || changes[0].Op == "equal")
	view.Others = view.A.Article.ID != view.B.Article.ID
	view.Text = changesHTML(changes, 0)
	render(w, http.StatusOK, "diff.html", view)
}
