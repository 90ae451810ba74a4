package newsindex

import (
	"context"
	"encoding/json"
	"time"

	bq "github.com/blevesearch/bleve/v2/search/query"
)

// The research calls (Trend, Terms, KWIC) share an error for bad options
// and their calls to the process that shares an index (Config.Share).

// OptionError reports an option of a call that cannot be used: an unknown
// interval, no query or too many, a date range that ends before it starts.
// It is the caller's fault, like a [*QueryError]: the tool exits with
// status 2 on it and the API answers 400.
type OptionError struct {
	Option string // the option at fault: "TrendOptions.Interval"
	Reason string // what is wrong with it
}

// Error formats the error as "newsindex: OPTION: REASON".
func (e *OptionError) Error() string { return "newsindex: " + e.Option + ": " + e.Reason }

func optionErr(option, reason string) error { return &OptionError{Option: option, Reason: reason} }

// Calls of another process for the research calls. Options are checked by
// the calling process before they travel, so that their errors keep their
// type; the queries travel as JSON values.
type (
	trendCall struct {
		Queries  []json.RawMessage `json:"queries"`
		Interval Interval          `json:"interval"`
		From     time.Time         `json:"from,omitzero"`
		To       time.Time         `json:"to,omitzero"`
		Within   json.RawMessage   `json:"within,omitempty"`
	}
	termsCall struct {
		Query   json.RawMessage `json:"query"`
		Options TermsOptions    `json:"options"`
	}
	kwicCall struct {
		Query   json.RawMessage `json:"query"`
		Options KWICOptions     `json:"options"`
		After   string          `json:"after,omitempty"`
		Size    int             `json:"size"`
	}
	kwicReply struct {
		Lines []KWICLine `json:"lines"`
		Next  string     `json:"next,omitempty"`
	}
)

// compileResearch compiles q as Search does for the current articles:
// names read as names, within the index's limits, with the statistics of
// the moment. It returns the compiler (its statistics, the names q asks
// for) and q as read.
func (x *Index) compileResearch(q Query) (*compiler, Query, bq.Query, error) {
	q, _ = readNames(q, x.gazetteer())
	c := x.compiler()
	compiled, err := c.build(q, false)
	return c, q, compiled, err
}

// dispatchResearch answers the research calls of another process; ok is
// false for any other method.
func (x *Index) dispatchResearch(ctx context.Context, method string, decode func(any) error) (out any, ok bool, err error) {
	switch method {
	case "trend":
		var c trendCall
		if err := decode(&c); err != nil {
			return nil, true, err
		}
		opts, err := c.options()
		if err != nil {
			return nil, true, err
		}
		res, err := x.Trend(ctx, opts)
		return res, true, err
	case "terms":
		var c termsCall
		if err := decode(&c); err != nil {
			return nil, true, err
		}
		q, err := unmarshalQuery(c.Query)
		if err != nil {
			return nil, true, err
		}
		res, err := x.Terms(ctx, q, c.Options)
		return res, true, err
	case "kwic":
		var c kwicCall
		if err := decode(&c); err != nil {
			return nil, true, err
		}
		q, err := unmarshalQuery(c.Query)
		if err != nil {
			return nil, true, err
		}
		lines, next, err := x.kwicPage(ctx, q, c.Options, c.After, c.Size)
		return kwicReply{Lines: lines, Next: next}, true, err
	}
	return nil, false, nil
}
