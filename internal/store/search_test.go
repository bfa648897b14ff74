package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/store"
)

// namedPerson adds a person with a given and family name, a birth date and
// optionally a BSN.
func namedPerson(t testing.TB, s *store.Store, m, given, family string, birth time.Time, bsn wijkregie.BSN) *wijkregie.Person {
	t.Helper()
	p := &wijkregie.Person{MunicipalityID: m, GivenName: given, FamilyName: family, BirthDate: birth, BSN: bsn,
		Phone: "06 12345678", Email: "iemand@example.org"}
	mustTx(t, s, func(q *store.Q) error { return q.CreatePerson(t.Context(), p) })
	return p
}

// matchIDs returns the person ids of search results, in order.
func matchIDs(ms []store.PersonMatch) []string {
	return ids(ms, func(m store.PersonMatch) string { return m.Person.ID })
}

func TestSearchPersons(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		newMunicipality(t, s, "GM0002")
		born := day(1984, 3, 1)
		today := day(2026, 3, 14) // the clock's day

		ayse := namedPerson(t, s, "GM0001", "Ayşe", "Öztürk", born, "111222333")
		emre := namedPerson(t, s, "GM0001", "Emre", "öztürk", born, "")
		other := namedPerson(t, s, "GM0001", "Ali", "Öztürk", day(1985, 3, 1), "")
		jan := namedPerson(t, s, "GM0001", "Jan", "Visser", born, "")
		// The other municipality has the same BSN and name: never found from here.
		namedPerson(t, s, "GM0002", "Ayşe", "Öztürk", born, "111222333")

		a := newHousehold(t, s, "GM0001", "", "2581AB", 12)
		aUpper := &wijkregie.Household{MunicipalityID: "GM0001",
			Address: wijkregie.Address{Street: "Duinstraat", Number: 12, Addition: "a", Postcode: "2581AB", Town: "Duinhaven"}}
		mustTx(t, s, func(q *store.Q) error { return q.CreateHousehold(ctx, aUpper) })
		before := newHousehold(t, s, "GM0001", "", "1011AB", 1)
		// Ayşe lived at 1011AB 1 and lives at 2581AB 12 now, with Emre; Jan
		// left 2581AB 12 a while ago; Ali lives at 12 a.
		addMember(t, s, "GM0001", before.ID, ayse.ID, wijkregie.RelationChild, day(1984, 3, 1), day(2010, 6, 30))
		addMember(t, s, "GM0001", a.ID, ayse.ID, wijkregie.RelationParent, day(2010, 7, 1), time.Time{})
		addMember(t, s, "GM0001", a.ID, emre.ID, wijkregie.RelationPartner, day(2012, 1, 1), today) // leaves today: still there
		addMember(t, s, "GM0001", a.ID, jan.ID, wijkregie.RelationOther, day(2012, 1, 1), day(2020, 1, 1))
		addMember(t, s, "GM0001", aUpper.ID, other.ID, wijkregie.RelationOther, day(2012, 1, 1), time.Time{})

		search := func(q wijkregie.PersonQuery) []store.PersonMatch {
			t.Helper()
			if q.Postcode == "" && q.BSN == "" && q.FamilyName == "" {
				t.Fatal("empty query")
			}
			ms, err := s.R().SearchPersons(ctx, "GM0001", &q)
			if err != nil {
				t.Fatal(err)
			}
			return ms
		}
		for _, tt := range []struct {
			name string
			q    wijkregie.PersonQuery
			want []string
		}{
			{"by BSN", wijkregie.PersonQuery{BSN: "111222333"}, []string{ayse.ID}},
			{"by unknown BSN", wijkregie.PersonQuery{BSN: "123456782"}, nil},
			{"by name, any case", wijkregie.PersonQuery{FamilyName: "ÖZTÜRK", BirthDate: born}, []string{emre.ID, ayse.ID}},
			{"by name, another birth date", wijkregie.PersonQuery{FamilyName: "öztürk", BirthDate: day(1985, 3, 1)}, []string{other.ID}},
			{"by name, no one", wijkregie.PersonQuery{FamilyName: "Jansen", BirthDate: born}, nil},
			{"by address, every addition", wijkregie.PersonQuery{Postcode: "2581AB", Number: 12}, []string{other.ID, ayse.ID, emre.ID}},
			{"by address without addition", wijkregie.PersonQuery{Postcode: "2581AB", Number: 12, Addition: "A"}, []string{other.ID}},
			{"by address, former home", wijkregie.PersonQuery{Postcode: "1011AB", Number: 1}, nil},
		} {
			got := search(tt.q)
			// In any order: the engines' collations order Ö and ö differently.
			if diff := cmp.Diff(matchIDs(got), tt.want, cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("%s (-got +want):\n%s", tt.name, diff)
			}
			for _, m := range got {
				if m.Person.MunicipalityID != "GM0001" || m.Person.Phone != "" || m.Person.Email != "" {
					t.Errorf("%s: match %+v shows another municipality or contact details", tt.name, m.Person)
				}
			}
		}

		// What a match shows: identity and today's address.
		got := search(wijkregie.PersonQuery{BSN: "111222333"})
		want := store.PersonMatch{
			Person:  wijkregie.Person{MunicipalityID: "GM0001", ID: ayse.ID, BSN: "111222333", GivenName: "Ayşe", FamilyName: "Öztürk", BirthDate: born},
			Address: &a.Address,
		}
		if diff := cmp.Diff(got, []store.PersonMatch{want}); diff != "" {
			t.Errorf("match (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		if got := search(wijkregie.PersonQuery{FamilyName: "visser", BirthDate: born}); len(got) != 1 || got[0].Address != nil {
			t.Errorf("Jan, who left: %+v; want him found without an address", got)
		}

		one, err := s.R().PersonMatch(ctx, "GM0001", ayse.ID)
		if err != nil || !cmp.Equal(*one, want) {
			t.Errorf("PersonMatch = %+v, %v; want %+v", one, err, want)
		}
		_, err = s.R().PersonMatch(ctx, "GM0002", ayse.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)

		// A search answers at most MaxMatches.
		for i := range store.MaxMatches + 1 {
			namedPerson(t, s, "GM0001", fmt.Sprintf("Kind %d", i), "Veel", day(2001, 1, 1), "")
		}
		if got := search(wijkregie.PersonQuery{FamilyName: "veel", BirthDate: day(2001, 1, 1)}); len(got) != store.MaxMatches {
			t.Errorf("search with %d matches answered %d; want %d", store.MaxMatches+1, len(got), store.MaxMatches)
		}
	})
}

func TestPersonMembershipsAndMemberChanges(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		newMunicipality(t, s, "GM0002")
		old := newHousehold(t, s, "GM0001", "", "1011AB", 1)
		home := newHousehold(t, s, "GM0001", "", "1011AB", 2)
		p := newPerson(t, s, "GM0001", "Bakker", "")
		addMember(t, s, "GM0001", old.ID, p.ID, wijkregie.RelationChild, day(2001, 5, 1), day(2015, 8, 31))
		addMember(t, s, "GM0001", home.ID, p.ID, wijkregie.RelationParent, day(2015, 9, 1), time.Time{})

		hist, err := s.R().PersonMemberships(ctx, "GM0001", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.Membership{
			{Member: wijkregie.Member{MunicipalityID: "GM0001", HouseholdID: home.ID, PersonID: p.ID, Relation: wijkregie.RelationParent, From: day(2015, 9, 1)}, Address: home.Address},
			{Member: wijkregie.Member{MunicipalityID: "GM0001", HouseholdID: old.ID, PersonID: p.ID, Relation: wijkregie.RelationChild, From: day(2001, 5, 1), Until: day(2015, 8, 31)}, Address: old.Address},
		}
		if diff := cmp.Diff(hist, want); diff != "" {
			t.Errorf("PersonMemberships (-got +want):\n%s", diff)
		}
		wantUTC(t, hist)
		if hist, err := s.R().PersonMemberships(ctx, "GM0002", p.ID); err != nil || len(hist) != 0 {
			t.Errorf("history from another municipality = %v, %v; want none", hist, err)
		}

		// A second open membership of the same household is refused.
		err = tryTx(s, func(q *store.Q) error {
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: "GM0001", HouseholdID: home.ID, PersonID: p.ID, Relation: wijkregie.RelationParent, From: day(2016, 1, 1)})
		})
		wantCode(t, err, wijkregie.ECONFLICT)
		err = tryTx(s, func(q *store.Q) error {
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: "GM0001", HouseholdID: home.ID, PersonID: p.ID, Relation: "buurman", From: day(2016, 1, 1)})
		})
		wantFields(t, err, "relatie")

		// End the open one; Member reads it back; then the person may
		// come back with a new membership, which Member prefers.
		m, err := s.R().Member(ctx, "GM0001", home.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.End(day(2026, 3, 31)); err != nil {
			t.Fatal(err)
		}
		mustTx(t, s, func(q *store.Q) error { return q.UpdateMember(ctx, m) })
		got, err := s.R().Member(ctx, "GM0001", home.ID, p.ID)
		if err != nil || !cmp.Equal(got, m) {
			t.Errorf("Member after End = %+v, %v; want %+v", got, err, m)
		}
		addMember(t, s, "GM0001", home.ID, p.ID, wijkregie.RelationPartner, day(2026, 5, 1), time.Time{})
		got, err = s.R().Member(ctx, "GM0001", home.ID, p.ID)
		if err != nil || got.Relation != wijkregie.RelationPartner || !got.Until.IsZero() {
			t.Errorf("Member with an open membership = %+v, %v; want the open one", got, err)
		}
		// Reopening the ended one now collides with the open one.
		reopened := *m
		reopened.Until = time.Time{}
		err = tryTx(s, func(q *store.Q) error { return q.UpdateMember(ctx, &reopened) })
		wantCode(t, err, wijkregie.ECONFLICT)

		// Unknown memberships, and another municipality's, are not found.
		_, err = s.R().Member(ctx, "GM0001", old.ID, wijkregie.NewID(start))
		wantCode(t, err, wijkregie.ENOTFOUND)
		_, err = s.R().Member(ctx, "GM0002", home.ID, p.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
		elsewhere := *m
		elsewhere.MunicipalityID = "GM0002"
		err = tryTx(s, func(q *store.Q) error { return q.UpdateMember(ctx, &elsewhere) })
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

// BenchmarkSearchPersons searches a municipality of 20,000 persons, ten
// born on each day, by family name and birth date (the persons born that
// day, compared by name in Go) and by address.
func BenchmarkSearchPersons(b *testing.B) {
	eachBench(b, func(b *testing.B, s *store.Store) {
		ctx := b.Context()
		const m, persons, perDay = "GM0001", 20000, 10
		newMunicipality(b, s, m)
		families := []string{"Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Öztürk"}
		inBatches(b, s, persons, 1000, func(q *store.Q, i int) error {
			p := &wijkregie.Person{MunicipalityID: m, FamilyName: families[i%len(families)], BirthDate: day(1950, 1, 1).AddDate(0, 0, i/perDay)}
			if err := q.CreatePerson(ctx, p); err != nil {
				return err
			}
			if i%4 != 0 {
				return nil
			}
			h := &wijkregie.Household{MunicipalityID: m, Address: wijkregie.Address{Street: "Dorpsstraat", Number: 1 + i%500, Postcode: fmt.Sprintf("%dAB", 1000+i/500), Town: "Ergens"}}
			if err := q.CreateHousehold(ctx, h); err != nil {
				return err
			}
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: m, HouseholdID: h.ID, PersonID: p.ID, Relation: wijkregie.RelationParent, From: day(2000, 1, 1)})
		})
		for _, bc := range []struct {
			name string
			q    wijkregie.PersonQuery
			want int
		}{
			{"name", wijkregie.PersonQuery{FamilyName: "ÖZTÜRK", BirthDate: day(1950, 1, 1).AddDate(0, 0, 999)}, 1},
			{"address", wijkregie.PersonQuery{Postcode: "1020AB", Number: 1}, 1},
		} {
			b.Run(bc.name, func(b *testing.B) {
				for b.Loop() {
					ms, err := s.R().SearchPersons(ctx, m, &bc.q)
					if err != nil || len(ms) != bc.want {
						b.Fatalf("SearchPersons = %d, %v; want %d", len(ms), err, bc.want)
					}
				}
			})
		}
	})
}
