package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

// indicatorColumns are the columns of indicators.csv: the provincial card's
// items that are measured outside the complaint data, per county.
var indicatorColumns = []string{
	"county",
	"hotline",               // share of the county's hotline calls passing the quality check (target 85%)
	"key_accounts",          // key-account service satisfaction
	"halls",                 // business halls and channels: mystery-shopper pass rate
	"mobile_complaint_rate", // mobile complaints per hundred subscribers' tickets (lower is better)
	"dial_tests",            // dial-test score, 0 to 100
	"meetings_held",         // the monthly quality meeting was held
	"meetings_effective",    // ... and its actions were followed up
	"supervisors_appointed", // social supervisors are appointed
}

// writeIndicators writes one row per county of the org chart. Rates are
// written with three decimals from whole per-mille draws, so the file is
// the same on every platform.
func writeIndicators(c config, w io.Writer) error {
	org := c.Org()
	r := rand.New(rand.NewPCG(c.Seed, 0x696e64)) // "ind"
	cw := csv.NewWriter(w)
	if err := cw.Write(indicatorColumns); err != nil {
		return err
	}
	permille := func(lo, hi int) string { return fmt.Sprintf("%.3f", float64(lo+r.IntN(hi-lo+1))/1000) }
	for _, cty := range org.Counties {
		held := r.IntN(10) < 9
		row := []string{
			cty.Name,
			permille(770, 890),
			permille(880, 970),
			permille(870, 970),
			permille(22, 62),
			strconv.Itoa(74 + r.IntN(24)),
			strconv.FormatBool(held),
			strconv.FormatBool(r.IntN(10) < 7 && held),
			strconv.FormatBool(r.IntN(10) < 8),
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
