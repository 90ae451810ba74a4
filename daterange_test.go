package newsindex_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

func TestDateRangeEnds(t *testing.T) {
	ctx := context.Background()
	idx := openIndex(t, "")
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		require.NoError(t, err)
		return v
	}
	require.NoError(t, idx.Add(ctx,
		ni.Article{ID: "a1", Title: "one", Language: "en", Published: at("2025-08-19T00:00:00Z")},
		ni.Article{ID: "a2", Title: "two", Language: "en", Published: at("2025-08-20T00:00:00Z")},
		ni.Article{ID: "a3", Title: "three", Language: "en", Published: at("2025-08-20T09:30:00Z")},
		ni.Article{ID: "a4", Title: "four", Language: "en", Published: at("2025-08-20T09:30:00.5Z")},
		ni.Article{ID: "a5", Title: "five", Language: "en", Published: at("2025-08-20T23:59:59Z")},
		ni.Article{ID: "a6", Title: "six", Language: "en", Published: at("2025-08-21T00:00:00Z")},
		ni.Article{ID: "a7", Title: "seven", Language: "en", Published: at("2026-01-01T12:00:00+09:00")},
		ni.Article{ID: "u", Title: "undated", Language: "en"},
	))
	endOf := func(s string) time.Time { return at(s).AddDate(0, 0, 1).Add(-time.Nanosecond) }
	tests := []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		{"a whole day", at("2025-08-20T00:00:00Z"), endOf("2025-08-20T00:00:00Z"), []string{"a2", "a3", "a4", "a5"}},
		{"from an instant, open end", at("2025-08-20T09:30:00Z"), time.Time{}, []string{"a3", "a4", "a5", "a6", "a7"}},
		{"open start, to an instant", time.Time{}, at("2025-08-20T09:30:00Z"), []string{"a1", "a2", "a3"}},
		{"one instant", at("2025-08-20T09:30:00Z"), at("2025-08-20T09:30:00Z"), []string{"a3"}},
		{"part-days at both ends", at("2025-08-19T12:00:00Z"), at("2025-08-21T00:00:00Z"), []string{"a2", "a3", "a4", "a5", "a6"}},
		{"within a day, nothing", at("2025-08-20T09:30:01Z"), at("2025-08-20T23:59:58Z"), nil},
		{"midnight to a part-day", at("2025-08-20T00:00:00Z"), at("2025-08-20T09:30:00.5Z"), []string{"a2", "a3", "a4"}},
		{"from a day", at("2025-08-21T00:00:00Z"), time.Time{}, []string{"a6", "a7"}},
		{"other time zones are UTC", at("2026-01-01T03:00:00Z"), at("2026-01-01T03:00:00Z"), []string{"a7"}},
		{"across years", at("2025-01-01T00:00:00Z"), endOf("2026-12-31T00:00:00Z"), []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := idx.Search(ctx, ni.DateRange{From: tt.from, To: tt.to}, ni.SearchOptions{Size: 20})
			require.NoError(t, err)
			got := sortedIDs(res)
			if tt.want == nil {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
