package newsindex

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Test for them with [errors.Is].
var (
	// ErrNotFound is returned by [Index.Get] for an ID the index does not hold.
	ErrNotFound = errors.New("newsindex: article not found")
	// ErrClosed is returned by every method of an [Index] after Close.
	ErrClosed = errors.New("newsindex: index is closed")
	// ErrLocked is returned by [Open] when another process has the index open
	// for writing.
	ErrLocked = errors.New("newsindex: index is in use by another process")
	// ErrReadOnly is returned by Add and Delete on an index opened with
	// Config.ReadOnly.
	ErrReadOnly = errors.New("newsindex: index is read-only")
	// ErrDiskFull is returned by Add and Delete when the write would leave
	// the disk holding the index with less free space than
	// Config.MinFreeBytes beside as much as the index takes (for Bleve's
	// merges). What was written before stays.
	ErrDiskFull = errors.New("newsindex: not enough free disk space")
	// ErrBadCursor is returned by Search for a SearchOptions.After that is
	// not a cursor of a search with the same sort.
	ErrBadCursor = errors.New("newsindex: bad cursor")
	// ErrNoVersion is returned by [Index.Version] for ID@N when the
	// article has fewer than N entries; the message gives the range.
	ErrNoVersion = errors.New("newsindex: no such version")
)

// InputError reports an article that cannot be indexed, and where it came
// from: the file and line when a reader knows them, the position in the
// [Index.Add] call, the article ID and the field at fault.
type InputError struct {
	File   string // input file, when known
	Line   int    // line in File (from 1), when known
	Index  int    // position of the article in the Add call (from 0); -1 when not from Add
	ID     string // article ID, when it has one
	Field  string // JSON name of the field at fault ("title", "language", …); "" for the whole article
	Reason string // what is wrong; when empty, Err says it
	// Err is the cause, when there is one (a file that cannot be read:
	// errors.Is(err, fs.ErrNotExist) sees through the InputError).
	Err error
}

// Unwrap returns the cause.
func (e *InputError) Unwrap() error { return e.Err }

// Error formats the error as "FILE:LINE: article N (id ID): field: reason",
// leaving out what is not known.
func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("newsindex: ")
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	switch {
	case e.Index >= 0 && e.ID != "":
		fmt.Fprintf(&b, "article %d (id %q): ", e.Index, e.ID)
	case e.Index >= 0:
		fmt.Fprintf(&b, "article %d: ", e.Index)
	case e.ID != "":
		fmt.Fprintf(&b, "article %q: ", e.ID)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	switch {
	case e.Reason != "":
		b.WriteString(e.Reason)
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// QueryError reports a query that cannot be parsed or compiled.
type QueryError struct {
	Query  string // the query text, when parsed from text
	Pos    int    // byte offset of the fault in Query (from 0); -1 when not from text
	Reason string // what is wrong
}

// Error formats the error with the column (from 1) of the fault.
func (e *QueryError) Error() string {
	if e.Pos < 0 {
		return "newsindex: bad query: " + e.Reason
	}
	return fmt.Sprintf("newsindex: bad query at column %d: %s", e.Pos+1, e.Reason)
}
