package app_test

import (
	"errors"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// sanne is a person as a professional types her; her BSN is from the test
// range and passes the elfproef.
var sanne = wijkregie.PersonInput{BSN: "999990019", GivenName: "Sanne", Prefix: "van der", FamilyName: "Meer", BirthDate: "2012-05-17", Phone: "06 12345678"}

func TestRegisterAndFindPersons(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)

		// Registering leaves one record, in the same transaction.
		var p *wijkregie.Person
		got := f.audited(t, func() {
			var err error
			if p, err = f.svc.RegisterPerson(f.ctx, pro, sanne, false); err != nil {
				t.Fatalf("RegisterPerson: %v", err)
			}
		})
		want := []entry{rec(pro, "persoon.aanmaken", "persoon", p.ID, p.ID, app.PurposeTask, wijkregie.AuditAllowed)}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("RegisterPerson: audit records (-got +want):\n%s", diff)
		}
		if p.BSN != "999990019" || p.FamilyName != "Meer" || !p.BirthDate.Equal(time.Date(2012, 5, 17, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("registered %+v", p)
		}

		// Each way finds her; the search and the person found are audited,
		// the terms are not.
		for _, q := range []wijkregie.PersonQueryInput{
			{BSN: "9999.90.019"},
			{FamilyName: "MEER", BirthDate: "2012-05-17"},
		} {
			var ms []store.PersonMatch
			got := f.audited(t, func() {
				var err error
				if ms, err = f.svc.SearchPersons(f.ctx, lead, q); err != nil {
					t.Fatalf("SearchPersons(%+v): %v", q, err)
				}
			})
			if len(ms) != 1 || ms[0].Person.ID != p.ID || ms[0].Person.Phone != "" {
				t.Errorf("SearchPersons(%+v) = %+v; want Sanne without contact details", q, ms)
			}
			want := []entry{
				rec(lead, "personen.zoeken", "persoon", "", "", app.PurposeTask, wijkregie.AuditAllowed),
				rec(lead, "personen.zoeken", "persoon", p.ID, p.ID, app.PurposeTask, wijkregie.AuditAllowed),
			}
			if diff := diffEntries(got, want); diff != "" {
				t.Errorf("SearchPersons: audit records (-got +want):\n%s", diff)
			}
		}
		// A search that finds nobody is audited too.
		got = f.audited(t, func() {
			if ms, err := f.svc.SearchPersons(f.ctx, pro, wijkregie.PersonQueryInput{Postcode: "2581 ZZ", Number: "999"}); err != nil || len(ms) != 0 {
				t.Errorf("SearchPersons at an empty address = %v, %v", ms, err)
			}
		})
		if diff := diffEntries(got, []entry{rec(pro, "personen.zoeken", "persoon", "", "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("empty search: audit records (-got +want):\n%s", diff)
		}

		// Invalid input is refused before anything is read or written.
		got = f.audited(t, func() {
			_, err := f.svc.SearchPersons(f.ctx, pro, wijkregie.PersonQueryInput{BSN: "123456789"})
			if code(err) != wijkregie.EINVALID {
				t.Errorf("search by an invalid BSN = %v; want invalid", err)
			}
			_, err = f.svc.RegisterPerson(f.ctx, pro, wijkregie.PersonInput{BSN: "000000000", FamilyName: "Nul"}, false)
			if code(err) != wijkregie.EINVALID {
				t.Errorf("registering BSN 000000000 = %v; want invalid", err)
			}
		})
		if len(got) != 0 {
			t.Errorf("invalid input left audit records: %v", got)
		}

		// The same BSN again is a field error.
		again := sanne
		again.FamilyName, again.BirthDate = "Anders", ""
		_, err := f.svc.RegisterPerson(f.ctx, pro, again, false)
		var e *wijkregie.Error
		if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Name != "bsn" {
			t.Errorf("a BSN registered twice = %v; want a field error on bsn", err)
		}

		// The same family name (in another case) and birth date: possible
		// duplicates, shown and audited; confirmed, the person is added.
		twin := wijkregie.PersonInput{GivenName: "Sara", Prefix: "Van Der", FamilyName: "meer", BirthDate: "2012-05-17"}
		got = f.audited(t, func() {
			_, err = f.svc.RegisterPerson(f.ctx, pro, twin, false)
		})
		var dup *app.PossibleDuplicates
		if !errors.As(err, &dup) || code(err) != wijkregie.ECONFLICT || len(dup.Matches) != 1 || dup.Matches[0].Person.ID != p.ID {
			t.Fatalf("RegisterPerson of a possible duplicate = %v; want PossibleDuplicates naming Sanne", err)
		}
		want = []entry{
			rec(pro, "personen.zoeken", "persoon", "", "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "personen.zoeken", "persoon", p.ID, p.ID, app.PurposeTask, wijkregie.AuditAllowed),
		}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("duplicate check: audit records (-got +want):\n%s", diff)
		}
		sara, err := f.svc.RegisterPerson(f.ctx, pro, twin, true)
		if err != nil || sara.ID == p.ID {
			t.Errorf("confirmed registration = %+v, %v", sara, err)
		}

		// Who may not: every role but professionals and team leads, before
		// anything is read.
		for _, r := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin} {
			a := f.actor(r)
			_, err1 := f.svc.SearchPersons(f.ctx, a, wijkregie.PersonQueryInput{BSN: "999990019"})
			_, err2 := f.svc.RegisterPerson(f.ctx, a, wijkregie.PersonInput{FamilyName: "Stiekem"}, false)
			err3 := f.svc.RegisterHousehold(f.ctx, a, &wijkregie.Household{Address: wijkregie.Address{Street: "Stiekemstraat", Number: 1, Postcode: "2581AA", Town: "Duinhaven"}}, nil)
			_, err4 := f.svc.FoundPerson(f.ctx, a, p.ID)
			for i, err := range []error{err1, err2, err3, err4} {
				if code(err) != wijkregie.EFORBIDDEN {
					t.Errorf("%s, call %d: %v; want forbidden", r, i+1, err)
				}
			}
		}
	})
}

func TestRegisterHouseholdAndMembers(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		p, err := f.svc.RegisterPerson(f.ctx, pro, sanne, false)
		if err != nil {
			t.Fatal(err)
		}
		// Alone, she is visible to nobody: access goes through households.
		if _, err := f.svc.Person(f.ctx, pro, p.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("a person without household = %v; want not found", err)
		}

		// A household in Wijkteam Zuid's area, registered by a Centrum
		// professional, with Sanne: the team follows the address, the
		// professional becomes involved, and everything is audited.
		from := time.Date(2020, 8, 1, 0, 0, 0, 0, time.UTC)
		h := &wijkregie.Household{Address: wijkregie.Address{Street: "Vermeerstraat", Number: 7, Addition: "b", Postcode: "2587 ab", Town: "Duinhaven"}}
		got := f.audited(t, func() {
			if err := f.svc.RegisterHousehold(f.ctx, pro, h, []wijkregie.Member{{PersonID: p.ID, Relation: wijkregie.RelationChild, From: from}}); err != nil {
				t.Fatalf("RegisterHousehold: %v", err)
			}
		})
		want := []entry{
			rec(pro, "huishouden.aanmaken", "huishouden", h.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "betrokkenheid.starten", "huishouden", h.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "lid.toevoegen", "huishouden", h.ID, p.ID, app.PurposeTask, wijkregie.AuditAllowed),
		}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("RegisterHousehold: audit records (-got +want):\n%s", diff)
		}
		zuid := teamNamed(t, f, "Wijkteam Zuid")
		if h.TeamID != zuid || h.Address.Postcode != "2587AB" {
			t.Errorf("household team %s, postcode %s; want Wijkteam Zuid (%s) and 2587AB", h.TeamID, h.Address.Postcode, zuid)
		}
		view, err := f.svc.Household(f.ctx, pro, h.ID)
		if err != nil || len(view.Members) != 1 || len(view.Involvements) != 1 || view.Involvements[0].UserID != pro.UserID {
			t.Fatalf("the professional's own new household = %+v, %v; want Sanne and the professional involved", view, err)
		}
		// The Centrum team lead is not involved and it is not their team's.
		if _, err := f.svc.Household(f.ctx, lead, h.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("team lead of another team = %v; want not found", err)
		}
		// Outside every team's area, the household is the actor's team's.
		far := &wijkregie.Household{Address: wijkregie.Address{Street: "Elders", Number: 1, Postcode: "1011AB", Town: "Elders"}}
		if err := f.svc.RegisterHousehold(f.ctx, pro, far, nil); err != nil || far.TeamID != pro.TeamID {
			t.Errorf("household outside every area: team %s, %v; want %s", far.TeamID, err, pro.TeamID)
		}
		// Invalid address and membership: every field at once, nothing written.
		got = f.audited(t, func() {
			err := f.svc.RegisterHousehold(f.ctx, pro, &wijkregie.Household{Address: wijkregie.Address{Number: 0, Postcode: "x"}},
				[]wijkregie.Member{{PersonID: p.ID, Relation: "buurman"}})
			var e *wijkregie.Error
			if !errors.As(err, &e) || len(e.Fields) != 6 {
				t.Errorf("invalid household = %v; want six field errors", err)
			}
		})
		if len(got) != 0 {
			t.Errorf("an invalid household left audit records: %v", got)
		}

		// A new member, registered with the membership in one go.
		var emre *wijkregie.Person
		m := &wijkregie.Member{HouseholdID: h.ID, Relation: wijkregie.RelationParent, From: from}
		got = f.audited(t, func() {
			emre, err = f.svc.AddNewMember(f.ctx, pro, wijkregie.PersonInput{GivenName: "Emre", FamilyName: "Meer", BirthDate: "1980-01-02"}, false, m)
			if err != nil {
				t.Fatalf("AddNewMember: %v", err)
			}
		})
		want = []entry{
			rec(pro, "persoon.aanmaken", "persoon", emre.ID, emre.ID, app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "lid.toevoegen", "huishouden", h.ID, emre.ID, app.PurposeTask, wijkregie.AuditAllowed),
		}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("AddNewMember: audit records (-got +want):\n%s", diff)
		}
		// Person and membership errors come together.
		_, err = f.svc.AddNewMember(f.ctx, pro, wijkregie.PersonInput{BSN: "123456789"}, false, &wijkregie.Member{HouseholdID: h.ID})
		var e *wijkregie.Error
		if !errors.As(err, &e) || len(e.Fields) != 4 {
			t.Errorf("AddNewMember with bad person and membership = %v; want bsn, achternaam, relatie and vanaf", err)
		}

		// An existing person joins a household the professional is involved with.
		other, _ := f.newHousehold(t, pro.TeamID, pro.UserID)
		got = f.audited(t, func() {
			if err := f.svc.AddMember(f.ctx, pro, &wijkregie.Member{HouseholdID: other.ID, PersonID: p.ID, Relation: wijkregie.RelationOther, From: from}); err != nil {
				t.Fatalf("AddMember: %v", err)
			}
		})
		if diff := diffEntries(got, []entry{rec(pro, "lid.toevoegen", "huishouden", other.ID, p.ID, app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("AddMember: audit records (-got +want):\n%s", diff)
		}
		// Twice open is a conflict.
		if err := f.svc.AddMember(f.ctx, pro, &wijkregie.Member{HouseholdID: other.ID, PersonID: p.ID, Relation: wijkregie.RelationOther, From: from.AddDate(1, 0, 0)}); code(err) != wijkregie.ECONFLICT {
			t.Errorf("a second open membership = %v; want a conflict", err)
		}

		// Not involved, or no such household, person or municipality: not
		// found, and a refusal of a household that exists is audited.
		notMine, _ := f.newHousehold(t, f.otherTeam(t).ID)
		for _, tt := range []struct {
			name      string
			household string
			person    string
			audited   bool
		}{
			{"household of no concern", notMine.ID, p.ID, true},
			{"no such household", wijkregie.NewID(start), p.ID, false},
			{"no such person", h.ID, wijkregie.NewID(start), false},
			{"not an id", "geen-id", p.ID, false},
		} {
			got := f.audited(t, func() {
				err := f.svc.AddMember(f.ctx, pro, &wijkregie.Member{HouseholdID: tt.household, PersonID: tt.person, Relation: wijkregie.RelationChild, From: from})
				if code(err) != wijkregie.ENOTFOUND {
					t.Errorf("%s: AddMember = %v; want not found", tt.name, err)
				}
			})
			var want []entry
			if tt.audited {
				want = []entry{rec(pro, "lid.toevoegen", "huishouden", tt.household, tt.person, app.PurposeTask, wijkregie.AuditDenied)}
			}
			if diff := diffEntries(got, want); diff != "" {
				t.Errorf("%s: audit records (-got +want):\n%s", tt.name, diff)
			}
		}
		// Partners may read households they are involved with, but not
		// change their members.
		partnerOf, _ := f.newHousehold(t, pro.TeamID, f.users[wijkregie.RolePartner].ID)
		if err := f.svc.AddMember(f.ctx, f.actor(wijkregie.RolePartner), &wijkregie.Member{HouseholdID: partnerOf.ID, PersonID: p.ID, Relation: wijkregie.RelationChild, From: from}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner adds a member = %v; want forbidden", err)
		}

		// Ending: audited; not before the from date; once.
		end := time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)
		got = f.audited(t, func() {
			if err := f.svc.EndMember(f.ctx, pro, other.ID, p.ID, end); err != nil {
				t.Fatalf("EndMember: %v", err)
			}
		})
		if diff := diffEntries(got, []entry{rec(pro, "lid.beeindigen", "huishouden", other.ID, p.ID, app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("EndMember: audit records (-got +want):\n%s", diff)
		}
		if err := f.svc.EndMember(f.ctx, pro, other.ID, p.ID, end); code(err) != wijkregie.ECONFLICT {
			t.Errorf("ending twice = %v; want a conflict", err)
		}
		if err := f.svc.EndMember(f.ctx, pro, h.ID, p.ID, from.AddDate(0, 0, -1)); code(err) != wijkregie.EINVALID {
			t.Errorf("ending before it began = %v; want invalid", err)
		}
		if err := f.svc.EndMember(f.ctx, pro, notMine.ID, p.ID, end); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("ending in a household of no concern = %v; want not found", err)
		}

		// The person page: history, today's first.
		pv, err := f.svc.Person(f.ctx, pro, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pv.History) != 2 || pv.History[0].HouseholdID != h.ID || pv.History[1].HouseholdID != other.ID || !pv.History[1].Until.Equal(end) {
			t.Errorf("history = %+v; want the new household, then the one she left on %s", pv.History, end)
		}

		// The membership as the API reads it.
		got = f.audited(t, func() {
			m, person, err := f.svc.Member(f.ctx, pro, other.ID, p.ID)
			if err != nil || !m.Until.Equal(end) || person.ID != p.ID {
				t.Errorf("Member = %+v, %v, %v", m, person, err)
			}
		})
		if diff := diffEntries(got, []entry{rec(pro, "persoon.lezen", "huishouden", other.ID, p.ID, app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("Member: audit records (-got +want):\n%s", diff)
		}
		m2, err := f.svc.UpdateMember(f.ctx, pro, other.ID, p.ID, wijkregie.RelationPartner, time.Time{})
		if err != nil || m2.Relation != wijkregie.RelationPartner || !m2.Until.IsZero() {
			t.Errorf("UpdateMember = %+v, %v; want reopened as partner", m2, err)
		}
	})
}

// teamNamed returns the id of the demo team with the name.
func teamNamed(t *testing.T, f *fixture, name string) string {
	t.Helper()
	teams, err := f.s.R().Teams(f.ctx, demo.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range teams {
		if tm.Name == name {
			return tm.ID
		}
	}
	t.Fatalf("no team %s", name)
	return ""
}
