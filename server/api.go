package server

import (
	"encoding/csv"
	"encoding/json"
	"net/http"

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
