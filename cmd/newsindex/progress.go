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
// plain line every few seconds otherwise. The bar counts bytes of input
// (ingest.Summary.Position) when the size of the input is known, records
// otherwise.
type progress struct {
	w       io.Writer
	bar     *progressbar.ProgressBar
	total   int64
	start   time.Time
	lastLog time.Time
	logged  string // the last plain line written
	last    ingest.Summary
}

func newProgress(w io.Writer, paths []string) *progress {
	return newProgressTo(w, inputSize(paths), isTerminal(w))
}

// newProgressTo makes the progress of an input of total bytes (0 when not
// known), drawn as a bar when bar is set.
func newProgressTo(w io.Writer, total int64, bar bool) *progress {
	now := time.Now()
	p := &progress{w: w, total: total, start: now, lastLog: now}
	if bar {
		opts := []progressbar.Option{
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("indexing"),
			progressbar.OptionThrottle(100 * time.Millisecond),
			progressbar.OptionShowCount(),
		}
		if p.total > 0 {
			opts = append(opts, progressbar.OptionShowBytes(true))
			p.bar = progressbar.NewOptions64(p.total, opts...)
		} else {
			p.bar = progressbar.NewOptions64(-1, opts...)
		}
		// The bar starts its clock at its first drawing, and its rate is the
		// bytes so far over the time since: drawn first after the first
		// batch, it showed that batch's bytes over a few microseconds
		// ("474 GB/s"). Draw it now, so that the clock starts with the ingest.
		_ = p.bar.RenderBlank()
		_ = p.bar.Add64(0)
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
		p.log(s, s.Position)
	}
}

// log writes the plain progress line for s, at position bytes of the input,
// unless it would say what the last one said.
func (p *progress) log(s ingest.Summary, position int64) {
	line := fmt.Sprintf("indexing: %d records read, %d indexed, %d failed", s.Records, s.Indexed+s.Replaced, s.Failed)
	rate := ""
	if p.total > 0 {
		line += fmt.Sprintf(" (%.0f%%", 100*float64(position)/float64(p.total))
		if secs := time.Since(p.start).Seconds(); secs > 0 {
			rate = fmt.Sprintf(", %.1f MB/s", float64(position)/secs/1e6)
		}
		rate += ")"
	}
	if line != p.logged {
		fmt.Fprintln(p.w, line+rate)
		p.logged = line
	}
}

// clear removes the bar so that a message can be printed.
func (p *progress) clear() {
	if p.bar != nil {
		_ = p.bar.Clear()
	}
}

// finish draws the last state: all of the input when the ingest read it
// to its end (complete), as far as it got otherwise. The bar stays on the
// screen at that; a plain log gets a last line when it had any.
func (p *progress) finish(s ingest.Summary, complete bool) {
	position := min(s.Position, p.total)
	if complete {
		position = p.total
	}
	if p.bar != nil {
		if complete {
			_ = p.bar.Finish()
		} else if p.total > 0 {
			_ = p.bar.Set64(position)
		}
		fmt.Fprintln(p.w)
		return
	}
	if p.logged != "" {
		p.log(s, position)
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
