package server

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/newsindex/newsindex"
)

//go:embed templates/*.html
var templateFiles embed.FS

var pages = template.Must(template.New("").Funcs(template.FuncMap{
	"date":  displayDate,
	"label": label,
	// fragment marks a highlighted passage as safe HTML: Bleve escapes the
	// article text and adds only <mark> and </mark>.
	"fragment": func(s string) template.HTML { return template.HTML(s) },
}).ParseFS(templateFiles, "templates/*.html"))

// paragraphs splits text into its lines that say something: a line of
// punctuation alone (the ", , , ," scrapers leave where a page had empty
// paragraphs) is no paragraph.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if strings.IndexFunc(p, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			out = append(out, strings.TrimSpace(p))
		}
	}
	return out
}

// filterFacets are the facets the page shows as filters, in its order.
var filterFacets = []newsindex.Facet{newsindex.FacetLanguage, newsindex.FacetSource, newsindex.FacetSection, newsindex.FacetAuthor, newsindex.FacetEntity}

// pageFacets are the facets the page counts: the filters and the timeline's.
var pageFacets = append(slices.Clone(filterFacets), newsindex.FacetMonth, newsindex.FacetYear)

// facetParam is the URL parameter each facet filters by.
var facetParam = map[newsindex.Facet]string{newsindex.FacetLanguage: "lang", newsindex.FacetSource: "source", newsindex.FacetAuthor: "author", newsindex.FacetEntity: "entity", newsindex.FacetSection: "section"}

// searchView is what the search page shows.
type searchView struct {
	Base    string // relative path to the root of the handler
	Query   string
	Params  url.Values
	Sorts   []sortOption // the sort select, the applied order selected
	Any     bool         // the any-word checkbox
	Copies  bool         // the every-copy checkbox: stories not collapsed
	Stories int          // the stories among the matches read, when collapsed
	AtLeast bool         // Stories counts the stories of the first matches only
	History bool         // the earlier-versions checkbox
	Dropped bool         // only what was taken out
	// DroppedLink turns "only what was taken out" on or off in a search of
	// the past.
	DroppedLink string
	From, To    string
	Error       string
	ErrorCol    int // the column (from 1) of the fault in the query; 0 for none
	Searched    bool
	Total       uint64
	Notes       []string // how the query was read: relaxed, names
	Hits        []hitView
	Facets      []facetView
	Active      []activeFilter
	Timeline    *timeline
	// Research links the views of the search: top words, keyword in
	// context, the compare page.
	Research []switchLink
	Next     string
}

type hitView struct {
	Article   newsindex.Article
	Link      string
	Fragments []string
	Version   string // in a search of the past: which version the hit is
	Others    []otherView
}

// otherView is another article of a hit's story: a reprint or a copy.
type otherView struct {
	Member newsindex.StoryMember
	Link   string
	Diff   string // the comparison with the hit
}

type facetView struct {
	Name    string
	Buckets []bucketView
	More    string // link to more of this facet's buckets; "" when all are shown
	Fewer   string // link back to the first facetShown; "" when not expanded
}

type bucketView struct {
	Value  string // what the link filters by
	Label  string // the value as shown: an entity's name, shortened
	Title  string // the whole name when Label is shortened
	Count  int
	Link   string
	Active bool
}

type activeFilter struct {
	Name, Value, Remove string
	Text, Label, Title  string // the value as shown, whole and shortened
}

// shown is how the page shows the value of a filter: an entity by its
// name, anything longer than labelRunes shortened (the whole in title).
func shown(param, value string, names map[string]string) (text, short, title string) {
	text = value
	if n := names[value]; param == "entity" && n != "" {
		text = n
	}
	if short = label(text); short != text {
		title = text
	}
	return text, short, title
}

const (
	// facetShown is how many buckets of a facet the page shows.
	facetShown = 10
	// facetMore is how many buckets of the facet more= names it shows.
	facetMore = 50
	// labelRunes is the most of a facet value the page shows: Rodong
	// Sinmun's author field holds whole slogans.
	labelRunes = 40
)

// label shortens a value for display to at most labelRunes letters and an
// ellipsis, at a space when there is one in its second half.
func label(s string) string {
	r := []rune(s)
	if len(r) <= labelRunes {
		return s
	}
	cut := labelRunes
	for i := labelRunes; i > labelRunes/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,;:.-") + "…"
}

func (h *handler) pageSearch(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	view := &searchView{Base: "./", Query: params.Get("q"), Params: params, From: params.Get("from"), To: params.Get("to")}
	view.Any, _ = boolParam(params, "any") // a bad value is reported by parseRequest
	view.History, _ = boolParam(params, "history")
	view.Dropped, _ = boolParam(params, "dropped")
	view.History = view.History || view.Dropped // what the search is
	if view.History {
		view.DroppedLink = link(params, "dropped", "1")
		if view.Dropped {
			view.DroppedLink = link(params, "dropped", "")
		}
	}
	names := h.entityNames()
	for _, name := range []string{"lang", "source", "section", "author", "entity", "from", "to"} {
		if v := params.Get(name); v != "" {
			f := activeFilter{Name: name, Value: v, Remove: link(params, name, "")}
			f.Text, f.Label, f.Title = shown(name, v, names)
			view.Active = append(view.Active, f)
		}
	}
	def := defaultSort(view.Query)
	view.Sorts = sortOptions(params.Get("sort"), def)
	req, err := h.parseRequest(r, pageFacets)
	if err != nil {
		h.pageFail(w, r, view, err)
		return
	}
	if params.Get("sort") == "" {
		req.opts.Sort = def
	}
	req.opts.Highlight = true
	// Stories are collapsed on the page unless the reader asks for every
	// copy; a search of the past shows every version.
	view.Copies, _ = boolParam(params, "copies")
	if !view.Copies && !view.History && params.Get("cursor") == "" {
		req.opts.Collapse = true
		if s := params.Get("start"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 || n >= newsindex.CollapseWindow {
				h.pageFail(w, r, view, &badRequest{msg: "start must be a number from 0 to " + strconv.Itoa(newsindex.CollapseWindow-1)})
				return
			}
			req.opts.From = n
		}
		if req.opts.From+req.opts.Size > newsindex.CollapseWindow {
			req.opts.Size = newsindex.CollapseWindow - req.opts.From
		}
	}
	more := params.Get("more")
	if !slices.Contains(filterFacets, newsindex.Facet(more)) {
		more = ""
	}
	// One bucket more than shown says whether there are more.
	req.opts.FacetSize = facetShown + 1
	if more != "" {
		req.opts.FacetSize = facetMore + 1
	}
	if len(req.opts.Prefer) == 0 {
		req.opts.Prefer = acceptedLanguages(r.Header.Get("Accept-Language"))
	}
	res, err := h.idx.Search(r.Context(), req.query, req.opts)
	if err != nil {
		h.pageFail(w, r, view, err)
		return
	}
	view.Searched, view.Total, view.Notes = true, res.Total, res.Notes
	if read := min(res.Total, newsindex.CollapseWindow); res.Stories > 0 && uint64(res.Stories) < read {
		view.Stories = res.Stories // say so only when copies were grouped
		view.AtLeast = res.StoriesAtLeast
	}
	view.Research = researchViews(params, "results")
	for _, hit := range res.Hits {
		frags := hit.Fragments["body"]
		if len(frags) == 0 {
			frags = hit.Fragments["title"]
		}
		target := "articles/" + url.PathEscape(hit.Article.ID)
		search := searchParams(params)
		hv := hitView{Article: hit.Article, Fragments: frags}
		if v := hit.History; v != nil {
			switch {
			case v.Current:
				hv.Version = fmt.Sprintf("version %d, the current one", v.Version)
			case v.Deleted:
				hv.Version = fmt.Sprintf("version %d · the article is deleted", v.Version)
				search.Set("version", strconv.Itoa(v.Version))
			default:
				hv.Version = fmt.Sprintf("version %d, since changed", v.Version)
				search.Set("version", strconv.Itoa(v.Version))
			}
		}
		if len(search) > 0 {
			target += "?" + search.Encode()
		}
		hv.Link = target
		for _, o := range hit.Others {
			hv.Others = append(hv.Others, otherView{Member: o, Link: "articles/" + url.PathEscape(o.ID),
				Diff: "diff?" + url.Values{"a": {hit.Article.ID}, "b": {o.ID}}.Encode()})
		}
		view.Hits = append(view.Hits, hv)
	}
	for _, f := range filterFacets {
		fv := facetView{Name: string(f)}
		param := facetParam[f]
		buckets, limit := res.Facets[f], facetShown
		if string(f) == more {
			limit = facetMore
			fv.Fewer = link(params, "more", "")
		}
		if len(buckets) > limit {
			buckets = buckets[:limit]
			if string(f) != more {
				fv.More = link(params, "more", string(f))
			}
		}
		for _, b := range buckets {
			active := params.Get(param) == b.Value
			target := b.Value
			if active {
				target = ""
			}
			bv := bucketView{Value: b.Value, Count: b.Count, Link: link(params, param, target), Active: active}
			_, bv.Label, bv.Title = shown(param, b.Value, names)
			fv.Buckets = append(fv.Buckets, bv)
		}
		if len(fv.Buckets) > 0 {
			view.Facets = append(view.Facets, fv)
		}
	}
	view.Timeline = newTimeline(res.Facets[newsindex.FacetMonth], res.Facets[newsindex.FacetYear], params)
	if req.opts.Collapse && res.Stories > req.opts.From+len(res.Hits) {
		view.Next = link(params, "start", strconv.Itoa(req.opts.From+len(res.Hits)))
	}
	if res.Cursor != "" {
		view.Next = link(params, "cursor", res.Cursor)
	}
	render(w, http.StatusOK, "search.html", view)
}

// defaultSort is the order of a search without sort=: newest first when
// there is no query text (every article matches alike, and "best match"
// would mean an arbitrary order), best match otherwise.
func defaultSort(text string) newsindex.Sort {
	if strings.TrimSpace(text) == "" {
		return newsindex.ByNewest
	}
	return newsindex.ByRelevance
}

// sortOption is one option of the sort select.
type sortOption struct {
	Value, Label string
	Selected     bool
}

// sortOptions are the options of the sort select with the applied order
// (sort=, else def) selected. The default order's option sends sort= empty,
// so that it stays the default: a query typed on the front page, whose
// select shows "newest", is ranked by best match unless the reader picks
// an order.
func sortOptions(param string, def newsindex.Sort) []sortOption {
	applied := def
	if s, err := newsindex.ParseSort(param); err == nil && param != "" {
		applied = s
	}
	var out []sortOption
	for _, s := range []newsindex.Sort{newsindex.ByRelevance, newsindex.ByNewest, newsindex.ByOldest} {
		o := sortOption{Value: s.String(), Label: s.String(), Selected: s == applied}
		if s == newsindex.ByRelevance {
			o.Label = "best match"
		}
		if s == def && param == "" {
			o.Value = ""
		}
		out = append(out, o)
	}
	return out
}

// link is the current query string with one parameter changed ("" removes
// it); any change but the cursor's, or more='s (which changes only the
// facets shown), starts again from the first page.
func link(params url.Values, key, value string) string {
	v := url.Values{}
	for k, vs := range params {
		v[k] = append([]string(nil), vs...)
	}
	if key != "cursor" && key != "more" {
		v.Del("cursor")
	}
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	return "./?" + v.Encode()
}

// pageFail shows the search page with the error.
func (h *handler) pageFail(w http.ResponseWriter, r *http.Request, view *searchView, err error) {
	var bad *badRequest
	var qe *newsindex.QueryError
	status := http.StatusBadRequest
	switch {
	case errors.As(err, &bad):
		view.Error = bad.msg
		if bad.qe != nil {
			view.Error, view.ErrorCol = bad.qe.Reason, column(bad.qe)
		}
	case errors.As(err, &qe):
		view.Error, view.ErrorCol = qe.Reason, column(qe)
	case errors.Is(err, newsindex.ErrBadCursor):
		view.Error = "That page link has expired; start again from the first page."
	default:
		h.opts.Logger.Error("newsindex server", "path", r.URL.Path, "err", err)
		status = http.StatusInternalServerError
		view.Error = "Something went wrong on the server; try again."
	}
	render(w, status, "search.html", view)
}

type articleView struct {
	Base     string
	Article  newsindex.Article
	Title    template.HTML   // the headline, the query's matches marked
	Body     []template.HTML // the paragraphs, the query's matches marked
	Back     string          // the results the reader came from; "" when none
	Entities []entityView
	History  *historyView // nil for an article with one version
	// Version is the number of the version shown when it is not the
	// current one (an earlier version, or the last of a deleted article);
	// 0 for the current version.
	Version int
	Current string       // the current version's page when Version is set; "" for a deleted article
	Notice  string       // what the reader must know first: an earlier version, a deleted article
	Related *relatedView // nil for none, and for earlier versions and deleted articles
}

// entityView is an entity an article names, linking to the articles that
// name it.
type entityView struct {
	ID, Name, Kind, Link string
}

func (h *handler) pageArticle(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	version := 0
	if v := r.URL.Query().Get("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			h.renderError(w, r, http.StatusBadRequest, "The version must be a number from 1.")
			return
		}
		version = n
	}
	versions, err := h.idx.History(r.Context(), id)
	if errors.Is(err, newsindex.ErrNotFound) {
		h.renderError(w, r, http.StatusNotFound, "There is no article with this ID in the index.")
		return
	}
	if err != nil {
		h.opts.Logger.Error("newsindex server", "path", r.URL.Path, "err", err)
		h.renderError(w, r, http.StatusInternalServerError, "Something went wrong on the server; try again.")
		return
	}
	if version > len(versions) {
		h.renderError(w, r, http.StatusNotFound, fmt.Sprintf("This article has %d versions; there is no version %d.", len(versions), version))
		return
	}
	last := versions[len(versions)-1]
	shown := last
	if version > 0 {
		shown = versions[version-1]
	} else if last.Deleted && len(versions) > 1 {
		shown = versions[len(versions)-2] // what it said before it was deleted
	}
	a := shown.Article
	view := articleView{Base: "../", Article: a, Entities: h.entities(a), History: h.history(versions, id)}
	switch {
	case last.Deleted:
		view.Version = shown.Number
		when := "at a time not recorded"
		if d := seenDate(last); d != "" {
			when = "on " + d
		}
		view.Notice = "This article was deleted " + when + "."
		if shown.Number == len(versions)-1 {
			view.Notice += " Below is what it said last."
		} else {
			view.Notice += fmt.Sprintf(" Below is version %d of %d.", shown.Number, len(versions)-1)
		}
	case version > 0 && version < len(versions):
		view.Version = shown.Number
		view.Notice = fmt.Sprintf("This is version %d of %d, not the current one.", shown.Number, len(versions))
		view.Current = "../articles/" + url.PathEscape(id)
	}
	view.Title, view.Body = h.marked(r, a, view.Version)
	if view.Version == 0 {
		view.Related = h.related(r, a)
	}
	if search := searchParams(r.URL.Query()); len(search) > 0 {
		search.Del("version")
		if len(search) > 0 {
			view.Back = "../?" + search.Encode()
		}
	}
	render(w, http.StatusOK, "article.html", view)
}

// searchParams are the parameters of a search that a link from its results
// to an article carries, so that the article's page can mark the query's
// words and link back to the same page of results: every one that is set.
func searchParams(params url.Values) url.Values {
	v := url.Values{}
	for k, vs := range params {
		for _, s := range vs {
			if s != "" {
				v.Add(k, s)
			}
		}
	}
	return v
}

// marked returns the article's headline and paragraphs as HTML, with the
// matches of the search in the request (q and the filters, as a link from
// the results carries them) marked; unmarked when there is no query text,
// when the query does not parse or when the article does not match it.
func (h *handler) marked(r *http.Request, a newsindex.Article, version int) (template.HTML, []template.HTML) {
	title, body := a.Headline(), a.Body
	if title == "" {
		title = "(no title)"
	}
	escaped := func() (template.HTML, []template.HTML) {
		var ps []template.HTML
		for _, p := range paragraphs(body) {
			ps = append(ps, template.HTML(template.HTMLEscapeString(p)))
		}
		return template.HTML(template.HTMLEscapeString(title)), ps
	}
	if strings.TrimSpace(r.URL.Query().Get("q")) == "" {
		return escaped()
	}
	req, err := h.parseRequest(r, nil)
	if err != nil {
		return escaped() // a bad query is the results page's to report
	}
	opts := newsindex.SearchOptions{Size: 1, Highlight: true, WholeText: true, Relax: req.opts.Relax}
	if version > 0 {
		// An earlier version, or a deleted article: the search of the past
		// finds its versions; the one shown is picked below.
		opts.History, opts.Size = true, 1000
	}
	res, err := h.idx.Search(r.Context(), newsindex.And(newsindex.IDs(a.ID), req.query), opts)
	if err != nil {
		var qe *newsindex.QueryError
		if !errors.As(err, &qe) {
			h.opts.Logger.Warn("newsindex server: marking an article", "path", r.URL.Path, "err", err)
		}
		return escaped()
	}
	hit := -1
	for i, h := range res.Hits {
		if version == 0 || h.History != nil && h.History.Version == version {
			hit = i
			break
		}
	}
	if hit < 0 {
		return escaped()
	}
	frags := res.Hits[hit].Fragments
	// Whole fragments are the article's text, escaped, with <mark> added.
	if f := frags["title"]; len(f) > 0 && a.Title != "" {
		title = f[0]
	} else {
		title = template.HTMLEscapeString(title)
	}
	if f := frags["body"]; len(f) > 0 {
		body = f[0]
	} else {
		body = template.HTMLEscapeString(body)
	}
	var ps []template.HTML
	for _, p := range paragraphs(body) {
		ps = append(ps, template.HTML(p))
	}
	return template.HTML(title), ps
}

// entityNames maps the ID of every entity the index knows to its first
// spelling: what the page shows for it.
func (h *handler) entityNames() map[string]string {
	out := map[string]string{}
	for _, e := range h.idx.Names() {
		if len(e.Variants) > 0 {
			out[e.ID] = e.Variants[0]
		}
	}
	return out
}

// entities lists the entities an article names, by the first spelling the
// gazetteer has for each, in the order of their names.
func (h *handler) entities(a newsindex.Article) []entityView {
	ids := h.idx.EntitiesOf(a)
	if len(ids) == 0 {
		return nil
	}
	var out []entityView
	for _, e := range h.idx.Names() {
		if slices.Contains(ids, e.ID) {
			name := e.ID
			if len(e.Variants) > 0 {
				name = e.Variants[0]
			}
			out = append(out, entityView{ID: e.ID, Name: name, Kind: e.Kind, Link: "../?entity=" + url.QueryEscape(e.ID)})
		}
	}
	slices.SortFunc(out, func(a, b entityView) int { return strings.Compare(a.Name, b.Name) })
	return out
}

type errorView struct {
	Base, Message string
	Status        int
}

func (h *handler) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	base := "./"
	if depth := strings.Count(strings.TrimPrefix(r.URL.Path, "/"), "/"); depth > 0 {
		base = strings.Repeat("../", depth)
	}
	render(w, status, "error.html", errorView{Base: base, Message: msg, Status: status})
}

func render(w http.ResponseWriter, status int, name string, view any) {
	var b strings.Builder
	if err := pages.ExecuteTemplate(&b, name, view); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(b.String()))
}

// displayDate prints an article's date as precisely as it is known.
func displayDate(a newsindex.Article) string {
	if d := a.FormatPublished("2 January 2006", "January 2006", "2006"); d != "" {
		return d
	}
	return "undated"
}
