package quality_test

import (
	"encoding/json"
	"fmt"

	"github.com/servq/servq/quality"
)

// Repair satisfaction of two technicians of one station, and of the station:
// only a 10 counts as satisfied, so the rate is tens over rated customers.
func ExampleRate() {
	wang := quality.Rate{Num: 14, Den: 15} // 14 tens among 15 rated customers
	li := quality.Rate{Num: 9, Den: 10}
	zhao := quality.Rate{} // nobody rated yet
	station := wang.Merge(li).Merge(zhao)

	for _, r := range []quality.Rate{wang, li, zhao, station} {
		fmt.Printf("%-6s %s\n", r, r.Percent(2, quality.HalfUp))
	}
	v, ok := station.Value(4, quality.HalfEven)
	fmt.Println(v, ok)
	_, ok = zhao.Value(4, quality.HalfEven)
	fmt.Println(ok)
	fmt.Println(wang.Cmp(li), zhao.Cmp(li))

	b, _ := json.Marshal(station)
	fmt.Println(string(b))
	// Output:
	// 14/15  93.33%
	// 9/10   90.00%
	// 0/0    n/a (0/0)
	// 23/25  92.00%
	// 0.92 true
	// false
	// 1 -1
	// {"num":23,"den":25}
}
