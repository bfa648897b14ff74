package demo_test

import (
	"context"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestLoadMakesTheSocialeKaart: the demo has a believable catalogue that
// covers every ZRM domain, with some services for one neighbourhood and
// one closed service.
func TestLoadMakesTheSocialeKaart(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		load(t, s, 5, 1)
		r := s.R()
		all, total, err := r.Services(ctx, demo.MunicipalityID, store.ServiceFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if total < 15 || len(all) != total {
			t.Fatalf("the demo catalogue has %d services (%d read); want at least 15", total, len(all))
		}
		_, active, err := r.Services(ctx, demo.MunicipalityID, store.ServiceFilter{ActiveOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if active != total-1 {
			t.Errorf("%d of %d services active; want all but one", active, total)
		}

		byName := map[string]wijkregie.Service{}
		for _, sv := range all {
			byName[sv.Name] = sv
			if err := sv.Validate(); err != nil {
				t.Errorf("service %s: %v", sv.Name, err)
			}
		}
		for _, name := range []string{"Inloopspreekuur Schuldhulp", "Voedselbank Duinhaven", "Buurthuis De Vuurtoren",
			"Opvoedsteunpunt Duinhaven", "Maatjesproject Samen Sterk", "Taalcafé Havenkwartier", "Mantelzorgsteunpunt Kustland",
			"Sportbuurtcoach Noord", "Formulierenbrigade", "Jongerenwerk Duinhaven"} {
			if sv, ok := byName[name]; !ok || !sv.Active || sv.OpeningHours == "" {
				t.Errorf("service %q: present %v, active %v, opening hours %q; want an active service with hours", name, ok, sv.Active, sv.OpeningHours)
			}
		}

		// Every domain can be referred to; neighbourhood services lie in
		// the teams' areas.
		for _, d := range wijkregie.Domains {
			if _, n, err := r.Services(ctx, demo.MunicipalityID, store.ServiceFilter{Domain: d.Code, ActiveOnly: true}); err != nil || n == 0 {
				t.Errorf("domain %s: %d active services (%v); want at least one", d.Code, n, err)
			}
		}
		teams, err := r.Teams(ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		local := 0
		for _, sv := range all {
			if len(sv.Areas) > 0 {
				local++
			}
			for _, a := range sv.Areas {
				covered := false
				for _, tm := range teams {
					covered = covered || tm.Serves(a[:4]) && tm.Serves(a[len(a)-4:])
				}
				if !covered {
					t.Errorf("service %s: area %s lies outside every team's", sv.Name, a)
				}
			}
		}
		if local < 3 || local == len(all) {
			t.Errorf("%d of %d services serve part of the town; want some, not all", local, len(all))
		}
		// Searching by a resident's postcode finds the town-wide services
		// and the neighbourhood's own, not another neighbourhood's.
		near, _, err := r.Services(ctx, demo.MunicipalityID, store.ServiceFilter{Postcode: "2591AB", ActiveOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for _, sv := range near {
			found[sv.Name] = true
		}
		if !found["Taalcafé Havenkwartier"] || !found["Voedselbank Duinhaven"] || found["Sportbuurtcoach Noord"] {
			t.Errorf("services for 2591AB: %v; want the Havenkwartier's and the town's, not Noord's", found)
		}
	})
}
