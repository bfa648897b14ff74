package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// caseTeam is a municipality with a team of a lead and two professionals,
// and one household of that team.
type caseTeam struct {
	m               string
	team            string
	lead, pro, pro2 *wijkregie.User
	household       string
}

func newCaseTeam(t *testing.T, s *store.Store, m string) *caseTeam {
	t.Helper()
	newMunicipality(t, s, m)
	ct := &caseTeam{m: m, team: newTeam(t, s, m, "Wijkteam Oost").ID}
	ct.lead = newUser(t, s, m, "lead@"+m+".example", wijkregie.RoleTeamLead, ct.team, "")
	ct.pro = newUser(t, s, m, "pro@"+m+".example", wijkregie.RoleProfessional, ct.team, "")
	ct.pro2 = newUser(t, s, m, "pro2@"+m+".example", wijkregie.RoleProfessional, ct.team, "")
	ct.household = newHousehold(t, s, m, ct.team, "2581AA", 1).ID
	return ct
}

// newCaseOn opens a case on a household, aangemeld at level licht unless
// the caller's status and regisseur say otherwise.
func (ct *caseTeam) newCaseOn(t *testing.T, s *store.Store, household string, status wijkregie.CaseStatus, coordinator string) *wijkregie.Case {
	t.Helper()
	c := &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: household, TeamID: ct.team, Status: status, Level: wijkregie.LevelLight,
		Domains: []string{"financien"}, OpenedBy: ct.lead.ID, CoordinatorID: coordinator}
	mustTx(t, s, func(q *store.Q) error { return q.CreateCase(context.Background(), c) })
	return c
}

// wantConflict stops the test unless err is a conflict with the message.
func wantConflict(t testing.TB, err error, message string) {
	t.Helper()
	wantCode(t, err, wijkregie.ECONFLICT)
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Message != message {
		t.Fatalf("conflict %v; want message %q", err, message)
	}
}

// TestOneOpenCasePerHousehold: the partial unique index, not the code,
// refuses a second open case; a closed one makes room for a new one.
func TestOneOpenCasePerHousehold(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		first := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		if first.Version != 1 || first.ID == "" || !first.OpenedAt.Equal(onClock(start)) {
			t.Errorf("created %+v; want version 1, an id, opened now", first)
		}
		evs, err := s.R().CaseEvents(ctx, ct.m, first.ID)
		if err != nil || len(evs) != 1 || evs[0].Kind != wijkregie.EventOpened || evs[0].To != string(wijkregie.LevelLight) {
			t.Errorf("events of a new case: %+v, %v; want one geopend at licht", evs, err)
		}

		second := &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: ct.household, TeamID: ct.team, Status: wijkregie.CaseRegistered,
			Level: wijkregie.LevelIntensive, Domains: []string{"huisvesting"}, OpenedBy: ct.pro.ID}
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.CreateCase(ctx, second) }), "fout.casus.al_open")
		// Not even at another status, or from another path.
		second.Status, second.CoordinatorID = wijkregie.CaseIntake, ct.pro.ID
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.CreateCase(ctx, second) }), "fout.casus.al_open")

		open, err := s.R().OpenCase(ctx, ct.m, ct.household)
		if err != nil || open.ID != first.ID {
			t.Fatalf("OpenCase = %+v, %v; want the first", open, err)
		}

		// Closing it (no regisseur needed to close) makes room.
		clk.Advance(time.Hour)
		first.Status, first.ClosedAt, first.ClosureReason = wijkregie.CaseClosed, clk.Now(), wijkregie.ClosureMoved
		mustTx(t, s, func(q *store.Q) error { return q.UpdateCase(ctx, first) })
		if _, err := s.R().OpenCase(ctx, ct.m, ct.household); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("OpenCase after closing = %v; want not found", err)
		}
		clk.Advance(time.Hour)
		again := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		wantConflict(t, tryTx(s, func(q *store.Q) error {
			return q.CreateCase(ctx, &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: ct.household, TeamID: ct.team,
				Status: wijkregie.CaseRegistered, Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: ct.lead.ID})
		}), "fout.casus.al_open")
		all, err := s.R().HouseholdCases(ctx, ct.m, ct.household)
		if err != nil || len(all) != 2 || all[0].ID != again.ID || all[1].ID != first.ID {
			t.Fatalf("HouseholdCases = %+v, %v; want the new case, then the closed one", all, err)
		}
		if got := all[1]; got.Status != wijkregie.CaseClosed || got.ClosureReason != wijkregie.ClosureMoved || !got.ClosedAt.Equal(kept(start.Add(time.Hour))) {
			t.Errorf("closed case reads back as %+v", got)
		}
		wantUTC(t, all)

		// A case on a household that does not exist is not found; so is
		// an unknown case.
		err = tryTx(s, func(q *store.Q) error {
			return q.CreateCase(ctx, &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: wijkregie.NewID(start), TeamID: ct.team,
				Status: wijkregie.CaseRegistered, Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: ct.lead.ID})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
		_, err = s.R().Case(ctx, ct.m, wijkregie.NewID(start))
		wantCode(t, err, wijkregie.ENOTFOUND)
		// Another municipality does not see it.
		newMunicipality(t, s, "GM0002")
		_, err = s.R().Case(ctx, "GM0002", first.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

// TestCaseNeedsItsRegisseur: past aangemeld a case has a regisseur; the
// CHECK refuses a write that would leave one without.
func TestCaseNeedsItsRegisseur(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, _ *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		for _, st := range []wijkregie.CaseStatus{wijkregie.CaseIntake, wijkregie.CasePlan, wijkregie.CaseExecution, wijkregie.CaseScaleDown} {
			moved := *c
			moved.Status = st
			wantConflict(t, tryTx(s, func(q *store.Q) error { return q.UpdateCase(ctx, &moved) }), "fout.casus.regisseur_nodig")
		}
		got, err := s.R().Case(ctx, ct.m, c.ID)
		if err != nil || got.Status != wijkregie.CaseRegistered || got.Version != 1 {
			t.Fatalf("after the refusals: %+v, %v; want the case unchanged", got, err)
		}
		// Created past aangemeld without one: refused too.
		h := newHousehold(t, s, ct.m, ct.team, "2581AB", 2).ID
		wantConflict(t, tryTx(s, func(q *store.Q) error {
			return q.CreateCase(ctx, &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: h, TeamID: ct.team, Status: wijkregie.CasePlan,
				Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: ct.lead.ID})
		}), "fout.casus.regisseur_nodig")
		// With a regisseur the move is fine.
		c.Status, c.CoordinatorID = wijkregie.CaseIntake, ct.pro.ID
		mustTx(t, s, func(q *store.Q) error { return q.UpdateCase(ctx, c) })
		if c.Version != 2 {
			t.Errorf("version after the update = %d; want 2", c.Version)
		}
	})
}

// TestUpdateCaseVersion: a write over a version not read is a conflict.
func TestUpdateCaseVersion(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, _ *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		stale := *c
		c.Level, c.Domains = wijkregie.LevelIntensive, []string{"financien", "huisvesting"}
		mustTx(t, s, func(q *store.Q) error { return q.UpdateCase(ctx, c) })
		stale.Level = wijkregie.LevelSafety
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.UpdateCase(ctx, &stale) }), "fout.casus.gewijzigd")
		got, err := s.R().Case(ctx, ct.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, c); diff != "" {
			t.Errorf("case after a stale write (-got +want):\n%s", diff)
		}
		unknown := *c
		unknown.ID = wijkregie.NewID(start)
		wantCode(t, tryTx(s, func(q *store.Q) error { return q.UpdateCase(ctx, &unknown) }), wijkregie.ENOTFOUND)
	})
}

// TestAssignKeepsHistory: one current regisseur per case, the household's
// regisseur involvement moves along, and every earlier assignment stays.
func TestAssignKeepsHistory(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		// Someone was the household's regisseur before there was a case.
		involve(t, s, ct.m, ct.household, ct.lead.ID, wijkregie.InvolvementCoordinator, start.Add(-24*time.Hour), time.Time{})
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		mandate := wijkregie.Mandate{From: start, Decide: wijkregie.DefaultMandate, EscalateTo: "lead, teamleider"}
		assign := func(c *wijkregie.Case, user, reason string) error {
			return tryTx(s, func(q *store.Q) error {
				return q.Assign(ctx, c, &wijkregie.Assignment{UserID: user, Mandate: mandate, Reason: reason, AssignedBy: ct.lead.ID})
			})
		}
		if err := assign(c, ct.pro.ID, "expertise"); err != nil {
			t.Fatalf("Assign: %v", err)
		}
		if c.CoordinatorID != ct.pro.ID || c.Version != 2 {
			t.Errorf("after the first assignment: regisseur %s, version %d; want %s, 2", c.CoordinatorID, c.Version, ct.pro.ID)
		}
		regisseur := func() string {
			t.Helper()
			invs, err := s.R().Involvements(ctx, ct.m, ct.household)
			if err != nil {
				t.Fatal(err)
			}
			who := ""
			for _, inv := range invs {
				if inv.Kind == wijkregie.InvolvementCoordinator {
					if who != "" {
						t.Errorf("two current regisseurs: %s and %s", who, inv.UserID)
					}
					who = inv.UserID
				}
			}
			return who
		}
		if got := regisseur(); got != ct.pro.ID {
			t.Errorf("household's regisseur = %q; want the case's, %s", got, ct.pro.ID)
		}

		// A stale case is refused, and nothing moves.
		clk.Advance(time.Minute)
		stale := *c
		stale.Version = 1
		wantConflict(t, assign(&stale, ct.pro2.ID, "stale"), "fout.casus.gewijzigd")
		if got := regisseur(); got != ct.pro.ID {
			t.Errorf("after a refused assignment the household's regisseur = %q; want %s", got, ct.pro.ID)
		}

		clk.Advance(time.Hour)
		if err := assign(c, ct.pro2.ID, "caseload"); err != nil {
			t.Fatalf("second Assign: %v", err)
		}
		as, err := s.R().Assignments(ctx, ct.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			User, Reason string
			From, Until  time.Time
		}
		var got []row
		for _, a := range as {
			got = append(got, row{a.UserID, a.Reason, a.From, a.Until})
			if a.Mandate.Decide != wijkregie.DefaultMandate || a.Mandate.EscalateTo != mandate.EscalateTo || !a.Mandate.From.Equal(kept(start)) {
				t.Errorf("mandate %+v; want %+v", a.Mandate, mandate)
			}
		}
		want := []row{
			{ct.pro.ID, "expertise", onClock(start), onClock(start.Add(time.Hour + time.Minute))},
			{ct.pro2.ID, "caseload", onClock(start.Add(time.Hour + time.Minute)), time.Time{}},
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("Assignments (-got +want):\n%s", diff)
		}
		wantUTC(t, as)
		if got := regisseur(); got != ct.pro2.ID {
			t.Errorf("household's regisseur = %q; want %s", got, ct.pro2.ID)
		}
		evs, err := s.R().CaseEvents(ctx, ct.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var changes [][2]string
		for _, e := range evs {
			if e.Kind == wijkregie.EventCoordinator {
				changes = append(changes, [2]string{e.From, e.To})
			}
		}
		if diff := cmp.Diff(changes, [][2]string{{"", ct.pro.ID}, {ct.pro.ID, ct.pro2.ID}}); diff != "" {
			t.Errorf("regisseur events (-got +want):\n%s", diff)
		}

		// The schema refuses a second current assignment, whatever the code.
		err = tryTx(s, func(q *store.Q) error {
			return store.ExecForTest(ctx, q, `INSERT INTO case_coordinators (municipality_id, case_id, user_id, from_at, mandate_from,
mandate_decide, mandate_escalate_to, assigned_by) VALUES ($1, $2, $3, $4, $4, 'x', 'y', $5)`, ct.m, c.ID, ct.lead.ID, start.Add(time.Minute), ct.lead.ID)
		})
		if err == nil {
			t.Error("a second current assignment was stored")
		}

		// Ending it at closing leaves no current regisseur; the case keeps
		// naming its last one.
		clk.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error { return q.EndAssignment(ctx, c) })
		as, _ = s.R().Assignments(ctx, ct.m, c.ID)
		if len(as) != 2 || as[1].Until.IsZero() {
			t.Errorf("after EndAssignment: %+v; want the last assignment ended", as)
		}
		if got := regisseur(); got != "" {
			t.Errorf("after EndAssignment the household's regisseur = %q; want none", got)
		}
	})
}

// TestCaseloads: open cases per regisseur and level, of the team's members
// only; closed cases do not count.
func TestCaseloads(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, _ *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		other := newTeam(t, s, ct.m, "Wijkteam West").ID
		outsider := newUser(t, s, ct.m, "west@GM0001.example", wijkregie.RoleProfessional, other, "")
		n := 10
		open := func(coordinator string, level wijkregie.CaseLevel, status wijkregie.CaseStatus) {
			n++
			h := newHousehold(t, s, ct.m, ct.team, "2582AA", n).ID
			c := &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: h, TeamID: ct.team, Status: status, Level: level,
				Domains: []string{"financien"}, OpenedBy: ct.lead.ID, CoordinatorID: coordinator}
			if status == wijkregie.CaseClosed {
				c.ClosedAt, c.ClosureReason = start, wijkregie.ClosureGoalsMet
			}
			mustTx(t, s, func(q *store.Q) error { return q.CreateCase(ctx, c) })
		}
		open(ct.pro.ID, wijkregie.LevelLight, wijkregie.CaseIntake)
		open(ct.pro.ID, wijkregie.LevelLight, wijkregie.CaseExecution)
		open(ct.pro.ID, wijkregie.LevelSafety, wijkregie.CasePlan)
		open(ct.pro.ID, wijkregie.LevelIntensive, wijkregie.CaseClosed)
		open(ct.pro2.ID, wijkregie.LevelIntensive, wijkregie.CaseScaleDown)
		open(ct.lead.ID, wijkregie.LevelIntensive, wijkregie.CaseIntake)
		open(outsider.ID, wijkregie.LevelLight, wijkregie.CaseIntake) // another team's member
		open("", wijkregie.LevelLight, wijkregie.CaseRegistered)
		got, err := s.R().Caseloads(ctx, ct.m, ct.team)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]store.Caseload{
			ct.pro.ID:  {UserID: ct.pro.ID, ByLevel: map[wijkregie.CaseLevel]int{wijkregie.LevelLight: 2, wijkregie.LevelSafety: 1}},
			ct.pro2.ID: {UserID: ct.pro2.ID, ByLevel: map[wijkregie.CaseLevel]int{wijkregie.LevelIntensive: 1}},
			ct.lead.ID: {UserID: ct.lead.ID, ByLevel: map[wijkregie.CaseLevel]int{wijkregie.LevelIntensive: 1}},
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("Caseloads (-got +want):\n%s", diff)
		}
		set := wijkregie.DefaultSettings(ct.m)
		load := 0
		for l, n := range got[ct.pro.ID].ByLevel {
			load += n * set.Weight(l)
		}
		if load != 2*1+1*3 {
			t.Errorf("weighted caseload = %d; want 5", load)
		}
		// The outsider is regisseur of a case of another team: it counts
		// where the regisseur works, not where the case is.
		west, err := s.R().Caseloads(ctx, ct.m, other)
		if diff := cmp.Diff(west, map[string]store.Caseload{outsider.ID: {UserID: outsider.ID,
			ByLevel: map[wijkregie.CaseLevel]int{wijkregie.LevelLight: 1}}}); err != nil || diff != "" {
			t.Errorf("Caseloads(west) (-got +want), %v:\n%s", err, diff)
		}
	})
}

// TestSettingsStore: defaults until saved, then versioned.
func TestSettingsStore(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		got, err := s.R().Settings(ctx, ct.m)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, wijkregie.DefaultSettings(ct.m)); diff != "" || got.Version != 0 {
			t.Errorf("settings before any save (-got +want):\n%s", diff)
		}
		set := got
		set.TriageDaysNormal, set.WeightSafety, set.UpdatedBy = 3, 5, ct.lead.ID
		mustTx(t, s, func(q *store.Q) error { return q.SaveSettings(ctx, &set) })
		if set.Version != 1 {
			t.Errorf("version after the first save = %d; want 1", set.Version)
		}
		read, err := s.R().Settings(ctx, ct.m)
		if err != nil {
			t.Fatal(err)
		}
		want := set
		want.UpdatedAt = onClock(start)
		if diff := cmp.Diff(read, want); diff != "" {
			t.Errorf("settings read back (-got +want):\n%s", diff)
		}
		wantUTC(t, read)

		// Two beheerders who both read the defaults: the second is refused.
		other := wijkregie.DefaultSettings(ct.m)
		other.UpdatedBy = ct.lead.ID
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.SaveSettings(ctx, &other) }), "fout.instellingen.gewijzigd")
		// A stale version likewise; the current one saves.
		clk.Advance(time.Minute)
		stale := read
		read.MultipleDomains = 3
		mustTx(t, s, func(q *store.Q) error { return q.SaveSettings(ctx, &read) })
		stale.MultipleParties = 4
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.SaveSettings(ctx, &stale) }), "fout.instellingen.gewijzigd")
		final, _ := s.R().Settings(ctx, ct.m)
		if final.Version != 2 || final.MultipleDomains != 3 || final.MultipleParties != 2 || !final.UpdatedAt.Equal(onClock(start.Add(time.Minute))) {
			t.Errorf("settings after the stale save: %+v", final)
		}
		// Out of range is a field error, stored nowhere.
		bad := final
		bad.WeightLight, bad.TriageDaysUrgent = 0, 6
		err = tryTx(s, func(q *store.Q) error { return q.SaveSettings(ctx, &bad) })
		wantFields(t, err, "gewichtLicht", "triageTermijnSpoed")
		// Each municipality has its own.
		newMunicipality(t, s, "GM0002")
		if d, err := s.R().Settings(ctx, "GM0002"); err != nil || d.Version != 0 || d.TriageDaysNormal != wijkregie.TriageDaysNormal {
			t.Errorf("another municipality's settings = %+v, %v; want the defaults", d, err)
		}
	})
}

// TestPartiesEscalationsEnforcements: betrokkenen bring their access and
// take it when they end; opschalingen answer under their version; a
// doorzettingsbesluit names organisations that exist.
func TestPartiesEscalationsEnforcements(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		org := newOrganisation(t, s, ct.m, "GGZ Oost", wijkregie.OrgGGZ)
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseIntake, ct.pro.ID)
		involved := func(user string) bool {
			invs, err := s.R().Involvements(ctx, ct.m, ct.household)
			if err != nil {
				t.Fatal(err)
			}
			return slices.ContainsFunc(invs, func(i wijkregie.Involvement) bool { return i.UserID == user })
		}
		p := &wijkregie.Party{UserID: ct.pro2.ID, Role: wijkregie.PartyCaseWorker, Note: "gezinscoach", AddedBy: ct.pro.ID}
		mustTx(t, s, func(q *store.Q) error { return q.AddParty(ctx, c, p) })
		clk.Advance(time.Second)
		po := &wijkregie.Party{OrganisationID: org.ID, Role: wijkregie.PartyAdvisor, AddedBy: ct.pro.ID}
		mustTx(t, s, func(q *store.Q) error { return q.AddParty(ctx, c, po) })
		if !involved(ct.pro2.ID) {
			t.Error("a betrokkene is not involved with the household")
		}
		clk.Advance(time.Minute)
		mustTx(t, s, func(q *store.Q) error { return q.EndParty(ctx, c, p.ID, ct.pro.ID) })
		if involved(ct.pro2.ID) {
			t.Error("an ended betrokkene is still involved")
		}
		wantCode(t, tryTx(s, func(q *store.Q) error { return q.EndParty(ctx, c, p.ID, ct.pro.ID) }), wijkregie.ENOTFOUND)
		ps, err := s.R().Parties(ctx, ct.m, c.ID)
		if err != nil || len(ps) != 2 || ps[0].Until.IsZero() || !ps[1].Until.IsZero() || ps[1].OrganisationID != org.ID {
			t.Errorf("Parties = %+v, %v; want the ended user and the current organisation", ps, err)
		}
		wantCode(t, tryTx(s, func(q *store.Q) error {
			return q.AddParty(ctx, c, &wijkregie.Party{OrganisationID: wijkregie.NewID(start), Role: wijkregie.PartyOther, AddedBy: ct.pro.ID})
		}), wijkregie.ENOTFOUND)

		e := &wijkregie.Escalation{MunicipalityID: ct.m, CaseID: c.ID, OrganisationID: org.ID, ToWhom: "Manager", About: "Wachttijd", RaisedBy: ct.pro.ID}
		mustTx(t, s, func(q *store.Q) error { return q.CreateEscalation(ctx, e) })
		stale := *e
		e.Answer, e.Status = "We starten volgende week.", wijkregie.EscalationAnswered
		mustTx(t, s, func(q *store.Q) error { return q.UpdateEscalation(ctx, e) })
		stale.Answer, stale.Outcome, stale.Status = "x", "y", wijkregie.EscalationSettled
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.UpdateEscalation(ctx, &stale) }), "fout.opschaling.gewijzigd")
		got, err := s.R().Escalation(ctx, ct.m, c.ID, e.ID)
		if err != nil || got.Version != 2 || got.Status != wijkregie.EscalationAnswered || !got.AnsweredAt.Equal(onClock(clk.Now())) {
			t.Errorf("escalation = %+v, %v", got, err)
		}

		wantCode(t, tryTx(s, func(q *store.Q) error {
			return q.CreateEnforcement(ctx, &wijkregie.Enforcement{MunicipalityID: ct.m, CaseID: c.ID, Kind: wijkregie.EnforceStop,
				Decision: "Stop", Reason: "Werkt niet", OrganisationIDs: []string{org.ID, wijkregie.NewID(start)}, DecidedBy: ct.pro.ID})
		}), wijkregie.ENOTFOUND)
		en := &wijkregie.Enforcement{MunicipalityID: ct.m, CaseID: c.ID, Kind: wijkregie.EnforceStart, Decision: "Start", Reason: "Nodig",
			OrganisationIDs: []string{org.ID}, DecidedBy: ct.pro.ID}
		mustTx(t, s, func(q *store.Q) error { return q.CreateEnforcement(ctx, en) })
		ens, err := s.R().Enforcements(ctx, ct.m, c.ID)
		if err != nil || len(ens) != 1 || !slices.Equal(ens[0].OrganisationIDs, []string{org.ID}) {
			t.Errorf("Enforcements = %+v, %v", ens, err)
		}
		evs, _ := s.R().CaseEvents(ctx, ct.m, c.ID)
		kinds := map[wijkregie.CaseEventKind]int{}
		for _, ev := range evs {
			kinds[ev.Kind]++
		}
		if diff := cmp.Diff(kinds, map[wijkregie.CaseEventKind]int{wijkregie.EventOpened: 1, wijkregie.EventPartyAdded: 2,
			wijkregie.EventPartyEnded: 1, wijkregie.EventEscalation: 1, wijkregie.EventEnforcement: 1}); diff != "" {
			t.Errorf("case events by kind (-got +want):\n%s", diff)
		}
	})
}

// TestCaseScopeAgreesWithDecide is the pair test for cases: over the
// random municipality of TestScopeAgreesWithDecide with cases on its
// households (some of another team than their household's, some closed),
// every actor's case list holds exactly the cases DecideCase lets them
// read, with and without the list's filters.
func TestCaseScopeAgreesWithDecide(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 26, 53, 123456000, time.UTC)
	testdb.EachWith(t, testdb.Options{Now: func() time.Time { return now }}, func(t *testing.T, s *store.Store) {
		ctx := t.Context()
		const m = "GM0001"
		r := rand.New(rand.NewPCG(2026, 315))
		f := newPairFixture(t, s, m, now, r)
		teams, err := s.R().Teams(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		var casework []*wijkregie.User
		for _, u := range f.users {
			if u.Role == wijkregie.RoleProfessional || u.Role == wijkregie.RoleTeamLead {
				casework = append(casework, u)
			}
		}
		opener := casework[0].ID
		var subjects []*policy.CaseSubject
		open := []wijkregie.CaseStatus{wijkregie.CaseRegistered, wijkregie.CaseIntake, wijkregie.CasePlan, wijkregie.CaseExecution, wijkregie.CaseScaleDown}
		for i, h := range f.households {
			if r.IntN(5) == 0 {
				continue // no case
			}
			hh, err := s.R().Household(ctx, m, h)
			if err != nil {
				t.Fatal(err)
			}
			newCase := func(status wijkregie.CaseStatus) {
				team := hh.TeamID
				if team == "" || r.IntN(5) == 0 { // a case stays with the team that opened it
					team = teams[r.IntN(len(teams))].ID
				}
				c := &wijkregie.Case{MunicipalityID: m, HouseholdID: h, TeamID: team, Status: status, Level: wijkregie.CaseLevels[r.IntN(3)],
					Domains: []string{"financien"}, OpenedBy: opener}
				if status != wijkregie.CaseRegistered {
					c.CoordinatorID = casework[r.IntN(len(casework))].ID
				}
				if status == wijkregie.CaseClosed {
					c.ClosedAt, c.ClosureReason = now, wijkregie.ClosureGoalsMet
				}
				mustTx(t, s, func(q *store.Q) error { return q.CreateCase(ctx, c) })
				invs, err := s.R().Involvements(ctx, m, h)
				if err != nil {
					t.Fatal(err)
				}
				subjects = append(subjects, &policy.CaseSubject{Case: c, Involvements: invs})
			}
			if i%3 == 0 {
				newCase(wijkregie.CaseClosed)
			}
			if r.IntN(4) > 0 {
				newCase(open[r.IntN(len(open))])
			}
		}
		if len(subjects) < 30 {
			t.Fatalf("only %d cases; change the seed", len(subjects))
		}

		actors := []wijkregie.Actor{{}}
		for _, u := range f.users {
			actors = append(actors, wijkregie.ActorOf(u))
		}
		seeing, pairs := 0, 0
		for _, actor := range actors {
			for _, filter := range []store.CaseFilter{
				{},
				{Open: true},
				{TeamID: actor.TeamID},
				{CoordinatorID: actor.UserID, Open: true},
				{TeamID: teams[0].ID, CoordinatorID: casework[1].ID},
			} {
				filter.Page = store.Page{Limit: store.MaxLimit}
				list, total, err := s.R().Cases(ctx, m, policy.Scope(actor), filter)
				if err != nil {
					t.Fatal(err)
				}
				got := ids(list, func(c store.CaseSummary) string { return c.ID })
				slices.Sort(got)
				var want []string
				for _, sub := range subjects {
					c := sub.Case
					if filter.TeamID != "" && c.TeamID != filter.TeamID || filter.CoordinatorID != "" && c.CoordinatorID != filter.CoordinatorID ||
						filter.Open && !c.Open() {
						continue
					}
					if policy.DecideCase(actor, policy.ViewCase, sub, now) == nil {
						want = append(want, c.ID)
					}
				}
				slices.Sort(want)
				name := fmt.Sprintf("%s %s %+v", actor.Role, actor.UserID, filter)
				if diff := cmp.Diff(got, want, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s: Cases(Scope) vs DecideCase (-list +decide):\n%s", name, diff)
				}
				if total != len(got) {
					t.Errorf("%s: total %d for %d rows", name, total, len(got))
				}
				if filter.TeamID == "" && filter.CoordinatorID == "" && !filter.Open {
					pairs += len(want)
					if len(want) > 0 {
						seeing++
					}
				}
			}
		}
		if seeing < 10 || pairs == 0 || pairs >= len(actors)*len(subjects)/2 {
			t.Errorf("fixture too uniform: %d of %d actors see a case, %d of %d pairs allowed", seeing, len(actors), pairs, len(actors)*len(subjects))
		}
	})
}

// TestTriageQueueAgreesWithDecide: the queue holds the team's signals
// waiting for triage, nearest deadline first, and only those the signal
// policy lets the actor read; asking for another team's queue gives no
// more than the actor may read there.
func TestTriageQueueAgreesWithDecide(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	testdb.EachWith(t, testdb.Options{Now: func() time.Time { return now }}, func(t *testing.T, s *store.Store) {
		ctx := t.Context()
		const m = "GM0001"
		newMunicipality(t, s, m)
		teamA, teamB := newTeam(t, s, m, "A").ID, newTeam(t, s, m, "B").ID
		gp := newOrganisation(t, s, m, "Huisarts", wijkregie.OrgHuisarts).ID
		school := newOrganisation(t, s, m, "School", wijkregie.OrgSchool).ID
		users := []*wijkregie.User{
			newUser(t, s, m, "a1@x.example", wijkregie.RoleProfessional, teamA, ""),
			newUser(t, s, m, "a2@x.example", wijkregie.RoleProfessional, teamA, ""),
			newUser(t, s, m, "alead@x.example", wijkregie.RoleTeamLead, teamA, ""),
			newUser(t, s, m, "b1@x.example", wijkregie.RoleProfessional, teamB, ""),
			newUser(t, s, m, "blead@x.example", wijkregie.RoleTeamLead, teamB, ""),
			newUser(t, s, m, "gp1@x.example", wijkregie.RolePartner, "", gp),
			newUser(t, s, m, "gp2@x.example", wijkregie.RolePartner, "", gp),
			newUser(t, s, m, "school@x.example", wijkregie.RolePartner, "", school),
			newUser(t, s, m, "beleid@x.example", wijkregie.RolePolicy, "", ""),
			newUser(t, s, m, "beheer@x.example", wijkregie.RoleAdmin, "", ""),
		}
		byID := map[string]*wijkregie.User{}
		for _, u := range users {
			byID[u.ID] = u
		}
		var households []string
		for i := range 6 {
			team := teamA
			if i%2 == 1 {
				team = teamB
			}
			households = append(households, newHousehold(t, s, m, team, "2581AA", i+1).ID)
		}
		// Involvements that open signals of another team to some users.
		involve(t, s, m, households[1], users[0].ID, wijkregie.InvolvementContributor, now.Add(-time.Hour), time.Time{})
		involve(t, s, m, households[3], users[5].ID, wijkregie.InvolvementContributor, now.Add(-time.Hour), time.Time{})
		involve(t, s, m, households[5], users[0].ID, wijkregie.InvolvementContributor, now.Add(-2*time.Hour), now.Add(-time.Minute))

		r := rand.New(rand.NewPCG(3, 2))
		statuses := []wijkregie.SignalStatus{wijkregie.SignalNew, wijkregie.SignalNew, wijkregie.SignalNew, wijkregie.SignalSimple,
			wijkregie.SignalInCase, wijkregie.SignalNoAction, wijkregie.SignalClosed}
		creators := []*wijkregie.User{users[0], users[1], users[2], users[3], users[4], users[5], users[6], users[7]}
		var all []*wijkregie.Signal
		for i := range 60 {
			h := households[r.IntN(len(households))]
			hh, _ := s.R().Household(ctx, m, h)
			received := now.Add(-time.Duration(r.IntN(15*24)) * time.Hour)
			urgency := wijkregie.UrgencyNormal
			if r.IntN(4) == 0 {
				urgency = wijkregie.UrgencyUrgent
			}
			sig := &wijkregie.Signal{MunicipalityID: m, Kind: wijkregie.SignalCareReport, HouseholdID: h, SourceKind: wijkregie.SourceOther,
				Domains: []string{"financien"}, Description: fmt.Sprintf("signaal %d", i), Urgency: urgency, ReceivedAt: received,
				TriageDeadline: wijkregie.TriageDeadline(received, urgency), Status: statuses[r.IntN(len(statuses))],
				TeamID: hh.TeamID, CreatedBy: creators[r.IntN(len(creators))].ID}
			if i%10 == 9 {
				sig.TeamID = "" // registered before the household had a team
			}
			mustTx(t, s, func(q *store.Q) error { return q.CreateSignal(ctx, sig) })
			all = append(all, sig)
		}

		actors := []wijkregie.Actor{{}}
		for _, u := range users {
			actors = append(actors, wijkregie.ActorOf(u))
		}
		nonEmpty := 0
		for _, actor := range actors {
			for _, team := range []string{actor.TeamID, teamA, teamB, ""} {
				q, total, err := s.R().TriageQueue(ctx, m, policy.SignalScope(actor), store.QueueFilter{TeamID: team, Page: store.Page{Limit: store.MaxLimit}})
				if err != nil {
					t.Fatal(err)
				}
				for i := 1; i < len(q); i++ {
					if q[i].TriageDeadline.Before(q[i-1].TriageDeadline) {
						t.Errorf("%s %s, team %s: queue not by deadline at %d", actor.Role, actor.UserID, team, i)
					}
				}
				got := ids(q, func(sg wijkregie.Signal) string { return sg.ID })
				slices.Sort(got)
				var want []string
				for _, sg := range all {
					if sg.TeamID != team || team == "" || sg.Status != wijkregie.SignalNew {
						continue
					}
					invs, err := s.R().Involvements(ctx, m, sg.HouseholdID)
					if err != nil {
						t.Fatal(err)
					}
					subj := &policy.SignalSubject{Signal: sg, CreatorOrganisationID: byID[sg.CreatedBy].OrganisationID, Involvements: invs}
					if policy.DecideSignal(actor, subj, now) == nil {
						want = append(want, sg.ID)
					}
				}
				slices.Sort(want)
				if diff := cmp.Diff(got, want, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s %s, team %q: TriageQueue vs DecideSignal (-queue +decide):\n%s", actor.Role, actor.UserID, team, diff)
				}
				if total != len(got) {
					t.Errorf("%s %s, team %q: total %d for %d rows", actor.Role, actor.UserID, team, total, len(got))
				}
				if team == actor.TeamID && team != "" {
					if len(got) > 0 {
						nonEmpty++
					}
					// A team member's own queue is every waiting signal of the team.
					n := 0
					for _, sg := range all {
						if sg.TeamID == team && sg.Status == wijkregie.SignalNew {
							n++
						}
					}
					if len(got) != n {
						t.Errorf("%s %s: own queue holds %d of the team's %d waiting signals", actor.Role, actor.UserID, len(got), n)
					}
					for _, sg := range q {
						if err := policy.DecideTriage(actor, &sg); err != nil {
							t.Errorf("%s %s may not triage %s from their own queue: %v", actor.Role, actor.UserID, sg.ID, err)
						}
					}
				}
			}
		}
		if nonEmpty < 4 {
			t.Errorf("only %d team members have a queue; the fixture is too thin", nonEmpty)
		}
	})
}
