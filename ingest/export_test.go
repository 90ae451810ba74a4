package ingest

// SetMaxLine lowers the cap on a line for a test, so that a test of a line
// over the cap need not read 64 MiB, and returns the function that restores
// it.
func SetMaxLine(n int) (restore func()) {
	old := maxLine
	maxLine = n
	return func() { maxLine = old }
}
