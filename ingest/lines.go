package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// lineReader reads lines with their numbers and byte offsets, without the
// line ending, a leading byte-order mark or trailing carriage return.
type lineReader struct {
	ctx    context.Context
	file   string
	r      *bufio.Reader
	line   int   // number of the line last read
	offset int64 // offset of the line last read
	next   int64 // offset of the next line
	err    error // the error that ended reading, nil at EOF
}

func newLineReader(ctx context.Context, file string, r *bufio.Reader) *lineReader {
	return &lineReader{ctx: ctx, file: file, r: r}
}

// scan reads the next line; it returns false at the end of input or on an
// error, which err then holds.
func (l *lineReader) scan() ([]byte, bool) {
	if l.err != nil {
		return nil, false
	}
	if err := l.ctx.Err(); err != nil {
		l.err = err
		return nil, false
	}
	var buf []byte
	for {
		chunk, err := l.r.ReadSlice('\n')
		buf = append(buf, chunk...)
		if len(buf) > maxLine {
			l.err = lineError(l.file, l.line+1, "", "line longer than 64 MiB")
			return nil, false
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			l.err = lineError(l.file, l.line+1, "", err.Error())
			return nil, false
		}
		if len(buf) == 0 && errors.Is(err, io.EOF) {
			return nil, false
		}
		break
	}
	l.line++
	l.offset = l.next
	l.next += int64(len(buf))
	buf = bytes.TrimSuffix(buf, []byte("\n"))
	buf = bytes.TrimSuffix(buf, []byte("\r"))
	if l.line == 1 {
		buf = bytes.TrimPrefix(buf, []byte("\ufeff"))
	}
	return buf, true
}

// checkUTF8 returns an error naming the line if text is not UTF-8.
func (l *lineReader) checkUTF8(text []byte) error {
	if utf8.Valid(text) {
		return nil
	}
	col := 0
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError && n == 1 {
			col = i
			break
		}
		i += n
	}
	return lineError(l.file, l.line, "", fmt.Sprintf("not UTF-8 text (invalid byte at column %d); convert the file to UTF-8", col+1))
}
