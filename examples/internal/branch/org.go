package branch

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Org is a branch's org chart: counties, their stations and the stations'
// technicians, with the managers that linked penalties are charged to.
// Build one with NewOrg; the same Config always gives the same Org.
type Org struct {
	// Name is the branch's name ("Nanchang").
	Name        string
	Counties    []*County
	Stations    []*Station
	Technicians []*Technician
}

// County is a district or county (县区) of the branch.
type County struct {
	// Name is the county's id in work-order data ("Donghu").
	Name string
	// Hanzi is its Chinese name ("东湖区").
	Hanzi string
	// Manager is the county manager, charged for linked penalties (联挂考核).
	Manager Person
	// Stations are the county's maintenance stations.
	Stations []*Station
}

// Station is a maintenance station (维护站).
type Station struct {
	// ID is the station's id in work-order data ("DH1").
	ID string
	// Name is its name ("Bayi"), Hanzi the Chinese name ("八一维护站").
	Name, Hanzi string
	// County is the station's county.
	County *County
	// Head is the station head, charged for linked penalties.
	Head Person
	// Technicians are the station's technicians.
	Technicians []*Technician
}

// Person is someone named in the org chart.
type Person struct {
	// Hanzi is the name in characters ("王伟"); Pinyin the name in letters
	// ("Wang Wei").
	Hanzi, Pinyin string
}

// Technician is a field technician (装维人员) of a station.
type Technician struct {
	// ID is the technician's id in work-order data ("T017"); IDs run from
	// T001 in the order of the org chart.
	ID string
	Person
	// Index is the technician's position in Org.Technicians.
	Index   int
	Station *Station
	County  *County
	// Rest are the technician's two weekly rest days: field work runs seven
	// days a week on a rota.
	Rest [2]time.Weekday
	// Traits drive the generated outcomes of the technician's orders.
	Traits Traits
}

// Traits are a technician's habits, drawn once per technician: most are
// good, some are excellent, and a few struggle, so that scorecards,
// rankings and money differ between people as they do in a real branch.
// Scenario generators read them as probabilities and medians; what each
// means for a scenario's events is up to the scenario.
type Traits struct {
	// Tier is "star", "steady" or "struggling": how the rest were drawn.
	Tier string
	// TopBox is the chance that a customer who rates the service gives the
	// top mark (10 of 10, five stars, A) when nothing went wrong.
	TopBox float64
	// Punctual is the chance of arriving inside the agreed window.
	Punctual float64
	// ContactMedian is the median time from receiving an order to calling
	// the customer; LateContact the chance of forgetting and calling late
	// (well past the usual limits).
	ContactMedian time.Duration
	LateContact   float64
	// FirstFix is the chance a repair is fixed at the first visit.
	FirstFix float64
	// Knowledge is the latest written-test score, 0 to 100.
	Knowledge int
	// Skill is the number of passed skill checks of three (diagnosis,
	// repair, safety).
	Skill int
	// Sales is the mean number of proactive sales (upgrades, add-ons) per
	// working day.
	Sales float64
	// Rude is the chance that a visit draws an attitude complaint.
	Rude float64
}

// Config sizes the org chart.
type Config struct {
	// Seed makes the chart: names, rotas and traits. The same seed and
	// sizes give the same Org.
	Seed uint64
	// Technicians is the number of technicians (default 100). They are
	// spread over the stations round the chart, 5 to 8 per station.
	Technicians int
	// Counties is the number of counties (default 6, at most 8 named ones;
	// more repeat the names with a number).
	Counties int
}

// NewOrg builds the org chart of cfg: Counties counties of two or three
// stations each, and Technicians technicians spread over the stations.
func NewOrg(cfg Config) *Org {
	if cfg.Technicians <= 0 {
		cfg.Technicians = 100
	}
	if cfg.Counties <= 0 {
		cfg.Counties = 6
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x4f7267)) // "Org"
	org := &Org{Name: "Nanchang"}
	used := map[string]bool{}
	person := func() Person {
		for {
			s := surnames[r.IntN(len(surnames))]
			g := givenNames[r.IntN(len(givenNames))]
			p := Person{Hanzi: s.hanzi + g.hanzi, Pinyin: s.pinyin + " " + g.pinyin}
			if !used[p.Hanzi] || len(used) > len(surnames)*len(givenNames)/2 {
				used[p.Hanzi] = true
				return p
			}
		}
	}
	// Stations: about one per 6.25 technicians, at least one per county.
	nStations := max(cfg.Counties, (cfg.Technicians*4+24)/25)
	for i := 0; i < cfg.Counties; i++ {
		seed := countySeeds[i%len(countySeeds)]
		c := &County{Name: seed.name, Hanzi: seed.hanzi}
		if i >= len(countySeeds) {
			c.Name = fmt.Sprintf("%s%d", seed.name, i/len(countySeeds)+1)
		}
		c.Manager = person()
		org.Counties = append(org.Counties, c)
	}
	for i := 0; i < nStations; i++ {
		ci := i % cfg.Counties
		c := org.Counties[ci]
		seed := countySeeds[ci%len(countySeeds)]
		k := len(c.Stations)
		place := seed.places[k%len(seed.places)]
		code := seed.code
		if ci >= len(countySeeds) {
			code = fmt.Sprintf("%s%d", code, ci/len(countySeeds)+1)
		}
		st := &Station{
			ID:     fmt.Sprintf("%s%d", code, k+1),
			Name:   place.pinyin,
			Hanzi:  place.hanzi + "维护站",
			County: c,
			Head:   person(),
		}
		if k >= len(seed.places) {
			st.Name = fmt.Sprintf("%s %d", place.pinyin, k/len(seed.places)+1)
		}
		c.Stations = append(c.Stations, st)
	}
	for _, c := range org.Counties {
		org.Stations = append(org.Stations, c.Stations...)
	}
	width := max(3, len(fmt.Sprint(cfg.Technicians)))
	for i := 0; i < cfg.Technicians; i++ {
		st := org.Stations[i%len(org.Stations)]
		t := &Technician{
			ID:      fmt.Sprintf("T%0*d", width, i+1),
			Person:  person(),
			Station: st,
			County:  st.County,
			Traits:  drawTraits(r),
		}
		st.Technicians = append(st.Technicians, t)
	}
	// Number technicians in chart order (county, station), so that a
	// station's people have neighbouring ids.
	n := 0
	for _, st := range org.Stations {
		for j, t := range st.Technicians {
			t.ID = fmt.Sprintf("T%0*d", width, n+1)
			t.Index = n
			// Rest days staggered within the station, so that every day
			// most of the station is on duty.
			d := time.Weekday((j*2 + int(st.County.Name[0])) % 7)
			t.Rest = [2]time.Weekday{d, (d + 1) % 7}
			org.Technicians = append(org.Technicians, t)
			n++
		}
	}
	return org
}

// drawTraits draws one technician's habits: 15% stars, 75% steady, 10%
// struggling.
func drawTraits(r *rand.Rand) Traits {
	tier := "steady"
	switch u := r.Float64(); {
	case u < 0.15:
		tier = "star"
	case u >= 0.90:
		tier = "struggling"
	}
	jitter := func(mid, spread float64) float64 { return mid + spread*(2*r.Float64()-1) }
	var t Traits
	t.Tier = tier
	switch tier {
	case "star":
		t.TopBox = jitter(0.995, 0.004)
		t.Punctual = jitter(0.99, 0.008)
		t.ContactMedian = time.Duration(jitter(5, 2) * float64(time.Minute))
		t.LateContact = jitter(0.005, 0.004)
		t.FirstFix = jitter(0.95, 0.03)
		t.Knowledge = int(jitter(92, 6))
		t.Skill = 3
		t.Sales = jitter(0.6, 0.2)
		t.Rude = 0
	case "steady":
		t.TopBox = jitter(0.985, 0.012)
		t.Punctual = jitter(0.96, 0.025)
		t.ContactMedian = time.Duration(jitter(9, 3) * float64(time.Minute))
		t.LateContact = jitter(0.03, 0.02)
		t.FirstFix = jitter(0.87, 0.06)
		t.Knowledge = int(jitter(80, 12))
		t.Skill = 2 + r.IntN(2)
		t.Sales = jitter(0.3, 0.2)
		t.Rude = jitter(0.002, 0.002)
	default:
		t.TopBox = jitter(0.90, 0.04)
		t.Punctual = jitter(0.86, 0.05)
		t.ContactMedian = time.Duration(jitter(14, 3) * float64(time.Minute))
		t.LateContact = jitter(0.10, 0.05)
		t.FirstFix = jitter(0.75, 0.08)
		t.Knowledge = int(jitter(62, 10))
		t.Skill = 1 + r.IntN(2)
		t.Sales = jitter(0.1, 0.1)
		t.Rude = jitter(0.01, 0.005)
	}
	t.ContactMedian = t.ContactMedian.Round(time.Second)
	t.Knowledge = int(math.Min(100, float64(t.Knowledge)))
	return t
}

// OnDuty reports whether the technician works on the given date: every day
// but the two weekly rest days. On the Spring Festival and National Day
// holidays half of each station also rests (by the parity of Index).
func (t *Technician) OnDuty(day time.Time) bool {
	wd := day.Weekday()
	if wd == t.Rest[0] || wd == t.Rest[1] {
		return false
	}
	if IsGoldenWeek(day) && t.Index%2 == 1 {
		return false
	}
	return true
}

// Technician returns the technician with the given id, or nil.
func (o *Org) Technician(id string) *Technician {
	for _, t := range o.Technicians {
		if t.ID == id {
			return t
		}
	}
	return nil
}
