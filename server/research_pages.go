package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/newsindex/newsindex"
)

// The views of a search for reading rather than finding: /terms (the
// words and names its matches hold more than the archive) and /kwic (every
// occurrence of its words in context). Each is a page of its own, linked
// from the results with the same query string, rather than a panel of the
// search page: top words cost 75–150 ms and a concordance streams, and
// the results should not wait for either. Both read q and the filters as
// the search page does (parseRequest), so the filters carry over.

const (
	// termsShown is how many words, and names, the top words view lists.
	termsShown = 40
	// kwicShown is how many lines of keyword in context one page shows.
	kwicShown = 200
)

// researchView is what the top words and keyword in context views show
// around their panel: the query, its filters and the links between the
// views of the search.
type researchView struct {
	Base   string
	Action string // the view: "terms" or "kwic"
	Title  string
	Query  string
	Any    bool
	Hidden []hiddenField  // what the form keeps: the filters, the order
	Active []activeFilter // the filters, each with a link without it
	Views  []switchLink   // the results and the other views of the search
	Error  string
	// ErrorCol is the column (from 1) of the fault in the query; 0 for none.
	ErrorCol int
	Notes    []note
	Terms    *termsPanel
	KWIC     *kwicPanel
}

// note is something the reader should know about a view, and a link to
// what to do about it.
type note struct{ Text, Link, LinkText string }

// hiddenField is a parameter a form sends unchanged.
type hiddenField struct{ Name, Value string }

// termsPanel is the top words of a search.
type termsPanel struct {
	Matches  string // the articles the query matches
	Sampled  string // the matches whose words were read
	Language string
	Words    []termRow
	Names    []termRow
}

// termRow is one word or name, linking to the search narrowed by it.
type termRow struct {
	Label, Link string
	Kind        string // of a name: person, place, organisation
	Count       string // matches that hold it
	Background  string // articles of the archive that hold it
}

// kwicPanel is one page of keyword in context.
type kwicPanel struct {
	Lines      []kwicRow
	First      int // the number of the first line shown, from 1
	Last       int
	Prev, Next string
	Orders     []switchLink
	CSV        string
	Limit      string // the most lines the CSV holds
}

// kwicRow is one occurrence, linking to its article.
type kwicRow struct {
	Link                string
	Date, Source, Field string
	Language            string
	Left, Match, Right  string
}

// researchParams are the parameters of a search that its views carry: the
// query and the filters, not the page of results, the facets shown or the
// version of an article.
func researchParams(params url.Values) url.Values {
	v := searchParams(params)
	for _, k := range []string{"cursor", "more", "size", "facets", "version", "start"} {
		v.Del(k)
	}
	return v
}

// researchViews are the links between the views of a search: the results,
// top words (for a query or a filter), keyword in context (for a query
// with words) and the compare page; current ("results", "terms", "kwic")
// is the one shown.
func researchViews(params url.Values, current string) []switchLink {
	v := researchParams(params)
	q := ""
	if len(v) > 0 {
		q = "?" + v.Encode()
	}
	text := strings.TrimSpace(params.Get("q")) != ""
	views := []switchLink{{Label: "Results", Link: "./" + q, Current: current == "results"}}
	// The top words of the whole archive are those of no article: the
	// view needs query text or a filter.
	filtered := slices.ContainsFunc([]string{"lang", "source", "section", "author", "entity", "from", "to"}, func(k string) bool { return params.Get(k) != "" })
	if text || filtered || current == "terms" {
		views = append(views, switchLink{Label: "Top words", Link: "terms" + q, Current: current == "terms"})
	}
	if text {
		views = append(views, switchLink{Label: "Keyword in context", Link: "kwic" + q, Current: current == "kwic"})
	}
	views = append(views, switchLink{Label: "Compare over time", Link: compareFromSearch(params)})
	for i := range views {
		if views[i].Current {
			views[i].Link = ""
		}
	}
	return views
}

// compareFromSearch is the compare page for the query of a search: its
// text, with the filters the compare page has no field for (author,
// entity, section) and any= written into it; lang and source stay filters
// (what the shares are of), from and to the range.
func compareFromSearch(params url.Values) string {
	v := url.Values{}
	text := params.Get("q")
	anyWords, _ := boolParam(params, "any")
	f := newsindex.Filter{Author: params.Get("author"), Entity: params.Get("entity"), Section: params.Get("section")}
	if anyWords || f != (newsindex.Filter{}) {
		if q, err := newsindex.Parse(text); err == nil {
			if anyWords {
				q = newsindex.AnyWords(q)
			}
			if q, err = f.Apply(q); err == nil {
				text = newsindex.Format(q)
			}
		}
	}
	if _, all := parsed(text).(newsindex.AllQuery); !all {
		v.Set("q", text)
	}
	for _, k := range []string{"from", "to", "lang", "source"} {
		if s := params.Get(k); s != "" {
			v.Set(k, s)
		}
	}
	if len(v) == 0 {
		return "compare"
	}
	return "compare?" + v.Encode()
}

// parsed is text parsed, or nil when it does not parse.
func parsed(text string) newsindex.Query {
	q, err := newsindex.Parse(text)
	if err != nil {
		return nil
	}
	return q
}

// newResearchView reads the common part of the views.
func (h *handler) newResearchView(r *http.Request, action, title string) *researchView {
	params := r.URL.Query()
	view := &researchView{Base: "./", Action: action, Query: params.Get("q"), Views: researchViews(params, action)}
	view.Title = title
	if strings.TrimSpace(view.Query) != "" {
		view.Title += ": " + view.Query
	}
	view.Any, _ = boolParam(params, "any")
	names := h.entityNames()
	for _, name := range []string{"lang", "source", "section", "author", "entity", "from", "to"} {
		if v := params.Get(name); v != "" {
			view.Hidden = append(view.Hidden, hiddenField{name, v})
			f := activeFilter{Name: name, Value: v, Remove: viewLink(action, params, name, "")}
			f.Text, f.Label, f.Title = shown(name, v, names)
			view.Active = append(view.Active, f)
		}
	}
	for _, name := range []string{"sort", "relax", "prefer"} {
		if v := params.Get(name); v != "" {
			view.Hidden = append(view.Hidden, hiddenField{name, v})
		}
	}
	if history, _ := boolParam(params, "history"); history || params.Get("dropped") != "" {
		view.Notes = append(view.Notes, note{Text: "This view reads the current version of each article, not the earlier ones."})
	}
	return view
}

// viewLink is a view of the search with one parameter changed ("" removes
// it), from its first page.
func viewLink(action string, params url.Values, key, value string) string {
	v := researchParams(params)
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	if len(v) == 0 {
		return action
	}
	return action + "?" + v.Encode()
}

// researchFailPage shows a view with what went wrong: the client's fault as
// 400 with the reason (and the column in the query), a search that took
// too long as 503, anything else as 500 (logged, not shown).
func (h *handler) researchFailPage(w http.ResponseWriter, r *http.Request, name string, view *researchView, err error) {
	var bad *badRequest
	var qe *newsindex.QueryError
	var oe *newsindex.OptionError
	status := http.StatusBadRequest
	switch {
	case errors.As(err, &bad):
		view.Error = bad.msg
		if bad.qe != nil {
			view.Error, view.ErrorCol = bad.qe.Reason, column(bad.qe)
		}
	case errors.As(err, &qe):
		view.Error, view.ErrorCol = qe.Reason, column(qe)
	case errors.As(err, &oe):
		view.Error = oe.Reason
	case errors.Is(err, context.DeadlineExceeded):
		status, view.Error = http.StatusServiceUnavailable, "This took too long; narrow the search and try again."
	default:
		h.opts.Logger.Error("newsindex server", "path", r.URL.Path, "err", err)
		status, view.Error = http.StatusInternalServerError, "Something went wrong on the server; try again."
	}
	view.Terms, view.KWIC = nil, nil
	render(w, status, name, view)
}

// pageTerms shows the words and names the matches of a search hold more
// than the archive, each linking to the search narrowed by it.
func (h *handler) pageTerms(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	view := h.newResearchView(r, "terms", "Top words")
	req, err := h.parseRequest(r, nil)
	if err != nil {
		h.researchFailPage(w, r, "terms.html", view, err)
		return
	}
	res, err := h.idx.Terms(r.Context(), req.query, newsindex.TermsOptions{Size: termsShown, Language: params.Get("lang")})
	if err != nil {
		h.researchFailPage(w, r, "terms.html", view, err)
		return
	}
	p := &termsPanel{Matches: thousands(int(res.Matches)), Sampled: thousands(res.Sampled), Language: res.Language}
	for _, t := range res.Terms {
		p.Words = append(p.Words, termRow{Label: t.Term, Count: thousands(t.Count), Background: thousands(t.Background),
			Link: searchNarrowed(params, newsindex.Format(newsindex.Match{Text: t.Term}))})
	}
	names, kinds := map[string]string{}, map[string]string{}
	for _, e := range h.idx.Names() {
		if len(e.Variants) > 0 {
			names[e.ID], kinds[e.ID] = e.Variants[0], e.Kind
		}
	}
	for _, t := range res.Entities {
		row := termRow{Label: t.Term, Kind: kinds[t.Term], Count: thousands(t.Count), Background: thousands(t.Background)}
		if n := names[t.Term]; n != "" {
			row.Label = n
		}
		// By the entity filter when it is free, so that the results name
		// it; else in the query.
		if params.Get("entity") == "" {
			row.Link = link(researchParams(params), "entity", t.Term)
		} else {
			row.Link = searchNarrowed(params, newsindex.Format(newsindex.Entity(t.Term)))
		}
		p.Names = append(p.Names, row)
	}
	if res.Matches == 0 {
		view.Notes = append(view.Notes, noMatches(params, "terms"))
	}
	view.Terms = p
	render(w, http.StatusOK, "terms.html", view)
}

// noMatches says what to try when a view finds nothing: any word, for a
// query of several (the results relax such a query; the views do not).
func noMatches(params url.Values, action string) note {
	if anyWords, _ := boolParam(params, "any"); !anyWords && len(strings.Fields(params.Get("q"))) > 1 {
		return note{Text: "No article has every word of this query.", Link: viewLink(action, params, "any", "1"), LinkText: "Try any of its words"}
	}
	return note{Text: "No article matches this query."}
}

// searchNarrowed is the search of params with term (in the query
// language) added to its query, on its first page; any= is written into
// the query, so that the term narrows it.
func searchNarrowed(params url.Values, term string) string {
	text := strings.TrimSpace(params.Get("q"))
	v := researchParams(params)
	v.Del("any")
	if text != "" {
		q := parsed(text)
		if anyWords, _ := boolParam(params, "any"); anyWords && q != nil {
			q = newsindex.AnyWords(q)
			text = newsindex.Format(q)
		}
		if _, or := q.(newsindex.OrQuery); or {
			text = "(" + text + ")"
		}
		term = text + " " + term
	}
	v.Set("q", term)
	return "./?" + v.Encode()
}

// pageKWIC shows a page of the occurrences of a search's words, with their
// context: kwicShown lines from start=, oldest first or (sort=newest)
// newest first, each linking to its article.
func (h *handler) pageKWIC(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	view := h.newResearchView(r, "kwic", "Keyword in context")
	req, err := h.parseRequest(r, nil)
	if err != nil {
		h.researchFailPage(w, r, "kwic.html", view, err)
		return
	}
	start, err := intParam(params, "start", 0, 0, h.opts.MaxExport)
	if err != nil {
		h.researchFailPage(w, r, "kwic.html", view, err)
		return
	}
	if strings.TrimSpace(view.Query) == "" {
		// Nothing asked yet: the form, and what it is for.
		view.Notes = append(view.Notes, note{Text: "Type a query to see every occurrence of its words in the articles it matches, with the text on each side."})
		render(w, http.StatusOK, "kwic.html", view)
		return
	}
	newest := req.opts.Sort == newsindex.ByNewest
	p := &kwicPanel{First: start + 1, Limit: thousands(h.opts.MaxExport)}
	article := researchParams(params)
	article.Del("sort")
	seen, more := 0, false
	for l, err := range h.idx.KWIC(r.Context(), req.query, newsindex.KWICOptions{Newest: newest}) {
		if err != nil {
			h.researchFailPage(w, r, "kwic.html", view, err)
			return
		}
		seen++
		if seen <= start {
			continue
		}
		if len(p.Lines) == kwicShown {
			more = true
			break
		}
		target := "articles/" + url.PathEscape(l.ID)
		if len(article) > 0 {
			target += "?" + article.Encode()
		}
		date := l.Published
		if len(date) > len("2006-01-02") {
			date = date[:len("2006-01-02")]
		}
		if date == "" {
			date = "undated"
		}
		row := kwicRow{Link: target, Date: date, Source: l.Source, Language: l.Language, Left: l.Left, Match: l.Match, Right: l.Right}
		if l.Field == "title" {
			row.Field = "headline"
		}
		p.Lines = append(p.Lines, row)
	}
	p.Last = start + len(p.Lines)
	if more {
		p.Next = viewLink("kwic", params, "start", strconv.Itoa(p.Last))
	}
	if start > 0 {
		p.Prev = viewLink("kwic", params, "start", strconv.Itoa(max(0, start-kwicShown)))
		if start <= kwicShown {
			p.Prev = viewLink("kwic", params, "start", "")
		}
	}
	p.Orders = []switchLink{
		{Label: "oldest first", Link: viewLink("kwic", params, "sort", ""), Current: !newest},
		{Label: "newest first", Link: viewLink("kwic", params, "sort", "newest"), Current: newest},
	}
	csv := researchParams(params)
	if newest {
		csv.Set("sort", "newest")
	} else {
		csv.Del("sort")
	}
	csv.Set("size", strconv.Itoa(h.opts.MaxExport))
	csv.Set("format", "csv")
	p.CSV = "api/kwic?" + csv.Encode()
	if len(p.Lines) == 0 && start == 0 {
		view.Notes = append(view.Notes, noMatches(params, "kwic"))
	}
	view.KWIC = p
	render(w, http.StatusOK, "kwic.html", view)
}
