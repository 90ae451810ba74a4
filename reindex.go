package newsindex

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/newsindex/newsindex/internal/schema"
	"github.com/newsindex/newsindex/internal/store"
)

// ReindexProgress says how far a [Reindex] has got.
type ReindexProgress struct {
	Done  uint64 // articles written to the new index
	Total uint64 // articles of the index
}

// reindexPage is how many articles Reindex reads and adds at a time.
const reindexPage = 1000

// Reindex rebuilds the index at path from the articles it stores, with no
// source files: in the current format, with the languages registered now
// and the names the index keeps (and cfg.Names) read anew in every article.
// It keeps every ID, every earlier version and every deleted article, and
// the number of shards, unless cfg.Shards asks for another. It is the fix for an index of an older format, and the
// way to apply new names or languages to articles indexed before them.
//
// The new index is built beside the old one (path + ".reindex") while the
// old one is held open read-only, so that readers go on and no writer
// changes it meanwhile; then the new one takes its place. A crash before
// the swap leaves the old index as it was; a crash during the swap is
// finished by the next Open. progress, when not nil, is called after every
// page of articles.
func Reindex(ctx context.Context, path string, cfg Config, progress func(ReindexProgress)) error {
	if path == "" {
		return errors.New("newsindex: reindex: an index in memory has no path")
	}
	cfg, err := cfg.withDefaults()
	if err != nil {
		return err
	}
	old, err := store.Open(path, store.Options{ReadOnly: true, LockTimeout: cfg.LockTimeout})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%w: %s (waited %s)", ErrLocked, path, cfg.LockTimeout)
	}
	if err != nil {
		return fmt.Errorf("newsindex: reindex: %w", err)
	}
	defer old.Close()
	tmp := path + store.ReindexSuffix
	if err := rebuild(ctx, old, tmp, cfg, progress); err != nil {
		_ = os.RemoveAll(tmp)
		return fmt.Errorf("newsindex: reindex %s: %w (the index is unchanged)", path, err)
	}
	if err := old.Close(); err != nil {
		return fmt.Errorf("newsindex: reindex %s: %w", path, err)
	}
	if err := store.Swap(path, tmp); err != nil {
		return fmt.Errorf("newsindex: reindex %s: %w", path, err)
	}
	return nil
}

// rebuild writes every article of old into a new index at tmp.
func rebuild(ctx context.Context, old *store.Store, tmp string, cfg Config, progress func(ReindexProgress)) error {
	kept, err := old.Names()
	if err != nil {
		return err
	}
	total, err := old.Count(ctx)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	ncfg := cfg
	ncfg.ReadOnly = false
	if ncfg.Shards == 0 {
		ncfg.Shards = old.Shards() // the count the index has, unless another is asked for
	}
	ncfg.Names = append(kept, cfg.Names...)
	ncfg.MaxArticleBytes = math.MaxInt // the articles were accepted once
	next, err := Open(tmp, ncfg)
	if err != nil {
		return err
	}
	done := uint64(0)
	names := next.gazetteer()
	if err := next.noteTagging(ctx, names); err != nil { // every article is tagged anew
		_ = next.Close()
		return err
	}
	err = old.EachDoc(ctx, reindexPage, func(page []store.Doc) error {
		if err := next.st.Restore(ctx, page, tagger(names)); err != nil {
			return err
		}
		for _, d := range page {
			if d.Entry == schema.Latest {
				done++
			}
		}
		if progress != nil {
			progress(ReindexProgress{Done: done, Total: total})
		}
		return nil
	})
	if cerr := next.Close(); err == nil {
		err = cerr
	}
	if err == nil && done != total {
		err = fmt.Errorf("read %d articles of %d", done, total)
	}
	return err
}
