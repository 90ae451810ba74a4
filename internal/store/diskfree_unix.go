//go:build unix

package store

import "golang.org/x/sys/unix"

// freeBytes is the space left to an unprivileged writer on the file system
// that holds dir; ok is false where it cannot be told.
func freeBytes(dir string) (free int64, ok bool) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return int64(st.Bavail) * int64(st.Bsize), true //nolint:unconvert // the field types differ by platform
}
