// Package server is the HTTP side of newsindex: a JSON API and a search
// page over an [newsindex.Index], as one http.Handler that other programs
// can mount anywhere (its links are relative).
//
//	GET /                     the search page (server-rendered, no JavaScript)
//	GET /articles/{id}        one article
//	GET /compare              up to five queries (q=…&q=…) over time: interval, from, to, measure=count|share, lang, source
//	GET /terms                the top words and names of a search: q and the filters, as the search page reads them
//	GET /kwic                 the occurrences of a search's words in context: q, the filters, sort=newest, start
//	GET /api/search           q, any, relax, prefer, lang, source, author, entity, section, from, to, sort, size, cursor, facets
//	GET /api/articles/{id}    one article as JSON
//	GET /api/stats            what the index holds
//	GET /api/export           q and the filters, format=jsonl|csv: every match, streamed
//	GET /api/trend            q=…&q=…, interval, from, to, lang, source, format=json|csv
//	GET /api/terms            q and the filters, size, sample
//	GET /api/kwic             q and the filters, width, sort, size, format=json|csv: streamed
//
// A query that does not parse is 400 with the reason and position; a
// missing article 404. Query length, page size, export size and request
// time are capped; errors never carry file paths or stack traces.
package server

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsindex/newsindex"
)

// Options configure the handler. The zero value is ready to use.
type Options struct {
	// MaxQueryBytes caps the query text; zero means 2,000 bytes.
	MaxQueryBytes int
	// MaxPageSize caps the hits of one page; zero means 100.
	MaxPageSize int
	// MaxExport caps the articles one export streams; zero means 100,000.
	MaxExport int
	// Timeout caps the time of one request (exports excepted); zero means 10s.
	Timeout time.Duration
	// Logger receives internal errors; nil means slog.Default().
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.MaxQueryBytes <= 0 {
		o.MaxQueryBytes = 2000
	}
	if o.MaxPageSize <= 0 {
		o.MaxPageSize = 100
	}
	if o.MaxExport <= 0 {
		o.MaxExport = 100000
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

//go:embed static
var staticFiles embed.FS

// handler serves one index.
type handler struct {
	idx  *newsindex.Index
	opts Options
	mux  *http.ServeMux
}

// New returns the handler of the API and the page over idx.
func New(idx *newsindex.Index, opts Options) http.Handler {
	h := &handler{idx: idx, opts: opts.withDefaults(), mux: http.NewServeMux()}
	static, _ := fs.Sub(staticFiles, "static")
	h.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	h.mux.HandleFunc("GET /api/search", h.timed(h.apiSearch))
	h.mux.HandleFunc("GET /api/articles/{id}", h.timed(h.apiArticle))
	h.mux.HandleFunc("GET /api/articles/{id}/history", h.timed(h.apiHistory))
	h.mux.HandleFunc("GET /api/articles/{id}/related", h.timed(h.apiRelated))
	h.mux.HandleFunc("GET /api/diff", h.timed(h.apiDiff))
	h.mux.HandleFunc("GET /api/stats", h.timed(h.apiStats))
	h.mux.HandleFunc("GET /api/export", h.apiExport)
	h.mux.HandleFunc("GET /api/trend", h.timed(h.apiTrend))
	h.mux.HandleFunc("GET /api/terms", h.timed(h.apiTerms))
	h.mux.HandleFunc("GET /api/kwic", h.apiKWIC)
	h.mux.HandleFunc("GET /articles/{id}", h.timed(h.pageArticle))
	h.mux.HandleFunc("GET /diff", h.timed(h.pageDiff))
	h.mux.HandleFunc("GET /compare", h.timed(h.pageCompare))
	h.mux.HandleFunc("GET /terms", h.timed(h.pageTerms))
	h.mux.HandleFunc("GET /kwic", h.timed(h.pageKWIC))
	h.mux.HandleFunc("GET /{$}", h.timed(h.pageSearch))
	h.mux.HandleFunc("GET /", h.notFound)
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "no-referrer")
	hdr.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.mux.ServeHTTP(w, r)
}

// timed gives a request the configured deadline.
func (h *handler) timed(f http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
		defer cancel()
		f(w, r.WithContext(ctx))
	}
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, http.StatusNotFound, "no such endpoint", nil)
		return
	}
	h.renderError(w, r, http.StatusNotFound, "There is no page at this address.")
}

// request is what the search endpoints read from the URL.
type request struct {
	text   string
	query  newsindex.Query
	filter newsindex.Filter
	opts   newsindex.SearchOptions
}

// badRequest is an error in what the client sent.
type badRequest struct {
	msg string
	qe  *newsindex.QueryError
}

func (e *badRequest) Error() string { return e.msg }

// parseRequest reads q, any, the filters, history, dropped, collapse, relax,
// prefer, sort, size, cursor and facets.
func (h *handler) parseRequest(r *http.Request, defaultFacets []newsindex.Facet) (*request, error) {
	v := r.URL.Query()
	req := &request{text: v.Get("q")}
	if len(req.text) > h.opts.MaxQueryBytes {
		return nil, &badRequest{msg: "query longer than " + strconv.Itoa(h.opts.MaxQueryBytes) + " bytes"}
	}
	req.filter = newsindex.Filter{Language: v.Get("lang"), Source: v.Get("source"), Author: v.Get("author"), Entity: v.Get("entity"), Section: v.Get("section"), From: v.Get("from"), To: v.Get("to")}
	anyWords, err := boolParam(v, "any")
	if err != nil {
		return nil, err
	}
	if req.opts.History, err = boolParam(v, "history"); err != nil {
		return nil, err
	}
	if req.opts.Dropped, err = boolParam(v, "dropped"); err != nil {
		return nil, err
	}
	if req.opts.Collapse, err = boolParam(v, "collapse"); err != nil {
		return nil, err
	}
	req.opts.Relax = true
	if v.Get("relax") != "" {
		if req.opts.Relax, err = boolParam(v, "relax"); err != nil {
			return nil, err
		}
	}
	for _, code := range strings.Split(v.Get("prefer"), ",") {
		if code = strings.ToLower(strings.TrimSpace(code)); code != "" {
			if !languageCode.MatchString(code) {
				return nil, &badRequest{msg: "prefer takes ISO 639 codes separated by commas, such as en,de"}
			}
			req.opts.Prefer = append(req.opts.Prefer, code)
		}
	}
	q, err := newsindex.Parse(req.text)
	if err == nil {
		if anyWords {
			q = newsindex.AnyWords(q)
		}
		q, err = req.filter.Apply(q)
	}
	var qe *newsindex.QueryError
	if errors.As(err, &qe) {
		return nil, &badRequest{msg: qe.Error(), qe: qe}
	}
	if err != nil {
		return nil, err
	}
	req.query = q
	if s := v.Get("sort"); s != "" {
		if req.opts.Sort, err = newsindex.ParseSort(s); err != nil {
			return nil, &badRequest{msg: err.Error()}
		}
	}
	req.opts.Size = 10
	if s := v.Get("size"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > h.opts.MaxPageSize {
			return nil, &badRequest{msg: "size must be a number from 1 to " + strconv.Itoa(h.opts.MaxPageSize)}
		}
		req.opts.Size = n
	}
	req.opts.After = v.Get("cursor")
	req.opts.Facets = defaultFacets
	if f := v.Get("facets"); f != "" {
		req.opts.Facets = nil
		for _, name := range strings.Split(f, ",") {
			facet, err := newsindex.ParseFacet(strings.TrimSpace(name))
			if err != nil {
				return nil, &badRequest{msg: strings.TrimPrefix(err.Error(), "newsindex: ")}
			}
			req.opts.Facets = append(req.opts.Facets, facet)
		}
	}
	return req, nil
}

// languageCode is what a language of prefer= looks like.
var languageCode = regexp.MustCompile(`^[a-z]{2,3}$`)

// acceptedLanguages reads an Accept-Language header into ISO 639 codes,
// most wanted first, at most three: "de-AT,de;q=0.9,en;q=0.8" gives de, en.
func acceptedLanguages(header string) []string {
	type wanted struct {
		code string
		q    float64
	}
	var all []wanted
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		code, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if !languageCode.MatchString(code) {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > 0 {
			all = append(all, wanted{code, q})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].q > all[j].q })
	var out []string
	for _, w := range all {
		if !slices.Contains(out, w.code) && len(out) < 3 {
			out = append(out, w.code)
		}
	}
	return out
}

// boolParam reads a checkbox-like parameter: absent, "", "0" or "false" is
// off; "1", "true" or "on" (what a checked HTML checkbox sends) is on.
func boolParam(v url.Values, name string) (bool, error) {
	switch v.Get(name) {
	case "", "0", "false":
		return false, nil
	case "1", "true", "on":
		return true, nil
	}
	return false, &badRequest{msg: name + " must be 1 or 0 (or true, false, on)"}
}

// errorJSON is the body of every API error.
type errorJSON struct {
	Error string `json:"error"`
	// Position is the column (from 1) of the fault in the query, as the
	// message says it, for query errors that have one.
	Position *int   `json:"position,omitempty"`
	Query    string `json:"query,omitempty"`
}

func writeError(w http.ResponseWriter, status int, msg string, qe *newsindex.QueryError) {
	body := errorJSON{Error: msg}
	if col := column(qe); col > 0 {
		body.Position, body.Query = &col, qe.Query
	}
	writeJSON(w, status, body)
}

// column is the column (from 1) of a query error, as its message and the
// page say it; 0 when it has none. The API's position and the page's "at
// column" both come from here.
func column(qe *newsindex.QueryError) int {
	if qe == nil || qe.Pos < 0 {
		return 0
	}
	return qe.Pos + 1
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// apiFail answers an API request that failed: the client's fault as 400 or
// 404 with the reason, anything else as a bare 500 (logged, not shown).
func (h *handler) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	var bad *badRequest
	var qe *newsindex.QueryError
	var oe *newsindex.OptionError
	switch {
	case errors.As(err, &bad):
		writeError(w, http.StatusBadRequest, bad.msg, bad.qe)
	case errors.As(err, &qe):
		// Found when the query is compiled: a limit, a word too long.
		writeError(w, http.StatusBadRequest, qe.Error(), qe)
	case errors.As(err, &oe):
		writeError(w, http.StatusBadRequest, strings.TrimPrefix(oe.Error(), "newsindex: "), nil)
	case errors.Is(err, newsindex.ErrNotFound):
		writeError(w, http.StatusNotFound, "article not found", nil)
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "the search took too long", nil)
	case errors.Is(err, newsindex.ErrBadCursor):
		writeError(w, http.StatusBadRequest, "bad cursor: start again from the first page", nil)
	default:
		h.opts.Logger.Error("newsindex server", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "internal error", nil)
	}
}
