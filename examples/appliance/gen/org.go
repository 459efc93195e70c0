package main

import (
	"encoding/csv"
	"io"
)

// writeOrg writes the engineers with their providers, one row each, so that
// a reader can put names to the ids in a report.
func writeOrg(c config, w io.Writer) error {
	org := c.Org()
	prov := providers(org)
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"technician", "name", "pinyin", "provider", "county", "tier"}); err != nil {
		return err
	}
	for _, t := range org.Technicians {
		if err := cw.Write([]string{t.ID, t.Hanzi, t.Pinyin, prov[t.ID], t.County.Name, t.Traits.Tier}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
