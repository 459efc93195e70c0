package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// technician is one row of technicians.csv: a month of callback results.
type technician struct {
	Name             string
	RepairRated      int64 // repair customers who answered the callback
	RepairSatisfied  int64 // of them, those who gave a 10
	InstallRated     int64 // installation/move customers who answered
	InstallSatisfied int64 // of them, those who gave a 10
	Appointments     int64 // visits with an agreed time window
	OnTime           int64 // of them, arrivals inside the window
}

// month is a station's month: the header comments and the rows.
type month struct {
	Station     string
	Month       string
	Technicians []technician
}

var csvHeader = []string{"technician", "repair_rated", "repair_satisfied", "install_rated", "install_satisfied", "appointments", "on_time"}

// readMonth parses technicians.csv. Lines starting with "#" are comments;
// "# station: …" and "# month: …" name the station and the month. Every count
// must be a non-negative integer and no part may exceed its whole.
func readMonth(data []byte) (month, error) {
	var m month
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "#")
		if !ok {
			continue
		}
		key, value, _ := strings.Cut(line, ":")
		switch strings.TrimSpace(key) {
		case "station":
			m.Station = strings.TrimSpace(value)
		case "month":
			m.Month = strings.TrimSpace(value)
		}
	}

	r := csv.NewReader(bytes.NewReader(data))
	r.Comment = '#'
	r.FieldsPerRecord = len(csvHeader)
	header, err := r.Read()
	if err == io.EOF {
		return month{}, errors.New("no header line: want " + strings.Join(csvHeader, ","))
	}
	if err != nil {
		return month{}, err
	}
	if !slices.Equal(header, csvHeader) {
		return month{}, fmt.Errorf("header is %q, want %q", strings.Join(header, ","), strings.Join(csvHeader, ","))
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return month{}, err
		}
		line, _ := r.FieldPos(0)
		t, err := parseTechnician(rec)
		if err != nil {
			return month{}, fmt.Errorf("line %d: %w", line, err)
		}
		m.Technicians = append(m.Technicians, t)
	}
	if len(m.Technicians) == 0 {
		return month{}, errors.New("no technicians")
	}
	return m, nil
}

func parseTechnician(rec []string) (technician, error) {
	t := technician{Name: strings.TrimSpace(rec[0])}
	if t.Name == "" {
		return technician{}, errors.New("empty technician name")
	}
	counts := []*int64{&t.RepairRated, &t.RepairSatisfied, &t.InstallRated, &t.InstallSatisfied, &t.Appointments, &t.OnTime}
	for i, p := range counts {
		v, err := strconv.ParseInt(strings.TrimSpace(rec[i+1]), 10, 64)
		if err != nil || v < 0 {
			return technician{}, fmt.Errorf("%s: %q is not a count", csvHeader[i+1], rec[i+1])
		}
		*p = v
	}
	for _, c := range []struct {
		part, whole int64
		p, w        string
	}{
		{t.RepairSatisfied, t.RepairRated, "repair_satisfied", "repair_rated"},
		{t.InstallSatisfied, t.InstallRated, "install_satisfied", "install_rated"},
		{t.OnTime, t.Appointments, "on_time", "appointments"},
	} {
		if c.part > c.whole {
			return technician{}, fmt.Errorf("%s %d exceeds %s %d", c.p, c.part, c.w, c.whole)
		}
	}
	return t, nil
}
