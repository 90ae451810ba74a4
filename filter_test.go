package newsindex_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	ni "github.com/newsindex/newsindex"
)

func TestFilter(t *testing.T) {
	tests := []struct {
		f      ni.Filter
		q      ni.Query
		want   ni.Query
		reason string
	}{
		{ni.Filter{}, ni.All(), ni.All(), "nothing to filter"},
		{ni.Filter{Language: "de"}, ni.All(), ni.Language("de"), "All with a filter is the filter"},
		{ni.Filter{Source: "KCNA", Author: "Kim Tae Ho", Entity: "putin"}, ni.Match{Text: "x"}, ni.And(ni.Match{Text: "x"}, ni.Source("KCNA"), ni.Author("Kim Tae Ho"), ni.Entity("putin")), "filters are ANDed"},
		{ni.Filter{From: "2025-08", To: "2025-08"}, ni.All(), ni.DateRange{From: day("2025-08-01"), To: lastInstant("2025-08-31")}, "a month from its first to its last instant"},
		{ni.Filter{To: "2024"}, ni.All(), ni.DateRange{To: lastInstant("2024-12-31")}, "open start"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			got, err := tt.f.Apply(tt.q)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := ni.Filter{From: "yesterday"}.Apply(ni.All())
	var qe *ni.QueryError
	require.ErrorAs(t, err, &qe)
	assert.Contains(t, qe.Reason, `from: bad date "yesterday"`)
	_, err = ni.Filter{From: "2025", To: "2024"}.Apply(ni.All())
	assert.ErrorContains(t, err, "from 2025 is after to 2024")
}
