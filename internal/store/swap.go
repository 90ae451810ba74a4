package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/newsindex/newsindex/internal/schema"
)

// The folders beside an index while a rebuild replaces it: the new index
// as it is built, and the old one between the two renames of the swap.
const (
	ReindexSuffix = ".reindex"
	oldSuffix     = ".old"
)

// Swap puts the complete index at next in the place of the one at path:
// path becomes path.old, next becomes path, path.old is removed. A crash
// between the two renames leaves path missing beside path.old and next,
// which [recoverSwap] finishes at the next Open.
func Swap(path, next string) error {
	old := path + oldSuffix
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(path, old); err != nil {
		return err
	}
	if err := os.Rename(next, path); err != nil {
		return fmt.Errorf("%w (the old index is at %s)", err, old)
	}
	if err := schema.SyncDir(filepath.Dir(path)); err != nil {
		return err
	}
	return os.RemoveAll(old)
}

// recoverSwap finishes a swap a crash interrupted, when path is missing:
// the new index takes its place if it is there, else the old one comes
// back. It reports whether there was a swap to finish.
func recoverSwap(path string) (bool, error) {
	old := path + oldSuffix
	if _, err := os.Stat(old); errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	next := path + ReindexSuffix
	from := old
	if _, err := os.Stat(next); err == nil {
		from = next // complete: the old index is moved aside only after
	}
	if err := os.Rename(from, path); err != nil {
		return false, fmt.Errorf("finish the swap of %s: %w", path, err)
	}
	if from == next {
		if err := os.RemoveAll(old); err != nil {
			return true, err
		}
	}
	return true, schema.SyncDir(filepath.Dir(path))
}
