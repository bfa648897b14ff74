package demo

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"wijkregie"
)

func TestAddressPlanGivesDistinctServedAddresses(t *testing.T) {
	var teams []wijkregie.Team
	for _, ts := range teamSpecs {
		teams = append(teams, wijkregie.Team{Name: ts.name, Areas: ts.areas})
	}
	for _, n := range []int{1, 60, 10_000, 250_000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			p := newAddressPlan(rand.New(rand.NewPCG(1, 2)), n)
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
				dwelling := fmt.Sprintf("%s %d %s", a.Street, a.Number, a.Addition)
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
