package engine

import (
	"errors"
	"io"

	"github.com/servq/servq/workorder"
)

// Replay decodes every event of d and applies it, counting the rows the
// decoder rejects. tick, when not nil, is called every 4096 rows (for a
// progress bar). It returns the first error that ends decoding (I/O, a CSV
// line too long); row errors are counted, not returned.
func (e *Engine) Replay(d *workorder.Decoder, tick func()) error {
	var ev workorder.Event
	for n := 1; ; n++ {
		err := d.Next(&ev)
		if tick != nil && n%4096 == 0 {
			tick()
		}
		var re *workorder.RowError
		switch {
		case err == nil:
			e.Apply(&ev)
			// The order keeps the values, not the map: the decoder may
			// reuse it.
		case errors.As(err, &re):
			e.RejectRow(re)
		case err == io.EOF:
			return nil
		default:
			return err
		}
	}
}

// ReplayAll decodes d once and applies every event to each engine (whose
// policies declare the same facts).
func ReplayAll(d *workorder.Decoder, engines []*Engine) error {
	var ev workorder.Event
	for {
		err := d.Next(&ev)
		var re *workorder.RowError
		switch {
		case err == nil:
			for _, e := range engines {
				e.Apply(&ev)
			}
		case errors.As(err, &re):
			for _, e := range engines {
				e.RejectRow(re)
			}
		case err == io.EOF:
			return nil
		default:
			return err
		}
	}
}
