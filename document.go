package newsindex

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/schema"
)

// Article is one news article: the unit the index stores and returns.
type Article struct {
	// ID identifies the article; adding an article with the ID of one already
	// in the index replaces it. When empty, [Index.Add] sets it to
	// [Article.StableID].
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
	// Language is the ISO 639 code of the text ("de", "en", "ru", "ko", …),
	// or "und". When empty, [Index.Add] detects it with analysis.Detect.
	Language string `json:"language,omitempty"`
	// Source is the outlet: "KCNA", "Naenara", "Rodong Sinmun", …
	Source string `json:"source,omitempty"`
	// Published is when the article appeared; zero when unknown.
	Published time.Time `json:"published"`
	// Precision says how much of Published the source gave: a dump line
	// "KZNA/Naenara, August 2025" is Published 2025-08-01 with
	// PrecisionMonth. Empty means as precise as Published is.
	Precision Precision `json:"precision,omitempty"`
	Author    string    `json:"author,omitempty"`
	// Dateline is the place of the dateline: "Pyongyang".
	Dateline string `json:"dateline,omitempty"`
	URL      string `json:"url,omitempty"`
	// Section is the breadcrumb of the page the article came from.
	Section []string `json:"section,omitempty"`
	// Retrieved is when this copy was fetched (a scraper's scraped_at);
	// zero when the input does not say. It dates the version the copy
	// makes (Version.Seen); a copy that differs only in it is no new
	// version.
	Retrieved time.Time `json:"retrieved,omitzero"`
}

// Precision is how precisely an article's date is known.
type Precision string

// Precisions. The date is the first instant of the day, month or year.
const (
	PrecisionDay   Precision = "day"
	PrecisionMonth Precision = "month"
	PrecisionYear  Precision = "year"
)

// Limits that [Article.Validate] enforces.
const (
	// MaxArticleBytes is the default cap on the bytes of an article's text
	// fields together; Config.MaxArticleBytes changes it for an index.
	MaxArticleBytes = 4 << 20
	// MaxIDBytes caps the length of an ID.
	MaxIDBytes = 512
	// MaxKeywordBytes caps source, author, dateline, URL and each section.
	MaxKeywordBytes = 4096
)

// Bleve stores dates as int64 nanoseconds since 1970.
var (
	minPublished = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC)
	maxPublished = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)

var languagePattern = regexp.MustCompile(`^[a-z]{2,3}$`)

// Validate reports the first thing wrong with the article as an
// [*InputError] naming the field: text that is not valid UTF-8, no title and
// no body, a language that is not a lowercase ISO 639 code, an ID with
// control characters, a URL that does not parse, a date Bleve cannot hold,
// or more than [MaxArticleBytes] of text.
func (a Article) Validate() error {
	return a.validate(MaxArticleBytes)
}

func (a Article) validate(maxBytes int) error {
	bad := func(field, format string, args ...any) error {
		return &InputError{Index: -1, ID: a.ID, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	fields := []struct {
		name, value string
		max         int
	}{
		{"id", a.ID, MaxIDBytes},
		{"title", a.Title, 0},
		{"body", a.Body, 0},
		{"language", a.Language, MaxKeywordBytes},
		{"source", a.Source, MaxKeywordBytes},
		{"author", a.Author, MaxKeywordBytes},
		{"dateline", a.Dateline, MaxKeywordBytes},
		{"url", a.URL, MaxKeywordBytes},
	}
	for i, s := range a.Section {
		fields = append(fields, struct {
			name, value string
			max         int
		}{fmt.Sprintf("section[%d]", i), s, MaxKeywordBytes})
	}
	total := 0
	for _, f := range fields {
		if !utf8.ValidString(f.value) {
			return bad(f.name, "not valid UTF-8 at byte %d", invalidUTF8At(f.value))
		}
		if f.max > 0 && len(f.value) > f.max {
			return bad(f.name, "%d bytes, more than the %d allowed", len(f.value), f.max)
		}
		total += len(f.value)
	}
	if strings.TrimSpace(a.Title) == "" && strings.TrimSpace(a.Body) == "" {
		return bad("", "neither a title nor a body")
	}
	if total > maxBytes {
		return bad("", "%d bytes of text, more than the %d allowed", total, maxBytes)
	}
	if strings.IndexFunc(a.ID, unicode.IsControl) >= 0 {
		return bad("id", "contains a control character")
	}
	if a.Language != "" && !languagePattern.MatchString(a.Language) {
		return bad("language", "%q is not a lowercase ISO 639 code such as \"de\" (leave it empty to detect)", a.Language)
	}
	if a.URL != "" {
		if _, err := url.Parse(a.URL); err != nil {
			return bad("url", "does not parse: %v", err)
		}
	}
	switch a.Precision {
	case "", PrecisionDay, PrecisionMonth, PrecisionYear:
	default:
		return bad("precision", "%q is not day, month or year", a.Precision)
	}
	if a.Precision != "" && a.Published.IsZero() {
		return bad("precision", "%s without a published date", a.Precision)
	}
	if !a.Published.IsZero() && (a.Published.Before(minPublished) || !a.Published.Before(maxPublished)) {
		return bad("published", "%s is outside the years 1678–2261 an index can hold", a.Published.Format(time.RFC3339))
	}
	return nil
}

func invalidUTF8At(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// StableID returns the article's ID, or derives one that is the same every
// time the same article is ingested, from whatever file:
//
//   - from the URL and the title, when there is a URL: "u" and 24 hex
//     digits of the SHA-256 of the URL with its scheme and host in lower
//     case and of the title. The fragment stays, and the title counts,
//     because sites reuse addresses: KCNA's 1997–2002 pages hold several
//     items (page.htm#1, page.htm#2), and its headline index gives one link
//     to different headlines on different days;
//   - else from the outlet, the day and the title: "a" and 24 hex digits of
//     the SHA-256 of the lower-cased source, the UTC date of Published
//     (YYYY-MM-DD, empty when unknown) and the title.
//
// The title is compared with its white space collapsed and in lower case;
// the body takes its place when there is no title.
func (a Article) StableID() string {
	if a.ID != "" {
		return a.ID
	}
	text := a.Title
	if strings.TrimSpace(text) == "" {
		text = a.Body
	}
	text = strings.ToLower(strings.Join(strings.Fields(text), " "))
	if u := strings.TrimSpace(a.URL); u != "" {
		if parsed, err := url.Parse(u); err == nil {
			parsed.Scheme = strings.ToLower(parsed.Scheme)
			parsed.Host = strings.ToLower(parsed.Host)
			u = parsed.String()
		}
		return "u" + digest(u, text)
	}
	day := ""
	if !a.Published.IsZero() {
		day = a.Published.UTC().Format(time.DateOnly)
	}
	return "a" + digest(strings.ToLower(strings.TrimSpace(a.Source)), day, text)
}

// FormatPublished writes Published only as precisely as it is known: with
// the layout for a day, a month or a year as Precision says (the day layout
// when Precision is empty). An undated article gives "".
func (a Article) FormatPublished(day, month, year string) string {
	switch {
	case a.Published.IsZero():
		return ""
	case a.Precision == PrecisionYear:
		return a.Published.Format(year)
	case a.Precision == PrecisionMonth:
		return a.Published.Format(month)
	}
	return a.Published.Format(day)
}

// headlineWords is how many words of the body stand for a missing title.
const headlineWords = 12

// Headline returns the title, or for an article without one the first words
// of its body followed by "…": what lists of articles show.
func (a Article) Headline() string {
	if t := strings.TrimSpace(a.Title); t != "" {
		return t
	}
	words := strings.Fields(a.Body)
	if len(words) <= headlineWords {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:headlineWords], " ") + " …"
}

// Normalize returns the article as [Index.Add] stores it: with
// [Article.StableID] as its ID and, when it has no language, the language
// analysis.Detect finds in its title and body.
func (a Article) Normalize() Article {
	a.ID = a.StableID()
	if a.Language == "" {
		a.Language = analysis.Detect(a.Title + "\n" + a.Body)
	}
	return a
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// stored is the article as the index stores it.
func (a Article) stored() schema.Article {
	return schema.Article{ID: a.ID, Title: a.Title, Body: a.Body, Language: a.Language, Source: a.Source,
		Published: a.Published, Precision: string(a.Precision), Author: a.Author, Dateline: a.Dateline,
		URL: a.URL, Section: a.Section, Retrieved: a.Retrieved}
}

// articleFrom is the article of a stored one.
func articleFrom(s schema.Article) Article {
	return Article{ID: s.ID, Title: s.Title, Body: s.Body, Language: s.Language, Source: s.Source,
		Published: s.Published, Precision: Precision(s.Precision), Author: s.Author, Dateline: s.Dateline,
		URL: s.URL, Section: s.Section, Retrieved: s.Retrieved}
}
