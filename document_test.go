package newsindex_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

func TestValidate(t *testing.T) {
	ok := ni.Article{ID: "a", Title: "Title", Body: "Body", Language: "de"}
	tests := []struct {
		name   string
		edit   func(a *ni.Article)
		field  string
		reason string
	}{
		{"no text", func(a *ni.Article) { a.Title, a.Body = " ", "\n" }, "", "neither a title nor a body"},
		{"bad UTF-8 in title", func(a *ni.Article) { a.Title = "Pj\xffongjang" }, "title", "not valid UTF-8 at byte 2"},
		{"bad UTF-8 in a section", func(a *ni.Article) { a.Section = []string{"ok", "\xc3"} }, "section[1]", "not valid UTF-8"},
		{"language name instead of code", func(a *ni.Article) { a.Language = "German" }, "language", "not a lowercase ISO 639 code"},
		{"upper-case code", func(a *ni.Article) { a.Language = "DE" }, "language", "not a lowercase ISO 639 code"},
		{"control character in ID", func(a *ni.Article) { a.ID = "a\nb" }, "id", "control character"},
		{"long ID", func(a *ni.Article) { a.ID = strings.Repeat("x", ni.MaxIDBytes+1) }, "id", "more than the 512 allowed"},
		{"too much text", func(a *ni.Article) { a.Body = strings.Repeat("x", ni.MaxArticleBytes) }, "", "bytes of text, more than"},
		{"unparsable URL", func(a *ni.Article) { a.URL = "http://[::1" }, "url", "does not parse"},
		{"unknown precision", func(a *ni.Article) { a.Precision = "week" }, "precision", `"week" is not day, month or year`},
		{"precision without a date", func(a *ni.Article) { a.Precision = ni.PrecisionMonth }, "precision", "month without a published date"},
		{"date Bleve cannot hold", func(a *ni.Article) { a.Published = time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC) }, "published", "outside the years"},
	}
	require.NoError(t, ok.Validate())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ok
			tt.edit(&a)
			err := a.Validate()
			var ie *ni.InputError
			require.True(t, errors.As(err, &ie), "want *InputError, got %v", err)
			assert.Equal(t, tt.field, ie.Field)
			assert.Contains(t, ie.Reason, tt.reason)
			assert.Equal(t, a.ID, ie.ID)
		})
	}
}

func TestAddRefusesWholeBatch(t *testing.T) {
	ctx := context.Background()
	idx := seedIndex(t)
	before, err := idx.Get(ctx, "seed-1")
	require.NoError(t, err)

	changed := before
	changed.Title = "replaced"
	err = idx.Add(ctx, changed, ni.Article{ID: "new", Title: "fine"}, ni.Article{ID: "bad", Title: "x", Language: "Deutsch"})
	var ie *ni.InputError
	require.True(t, errors.As(err, &ie), "want *InputError, got %v", err)
	assert.Equal(t, 2, ie.Index)
	assert.Equal(t, "bad", ie.ID)
	assert.Equal(t, "language", ie.Field)
	assert.Equal(t, `newsindex: article 2 (id "bad"): language: "Deutsch" is not a lowercase ISO 639 code such as "de" (leave it empty to detect)`, err.Error())

	n, err := idx.Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, uint64(6), n, "nothing was added")
	after, err := idx.Get(ctx, "seed-1")
	require.NoError(t, err)
	assert.Equal(t, before, after, "nothing was replaced")
}

func TestInputErrorFormat(t *testing.T) {
	err := &ni.InputError{File: "kcna.jsonl", Line: 2, Index: -1, ID: "x", Field: "title", Reason: "not valid UTF-8"}
	assert.Equal(t, `newsindex: kcna.jsonl:2: article "x": title: not valid UTF-8`, err.Error())

	_, cause := os.Open(filepath.Join(t.TempDir(), "missing.jsonl"))
	wrapped := &ni.InputError{File: "missing.jsonl", Index: -1, Err: cause}
	assert.ErrorIs(t, wrapped, fs.ErrNotExist, "the cause is kept, not flattened")
	assert.Equal(t, "newsindex: missing.jsonl: "+cause.Error(), wrapped.Error(), "without a Reason, the cause says what is wrong")
}

func TestStableID(t *testing.T) {
	base := ni.Article{Title: "Reply  Message to Russian Foreign Minister", Source: "KCNA",
		Published: time.Date(2025, 8, 20, 9, 0, 0, 0, time.UTC)}
	tests := []struct {
		name   string
		a, b   ni.Article
		same   bool
		reason string
	}{
		{"given ID wins", ni.Article{ID: "x", URL: "http://a/"}, ni.Article{ID: "x", URL: "http://b/"}, true, "an ID in the input is the identity"},
		{"URL scheme and host case", ni.Article{URL: "HTTP://WWW.KCNA.KP/en/a.html"}, ni.Article{URL: "http://www.kcna.kp/en/a.html"}, true, "scheme and host are case-insensitive"},
		{"URL fragment", ni.Article{URL: "http://www.kcna.co.jp/item/1997/9701/news1/01.htm#1"}, ni.Article{URL: "http://www.kcna.co.jp/item/1997/9701/news1/01.htm#2"}, false, "old KCNA pages hold several items told apart by fragment"},
		{"reused URL", ni.Article{URL: "http://kcna.co.jp/01.htm#1", Title: "Press welcomes Hong Kong return to China"}, ni.Article{URL: "http://kcna.co.jp/01.htm#1", Title: "Encyclopedic work for human cause of independence"}, false, "the headline index links different headlines to one address"},
		{"same URL and title, another day", ni.Article{URL: "http://kcna.kp/a", Title: "T", Published: time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC)}, ni.Article{URL: "http://kcna.kp/a", Title: " t ", Published: time.Date(2025, 8, 21, 0, 0, 0, 0, time.UTC)}, true, "a page scraped again on another day is the same article"},
		{"URL path case matters", ni.Article{URL: "http://kcna.kp/A"}, ni.Article{URL: "http://kcna.kp/a"}, false, "paths are case-sensitive"},
		{"title white space and case", base, func() ni.Article { a := base; a.Title = "reply message to russian foreign minister"; return a }(), true, "re-scraped titles differ in spacing and case"},
		{"same day other hour", base, func() ni.Article { a := base; a.Published = a.Published.Add(3 * time.Hour); return a }(), true, "the day identifies, not the hour"},
		{"other day", base, func() ni.Article { a := base; a.Published = a.Published.AddDate(0, 0, 1); return a }(), false, "the same headline on another day is another article"},
		{"other source", base, func() ni.Article { a := base; a.Source = "Naenara"; return a }(), false, "outlets reuse headlines"},
		{"body when no title", ni.Article{Body: "one"}, ni.Article{Body: "two"}, false, "untitled articles are told apart by their body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := tt.a.StableID(), tt.b.StableID()
			assert.NotEmpty(t, a)
			if tt.same {
				assert.Equal(t, a, b, tt.reason)
			} else {
				assert.NotEqual(t, a, b, tt.reason)
			}
		})
	}
	assert.Regexp(t, `^u[0-9a-f]{24}$`, ni.Article{URL: "http://x/"}.StableID())
	assert.Regexp(t, `^a[0-9a-f]{24}$`, base.StableID())
	// Pinned: changing the derivation would duplicate every re-ingested article.
	assert.Equal(t, "ue4361618d64b973da90d1656", ni.Article{URL: "HTTP://www.KCNA.kp/", Title: "Reply  Message"}.StableID(), "sha256 of the normalised URL, NUL, title, NUL, computed by hand")
}

func TestFormatPublished(t *testing.T) {
	at := time.Date(2025, 8, 20, 0, 0, 0, 0, time.UTC)
	for prec, want := range map[ni.Precision]string{"": "2025-08-20", ni.PrecisionDay: "2025-08-20", ni.PrecisionMonth: "2025-08", ni.PrecisionYear: "2025"} {
		assert.Equal(t, want, ni.Article{Published: at, Precision: prec}.FormatPublished("2006-01-02", "2006-01", "2006"), "precision %q", prec)
	}
	assert.Empty(t, ni.Article{}.FormatPublished("2006", "2006", "2006"), "undated")
}

func TestNormalize(t *testing.T) {
	a := ni.Article{Title: "Северная Корея запустила ракеты", Source: "TASS"}
	n := a.Normalize()
	assert.Equal(t, a.StableID(), n.ID)
	assert.Equal(t, "ru", n.Language)
	given := ni.Article{ID: "x", Title: "Title", Language: "und"}
	assert.Equal(t, given, given.Normalize(), "a given ID and language are kept")
}

func TestHeadline(t *testing.T) {
	for _, tc := range []struct {
		a    ni.Article
		want string
	}{
		{ni.Article{Title: " Greetings ", Body: "x"}, "Greetings"},
		{ni.Article{Body: "Short body text."}, "Short body text."},
		{ni.Article{Body: "one two three four five six seven eight nine ten eleven twelve thirteen"}, "one two three four five six seven eight nine ten eleven twelve …"},
	} {
		assert.Equal(t, tc.want, tc.a.Headline())
	}
}
