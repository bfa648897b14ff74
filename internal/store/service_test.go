package store_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// The sociale kaart: catalogue entries, and finding them by domain,
// postcode and text.

// newService adds an active catalogue entry with a phone number.
func newService(t testing.TB, s *store.Store, m, name, description string, domains []string, areas ...string) *wijkregie.Service {
	t.Helper()
	sv := &wijkregie.Service{MunicipalityID: m, Name: name, Description: description, Domains: domains,
		TargetGroup: wijkregie.TargetEveryone, Areas: areas, Phone: "0120 40 00 00"}
	mustTx(t, s, func(q *store.Q) error { return q.CreateService(context.Background(), sv) })
	return sv
}

func TestServiceRoundTripAndUpdate(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		sv := &wijkregie.Service{MunicipalityID: "GM0001", Name: "Inloopspreekuur schuldhulp",
			Description: "Zonder afspraak langskomen met post en rekeningen.", Domains: []string{"financien", "werk-opleiding"},
			TargetGroup: wijkregie.TargetAdults, Areas: []string{"2581-2583", "2590"}, Phone: "0120 42 11 11",
			Email: "inloop@schuldhulp.example", Website: "https://schuldhulp.example/inloop", Address: "Marktstraat 4, Duinhaven",
			OpeningHours: "di en do 9.00–12.00"}
		mustTx(t, s, func(q *store.Q) error { return q.CreateService(ctx, sv) })
		everywhere := newService(t, s, "GM0001", "Formulierenbrigade", "Hulp bij formulieren.", []string{"financien"})
		if !sv.Active || !wijkregie.ValidID(sv.ID) || !sv.CreatedAt.Equal(onClock(start)) {
			t.Errorf("CreateService set Active=%v ID=%q CreatedAt=%v; want active, an id and the store clock", sv.Active, sv.ID, sv.CreatedAt)
		}

		got, err := s.R().Service(ctx, "GM0001", sv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, sv); diff != "" {
			t.Errorf("Service (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		got, err = s.R().Service(ctx, "GM0001", everywhere.ID)
		if err != nil || got.Areas != nil || len(got.Domains) != 1 {
			t.Errorf("Service without areas = %+v, %v; want nil areas, one domain", got, err)
		}

		// An update replaces the areas the postcode search matches too.
		sv.Name, sv.Domains, sv.Areas, sv.Active = "Inloop geldzaken", []string{"financien"}, []string{"2584", "2584"}, false
		sv.Email, sv.Website, sv.OpeningHours = "", "", ""
		mustTx(t, s, func(q *store.Q) error { return q.UpdateService(ctx, sv) })
		got, err = s.R().Service(ctx, "GM0001", sv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, sv); diff != "" {
			t.Errorf("Service after update (-got +want):\n%s", diff)
		}
		for postcode, want := range map[string][]string{
			"2584AB": {everywhere.ID, sv.ID},
			"2582AB": {everywhere.ID}, // the old range is gone
			"2590":   {everywhere.ID},
		} {
			list, total, err := s.R().Services(ctx, "GM0001", store.ServiceFilter{Postcode: postcode})
			check(t, "Services in "+postcode, err, ids(list, func(x wijkregie.Service) string { return x.ID }), want...)
			checkTotal(t, "Services in "+postcode, total, len(want))
		}
	})
}

func TestServiceErrors(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		newService(t, s, "GM0001", "Voedselbank", "Voedselpakketten.", []string{"financien"})
		other := newService(t, s, "GM0001", "Taalcafé", "Nederlands oefenen.", []string{"maatschappelijke-participatie"})

		err := tryTx(s, func(q *store.Q) error {
			return q.CreateService(ctx, &wijkregie.Service{MunicipalityID: "GM0001", Name: "Voedselbank", Description: "Nog een.",
				Domains: []string{"financien"}, TargetGroup: wijkregie.TargetEveryone, Phone: "1"})
		})
		wantFields(t, err, "naam")
		err = tryTx(s, func(q *store.Q) error {
			return q.CreateService(ctx, &wijkregie.Service{MunicipalityID: "GM0001", Name: "X", Description: "Y",
				Domains: []string{"dagbesteding"}, TargetGroup: "studenten", Areas: []string{"25"}, Website: "x"})
		})
		wantFields(t, err, "domeinen", "doelgroep", "werkgebied", "website")

		other.Name = "Voedselbank"
		err = tryTx(s, func(q *store.Q) error { return q.UpdateService(ctx, other) })
		wantFields(t, err, "naam")
		ghost := *other
		ghost.ID, ghost.Name = wijkregie.NewID(start), "Spookdienst"
		err = tryTx(s, func(q *store.Q) error { return q.UpdateService(ctx, &ghost) })
		wantCode(t, err, wijkregie.ENOTFOUND)
		_, err = s.R().Service(ctx, "GM0001", wijkregie.NewID(start))
		wantCode(t, err, wijkregie.ENOTFOUND)

		_, _, err = s.R().Services(ctx, "GM0001", store.ServiceFilter{Domain: "geld", Postcode: "2581-2583"})
		wantFields(t, err, "domein", "postcode")

		// The refused changes changed nothing.
		if got, err := s.R().Service(ctx, "GM0001", other.ID); err != nil || got.Name != "Taalcafé" {
			t.Errorf("Service after refused changes = %+v, %v; want Taalcafé unchanged", got, err)
		}
	})
}

func TestServicesFilter(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		newMunicipality(t, s, "GM0002")
		schuld := newService(t, s, "GM0001", "Inloopspreekuur schuldhulp", "Hulp bij rekeningen en 50% korting-regelingen.",
			[]string{"financien", "huisvesting"}, "2581-2583")
		voedsel := newService(t, s, "GM0001", "Voedselbank Duinhaven", "Wekelijks een voedselpakket.", []string{"financien"})
		taal := newService(t, s, "GM0001", "Taalcafé De Haven", "Samen NEDERLANDS oefenen.", []string{"maatschappelijke-participatie", "sociaal-netwerk"}, "2590", "2591-2592")
		sport := newService(t, s, "GM0001", "Sportbuurtcoach", "Bewegen in de_wijk.", []string{"lichamelijke-gezondheid"}, "2584")
		oud := newService(t, s, "GM0001", "Oude formulierenhulp", "Vervangen door de formulierenbrigade.", []string{"financien"})
		oud.Active = false
		mustTx(t, s, func(q *store.Q) error { return q.UpdateService(ctx, oud) })
		// The same name and domain in another municipality: never listed here.
		newService(t, s, "GM0002", "Voedselbank Duinhaven", "Wekelijks een voedselpakket.", []string{"financien"})

		id := func(x wijkregie.Service) string { return x.ID }
		tests := []struct {
			name string
			f    store.ServiceFilter
			want []*wijkregie.Service
		}{
			{"everything", store.ServiceFilter{}, []*wijkregie.Service{schuld, voedsel, taal, sport, oud}},
			{"active only", store.ServiceFilter{ActiveOnly: true}, []*wijkregie.Service{schuld, voedsel, taal, sport}},
			{"domain", store.ServiceFilter{Domain: "financien"}, []*wijkregie.Service{schuld, voedsel, oud}},
			{"second domain of a list", store.ServiceFilter{Domain: "huisvesting"}, []*wijkregie.Service{schuld}},
			{"last domain of a list", store.ServiceFilter{Domain: "sociaal-netwerk"}, []*wijkregie.Service{taal}},
			{"domain nobody has", store.ServiceFilter{Domain: "justitie"}, nil},
			{"area in a range", store.ServiceFilter{Postcode: "2582"}, []*wijkregie.Service{schuld, voedsel, oud}},
			{"full postcode, range bound", store.ServiceFilter{Postcode: "2583 zz"}, []*wijkregie.Service{schuld, voedsel, oud}},
			{"single area", store.ServiceFilter{Postcode: "2584AA"}, []*wijkregie.Service{voedsel, sport, oud}},
			{"second range", store.ServiceFilter{Postcode: "2592AB"}, []*wijkregie.Service{voedsel, taal, oud}},
			{"outside every area", store.ServiceFilter{Postcode: "9999"}, []*wijkregie.Service{voedsel, oud}},
			{"text in the name, other case", store.ServiceFilter{Query: "VOEDSEL"}, []*wijkregie.Service{voedsel}},
			{"text in the description", store.ServiceFilter{Query: "nederlands"}, []*wijkregie.Service{taal}},
			{"text with an accent", store.ServiceFilter{Query: "café"}, []*wijkregie.Service{taal}},
			{"percent is literal", store.ServiceFilter{Query: "50%"}, []*wijkregie.Service{schuld}},
			{"percent alone matches no wildcard", store.ServiceFilter{Query: "%"}, []*wijkregie.Service{schuld}},
			{"underscore is literal", store.ServiceFilter{Query: "de_wijk"}, []*wijkregie.Service{sport}},
			{"underscore is no single-character wildcard", store.ServiceFilter{Query: "_"}, []*wijkregie.Service{sport}},
			{"blank text does not filter", store.ServiceFilter{Query: "  ", ActiveOnly: true}, []*wijkregie.Service{schuld, voedsel, taal, sport}},
			{"all together", store.ServiceFilter{Domain: "financien", Postcode: "2581AB", Query: "hulp", ActiveOnly: true}, []*wijkregie.Service{schuld}},
		}
		for _, tt := range tests {
			got, total, err := s.R().Services(ctx, "GM0001", tt.f)
			var want []string
			for _, w := range tt.want {
				want = append(want, w.ID)
			}
			check(t, "Services "+tt.name, err, ids(got, id), want...)
			checkTotal(t, "Services "+tt.name, total, len(want))
		}

		// By name, one page at a time, with the total of all pages.
		all, _, err := s.R().Services(ctx, "GM0001", store.ServiceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, x := range all {
			names = append(names, x.Name)
		}
		want := []string{"Inloopspreekuur schuldhulp", "Oude formulierenhulp", "Sportbuurtcoach", "Taalcafé De Haven", "Voedselbank Duinhaven"}
		if diff := cmp.Diff(names, want); diff != "" {
			t.Errorf("Services by name (-got +want):\n%s", diff)
		}
		page, total, err := s.R().Services(ctx, "GM0001", store.ServiceFilter{Page: store.Page{Offset: 2, Limit: 2}})
		if err != nil || total != 5 || len(page) != 2 || page[0].ID != all[2].ID || page[1].ID != all[3].ID {
			t.Errorf("page 2 of 2 = %d entries of %d, %v; want the third and fourth of 5", len(page), total, err)
		}
	})
}

func TestServicesStayInTheirMunicipality(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		newMunicipality(t, s, "GM0002")
		a := newService(t, s, "GM0001", "Buurthuis", "Activiteiten.", []string{"tijdsbesteding"}, "2581")
		b := newService(t, s, "GM0002", "Buurthuis", "Activiteiten.", []string{"tijdsbesteding"}, "2581")

		_, err := s.R().Service(ctx, "GM0001", b.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
		list, total, err := s.R().Services(ctx, "GM0001", store.ServiceFilter{Domain: "tijdsbesteding", Postcode: "2581"})
		check(t, "Services of A", err, ids(list, func(x wijkregie.Service) string { return x.MunicipalityID + "/" + x.ID }), "GM0001/"+a.ID)
		checkTotal(t, "Services of A", total, 1)

		// B's entry, addressed with A's key, cannot be changed, and its
		// areas stay B's.
		taken := *b
		taken.MunicipalityID, taken.Name, taken.Areas = "GM0001", "Overgenomen", []string{"9999"}
		err = tryTx(s, func(q *store.Q) error { return q.UpdateService(ctx, &taken) })
		wantCode(t, err, wijkregie.ENOTFOUND)
		if got, err := s.R().Service(ctx, "GM0002", b.ID); err != nil || got.Name != "Buurthuis" {
			t.Errorf("B's service after A's attempt = %+v, %v; want it unchanged", got, err)
		}
		list, _, err = s.R().Services(ctx, "GM0002", store.ServiceFilter{Postcode: "2581"})
		check(t, "B's services in 2581", err, ids(list, func(x wijkregie.Service) string { return x.ID }), b.ID)
	})
}

// BenchmarkServicesSearch searches a large catalogue of 1,000 entries (a
// city's sociale kaart is a few hundred) by domain, postcode and text at
// once: the comma-column LIKE and the service_areas lookup the migration
// chose over an index per filter.
func BenchmarkServicesSearch(b *testing.B) {
	eachBench(b, func(b *testing.B, s *store.Store) {
		ctx := b.Context()
		newMunicipality(b, s, "GM0001")
		inBatches(b, s, 1000, 250, func(q *store.Q, i int) error {
			domains := []string{wijkregie.Domains[i%len(wijkregie.Domains)].Code}
			if i%2 == 0 && domains[0] != "financien" {
				domains = append(domains, "financien")
			}
			var areas []string
			if i%3 != 0 {
				areas = []string{strconv.Itoa(2581 + i%12), strconv.Itoa(2600+i%50) + "-" + strconv.Itoa(2650+i%50)}
			}
			return q.CreateService(ctx, &wijkregie.Service{MunicipalityID: "GM0001", Name: "Dienst " + strconv.Itoa(i),
				Description: "Hulp bij van alles, nummer " + strconv.Itoa(i), Domains: domains,
				TargetGroup: wijkregie.TargetEveryone, Areas: areas, Phone: "0120 40 00 00"})
		})
		f := store.ServiceFilter{Domain: "financien", Postcode: "2585AB", Query: "hulp", ActiveOnly: true, Page: store.Page{Limit: 25}}
		for b.Loop() {
			if _, n, err := s.R().Services(ctx, "GM0001", f); err != nil || n == 0 {
				b.Fatalf("Services = %d, %v", n, err)
			}
		}
	})
}
