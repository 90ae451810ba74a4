package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/newsindex/newsindex"
)

// lineReader reads lines with their numbers and byte offsets, without the
// line ending, a leading byte-order mark or trailing carriage return. A line
// longer than maxLine is skipped to its end and returned empty, with long
// set, so that the reader can report it and go on with the next line.
type lineReader struct {
	ctx    context.Context
	file   string
	r      *bufio.Reader
	line   int   // number of the line last read
	offset int64 // offset of the line last read
	next   int64 // offset of the next line
	long   bool  // the line last read was longer than maxLine
	err    error // the error that ended reading, nil at EOF
}

func newLineReader(ctx context.Context, file string, r *bufio.Reader) *lineReader {
	return &lineReader{ctx: ctx, file: file, r: r}
}

// scan reads the next line; it returns false at the end of input, when
// reading fails or when the context ends; err then says which.
func (l *lineReader) scan() ([]byte, bool) {
	if l.err != nil {
		return nil, false
	}
	if err := l.ctx.Err(); err != nil {
		l.err = err
		return nil, false
	}
	var buf []byte
	var size int64 // bytes of the line with its ending
	l.long = false
	for {
		chunk, err := l.r.ReadSlice('\n')
		size += int64(len(chunk))
		if !l.long && len(buf)+len(chunk) > maxLine {
			l.long, buf = true, nil
		}
		if !l.long {
			buf = append(buf, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			if l.long {
				if err := l.ctx.Err(); err != nil {
					l.err = err
					return nil, false
				}
			}
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			l.err = readError(l.file, l.line+1, err)
			return nil, false
		}
		if size == 0 {
			return nil, false
		}
		break
	}
	l.line++
	l.offset = l.next
	l.next += size
	buf = bytes.TrimSuffix(buf, []byte("\n"))
	buf = bytes.TrimSuffix(buf, []byte("\r"))
	if l.line == 1 {
		buf = bytes.TrimPrefix(buf, []byte("\ufeff"))
	}
	return buf, true
}

// readError reports input that could not be read from line on: a disk
// error, or compressed data that is damaged or cut short.
func readError(file string, line int, err error) *newsindex.InputError {
	reason := "cannot read on: " + err.Error()
	if errors.Is(err, io.ErrUnexpectedEOF) {
		reason = "the input ends in the middle of its data (a cut-short download or .gz file?)"
	}
	return &newsindex.InputError{File: file, Line: line, Index: -1, Reason: reason + "; the rest of the file is not read", Err: err}
}

// unusable returns an error naming the line last read if it cannot be
// text: longer than maxLine, holding a NUL byte, or (when checkUTF8 is set)
// not UTF-8.
func (l *lineReader) unusable(text []byte, checkUTF8 bool) *newsindex.InputError {
	if l.long {
		return lineError(l.file, l.line, "", fmt.Sprintf("line longer than %s; skipped", sizeString(maxLine)))
	}
	if i := bytes.IndexByte(text, 0); i >= 0 {
		return lineError(l.file, l.line, "", fmt.Sprintf("a NUL byte at column %d: binary data, not text", i+1))
	}
	if checkUTF8 {
		return l.checkUTF8(text)
	}
	return nil
}

// checkUTF8 returns an error naming the line if text is not UTF-8.
func (l *lineReader) checkUTF8(text []byte) *newsindex.InputError {
	if utf8.Valid(text) {
		return nil
	}
	return lineError(l.file, l.line, "", notUTF8(text))
}

// notUTF8 says where text stops being UTF-8.
func notUTF8(text []byte) string {
	return fmt.Sprintf("not UTF-8 text (invalid byte at column %d); convert the file to UTF-8", invalidAt(text)+1)
}

// invalidAt is the offset of the first byte of text that is not UTF-8, or -1.
func invalidAt(text []byte) int {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// sizeString writes a size in MiB, or KiB below one MiB.
func sizeString(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
