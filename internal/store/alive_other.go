//go:build !unix

package store

// processAlive cannot tell here: a folder is never taken for stale.
func processAlive(int) bool { return true }
