package app_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// TestAuditSurvivesRetention: the records of who read a family's file
// outlive the file. Retention anonymises the case and removes the
// household and its persons; every record about them stays, the removal
// itself is recorded, and the chain still verifies. (The Dutch case API
// standard, ZGW, deletes a case's audit trail with the case; NEN 7513
// wants the trail kept as long as the log, so wijkregie does not.)
func TestAuditSurvivesRetention(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.users[wijkregie.RoleProfessional], f.actor(wijkregie.RoleTeamLead)
		h, members := f.newHousehold(t, pro.TeamID)
		c := f.closedCase(t, h.ID, wijkregie.GroundWmo, start)
		if _, err := f.svc.Household(f.ctx, lead, h.ID); err != nil {
			t.Fatalf("Household: %v", err)
		}
		if _, err := f.svc.Person(f.ctx, lead, members[0]); err != nil {
			t.Fatalf("Person: %v", err)
		}
		about := func(personID string) []wijkregie.AuditRecord {
			t.Helper()
			recs, _, err := f.s.R().Audit(f.ctx, demo.MunicipalityID, store.AuditFilter{PersonID: personID, Page: store.Page{Limit: store.MaxLimit}})
			if err != nil {
				t.Fatal(err)
			}
			return recs
		}
		before := about(members[0])
		if len(before) == 0 {
			t.Fatal("reading the person left no record about them")
		}

		f.clock.Set(start.AddDate(40, 0, 0)) // past every period
		f.retain(t)
		if _, err := f.s.R().Household(f.ctx, demo.MunicipalityID, h.ID); code(err) != wijkregie.ENOTFOUND {
			t.Fatalf("the household after retention: %v; want it removed", err)
		}
		if got, err := f.s.R().Case(f.ctx, demo.MunicipalityID, c.ID); err == nil && got.HouseholdID == h.ID {
			t.Errorf("the case still points to the removed household")
		}

		after := about(members[0])
		kept := map[int64]bool{}
		for _, r := range after {
			kept[r.Seq] = true
		}
		for _, r := range before {
			if !kept[r.Seq] {
				t.Errorf("record %d (%s) about the person is gone after retention", r.Seq, r.Action)
			}
		}
		removed := false
		for _, r := range after {
			removed = removed || (r.Action == "bewaartermijn.verwijderen" && r.Kind() == wijkregie.KindDelete)
		}
		if !removed {
			t.Errorf("the removal of the person is not in the log: %+v", after)
		}
		brk, n, err := f.s.R().VerifyAudit(f.ctx, demo.MunicipalityID, nil)
		if err != nil || brk != nil {
			t.Errorf("VerifyAudit after retention = %+v, %v; want the chain intact", brk, err)
		}
		if n < int64(len(after)) {
			t.Errorf("the chain holds %d records", n)
		}
	})
}
