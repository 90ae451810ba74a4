package server

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/newsindex/newsindex"
)

var apiFacets = []newsindex.Facet{newsindex.FacetSource, newsindex.FacetLanguage, newsindex.FacetYear}

func (h *handler) apiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := h.parseRequest(r, apiFacets)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	req.opts.Highlight = true
	res, err := h.idx.Search(r.Context(), req.query, req.opts)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (h *handler) apiArticle(w http.ResponseWriter, r *http.Request) {
	a, err := h.idx.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (h *handler) apiStats(w http.ResponseWriter, r *http.Request) {
	st, err := h.idx.Stats(r.Context())
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// apiExport streams every match, oldest first, as JSON Lines or CSV (the
// columns of newsindex.CSVHitHeader, as the tool's export writes them), up
// to MaxExport articles. Once streaming has begun an error can only end the
// stream; it is logged.
func (h *handler) apiExport(w http.ResponseWriter, r *http.Request) {
	req, err := h.parseRequest(r, nil)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	var write func(newsindex.Article) error
	var flush func()
	switch r.URL.Query().Get("format") {
	case "", "jsonl":
		w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="newsindex-export.jsonl"`)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		write = func(a newsindex.Article) error { return enc.Encode(a) }
		flush = func() {}
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="newsindex-export.csv"`)
		cw := csv.NewWriter(w)
		_ = cw.Write(newsindex.CSVHitHeader)
		// The columns of the tool's export: the score is empty, the order
		// being by date; the entities are the IDs the article names.
		write = func(a newsindex.Article) error { return cw.Write(h.idx.CSVHit(newsindex.Hit{Article: a}, false)) }
		flush = cw.Flush
	default:
		writeError(w, http.StatusBadRequest, "format must be jsonl or csv", nil)
		return
	}
	defer flush()
	sent := 0
	for a, err := range h.idx.Scan(r.Context(), req.query) {
		if err != nil {
			if sent == 0 {
				h.apiFail(w, r, err)
			} else {
				h.opts.Logger.Error("newsindex server: export ended early", "err", err)
			}
			return
		}
		if sent == h.opts.MaxExport || write(a) != nil {
			return // the cap, or the client went away
		}
		sent++
	}
}

// The research endpoints (#16): trends, top words, keyword in context.

// researchFail answers a failed research request: a bad option of the
// library is the client's fault, like a bad query.
func (h *handler) researchFail(w http.ResponseWriter, r *http.Request, err error) {
	var oe *newsindex.OptionError
	if errors.As(err, &oe) {
		err = &badRequest{msg: oe.Error()}
	}
	h.apiFail(w, r, err)
}

// researchQuery reads q, any and the filters (lang, source, author,
// entity, section, from, to) of a research request.
func (h *handler) researchQuery(v url.Values) (newsindex.Query, error) {
	text := v.Get("q")
	if len(text) > h.opts.MaxQueryBytes {
		return nil, &badRequest{msg: "query longer than " + strconv.Itoa(h.opts.MaxQueryBytes) + " bytes"}
	}
	anyWords, err := boolParam(v, "any")
	if err != nil {
		return nil, err
	}
	q, err := newsindex.Parse(text)
	if err == nil {
		if anyWords {
			q = newsindex.AnyWords(q)
		}
		q, err = newsindex.Filter{Language: v.Get("lang"), Source: v.Get("source"), Author: v.Get("author"), Entity: v.Get("entity"), Section: v.Get("section"), From: v.Get("from"), To: v.Get("to")}.Apply(q)
	}
	return q, queryBad(err)
}

// queryBad makes a query error a bad request, with its position.
func queryBad(err error) error {
	var qe *newsindex.QueryError
	if errors.As(err, &qe) {
		return &badRequest{msg: qe.Error(), qe: qe}
	}
	return err
}

// intParam reads a whole number from lo to hi; absent is def.
func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, &badRequest{msg: fmt.Sprintf("%s must be a number from %d to %d", name, lo, hi)}
	}
	return n, nil
}

// apiTrend answers GET /api/trend?q=…&q=…&interval=month&from=&to=&lang=&source=
// with the TrendResult as JSON, or as CSV (query,start,count,total,share)
// with format=csv. Each q is one query; lang and source are what the
// shares are of.
func (h *handler) apiTrend(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	texts := v["q"]
	if len(texts) == 0 {
		h.apiFail(w, r, &badRequest{msg: "q is required: one query a q, up to " + strconv.Itoa(newsindex.MaxTrendQueries)})
		return
	}
	if len(texts) > newsindex.MaxTrendQueries {
		h.apiFail(w, r, &badRequest{msg: fmt.Sprintf("%d queries: a trend compares at most %d", len(texts), newsindex.MaxTrendQueries)})
		return
	}
	opts := newsindex.TrendOptions{Interval: newsindex.Month}
	for _, text := range texts {
		if len(text) > h.opts.MaxQueryBytes {
			h.apiFail(w, r, &badRequest{msg: "query longer than " + strconv.Itoa(h.opts.MaxQueryBytes) + " bytes"})
			return
		}
		q, err := newsindex.Parse(text)
		if err != nil {
			h.apiFail(w, r, queryBad(err))
			return
		}
		opts.Queries = append(opts.Queries, q)
	}
	if s := v.Get("interval"); s != "" {
		iv, err := newsindex.ParseInterval(s)
		if err != nil {
			h.apiFail(w, r, &badRequest{msg: "interval must be day, week, month or year"})
			return
		}
		opts.Interval = iv
	}
	if from, to := v.Get("from"), v.Get("to"); from != "" || to != "" {
		dates, err := newsindex.Filter{From: from, To: to}.Apply(newsindex.All())
		if err != nil {
			h.apiFail(w, r, queryBad(err))
			return
		}
		d, _ := dates.(newsindex.DateRange)
		opts.From, opts.To = d.From, d.To
	}
	if lang, source := v.Get("lang"), v.Get("source"); lang != "" || source != "" {
		opts.Within, _ = newsindex.Filter{Language: lang, Source: source}.Apply(newsindex.All())
	}
	format := v.Get("format")
	if format != "" && format != "json" && format != "csv" {
		h.apiFail(w, r, &badRequest{msg: "format must be json or csv"})
		return
	}
	res, err := h.idx.Trend(r.Context(), opts)
	if err != nil {
		h.researchFail(w, r, err)
		return
	}
	for i := range res.Series {
		res.Series[i].Query = texts[i] // as the client wrote it
	}
	if format != "csv" {
		writeJSON(w, http.StatusOK, res)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="newsindex-trend.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"query", "start", "count", "total", "share"})
	for _, s := range res.Series {
		for i, p := range s.Points {
			_ = cw.Write([]string{s.Query, p.Start.Format(time.DateOnly), strconv.Itoa(p.Count), strconv.Itoa(res.Totals[i]), strconv.FormatFloat(p.Share, 'g', -1, 64)})
		}
	}
	cw.Flush()
}

// apiTerms answers GET /api/terms?q=…&size=30&sample=1000&lang=&… with the
// TermsResult as JSON: the words and entities over-represented in the
// matches. lang also chooses the language of the words.
func (h *handler) apiTerms(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := h.researchQuery(v)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	size, err := intParam(v, "size", 0, 1, h.opts.MaxPageSize)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	sample, err := intParam(v, "sample", 0, 1, newsindex.MaxTermsSample)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	res, err := h.idx.Terms(r.Context(), q, newsindex.TermsOptions{Size: size, Sample: sample, Language: v.Get("lang")})
	if err != nil {
		h.researchFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// apiKWIC streams GET /api/kwic?q=…&width=60&sort=oldest|newest&size=1000
// &format=json|csv&lang=&…: every occurrence of the query's words in the
// matches, a JSON list of lines or CSV rows, up to size lines (at most
// MaxExport). Once streaming has begun an error can only end the stream;
// it is logged.
func (h *handler) apiKWIC(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, err := h.researchQuery(v)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	width, err := intParam(v, "width", newsindex.DefaultKWICWidth, 1, newsindex.MaxKWICWidth)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	limit, err := intParam(v, "size", min(1000, h.opts.MaxExport), 1, h.opts.MaxExport)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	opts := newsindex.KWICOptions{Width: width}
	switch v.Get("sort") {
	case "", "oldest":
	case "newest":
		opts.Newest = true
	default:
		h.apiFail(w, r, &badRequest{msg: "sort must be oldest or newest"})
		return
	}
	format := v.Get("format")
	if format != "" && format != "json" && format != "csv" {
		h.apiFail(w, r, &badRequest{msg: "format must be json or csv"})
		return
	}
	flusher, _ := w.(http.Flusher)
	var cw *csv.Writer
	sent := 0
	start := func() {
		if format == "csv" {
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
			w.Header().Set("Content-Disposition", `attachment; filename="newsindex-kwic.csv"`)
			cw = csv.NewWriter(w)
			_ = cw.Write([]string{"id", "published", "source", "language", "left", "match", "right", "field"})
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = io.WriteString(w, "[")
	}
	write := func(l newsindex.KWICLine) error {
		if cw != nil {
			if err := cw.Write([]string{l.ID, l.Published, l.Source, l.Language, l.Left, l.Match, l.Right, l.Field}); err != nil {
				return err
			}
			cw.Flush()
			return cw.Error()
		}
		var b bytes.Buffer
		if sent > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n")
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // as writeJSON: a JSON client escapes for its page
		if err := enc.Encode(l); err != nil {
			return err
		}
		_, err := w.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
		return err
	}
	finish := func() {
		if cw != nil {
			cw.Flush()
			return
		}
		_, _ = io.WriteString(w, "\n]\n")
	}
	for l, err := range h.idx.KWIC(r.Context(), q, opts) {
		if err != nil {
			if sent == 0 {
				h.researchFail(w, r, err)
			} else {
				h.opts.Logger.Error("newsindex server: kwic ended early", "err", err)
			}
			return
		}
		if sent == 0 {
			start()
		}
		if write(l) != nil {
			return // the client went away
		}
		sent++
		if sent == 1 && flusher != nil {
			flusher.Flush() // the first line at once
		}
		if sent == limit {
			break
		}
	}
	if sent == 0 {
		start()
	}
	finish()
}
