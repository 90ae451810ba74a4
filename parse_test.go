package newsindex_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// lastInstant is the last nanosecond of a day, the inclusive end Parse
// gives a range that ends with that day.
func lastInstant(s string) time.Time {
	return day(s).AddDate(0, 0, 1).Add(-time.Nanosecond)
}

func TestParse(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   ni.Query
		reason string
	}{
		{"empty", "  ", ni.All(), "no words match every article, as the CLI documents"},
		{"star", "*", ni.All(), "* alone is match-all"},
		{"words merge", "Putin Lavrov", ni.Match{Text: "Putin Lavrov"}, "adjacent bare words are one Match: every word must match"},
		{"design example", `Putin +source:KCNA published:>=2025-01-01 "strategic partnership"`,
			ni.And(ni.Match{Text: "Putin"}, ni.Source("KCNA"), ni.DateRange{From: day("2025-01-01")}, ni.Phrase{Text: "strategic partnership"}),
			"the query in DESIGN.md"},
		{"explicit and", "a AND b", ni.And(ni.Match{Text: "a"}, ni.Match{Text: "b"}), "explicit AND keeps operands apart"},
		{"or binds loosest", "a b OR c", ni.Or(ni.Match{Text: "a b"}, ni.Match{Text: "c"}), "OR has lower precedence than implicit AND"},
		{"parentheses", "Putin AND (Lavrov OR Shoigu)", ni.And(ni.Match{Text: "Putin"}, ni.Or(ni.Match{Text: "Lavrov"}, ni.Match{Text: "Shoigu"})), "parentheses group"},
		{"not", "NOT Sowjetunion", ni.Not(ni.Match{Text: "Sowjetunion"}), "NOT excludes"},
		{"minus", "Freundschaft -Sowjetunion", ni.And(ni.Match{Text: "Freundschaft"}, ni.Not(ni.Match{Text: "Sowjetunion"})), "-word excludes"},
		{"lower-case operators are words", "war and peace", ni.Match{Text: "war and peace"}, "operators are upper case, as in Lucene"},
		{"hyphen inside word", "koreanisch-russische", ni.Match{Text: "koreanisch-russische"}, "only a leading - negates"},
		{"fuzzy", "Lavrow~1", ni.Match{Text: "Lavrow", Fuzziness: 1}, "~N is fuzzy"},
		{"fuzzy default", "Lavrow~", ni.Match{Text: "Lavrow", Fuzziness: 1}, "~ alone is one edit"},
		{"prefix", "Russ*", ni.Prefix{Text: "Russ"}, "trailing * is a prefix"},
		{"title word", "title:Kursk", ni.Match{Text: "Kursk", Field: "title"}, "field-qualified word"},
		{"body phrase", `body:"State Duma"`, ni.Phrase{Text: "State Duma", Field: "body"}, "field-qualified phrase"},
		{"quoted source", `source:"Rodong Sinmun"`, ni.Source("Rodong Sinmun"), "keyword values may be quoted"},
		{"lang", "lang:de", ni.Language("de"), "lang: filters by language"},
		{"author", `author:"Kim Tae Ho"`, ni.Author("Kim Tae Ho"), "author filter"},
		{"range", "published:[2024-06-01 TO 2024-09-30]", ni.DateRange{From: day("2024-06-01"), To: lastInstant("2024-09-30")}, "] includes the whole last day"},
		{"exclusive range", "published:{2024-06-01 TO 2024-09-30}", ni.DateRange{From: day("2024-06-02"), To: lastInstant("2024-09-29")}, "{ } exclude the end days"},
		{"open range", "published:[2024-06 TO *]", ni.DateRange{From: day("2024-06-01")}, "* leaves an end open"},
		{"month", "published:2025-08", ni.DateRange{From: day("2025-08-01"), To: lastInstant("2025-08-31")}, "a month stands for the whole month"},
		{"before", "published:<2025", ni.DateRange{To: lastInstant("2024-12-31")}, "< excludes the year"},
		{"up to", "published:<=2025", ni.DateRange{To: lastInstant("2025-12-31")}, "<= includes the year"},
		{"after", "published:>2025-08-20", ni.DateRange{From: day("2025-08-21")}, "> starts after the day"},
		{"escaped colon", `10\:30`, ni.Match{Text: "10:30"}, "a backslash escapes syntax"},
		{"escaped operator", `\AND`, ni.Match{Text: "AND"}, "an escaped operator is a word"},
		{"instant", "published:<=2025-08-20T12:00:00Z", ni.DateRange{To: time.Date(2025, 8, 20, 12, 0, 0, 0, time.UTC)}, "<= an instant includes that instant"},
		{"single day range", "published:[2025-08-20 TO 2025-08-20]", ni.DateRange{From: day("2025-08-20"), To: lastInstant("2025-08-20")}, "a range of one day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEmpty(t, tt.reason)
			got, err := ni.Parse(tt.in)
			require.NoError(t, err, tt.reason)
			assert.Equal(t, tt.want, got, tt.reason)
			again, err := ni.Parse(ni.Format(got))
			require.NoError(t, err, "Format(%s) = %q", got, ni.Format(got))
			assert.Equal(t, got, again, "Format(%s) = %q", got, ni.Format(got))
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in     string
		pos    int
		reason string
	}{
		{"(Putin", 0, "unbalanced parenthesis"},
		{"Putin)", 5, "unbalanced parenthesis"},
		{`"strategic partnership`, 0, "unterminated phrase"},
		{"Putin OR", 6, "OR with nothing after it"},
		{"AND Putin", 0, "AND with nothing before it"},
		{"Putin AND", 6, "AND with nothing after it"},
		{"color:red", 0, "unknown field"},
		{"published:2025-13-01", 10, "bad date"},
		{"published:[2025 TO 2024]", 0, "date range is empty: it ends before it starts"},
		{"Lavrow~3", 6, "fuzziness 3 is out of range"},
		{"ru*ss", 2, "* is only allowed at the end of a word"},
		{"title:russ*", 0, "prefix searches title and body together"},
		{"()", 0, "empty parentheses"},
		{`"" x`, 0, "empty phrase"},
		{`x\`, 1, "backslash at the end"},
		{"- x", 0, "- with nothing after it"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ni.Parse(tt.in)
			var qe *ni.QueryError
			require.True(t, errors.As(err, &qe), "want a *QueryError, got %v", err)
			assert.Equal(t, tt.pos, qe.Pos, qe.Error())
			assert.Contains(t, qe.Reason, tt.reason)
			assert.Equal(t, tt.in, qe.Query)
		})
	}
}

func TestQueryString(t *testing.T) {
	q := ni.And(
		ni.Match{Text: "Freundschaft Russland", Lang: "de", Fuzziness: 1},
		ni.Or(ni.Source("KCNA"), ni.Source("Naenara")),
		ni.DateRange{From: day("2020-01-01")},
		ni.Not(ni.Phrase{Text: "Sowjetunion", Field: "body"}),
		ni.Prefix{Text: "Russ"},
		ni.DateRange{From: time.Date(2025, 8, 20, 9, 0, 0, 0, time.UTC), To: lastInstant("2025-08-31")},
		ni.DateRange{To: day("2025-08-31")},
		ni.All(),
	)
	assert.Equal(t,
		`(and (match "Freundschaft Russland" lang=de fuzziness=1) (or (source "KCNA") (source "Naenara")) (published 2020-01-01 *) (not (phrase "Sowjetunion" field=body)) (prefix "Russ") (published 2025-08-20T09:00:00Z 2025-08-31) (published * 2025-08-31T00:00:00Z) (all))`,
		q.String())
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`Putin +source:KCNA published:>=2025-01-01 "strategic partnership"`,
		"a AND (b OR NOT c) -d", "published:[2024-06-01 TO 2024-09-30]", "Lavrow~1 Russ*",
		`title:"a b" body:c source:"Rodong Sinmun" lang:de`, `\AND \(x\)`, "published:{2025-01-01T10:00:00+09:00 TO *]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ni.Parse(s)
		if err != nil {
			var qe *ni.QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): error %v is not a *QueryError", s, err)
			}
			if qe.Pos < 0 || qe.Pos > len(s) {
				t.Fatalf("Parse(%q): position %d outside the query", s, qe.Pos)
			}
			return
		}
		_ = q.String()
		printed := ni.Format(q)
		again, err := ni.Parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) = %s; Format = %q does not parse: %v", s, q, printed, err)
		}
		if again.String() != q.String() || !assert.ObjectsAreEqual(q, again) {
			t.Fatalf("Parse(%q) = %s; Format = %q parses to %s", s, q, printed, again)
		}
	})
}

func TestAnyWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`railway link Tumangang Khasan`, `(match "railway link Tumangang Khasan" min_words=1)`},
		{`Kursk`, `(match "Kursk")`},
		{`railway link source:KCNA`, `(and (match "railway link" min_words=1) (source "KCNA"))`},
		{`Putin AND Lavrov`, `(and (match "Putin") (match "Lavrov"))`},
		{`(Kim Jong Un) OR "strategic partnership"`, `(or (match "Kim Jong Un" min_words=1) (phrase "strategic partnership"))`},
		{`treaty -(Soviet Union)`, `(and (match "treaty") (not (match "Soviet Union")))`},
		{`*`, `(all)`},
	} {
		q, err := ni.Parse(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, ni.AnyWords(q).String(), tc.in)
	}
	two := ni.Match{Text: "a b", MinWords: 2}
	assert.Equal(t, two, ni.AnyWords(two), "an explicit MinWords stays")
}

// TestFormatAnyWordsInsideAnd: the OR that Format writes for an any-word
// Match stays one operand of the AND around it.
func TestFormatAnyWordsInsideAnd(t *testing.T) {
	q := ni.And(ni.Match{Text: "Kursk liberation", MinWords: 1}, ni.Language("de"))
	assert.Equal(t, `(Kursk OR liberation) lang:"de"`, ni.Format(q))
	again, err := ni.Parse(ni.Format(q))
	require.NoError(t, err)
	assert.Equal(t, ni.And(ni.Or(ni.Match{Text: "Kursk"}, ni.Match{Text: "liberation"}), ni.Language("de")), again,
		"the nearest equivalent, not (Kursk OR (liberation AND lang:de))")
}
