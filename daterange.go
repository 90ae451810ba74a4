package newsindex

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// Dates are not indexed as Bleve date fields, which index sixteen terms of
// falling precision an article (a tenth of the index's terms on KCNA).
// Every dated article has a day term ("2025-08-20") and its sort key
// (orderKey: "20250820 <id>", with the time of day when it has one); a
// date range is the whole days it covers, one term range on the day field,
// and the part-days at its ends, term ranges on the sort keys of those days.

// dayFormat is the layout of the day field's terms; they sort as days do.
const dayFormat = "2006-01-02"

// timeKey is the date part of an order key: the day, then the time of day
// unless it is midnight, then the fraction of a second unless it is zero.
// Keys of one day sort by time: "20250820 " (midnight, then the space
// before the ID) sorts before "20250820000001".
func timeKey(t time.Time) string {
	t = t.UTC()
	key := t.Format("20060102")
	if h, m, s := t.Clock(); h != 0 || m != 0 || s != 0 || t.Nanosecond() != 0 {
		key += t.Format("150405")
	}
	if ns := t.Nanosecond(); ns != 0 {
		key += fmt.Sprintf(".%09d", ns)
	}
	return key
}

// orderKey is the sort key of a dated article, its timeKey and ID.
func orderKey(t time.Time, id string) string { return timeKey(t) + " " + id }

// The two order keys of an undated article: below and above every date.
const (
	undatedLow  = "0 "
	undatedHigh = "99999999~ "
)

// compileDateRange finds the articles published from r.From to r.To, both
// inclusive; a zero end is open.
func compileDateRange(r DateRange) bq.Query {
	var any []bq.Query
	termRange := func(field, lo, hi string) {
		yes := true
		q := bleve.NewTermRangeInclusiveQuery(lo, hi, &yes, &yes)
		q.SetField(field)
		any = append(any, q)
	}
	// The sort keys of instant t and later, and of t and earlier: a key is
	// timeKey, a space and the ID, and no byte of an ID reaches 0xff.
	from := func(t time.Time) string { return timeKey(t) + " " }
	upTo := func(t time.Time) string { return timeKey(t) + " \xff" }

	firstDay, lastDay := "", "" // the whole days; "" is open
	if f := r.From.UTC(); !r.From.IsZero() {
		firstDay = f.Format(dayFormat)
		if start := startOfDay(f); !f.Equal(start) {
			end := start.AddDate(0, 0, 1).Add(-time.Nanosecond)
			if t := r.To.UTC(); !r.To.IsZero() && !t.After(end) {
				termRange(fieldOrder, from(f), upTo(t)) // within one day
				return disjunction(any)
			}
			termRange(fieldOrder, from(f), upTo(end))
			firstDay = end.Add(time.Nanosecond).Format(dayFormat)
		}
	}
	if t := r.To.UTC(); !r.To.IsZero() {
		lastDay = t.Format(dayFormat)
		if start := startOfDay(t); !t.Equal(start.AddDate(0, 0, 1).Add(-time.Nanosecond)) {
			termRange(fieldOrder, from(start), upTo(t))
			lastDay = start.Add(-time.Nanosecond).Format(dayFormat)
		}
	}
	if firstDay == "" || lastDay == "" || firstDay <= lastDay {
		termRange(fieldDay, firstDay, lastDay)
	}
	return disjunction(any)
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
