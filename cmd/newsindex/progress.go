package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/newsindex/newsindex/ingest"
)

// progress shows how an ingest goes: a bar when stderr is a terminal, a
// plain line every few seconds otherwise.
type progress struct {
	w       io.Writer
	bar     *progressbar.ProgressBar
	total   int64
	lastLog time.Time
	last    ingest.Summary
}

func newProgress(w io.Writer, paths []string) *progress {
	p := &progress{w: w, total: inputSize(paths), lastLog: time.Now()}
	if isTerminal(w) {
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("indexing"),
			progressbar.OptionThrottle(100 * time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionShowCount(),
		}
		if p.total > 0 {
			opts = append(opts, progressbar.OptionShowBytes(true))
			p.bar = progressbar.NewOptions64(p.total, opts...)
		} else {
			p.bar = progressbar.NewOptions64(-1, opts...)
		}
	}
	return p
}

func (p *progress) update(s ingest.Summary) {
	p.last = s
	if p.bar != nil {
		if p.total > 0 {
			_ = p.bar.Set64(min(s.Position, p.total))
		} else {
			_ = p.bar.Set(s.Records)
		}
		return
	}
	if time.Since(p.lastLog) >= 2*time.Second {
		p.lastLog = time.Now()
		line := fmt.Sprintf("indexing: %d records read, %d indexed, %d failed", s.Records, s.Indexed+s.Replaced, s.Failed)
		if p.total > 0 {
			line += fmt.Sprintf(" (%.0f%%)", 100*float64(s.Position)/float64(p.total))
		}
		fmt.Fprintln(p.w, line)
	}
}

// clear removes the bar so that a message can be printed.
func (p *progress) clear() {
	if p.bar != nil {
		_ = p.bar.Clear()
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
