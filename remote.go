package newsindex

import (
	"context"
	"fmt"

	"github.com/newsindex/newsindex/analysis"
	"github.com/newsindex/newsindex/internal/share"
)

// remote is an index that another process holds open for writing and
// shares (Config.Share): every call goes to that process.
type remote struct {
	c         *share.Client
	languages []string
}

// openRemote opens the index another process shares.
func openRemote(path string, cfg Config, c *share.Client) (*Index, error) {
	ctx := context.Background()
	var h helloReply
	if err := c.Call(ctx, "hello", nil, &h); err != nil {
		c.Close()
		return nil, fmt.Errorf("newsindex: open %s through the process that shares it: %w", path, remoteError(err))
	}
	g := analysis.NewGazetteer()
	for _, e := range h.Names {
		if err := g.Add(e); err != nil {
			c.Close()
			return nil, fmt.Errorf("newsindex: names of %s: %w", path, err)
		}
	}
	if len(cfg.Names) > 0 && !cfg.ReadOnly {
		if err := c.Call(ctx, "keep_names", namesCall{Names: cfg.Names}, nil); err != nil {
			c.Close()
			return nil, fmt.Errorf("newsindex: keep names: %w", remoteError(err))
		}
		for _, e := range cfg.Names {
			if err := g.Add(e); err != nil {
				c.Close()
				return nil, fmt.Errorf("newsindex: names: %w", err)
			}
		}
	}
	cfg.MaxArticleBytes = h.MaxArticleBytes // the owner's cap is the one Add applies
	return &Index{cfg: cfg, path: path, remote: &remote{c: c, languages: h.Languages}, names: g, spellings: &spellings{}}, nil
}

func (r *remote) call(ctx context.Context, method string, req, resp any) error {
	return remoteError(r.c.Call(ctx, method, req, resp))
}

func (r *remote) add(ctx context.Context, articles []Article) error {
	return r.call(ctx, "add", addCall{Articles: articles}, nil)
}

func (r *remote) delete(ctx context.Context, ids []string) error {
	return r.call(ctx, "delete", idsCall{IDs: ids}, nil)
}

func (r *remote) lookup(ctx context.Context, ids []string) (map[string]Article, error) {
	out := map[string]Article{}
	if len(ids) == 0 {
		return out, nil
	}
	err := r.call(ctx, "lookup", idsCall{IDs: ids}, &out)
	return out, err
}

func (r *remote) count(ctx context.Context) (uint64, error) {
	var n uint64
	err := r.call(ctx, "count", nil, &n)
	return n, err
}

func (r *remote) stats(ctx context.Context) (*Stats, error) {
	var st Stats
	err := r.call(ctx, "stats", nil, &st)
	return &st, err
}

func (r *remote) search(ctx context.Context, q Query, opts SearchOptions) (*Result, error) {
	data, err := marshalQuery(q)
	if err != nil {
		return nil, err
	}
	var res Result
	if err := r.call(ctx, "search", searchCall{Query: data, Options: opts}, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

func (r *remote) history(ctx context.Context, id string) ([]Version, error) {
	var out []Version
	err := r.call(ctx, "history", idsCall{IDs: []string{id}}, &out)
	return out, err
}

func (r *remote) purge(ctx context.Context, ids []string) error {
	return r.call(ctx, "purge", idsCall{IDs: ids}, nil)
}
