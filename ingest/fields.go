package ingest

import (
	"strings"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/analysis"
)

// fieldNames maps the names other scrapers give fields (JSON keys, CSV
// headers), in lower case with - and space as _, to Article's JSON names.
var fieldNames = func() map[string]string {
	m := map[string]string{}
	add := func(field string, names ...string) {
		m[field] = field
		for _, n := range names {
			m[n] = field
		}
	}
	add("id", "_id", "guid", "uuid", "newsid", "news_id", "doc_id")
	add("title", "headline", "heading")
	add("body", "text", "content", "article", "maintext", "story", "fulltext", "full_text")
	add("published", "date", "published_at", "publishedat", "pubdate", "pub_date", "datetime", "timestamp", "date_published", "publication_date")
	add("precision", "date_precision")
	add("author", "byline", "authors", "by", "writer")
	add("url", "link", "story_link", "href", "uri", "permalink", "canonical_url")
	add("language", "lang", "locale")
	add("source", "outlet", "publisher", "site", "agency", "media", "medium", "newspaper")
	add("dateline", "place", "location")
	add("section", "sections", "category", "categories", "label", "breadcrumb", "breadcrumbs", "topic", "rubric")
	return m
}()

// canonicalField returns the Article field a name stands for, or "".
func canonicalField(name string) string {
	key := strings.ToLower(strings.TrimSpace(name))
	key = strings.NewReplacer("-", "_", " ", "_").Replace(key)
	return fieldNames[key]
}

// nativeLanguageNames are names of languages in their own tongue that
// scrapers write into language fields.
var nativeLanguageNames = map[string]string{
	"deutsch": "de", "english": "en", "русский": "ru", "한국어": "ko", "조선어": "ko", "español": "es",
	"français": "fr", "中文": "zh", "日本語": "ja", "italiano": "it", "português": "pt",
}

// normalizeLanguage turns what scrapers write into a language field ("en",
// "EN", "en-US", "English", "Deutsch") into an ISO 639 code; other values
// are returned lower-cased for Validate to judge.
func normalizeLanguage(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if code, _, ok := strings.Cut(strings.ReplaceAll(v, "_", "-"), "-"); ok && len(code) >= 2 && len(code) <= 3 {
		v = code
	}
	if code, ok := nativeLanguageNames[v]; ok {
		return code
	}
	for _, l := range analysis.Languages() {
		if strings.EqualFold(l.Name, v) {
			return l.Code
		}
	}
	return v
}

// set stores the values of one field in the article. Text keeps its white
// space; keywords are trimmed. An error is the reason the value is bad.
func set(a *newsindex.Article, field string, values []string) error {
	joined := func(sep string) string { return strings.Join(values, sep) }
	switch field {
	case "id":
		a.ID = strings.TrimSpace(joined(" "))
	case "title":
		a.Title = strings.TrimSpace(joined(" "))
	case "body":
		a.Body = strings.TrimSpace(joined("\n\n"))
	case "published":
		v := strings.TrimSpace(joined(" "))
		if v == "" {
			return nil
		}
		t, precision, err := ParseDate(v)
		if err != nil {
			return err
		}
		a.Published = t
		if a.Precision == "" {
			a.Precision = precision
		}
	case "precision":
		a.Precision = newsindex.Precision(strings.ToLower(strings.TrimSpace(joined(""))))
	case "author":
		a.Author = strings.TrimSpace(joined(", "))
	case "url":
		a.URL = cleanURL(joined(""))
	case "language":
		a.Language = normalizeLanguage(joined(""))
	case "source":
		a.Source = strings.TrimSpace(joined(", "))
	case "dateline":
		a.Dateline = strings.TrimSpace(joined(", "))
	case "section":
		a.Section = nil
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				a.Section = append(a.Section, v)
			}
		}
	}
	return nil
}

// cleanURL trims a URL and cuts it at the first character a URL cannot
// hold unescaped: scraped link columns sometimes swallow the HTML after the
// link ("…/24.htm#11>Korea, home of pine-nut tree</a>").
func cleanURL(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, " \t\r\n<>\"'"); i >= 0 {
		v = v[:i]
	}
	return v
}
