package server

import (
	"net/http"
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
