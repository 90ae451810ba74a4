package newsindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/share"
)

// The calls another process makes to the one that shares an index
// (Config.Share), and the errors they carry back.

type (
	helloReply struct {
		MaxArticleBytes int               `json:"max_article_bytes"`
		Languages       []string          `json:"languages"`
		Names           []analysis.Entity `json:"names"`
	}
	addCall struct {
		Articles []Article `json:"articles"`
	}
	idsCall struct {
		IDs []string `json:"ids"`
	}
	searchCall struct {
		Query   json.RawMessage `json:"query"`
		Options SearchOptions   `json:"options"`
	}
	namesCall struct {
		Names []analysis.Entity `json:"names"`
	}
)

// handle answers a call of another process.
func (x *Index) handle(ctx context.Context, method string, body json.RawMessage) (any, error) {
	out, err := x.dispatch(ctx, method, body)
	return out, shareError(err)
}

func (x *Index) dispatch(ctx context.Context, method string, body json.RawMessage) (any, error) {
	decode := func(v any) error {
		if err := json.Unmarshal(body, v); err != nil {
			return fmt.Errorf("newsindex: share: %s: %w", method, err)
		}
		return nil
	}
	switch method {
	case "hello":
		return helloReply{MaxArticleBytes: x.cfg.MaxArticleBytes, Languages: x.Languages(), Names: x.Names()}, nil
	case "add":
		var c addCall
		if err := decode(&c); err != nil {
			return nil, err
		}
		return struct{}{}, x.Add(ctx, c.Articles...)
	case "delete":
		var c idsCall
		if err := decode(&c); err != nil {
			return nil, err
		}
		return struct{}{}, x.Delete(ctx, c.IDs...)
	case "lookup":
		var c idsCall
		if err := decode(&c); err != nil {
			return nil, err
		}
		return x.Lookup(ctx, c.IDs...)
	case "count":
		return x.Count(ctx)
	case "history":
		var c idsCall
		if err := decode(&c); err != nil {
			return nil, err
		}
		if len(c.IDs) != 1 {
			return nil, fmt.Errorf("newsindex: share: history of %d articles", len(c.IDs))
		}
		return x.History(ctx, c.IDs[0])
	case "purge":
		var c idsCall
		if err := decode(&c); err != nil {
			return nil, err
		}
		return struct{}{}, x.Purge(ctx, c.IDs...)
	case "stats":
		return x.Stats(ctx)
	case "compact":
		return struct{}{}, x.Compact(ctx)
	case "search":
		var c searchCall
		if err := decode(&c); err != nil {
			return nil, err
		}
		q, err := unmarshalQuery(c.Query)
		if err != nil {
			return nil, err
		}
		return x.Search(ctx, q, c.Options)
	case "related":
		var c relatedCall
		if err := decode(&c); err != nil {
			return nil, err
		}
		return x.Related(ctx, c.ID, c.Options)
	case "keep_names":
		var c namesCall
		if err := decode(&c); err != nil {
			return nil, err
		}
		return struct{}{}, x.keepNames(c.Names)
	}
	if out, ok, err := x.dispatchResearch(ctx, method, decode); ok {
		return out, err // trend, terms, kwic (research.go)
	}
	return nil, fmt.Errorf("newsindex: share: unknown call %q", method)
}

// shareError puts an error in the form that travels.
func shareError(err error) error {
	if err == nil {
		return nil
	}
	e := &share.Error{Kind: "internal", Message: err.Error()}
	var qe *QueryError
	var ie *InputError
	switch {
	case errors.As(err, &qe):
		e.Kind, e.Detail = "query", mustJSON(qe)
	case errors.As(err, &ie):
		e.Kind, e.Detail = "input", mustJSON(ie)
	default:
		for kind, sentinel := range sentinels {
			if errors.Is(err, sentinel) {
				e.Kind = kind
			}
		}
	}
	return e
}

var sentinels = map[string]error{
	"not_found":  ErrNotFound,
	"closed":     ErrClosed,
	"read_only":  ErrReadOnly,
	"bad_cursor": ErrBadCursor,
	"disk_full":  ErrDiskFull,
	"locked":     ErrLocked,
	"canceled":   context.Canceled,
	"deadline":   context.DeadlineExceeded,
}

func mustJSON(v any) json.RawMessage {
	data, _ := json.Marshal(v)
	return data
}

// remoteError turns what travelled back into the error the call made.
func remoteError(err error) error {
	var e *share.Error
	if !errors.As(err, &e) {
		return err
	}
	switch e.Kind {
	case "query":
		var qe QueryError
		if json.Unmarshal(e.Detail, &qe) == nil {
			return &qe
		}
	case "input":
		var ie InputError
		if json.Unmarshal(e.Detail, &ie) == nil {
			return &ie
		}
	}
	if s, ok := sentinels[e.Kind]; ok {
		if s.Error() == e.Message {
			return s
		}
		return fmt.Errorf("%w%s", s, trimSentinel(e.Message, s))
	}
	return errors.New(e.Message)
}

// trimSentinel returns what a message says beyond its sentinel.
func trimSentinel(msg string, s error) string {
	if len(msg) > len(s.Error()) && msg[:len(s.Error())] == s.Error() {
		return msg[len(s.Error()):]
	}
	return ": " + msg
}
