package demo

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"wijkregie"
)

func TestAddressPlanGivesDistinctServedAddresses(t *testing.T) {
	for _, n := range []int{1, 60, 10_000, 250_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			specs := organisationFor(n).teams
			var teams []wijkregie.Team
			for _, ts := range specs {
				teams = append(teams, wijkregie.Team{Name: ts.name, Areas: ts.areas})
			}
			p := newAddressPlan(rand.New(rand.NewPCG(1, 2)), n, specs)
			dwellings := make(map[string]bool, n)
			postcodes := make(map[string]bool, n)
			for i := range n {
				a := p.address(i)
				if err := a.Validate(); err != nil {
					t.Fatalf("address %d %+v: %v", i, a, err)
				}
				serving := 0
				for _, tm := range teams {
					if tm.Serves(a.Postcode) {
						serving++
					}
				}
				if serving != 1 {
					t.Fatalf("address %+v is served by %d teams; want 1", a, serving)
				}
				// A large demo's added neighbourhoods reuse the fixed
				// teams' street names, each in its own postcode area.
				dwelling := fmt.Sprintf("%s %s %d %s", a.Postcode[:4], a.Street, a.Number, a.Addition)
				if dwellings[dwelling] {
					t.Fatalf("household %d at %s, which is taken", i, dwelling)
				}
				dwellings[dwelling] = true
				// Postcode letter pairs wrap only in demos far larger than
				// a town; up to there postcode and number identify an
				// address, as in the Netherlands.
				if n <= 10_000 {
					key := fmt.Sprintf("%s %d %s", a.Postcode, a.Number, a.Addition)
					if postcodes[key] {
						t.Fatalf("household %d at %s, which is taken", i, key)
					}
					postcodes[key] = true
				}
			}
		})
	}
}

func TestBSNPoolDealsEachTestNumberOnce(t *testing.T) {
	p, err := newBSNPool(rand.New(rand.NewPCG(1, 3)))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.numbers) < 9000 || len(p.numbers) > 9200 {
		t.Errorf("%d valid test numbers; want about 100,000 / 11", len(p.numbers))
	}
	seen := map[wijkregie.BSN]bool{}
	for {
		b, ok := p.take()
		if !ok {
			break
		}
		if _, err := wijkregie.ParseBSN(b.Digits()); err != nil || b.Digits() < "999900006" || b.Digits() > "999999990" || seen[b] {
			t.Fatalf("dealt %s: %v, seen before %v", b.Digits(), err, seen[b])
		}
		seen[b] = true
	}
	if len(seen) != len(p.numbers) {
		t.Errorf("dealt %d numbers; want %d", len(seen), len(p.numbers))
	}
	// The elfproef shortcut agrees with the application's rule on both
	// sides: numbers just off a valid one fail.
	for _, n := range []int{999900006, 999900007, 999999990, 999999991, 123456782, 123456789} {
		_, err := wijkregie.ParseBSN(fmt.Sprint(n))
		if elfproef(n) != (err == nil) {
			t.Errorf("elfproef(%d) = %v; ParseBSN says %v", n, elfproef(n), err)
		}
	}
}

func TestOrganisationGrowsWithTheDemo(t *testing.T) {
	for _, tc := range []struct {
		households, teams int
	}{{60, 4}, {20_000, 4}, {100_000, 20}, {1_000_000, 200}} {
		o := organisationFor(tc.households)
		if len(o.teams) != tc.teams {
			t.Errorf("%d households: %d teams; want %d", tc.households, len(o.teams), tc.teams)
		}
		for i, st := range staff {
			if o.staff[i].Email != st.Email {
				t.Fatalf("%d households: staff %d is %s; the fixed staff must come first", tc.households, i, o.staff[i].Email)
			}
		}
		names, emails := map[string]bool{}, map[string]bool{}
		pros := map[string]int{}
		leads := map[string]int{}
		for _, ts := range o.teams {
			if names[ts.name] || !validAreaList(ts.areas) {
				t.Fatalf("%d households: team %q repeats a name or has bad areas %v", tc.households, ts.name, ts.areas)
			}
			names[ts.name] = true
		}
		for _, st := range o.staff {
			if emails[st.Email] {
				t.Fatalf("%d households: %s twice", tc.households, st.Email)
			}
			emails[st.Email] = true
			switch st.Role {
			case wijkregie.RoleProfessional:
				pros[st.Team]++
			case wijkregie.RoleTeamLead:
				leads[st.Team]++
			}
		}
		// Every team can be led and can take cases, and no professional
		// coordinates far more than casesPerProfessional cases.
		for _, ts := range o.teams {
			if leads[ts.name] != 1 || pros[ts.name] == 0 {
				t.Errorf("%d households: team %s has %d leads and %d professionals", tc.households, ts.name, leads[ts.name], pros[ts.name])
			}
			if load := tc.households / len(o.teams) / caseShare / pros[ts.name]; pros[ts.name] > 5 && load > casesPerProfessional {
				t.Errorf("%d households: team %s's %d professionals hold %d cases each", tc.households, ts.name, pros[ts.name], load)
			}
		}
	}
}

// validAreaList checks areas as a team's form does.
func validAreaList(areas []string) bool {
	tm := wijkregie.Team{MunicipalityID: "GM0001", Name: "x", Areas: areas}
	return tm.Validate() == nil
}
