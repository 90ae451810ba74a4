package newsindex

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/newsindex/newsindex/internal/schema"
)

// Version is one entry of an article's history: a version of its content,
// or its deletion. In JSON it is the article's fields with "version",
// "seen" and "deleted" beside them:
// {"version":1,"seen":…,"deleted":false,"id":…,"title":…,"body":…}.
type Version struct {
	// Number counts the entries from 1, the oldest.
	Number int
	// Article is the content of the version; for a deletion, the last
	// content before it.
	Article Article
	// Seen is when the index first had the version: when its copy was
	// fetched (Article.Retrieved), or added; for a deletion, when the
	// article was deleted. Zero for articles indexed before versions were
	// kept.
	Seen time.Time
	// Deleted says that the entry is the article's deletion.
	Deleted bool
}

// versionJSON is the JSON shape of a Version: the article's fields
// flattened.
type versionJSON struct {
	Number  int       `json:"version"`
	Seen    time.Time `json:"seen,omitzero"`
	Deleted bool      `json:"deleted"`
	Article
}

// MarshalJSON writes the article's fields with "version", "seen" and
// "deleted".
func (v Version) MarshalJSON() ([]byte, error) {
	return json.Marshal(versionJSON{Number: v.Number, Seen: v.Seen, Deleted: v.Deleted, Article: v.Article})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (v *Version) UnmarshalJSON(data []byte) error {
	var j versionJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*v = Version{Number: j.Number, Article: j.Article, Seen: j.Seen, Deleted: j.Deleted}
	return nil
}

// ArticleHistory is an article's ID and its history, as the tool's
// history -json and the API's /api/articles/{id}/history give it:
// {"id":…,"versions":[…]}.
type ArticleHistory struct {
	ID       string    `json:"id"`
	Versions []Version `json:"versions"`
}

// History returns every entry of the article with the given ID, oldest
// first: each version it was added with (an ID added again with other
// content makes a new version; with the same content, none), and each
// deletion. The last entry is the article as it is, or its deletion. It
// wraps [ErrNotFound] for an ID the index holds nothing of, deleted or
// not.
func (x *Index) History(ctx context.Context, id string) ([]Version, error) {
	if err := x.acquire(false); err != nil {
		return nil, err
	}
	defer x.release()
	if x.remote != nil {
		return x.remote.history(ctx, id)
	}
	entries, ok, err := x.st.History(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("newsindex: history of %q: %w", id, err)
	}
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrNotFound, id)
	}
	out := make([]Version, len(entries))
	for i, e := range entries {
		out[i] = versionOf(e)
	}
	return out, nil
}

func versionOf(e schema.Article) Version {
	return Version{Number: max(e.Version, 1), Article: articleFrom(e), Seen: e.Seen, Deleted: e.Deleted}
}

// Purge removes everything the index holds of the articles with the given
// IDs, deleted or not: every version and deletion. Nothing of them can be
// found or brought back after. IDs the index holds nothing of are ignored.
// One trace stays on disk: the index's dictionary of stored articles
// (stored.dict, 64 KiB) is made of the text of articles it held when it
// first had 200, and never changes; [Reindex] makes a new one from the articles
// left.
func (x *Index) Purge(ctx context.Context, ids ...string) error {
	if err := x.acquire(true); err != nil {
		return err
	}
	defer x.release()
	if x.remote != nil {
		return x.remote.purge(ctx, ids)
	}
	if _, err := x.st.Purge(ctx, ids); err != nil {
		return fmt.Errorf("newsindex: %w", err)
	}
	return nil
}
