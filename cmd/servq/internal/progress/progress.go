// Package progress draws a progress bar on a terminal for long runs: nothing
// during the first second, then a line redrawn a few times a second, erased
// at the end.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Bar is a progress bar. The zero Bar draws nothing.
type Bar struct {
	w     io.Writer
	total int64        // bytes, 0 when unknown
	read  func() int64 // bytes read so far
	rows  func() int64 // rows read so far
	start time.Time
	stop  chan struct{}
	done  sync.WaitGroup
	drawn bool
}

// Start starts a bar on w that shows read() of total bytes and rows() rows,
// redrawn every 200 ms once a second has passed. Call Stop when done.
func Start(w io.Writer, total int64, read, rows func() int64) *Bar {
	b := &Bar{w: w, total: total, read: read, rows: rows, start: time.Now(), stop: make(chan struct{})}
	b.done.Add(1)
	go b.loop()
	return b
}

func (b *Bar) loop() {
	defer b.done.Done()
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-b.stop:
			if b.drawn {
				fmt.Fprint(b.w, "\r\033[K")
			}
			return
		case now := <-t.C:
			if now.Sub(b.start) < time.Second {
				continue
			}
			b.draw(now)
		}
	}
}

func (b *Bar) draw(now time.Time) {
	const width = 30
	elapsed := now.Sub(b.start).Round(time.Second)
	read := b.read()
	rows := b.rows()
	line := ""
	if b.total > 0 {
		frac := float64(read) / float64(b.total)
		frac = min(frac, 1)
		n := int(frac * width)
		line = fmt.Sprintf("[%s%s] %3.0f%%", strings.Repeat("=", n), strings.Repeat(" ", width-n), frac*100)
	}
	rate := float64(rows) / now.Sub(b.start).Seconds()
	line += fmt.Sprintf("  %s rows  %s rows/s  %s", human(float64(rows)), human(rate), elapsed)
	fmt.Fprint(b.w, "\r"+line+"\033[K")
	b.drawn = true
}

// Stop erases the bar.
func (b *Bar) Stop() {
	if b == nil || b.stop == nil {
		return
	}
	close(b.stop)
	b.done.Wait()
}

func human(x float64) string {
	switch {
	case x >= 1e6:
		return fmt.Sprintf("%.1fM", x/1e6)
	case x >= 1e3:
		return fmt.Sprintf("%.1fk", x/1e3)
	}
	return fmt.Sprintf("%.0f", x)
}
