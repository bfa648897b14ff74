package app_test

import (
	"errors"
	"testing"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

// matchIDs returns the person ids of matches, in order.
func matchIDs(ms []store.PersonMatch) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Person.ID)
	}
	return out
}

func TestMergePersons(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID, pro.UserID)

		// Sanne is in the professional's household, without a BSN; a
		// colleague registered her again, with her BSN, confirming past
		// the duplicate warning.
		keep, err := f.svc.RegisterPerson(f.ctx, pro, wijkregie.PersonInput{GivenName: "Sanne", FamilyName: "Meer", BirthDate: "2012-05-17"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.AddMember(f.ctx, pro, &wijkregie.Member{HouseholdID: h.ID, PersonID: keep.ID, Relation: wijkregie.RelationChild, From: start.AddDate(-1, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		dup, err := f.svc.RegisterPerson(f.ctx, pro, sanne, true)
		if err != nil {
			t.Fatal(err)
		}

		// The start shows the likely duplicates, not the record itself;
		// the preview both records with today's households.
		var ms *app.MergeStart
		got := f.audited(t, func() {
			if ms, err = f.svc.MergeCandidates(f.ctx, pro, keep.ID); err != nil {
				t.Fatalf("MergeCandidates: %v", err)
			}
		})
		if ms.Keep.Person.ID != keep.ID || len(ms.Duplicates) != 1 || ms.Duplicates[0].Person.ID != dup.ID || ms.Duplicates[0].Person.Phone != "" {
			t.Errorf("MergeCandidates = %+v; want Sanne and her duplicate, without contact details", ms)
		}
		want := []entry{
			rec(pro, "personen.zoeken", "persoon", keep.ID, keep.ID, app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "personen.zoeken", "persoon", "", "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "personen.zoeken", "persoon", dup.ID, dup.ID, app.PurposeTask, wijkregie.AuditAllowed),
		}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("MergeCandidates: audit records (-got +want):\n%s", diff)
		}
		pv, err := f.svc.MergePreview(f.ctx, pro, keep.ID, dup.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pv.Keep.Person.Person.ID != keep.ID || pv.Duplicate.Person.Person.ID != dup.ID || pv.BSNDiffers ||
			len(pv.Keep.Households) != 1 || pv.Keep.Households[0].HouseholdID != h.ID || len(pv.Duplicate.Households) != 0 {
			t.Errorf("MergePreview = %+v", pv)
		}

		// The merge: one record on each, in the same transaction.
		got = f.audited(t, func() {
			if err := f.svc.MergePersons(f.ctx, pro, keep.ID, dup.ID); err != nil {
				t.Fatalf("MergePersons: %v", err)
			}
		})
		want = []entry{
			rec(pro, "personen.samenvoegen", "persoon", dup.ID, keep.ID, app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "personen.samenvoegen", "persoon", keep.ID, dup.ID, app.PurposeTask, wijkregie.AuditAllowed),
		}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("MergePersons: audit records (-got +want):\n%s", diff)
		}

		// Sanne has her BSN and phone now; the duplicate says where it went.
		kv, err := f.svc.Person(f.ctx, pro, keep.ID)
		if err != nil {
			t.Fatal(err)
		}
		if kv.Person.BSN != "999990019" || kv.Person.Phone != sanne.Phone || kv.Person.MergedInto != "" {
			t.Errorf("the record that stays = %+v", kv.Person)
		}
		dv, err := f.svc.Person(f.ctx, pro, dup.ID)
		if err != nil {
			t.Fatalf("reading the merged record: %v", err)
		}
		if dv.Person.MergedInto != keep.ID || dv.Person.MergedBy != pro.UserID || !dv.Person.MergedAt.Equal(start) || dv.Household != nil {
			t.Errorf("the merged record = %+v through %v", dv.Person, dv.Household)
		}
		// Searches find Sanne once.
		for _, q := range []wijkregie.PersonQueryInput{{BSN: "999990019"}, {FamilyName: "Meer", BirthDate: "2012-05-17"}} {
			ms, err := f.svc.SearchPersons(f.ctx, pro, q)
			if err != nil {
				t.Fatal(err)
			}
			if ids := matchIDs(ms); len(ids) != 1 || ids[0] != keep.ID {
				t.Errorf("SearchPersons(%+v) = %v; want %s only", q, ids, keep.ID)
			}
		}
		if _, err := f.svc.FoundPerson(f.ctx, pro, dup.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("FoundPerson of the merged record = %v; want not found", err)
		}
		// A registration of Sanne again warns about one record only.
		_, err = f.svc.RegisterPerson(f.ctx, pro, wijkregie.PersonInput{FamilyName: "Meer", BirthDate: "2012-05-17"}, false)
		if dups, ok := err.(*app.PossibleDuplicates); !ok || len(dups.Matches) != 1 || dups.Matches[0].Person.ID != keep.ID {
			t.Errorf("registering Sanne again = %v; want her one record as a possible duplicate", err)
		}
		// Nothing merges twice, and nothing into a merged record.
		if err := f.svc.MergePersons(f.ctx, pro, keep.ID, dup.ID); code(err) != wijkregie.ECONFLICT {
			t.Errorf("merging twice = %v; want conflict", err)
		}
		if err := f.svc.MergePersons(f.ctx, pro, dup.ID, keep.ID); code(err) != wijkregie.ECONFLICT {
			t.Errorf("merging into a merged record = %v; want conflict", err)
		}
		if _, err := f.svc.MergeCandidates(f.ctx, pro, dup.ID); code(err) != wijkregie.ECONFLICT {
			t.Errorf("starting a merge into a merged record = %v; want conflict", err)
		}
		// A client holding the old id: a signal on it lands on the record
		// that stays; joining a household with it is refused.
		sig := newSignal(dup.ID)
		if err := f.svc.CreateSignal(f.ctx, pro, sig, nil); err != nil || sig.PersonID != keep.ID {
			t.Errorf("signal on the merged record = person %s, %v; want %s", sig.PersonID, err, keep.ID)
		}
		err = f.svc.AddMember(f.ctx, pro, &wijkregie.Member{MunicipalityID: pro.MunicipalityID, HouseholdID: h.ID, PersonID: dup.ID,
			Relation: wijkregie.RelationOther, From: start})
		if code(err) != wijkregie.ENOTFOUND {
			t.Errorf("adding the merged record to a household = %v; want not found", err)
		}
	})
}

func TestMergePersonsRefused(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		mine, ids := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID, pro.UserID)
		_, others := f.newHousehold(t, f.otherTeam(t).ID)
		keep := ids[0]
		reg := func(bsn string) string {
			t.Helper()
			p, err := f.svc.RegisterPerson(f.ctx, pro, wijkregie.PersonInput{FamilyName: "Proef", GivenName: "Ouder", BSN: bsn}, true)
			if err != nil {
				t.Fatal(err)
			}
			return p.ID
		}
		dup := reg("")

		// Roles without the action, then every refusal before the store
		// is touched: nothing is audited.
		got := f.audited(t, func() {
			for _, r := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin} {
				if err := f.svc.MergePersons(f.ctx, f.actor(r), keep, dup); code(err) != wijkregie.EFORBIDDEN {
					t.Errorf("MergePersons as %s = %v; want forbidden", r, err)
				}
			}
			for _, tt := range []struct {
				name, keep, dup, code, field string
			}{
				{"keep not an id", "x", dup, wijkregie.ENOTFOUND, ""},
				{"keep unknown", wijkregie.NewID(start), dup, wijkregie.ENOTFOUND, ""},
				{"no duplicate", keep, "", wijkregie.EINVALID, "duplicaat"},
				{"duplicate not an id", keep, "../x", wijkregie.EINVALID, "duplicaat"},
				{"itself", keep, keep, wijkregie.EINVALID, "duplicaat"},
			} {
				err := f.svc.MergePersons(f.ctx, pro, tt.keep, tt.dup)
				if code(err) != tt.code {
					t.Errorf("%s: MergePersons = %v; want %s", tt.name, err, tt.code)
					continue
				}
				var e *wijkregie.Error
				if tt.field != "" && (!errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Name != tt.field) {
					t.Errorf("%s: MergePersons = %v; want a field error on %s", tt.name, err, tt.field)
				}
			}
		})
		if len(got) != 0 {
			t.Errorf("refusals before the store wrote audit records %+v", got)
		}
		// An unknown duplicate is a field error too, found in the store.
		if err := f.svc.MergePersons(f.ctx, pro, keep, wijkregie.NewID(start)); code(err) != wijkregie.EINVALID {
			t.Errorf("an unknown duplicate = %v; want invalid", err)
		}

		// A record the professional may not see is not found, and the
		// refusal is audited; the team lead of its team may not either,
		// from another team.
		got = f.audited(t, func() {
			if err := f.svc.MergePersons(f.ctx, pro, others[0], dup); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("merging into a record out of sight = %v; want not found", err)
			}
		})
		want := []entry{rec(pro, "personen.samenvoegen", "persoon", dup, others[0], app.PurposeTask, wijkregie.AuditDenied)}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("refused merge: audit records (-got +want):\n%s", diff)
		}

		// A duplicate in a household out of the professional's sight would
		// hand them its BSN and contacts and move its memberships: refused
		// beside the field, audited. So is a bare registration of another
		// family name.
		got = f.audited(t, func() {
			err := f.svc.MergePersons(f.ctx, pro, keep, others[0])
			var e *wijkregie.Error
			if !errors.As(err, &e) || len(e.Fields) != 1 || e.Fields[0].Message != "veld.duplicaat.niet_zichtbaar" {
				t.Errorf("merging a duplicate out of sight = %v; want the field error niet_zichtbaar", err)
			}
		})
		want = []entry{rec(pro, "personen.samenvoegen", "persoon", keep, others[0], app.PurposeTask, wijkregie.AuditDenied)}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("refused duplicate: audit records (-got +want):\n%s", diff)
		}
		stranger, err := f.svc.RegisterPerson(f.ctx, pro, wijkregie.PersonInput{FamilyName: "Anders", GivenName: "Iemand"}, true)
		if err != nil {
			t.Fatal(err)
		}
		err = f.svc.MergePersons(f.ctx, pro, keep, stranger.ID)
		if e, ok := err.(*wijkregie.Error); !ok || len(e.Fields) != 1 || e.Fields[0].Message != "veld.duplicaat.ander_persoon" {
			t.Errorf("merging a bare record of another name = %v; want the field error ander_persoon", err)
		}

		// Two different BSNs: refused, and nothing changes or is audited.
		withBSN := reg("999990019")
		if err := f.svc.MergePersons(f.ctx, lead, keep, withBSN); err != nil {
			t.Fatalf("the team lead merging into a record of the team: %v", err)
		}
		other := reg("111222333")
		pv, err := f.svc.MergePreview(f.ctx, pro, keep, other)
		if err != nil || !pv.BSNDiffers {
			t.Errorf("MergePreview of two BSNs = %+v, %v; want BSNDiffers", pv, err)
		}
		got = f.audited(t, func() {
			if err := f.svc.MergePersons(f.ctx, pro, keep, other); code(err) != wijkregie.ECONFLICT {
				t.Errorf("merging two BSNs = %v; want conflict", err)
			}
		})
		if len(got) != 0 {
			t.Errorf("a refused merge wrote audit records %+v", got)
		}
		if p, err := f.s.R().Person(f.ctx, mine.MunicipalityID, other); err != nil || p.MergedInto != "" || p.BSN != "111222333" {
			t.Errorf("after a refused merge: %+v, %v", p, err)
		}
	})
}
