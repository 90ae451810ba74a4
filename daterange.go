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
	from, to := r.From.UTC(), r.To.UTC()
	firstDay, lastDay := "", "" // whole days; "" is open
	if !r.From.IsZero() {
		start := startOfDay(from)
		if from.Equal(start) {
			firstDay = from.Format(dayFormat)
		} else {
			firstDay = start.AddDate(0, 0, 1).Format(dayFormat)
			end := "\xff"
			if !r.To.IsZero() && sameDay(from, to) {
				end = " \xff"
				termRange(fieldOrder, timeKey(from)+" ", timeKey(to)+end)
				return disjunction(any)
			}
			termRange(fieldOrder, timeKey(from)+" ", from.Format("20060102")+end)
		}
	}
	if !r.To.IsZero() {
		start := startOfDay(to)
		if to.Equal(start.AddDate(0, 0, 1).Add(-time.Nanosecond)) {
			lastDay = to.Format(dayFormat)
		} else {
			lastDay = start.AddDate(0, 0, -1).Format(dayFormat)
			termRange(fieldOrder, to.Format("20060102"), timeKey(to)+" \xff")
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

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
