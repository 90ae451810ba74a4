package signif

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestJLH(t *testing.T) {
	for _, tc := range []struct {
		name                             string
		fgCount, fgTotal, bgCount, total int
		want                             float64
		reason                           string
	}{
		{"twice as frequent", 20, 100, 100, 1000, (0.2 - 0.1) * 2, "(fg − bg) · fg/bg"},
		{"as frequent", 10, 100, 100, 1000, 0, "no more frequent in the foreground: 0"},
		{"less frequent", 1, 100, 500, 1000, 0, "less frequent: 0, never negative"},
		{"background below foreground", 5, 10, 2, 100, (0.5 - 0.05) * 10, "the background holds the foreground"},
		{"empty foreground", 0, 0, 10, 100, 0, "nothing to score"},
		{"empty background", 1, 1, 0, 0, 0, "nothing to compare with"},
	} {
		assert.InDelta(t, tc.want, JLH(tc.fgCount, tc.fgTotal, tc.bgCount, tc.total), 1e-12, "%s: %s", tc.name, tc.reason)
	}
	// The product of both changes: a rare word in a few matches beats a
	// common word a little more frequent, and a frequent rare word beats
	// both.
	rare := JLH(5, 100, 10, 10000)
	common := JLH(60, 100, 5000, 10000)
	frequentRare := JLH(30, 100, 40, 10000)
	assert.Greater(t, rare, common)
	assert.Greater(t, frequentRare, rare)
}

func TestMinCount(t *testing.T) {
	for n, want := range map[int]int{0: 1, 1: 1, 9: 1, 10: 2, 14: 2, 15: 3, 1000: 3} {
		assert.Equal(t, want, MinCount(n), "n=%d", n)
	}
}
