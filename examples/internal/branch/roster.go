package branch

import (
	"encoding/csv"
	"io"
	"strconv"
)

// WriteRoster writes the org chart as CSV, one row per technician: id,
// name (characters and pinyin), station (id and name), station head,
// county, county manager and tier. Scenario folders ship it beside their
// data so that a reader can put names to the ids in a report.
func (o *Org) WriteRoster(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"technician", "name", "pinyin", "station", "station_name", "station_head", "county", "county_manager", "tier", "rest_days"}); err != nil {
		return err
	}
	for _, t := range o.Technicians {
		rest := t.Rest[0].String()[:3] + "|" + t.Rest[1].String()[:3]
		row := []string{t.ID, t.Hanzi, t.Pinyin, t.Station.ID, t.Station.Hanzi, t.Station.Head.Hanzi,
			t.County.Name, t.County.Manager.Hanzi, t.Traits.Tier, rest}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Size returns the chart's counts as "8 counties, 16 stations, 100 technicians".
func (o *Org) Size() string {
	return strconv.Itoa(len(o.Counties)) + " counties, " + strconv.Itoa(len(o.Stations)) + " stations, " +
		strconv.Itoa(len(o.Technicians)) + " technicians"
}
