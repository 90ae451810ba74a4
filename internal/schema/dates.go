package schema

import (
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// Dates are not indexed as Bleve date fields, which index sixteen terms of
// falling precision an article (a tenth of the index's terms on KCNA).
// Every dated article has a day term ("2025-08-20") and its sort key
// (OrderKey: "20250820 <id>", with the time of day when it has one); a
// date range is the whole days it covers, one term range on the day field,
// and the part-days at its ends, term ranges on the sort keys of those days.

// DayFormat is the layout of the day field's terms; they sort as days do.
const DayFormat = "2006-01-02"

// TimeKey is the date part of an order key: the day, then the time of day
// unless it is midnight, then the fraction of a second unless it is zero.
// Keys of one day sort by time: "20250820 " (midnight, then the space
// before the ID) sorts before "20250820000001".
func TimeKey(t time.Time) string {
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

// OrderKey is the sort key of a dated article, its TimeKey and ID.
func OrderKey(t time.Time, id string) string { return TimeKey(t) + " " + id }

// The two order keys of an undated article: below and above every date.
const (
	UndatedLow  = "0 "
	UndatedHigh = "99999999~ "
)

// DateSort orders articles by date, newest first when desc, ties by ID.
// Every article has a key of its date and ID in the order field: one term
// of doc values, where a date field has sixteen, and no stored ID to read
// for a tie-break. An undated article has two keys, one below and one above
// every date; the newest-first sort takes the lowest key of each article and
// the oldest-first the highest, so undated articles come last either way,
// by ID.
func DateSort(desc bool) search.SortOrder {
	mode := search.SortFieldMax
	if desc {
		mode = search.SortFieldMin
	}
	return search.SortOrder{&search.SortField{Field: Order, Type: search.SortFieldAsString, Desc: desc, Mode: mode}}
}

// DateRange finds the articles published from from to to, both inclusive;
// a zero end is open. At least one end must be set.
func DateRange(from, to time.Time) bq.Query { return DateRangeOn(Day, from, to) }

// DateRangeOn is DateRange over the documents with the day field given
// (Day for current articles, Past(Day) for earlier versions): the order
// keys of the part-days at its ends, which all documents share, are taken
// only with that day's term in that field.
func DateRangeOn(day string, from, to time.Time) bq.Query {
	var any []bq.Query
	termRange := func(field, lo, hi string) {
		yes := true
		q := bleve.NewTermRangeInclusiveQuery(lo, hi, &yes, &yes)
		if field == Day {
			q.SetField(day)
			any = append(any, q)
			return
		}
		q.SetField(field)
		d := bleve.NewTermQuery(lo[:4] + "-" + lo[4:6] + "-" + lo[6:8]) // the day of the part-day's keys
		d.SetField(day)
		any = append(any, &AllOf{Queries: []bq.Query{q, d}})
	}
	// The sort keys of instant t and later, and of t and earlier: a key is
	// TimeKey, a space and the ID, and no byte of an ID reaches 0xff.
	after := func(t time.Time) string { return TimeKey(t) + " " }
	upTo := func(t time.Time) string { return TimeKey(t) + " \xff" }

	firstDay, lastDay := "", "" // the whole days; "" is open
	if f := from.UTC(); !from.IsZero() {
		firstDay = f.Format(DayFormat)
		if start := startOfDay(f); !f.Equal(start) {
			end := start.AddDate(0, 0, 1).Add(-time.Nanosecond)
			if t := to.UTC(); !to.IsZero() && !t.After(end) {
				termRange(Order, after(f), upTo(t)) // within one day
				return disjunction(any)
			}
			termRange(Order, after(f), upTo(end))
			firstDay = end.Add(time.Nanosecond).Format(DayFormat)
		}
	}
	if t := to.UTC(); !to.IsZero() {
		lastDay = t.Format(DayFormat)
		if start := startOfDay(t); !t.Equal(start.AddDate(0, 0, 1).Add(-time.Nanosecond)) {
			termRange(Order, after(start), upTo(t))
			lastDay = start.Add(-time.Nanosecond).Format(DayFormat)
		}
	}
	if firstDay == "" || lastDay == "" || firstDay <= lastDay {
		termRange(Day, firstDay, lastDay)
	}
	return disjunction(any)
}

func startOfDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func disjunction(qs []bq.Query) bq.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return &AnyOf{Queries: qs}
}
