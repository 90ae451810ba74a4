package ingest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsindex/newsindex"
	"github.com/newsindex/newsindex/ingest"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestParseDate(t *testing.T) {
	d := day
	const dayP, month, year = newsindex.PrecisionDay, newsindex.PrecisionMonth, newsindex.PrecisionYear
	tests := []struct {
		in   string
		want time.Time
		prec newsindex.Precision
	}{
		{"2020-04-25", d(2020, 4, 25), dayP},
		{"2020-04", d(2020, 4, 1), month},
		{"2020", d(2020, 1, 1), year},
		{"2025-08-20T09:30:00+09:00", time.Date(2025, 8, 20, 9, 30, 0, 0, time.FixedZone("", 9*3600)), ""},
		{"August 2025", d(2025, 8, 1), month},
		{"August 20, 2025", d(2025, 8, 20), dayP},
		{"Aug. 20, 2025", d(2025, 8, 20), dayP},
		{"20 August 2025", d(2025, 8, 20), dayP},
		{"20. August 2025", d(2025, 8, 20), dayP},
		{"1. März 2024", d(2024, 3, 1), dayP},
		{"20 августа 2025 г.", d(2025, 8, 20), dayP},
		{"20 августа 2025 года", d(2025, 8, 20), dayP},
		{"август 2025", d(2025, 8, 1), month},
		{"20 août 2025", d(2025, 8, 20), dayP},
		{"20 de agosto de 2025", d(2025, 8, 20), dayP},
		{"2025년 8월 20일", d(2025, 8, 20), dayP},
		{"2025년 8월", d(2025, 8, 1), month},
		{"주체114(2025)년 8월 20일", d(2025, 8, 20), dayP},
		{"2025.08.20.", d(2025, 8, 20), dayP},
		{"20.08.2025", d(2025, 8, 20), dayP},
		{"Juche 114", d(2025, 1, 1), year},
		{"August 20, Juche 114 (2025)", d(2025, 8, 20), dayP},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, prec, err := ingest.ParseDate(tt.in)
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %s", got)
			assert.Equal(t, tt.prec, prec)
		})
	}
	for _, bad := range []string{"", "yesterday", "2025-02-30", "August", "13.13.2025", "Juche 114 (2024)", "August July 2025", "Pyongyang, August 20"} {
		t.Run("bad "+bad, func(t *testing.T) {
			_, _, err := ingest.ParseDate(bad)
			assert.Error(t, err)
		})
	}
}
