package workorder_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/servq/servq/quality"
	"github.com/servq/servq/workorder"
)

// The worked example of the package documentation: two good rows, an instant
// without an offset and a misspelt fact. The bad rows are reported with their
// lines and skipped, and the counts reconcile.
func ExampleDecoder() {
	schema := quality.MustSchema(
		quality.Field{Name: "order_type", Kind: quality.KindString},
		quality.Field{Name: "technician", Kind: quality.KindString},
		quality.Field{Name: "rating", Kind: quality.KindString},
	)
	in := `{"order":"WO-1","event":"created","at":"2025-07-01T09:00:00+08:00","facts":{"order_type":"repair","technician":"T017"}}
{"order":"WO-2","event":"created","at":"2025-07-01T09:05:00"}
{"order":"WO-1","event":"callback","at":"2025-07-02T10:00:00+08:00","facts":{"ratnig":"10"}}
{"order":"WO-1","event":"callback","at":"2025-07-02T10:00:00+08:00","facts":{"rating":"10"}}
`
	d, err := workorder.NewDecoder(strings.NewReader(in), workorder.JSONL, schema)
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		var ev workorder.Event
		err := d.Next(&ev)
		if err == io.EOF {
			break
		}
		var re *workorder.RowError
		if errors.As(err, &re) {
			fmt.Println(err)
			continue
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(ev.Line, ev.Order, ev.Name, ev.At.Format(time.RFC3339), ev.Facts)
	}
	c := d.Counts()
	fmt.Printf("read %d = decoded %d + rejected %d\n", c.Read, c.Decoded, c.Rejected)
	// Output:
	// 1 WO-1 created 2025-07-01T09:00:00+08:00 map[order_type:repair technician:T017]
	// workorder: line 2: at: the instant "2025-07-01T09:05:00" has no offset: add the zone's offset, such as "+08:00", or "Z" for UTC
	// workorder: line 3: facts.ratnig: no such fact in the policy's schema (did you mean "rating"?)
	// 4 WO-1 callback 2025-07-02T10:00:00+08:00 map[rating:10]
	// read 4 = decoded 2 + rejected 2
}

// A CSV file names its fact columns in the header; empty cells are facts not
// given, and a list is written a|b.
func ExampleDecoder_csv() {
	schema := quality.MustSchema(
		quality.Field{Name: "order_type", Kind: quality.KindString},
		quality.Field{Name: "fee", Kind: quality.KindDecimal},
		quality.Field{Name: "tags", Kind: quality.KindStrings},
	)
	in := "order,event,at,order_type,fee,tags\n" +
		"WO-1,created,2025-07-01T09:00:00+08:00,repair,,vip|fiber\n" +
		"WO-1,completed,2025-07-01T15:30:00+08:00,,12.50,\n" +
		"WO-1,completed,2025-07-01T15:30:00+08:00,,12,5,\n"
	d, err := workorder.NewDecoder(strings.NewReader(in), workorder.CSV, schema)
	if err != nil {
		fmt.Println(err)
		return
	}
	for {
		var ev workorder.Event
		err := d.Next(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(ev.Line, ev.Name, ev.Facts)
	}
	// Output:
	// 2 created map[order_type:repair tags:[vip fiber]]
	// 3 completed map[fee:12.5]
	// workorder: line 4: has 7 fields, the header has 6
}

// An Encoder writes events that a Decoder reads back equal.
func ExampleEncoder() {
	schema := quality.MustSchema(
		quality.Field{Name: "technician", Kind: quality.KindString},
		quality.Field{Name: "promised", Kind: quality.KindDuration},
	)
	enc := workorder.NewEncoder(os.Stdout, schema)
	at := time.Date(2025, 7, 1, 9, 0, 0, 0, time.FixedZone("", 8*3600))
	err := enc.Encode(workorder.Event{Order: "WO-1", Name: "dispatched", At: at, ID: "ev-1",
		Facts: quality.Facts{"technician": "T017", "promised": 20 * time.Minute}})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"order":"WO-1","event":"dispatched","at":"2025-07-01T09:00:00+08:00","id":"ev-1","facts":{"technician":"T017","promised":"20m0s"}}
}
