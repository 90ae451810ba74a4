package ingest

import (
	"fmt"
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
	add("id", "_id", "guid", "uuid", "newsid", "news_id", "doc_id", "article_id", "story_id", "stories_id")
	add("title", "headline", "heading")
	add("body", "text", "content", "article", "maintext", "main_text", "story", "fulltext", "full_text",
		"articlebody", "article_body", "body_text", "bodytext", "contents")
	add("published", "date", "published_at", "publishedat", "pubdate", "pub_date", "datetime", "timestamp", "date_published",
		"publication_date", "publish_date", "publishdate", "date_publish", "datepublished", "published_date")
	add("precision", "date_precision")
	add("author", "byline", "authors", "by", "writer", "creator", "author_name")
	add("url", "link", "story_link", "href", "uri", "permalink", "canonical_url", "article_url", "story_url")
	add("language", "lang", "locale", "language_code", "lang_code", "langcode", "languagecode", "inlanguage",
		"iso_language", "content_language")
	add("source", "outlet", "publisher", "site", "agency", "media", "medium", "newspaper", "source_name", "sourcename",
		"media_name", "site_name", "sitename", "publication", "outlet_name", "news_source", "sourcecommonname")
	add("dateline", "place", "location")
	add("section", "sections", "category", "categories", "label", "breadcrumb", "breadcrumbs", "topic", "rubric")
	add("retrieved", "scraped_at", "scraped", "fetched_at", "fetched", "crawled", "crawled_at", "downloaded",
		"downloaded_at", "retrieved_at", "date_download", "collected_at", "harvested")
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

// threeLetterCodes are the ISO 639-2 (and -3) codes scrapers write for
// languages that have a two-letter ISO 639-1 code, the one the index uses:
// "eng" would be indexed as a language of its own, which lang:en misses.
var threeLetterCodes = map[string]string{
	"ara": "ar", "bul": "bg", "ces": "cs", "cze": "cs", "chi": "zh", "cmn": "zh", "dan": "da", "deu": "de",
	"dut": "nl", "ell": "el", "eng": "en", "fas": "fa", "fin": "fi", "fra": "fr", "fre": "fr", "ger": "de",
	"gre": "el", "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu", "ind": "id", "ita": "it", "jpn": "ja",
	"kor": "ko", "may": "ms", "mon": "mn", "msa": "ms", "nld": "nl", "nor": "no", "per": "fa", "pol": "pl",
	"por": "pt", "ron": "ro", "rum": "ro", "rus": "ru", "spa": "es", "srp": "sr", "swe": "sv", "tha": "th",
	"tur": "tr", "ukr": "uk", "vie": "vi", "zho": "zh",
}

// iso6391 are the two-letter codes of ISO 639-1.
var iso6391 = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(`aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr
		cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz
		ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg
		mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa
		sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi
		vo wa wo xh yi yo za zh zu`) {
		m[c] = true
	}
	return m
}()

// ParseLanguage reads a language as scrapers and people write it ("de",
// "EN", "en-US", "eng", "English", "Deutsch") and returns its ISO 639 code
// as the index stores it: a two-letter ISO 639-1 code, "und" for none, or
// the code of a language registered with analysis.Register. Anything else
// is an error.
func ParseLanguage(s string) (string, error) {
	code := normalizeLanguage(s)
	if _, registered := analysis.Lookup(code); iso6391[code] || registered || code == analysis.UndeterminedCode {
		return code, nil
	}
	return "", fmt.Errorf("ingest: %q is not an ISO 639 language code; use a code such as de, en, ru, ko or zh (und for none)", s)
}

// normalizeLanguage turns what scrapers write into a language field ("en",
// "EN", "en-US", "eng", "English", "Deutsch") into an ISO 639 code; other
// values are returned lower-cased for Validate to judge.
func normalizeLanguage(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if code, _, ok := strings.Cut(strings.ReplaceAll(v, "_", "-"), "-"); ok && len(code) >= 2 && len(code) <= 3 {
		v = code
	}
	if code, ok := nativeLanguageNames[v]; ok {
		return code
	}
	if code, ok := threeLetterCodes[v]; ok {
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
	case "retrieved":
		v := strings.TrimSpace(joined(" "))
		if v == "" {
			return nil
		}
		t, _, err := ParseDate(v)
		if err != nil {
			return err
		}
		a.Retrieved = t
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
