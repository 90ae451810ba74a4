package server

import (
	"time"

	"github.com/newsindex/newsindex"
)

// AcceptedLanguages is acceptedLanguages, for the tests.
var AcceptedLanguages = acceptedLanguages
var Elide = elide

// Paragraphs is paragraphs, for the tests.
var Paragraphs = paragraphs

// Thousands is thousands, for the tests.
var Thousands = thousands

// NiceScale is niceScale's top and step, for the tests.
func NiceScale(max float64, steps int, whole bool) (top, step float64) {
	s := niceScale(max, steps, whole)
	return s.Top, s.Step
}

// TightScale is tightScale's top and step, for the tests.
func TightScale(max float64, fewest, most int, whole bool) (top, step float64) {
	s := tightScale(max, fewest, most, whole)
	return s.Top, s.Step
}

// TickLabels are the labels of a line chart's time axis of n points from
// first with at most most ticks: each "label" or "label/year", the minor
// ones (hidden in a narrow window) in parentheses.
func TickLabels(iv newsindex.Interval, first time.Time, n, most int) []string {
	var out []string
	for _, t := range timeTicks(iv, first, n, most, func(pos float64) float64 { return pos / float64(max(n-1, 1)) * 100 }) {
		s := t.Label
		if t.Sub != "" {
			s += "/" + t.Sub
		}
		if t.Minor {
			s = "(" + s + ")"
		}
		out = append(out, s)
	}
	return out
}
