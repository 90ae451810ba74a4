package newsindex

import "fmt"

// Filter narrows a query the way the filter fields of the command-line tool
// and the web page do. Empty fields are ignored. From and To are dates in
// the forms of [Parse] (2025, 2025-08, 2025-08-20 or an RFC 3339 time),
// each standing for its whole year, month or day: From "2025-08" and To
// "2025-08" are the month of August.
type Filter struct {
	Language string
	Source   string
	Author   string
	Entity   string // gazetteer ID or a name it knows: "kim-jong-un", "Kim Jong Un"
	Section  string
	From     string
	To       string
}

// Apply returns q limited to the filter. All() with a filter is the filter
// alone. A date that cannot be read is a [*QueryError].
func (f Filter) Apply(q Query) (Query, error) {
	var parts []Query
	if _, all := q.(AllQuery); !all {
		parts = append(parts, q)
	}
	if f.Language != "" {
		parts = append(parts, Language(f.Language))
	}
	if f.Source != "" {
		parts = append(parts, Source(f.Source))
	}
	if f.Author != "" {
		parts = append(parts, Author(f.Author))
	}
	if f.Entity != "" {
		parts = append(parts, Entity(f.Entity))
	}
	if f.Section != "" {
		parts = append(parts, Section(f.Section))
	}
	if f.From != "" || f.To != "" {
		var r DateRange
		if f.From != "" {
			p, err := parseDate(f.From)
			if err != nil {
				return nil, &QueryError{Pos: -1, Reason: fmt.Sprintf("from: %v", err)}
			}
			r.From = p.start
		}
		if f.To != "" {
			p, err := parseDate(f.To)
			if err != nil {
				return nil, &QueryError{Pos: -1, Reason: fmt.Sprintf("to: %v", err)}
			}
			r.To = p.last()
		}
		if !r.From.IsZero() && !r.To.IsZero() && r.To.Before(r.From) {
			return nil, &QueryError{Pos: -1, Reason: fmt.Sprintf("from %s is after to %s", f.From, f.To)}
		}
		parts = append(parts, r)
	}
	switch len(parts) {
	case 0:
		return All(), nil
	case 1:
		return parts[0], nil
	}
	return And(parts...), nil
}
