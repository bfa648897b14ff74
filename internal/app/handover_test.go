package app_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// elsewhere is a second municipality on the platform, where a family
// moves: two teams, a lead of each and a professional of the first.
type elsewhere struct {
	id              string
	team, other     *wijkregie.Team
	lead, otherLead wijkregie.Actor
	pro             wijkregie.Actor
}

func (f *fixture) elsewhere(t *testing.T) *elsewhere {
	t.Helper()
	e := &elsewhere{id: "GM9904"}
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		if err := q.CreateMunicipality(f.ctx, &wijkregie.Municipality{ID: e.id, Name: "Strandwijk"}); err != nil {
			return err
		}
		e.team = &wijkregie.Team{MunicipalityID: e.id, Name: "Wijkteam Strand", Areas: []string{"3000-3099"}, Active: true}
		e.other = &wijkregie.Team{MunicipalityID: e.id, Name: "Wijkteam Polder", Areas: []string{"3100"}, Active: true}
		for _, tm := range []*wijkregie.Team{e.team, e.other} {
			if err := q.CreateTeam(f.ctx, tm); err != nil {
				return err
			}
		}
		for _, u := range []struct {
			email string
			role  wijkregie.Role
			team  string
			to    *wijkregie.Actor
		}{{"lead@strandwijk.example", wijkregie.RoleTeamLead, e.team.ID, &e.lead},
			{"polder@strandwijk.example", wijkregie.RoleTeamLead, e.other.ID, &e.otherLead},
			{"pro@strandwijk.example", wijkregie.RoleProfessional, e.team.ID, &e.pro}} {
			x := &wijkregie.User{MunicipalityID: e.id, Email: u.email, Name: "S " + u.email, Role: u.role, TeamID: u.team, Active: true}
			if err := q.CreateUser(f.ctx, x, ""); err != nil {
				return err
			}
			*u.to = wijkregie.ActorOf(x)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("elsewhere: %v", err)
	}
	return e
}

// movingHome is printHome (a plan, consents, a partner) with a second
// plan version and an assessment.
func (f *fixture) movingHome(t *testing.T) *printHome {
	t.Helper()
	x := f.printHome(t)
	pro := f.actor(wijkregie.RoleProfessional)
	f.clock.Advance(time.Hour)
	pv, err := f.svc.Plan(f.ctx, pro, x.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	p := *pv.Plan
	p.Goals = slices.Clone(p.Goals)
	p.Note = "Tweede versie"
	p.Goals[0].Status = wijkregie.GoalPartlyMet
	if _, err := f.svc.SavePlan(f.ctx, pro, x.c.ID, pv.Plan.Version, &p); err != nil {
		t.Fatalf("SavePlan: %v", err)
	}
	f.clock.Advance(time.Hour)
	if _, err := f.svc.Assess(f.ctx, pro, x.c.ID, &wijkregie.Assessment{Moment: wijkregie.MomentIntake, Date: wijkregie.Today(f.clock.Now()),
		Scores: []wijkregie.Score{{PersonID: x.parent, Domain: "financien", Level: 2, Rationale: "Schulden", Target: 4}}}); err != nil {
		t.Fatalf("Assess: %v", err)
	}
	f.clock.Advance(time.Hour)
	return x
}

// wantCode fails unless err has the code.
func wantHOCode(t *testing.T, what string, err error, c string) {
	t.Helper()
	if code(err) != c {
		t.Errorf("%s: %v; want %s", what, err, c)
	}
}

// wantHOFields fails unless err is invalid input naming exactly the fields.
func wantHOFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID {
		t.Errorf("%v; want invalid %v", err, fields)
		return
	}
	var got []string
	for _, f := range e.Fields {
		got = append(got, f.Name)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(fields))
	if !slices.Equal(slices.Compact(got), want) {
		t.Errorf("invalid fields %v; want %v", got, want)
	}
}

// auditOf returns the records of municipality mid after seq, oldest first.
func (f *fixture) auditOf(t *testing.T, mid string, after int64) []wijkregie.AuditRecord {
	t.Helper()
	recs, _, err := f.s.R().Audit(f.ctx, mid, store.AuditFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	var out []wijkregie.AuditRecord
	for _, r := range recs {
		if r.Seq > after {
			out = append(out, r)
		}
	}
	slices.Reverse(out)
	return out
}

func (f *fixture) auditLen(t *testing.T, mid string) int64 {
	t.Helper()
	n, err := f.s.R().AuditLength(f.ctx, mid)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestHandoverToAnotherMunicipality is the "Done when" below the
// screens: the regisseur offers the case to a team of another
// municipality on the platform; only that team's lead sees the offer,
// with the plan (every version), the assessment and the history, and the
// read is audited in the sending municipality's log; the lead accepts
// with a regisseur of their team and the case continues there with its
// plan versions and history, at its status, without re-intake; the
// sending case stays open until the sender completes the handover, then
// closes with reason verhuisd. Every refusal and invalid step on the way.
func TestHandoverToAnotherMunicipality(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.movingHome(t)
		e := f.elsewhere(t)
		pro, lead, partner := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead), x.partner
		before, err := f.svc.Plan(f.ctx, pro, x.c.ID)
		if err != nil {
			t.Fatal(err)
		}

		// Bad offers name their fields; a partner may not offer.
		_, err = f.svc.OfferHandover(f.ctx, pro, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverMunicipality, ToMunicipalityID: "GM0000"})
		wantHOFields(t, err, "gemeente", "team", "reden")
		_, err = f.svc.OfferHandover(f.ctx, pro, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverMunicipality, ToMunicipalityID: e.id,
			ToTeamID: e.team.ID, Reason: "x", OverlapDays: hoInt(91)})
		wantHOFields(t, err, "overlapDagen")
		_, err = f.svc.OfferHandover(f.ctx, partner, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverTeam})
		wantHOCode(t, "a partner's offer", err, wijkregie.EFORBIDDEN)

		h, err := f.svc.OfferHandover(f.ctx, pro, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverMunicipality, ToMunicipalityID: e.id,
			ToTeamID: e.team.ID, Reason: "Het gezin verhuist naar Strandwijk."})
		if err != nil {
			t.Fatalf("OfferHandover: %v", err)
		}
		if h.Status != wijkregie.HandoverOffered || h.FromCoordinatorID != pro.UserID || h.ToName != "Strandwijk" || h.OverlapDays != wijkregie.DefaultOverlapDays {
			t.Errorf("offer %+v", h)
		}
		_, err = f.svc.OfferHandover(f.ctx, pro, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverExternal, ToName: "Elders", Reason: "x"})
		wantHOCode(t, "a second running offer", err, wijkregie.ECONFLICT)
		// Until acceptance nothing changes on the case.
		if c, _ := f.s.R().Case(f.ctx, demo.MunicipalityID, x.c.ID); c.CoordinatorID != pro.UserID || !c.Open() || c.TeamID != x.c.TeamID {
			t.Errorf("case after the offer: %+v", c)
		}

		// Nobody else sees it: the other team's lead there, the partner,
		// a professional there, the demo's team lead of another team.
		for name, a := range map[string]wijkregie.Actor{"the other lead there": e.otherLead, "a professional there": e.pro} {
			_, err := f.svc.Handover(f.ctx, a, h.ID)
			wantHOCode(t, name, err, wijkregie.ENOTFOUND)
			_, err = f.svc.AcceptHandover(f.ctx, a, h.ID, h.Version, e.pro.UserID)
			if code(err) != wijkregie.ENOTFOUND && code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s accepts: %v", name, err)
			}
		}
		_, err = f.svc.Handover(f.ctx, partner, h.ID)
		wantHOCode(t, "the partner", err, wijkregie.EFORBIDDEN)
		_, err = f.svc.AcceptHandover(f.ctx, lead, h.ID, h.Version, pro.UserID)
		wantHOCode(t, "the sending lead accepts", err, wijkregie.EFORBIDDEN)
		_, err = f.svc.DeclineHandover(f.ctx, pro, h.ID, h.Version, "nee")
		wantHOCode(t, "the sending regisseur declines", err, wijkregie.EFORBIDDEN)
		_, err = f.svc.WithdrawHandover(f.ctx, e.lead, h.ID, h.Version)
		wantHOCode(t, "the receiver withdraws", err, wijkregie.EFORBIDDEN)

		// The receiving lead finds it in their list and reads the offer;
		// the sending municipality's log records the read by them.
		list, err := f.svc.TeamHandovers(f.ctx, e.lead)
		if err != nil || len(list.Received) != 1 || list.Received[0].ID != h.ID || list.Names.Name(demo.MunicipalityID) == "" {
			t.Fatalf("receiver's list %+v, %v", list, err)
		}
		if list, _ := f.svc.TeamHandovers(f.ctx, e.otherLead); len(list.Received)+len(list.Sent) != 0 {
			t.Errorf("the other team's list has %d", len(list.Received))
		}
		seq := f.auditLen(t, demo.MunicipalityID)
		v, err := f.svc.Handover(f.ctx, e.lead, h.ID)
		if err != nil {
			t.Fatalf("Handover: %v", err)
		}
		if v.Offer == nil || len(v.Offer.PlanVersions) != len(before.Versions) || len(v.Offer.Assessments) != 1 || len(v.Offer.History) == 0 {
			t.Fatalf("the offer: %+v", v.Offer)
		}
		if !v.CanAccept || !v.CanDecline || v.CanWithdraw || v.CanComplete || !slices.ContainsFunc(v.Candidates, func(u wijkregie.User) bool { return u.ID == e.pro.UserID }) {
			t.Errorf("receiver may %+v", v)
		}
		recs := f.auditOf(t, demo.MunicipalityID, seq)
		persons := 0
		for _, r := range recs {
			if r.UserID != e.lead.UserID || r.Result != wijkregie.AuditAllowed {
				t.Errorf("audit record %+v; want the receiving lead's", r)
			}
			if r.Action == "persoon.lezen" {
				persons++
			}
		}
		if len(recs) == 0 || recs[0].Action != "overdracht.lezen" || persons != 3 {
			t.Errorf("the sending log after the read: %+v; want overdracht.lezen, the case and 3 members", recs)
		}
		// The sender reads the record, not through the offer.
		if v, err := f.svc.Handover(f.ctx, pro, h.ID); err != nil || v.Offer != nil || !v.CanWithdraw || v.CanAccept {
			t.Errorf("sender's view %+v, %v", v, err)
		}

		// Accepting: the coordinator must be of the receiving team; a stale
		// version is a conflict.
		_, err = f.svc.AcceptHandover(f.ctx, e.lead, h.ID, h.Version, e.otherLead.UserID)
		wantHOFields(t, err, "regisseur")
		_, err = f.svc.AcceptHandover(f.ctx, e.lead, h.ID, h.Version+1, e.pro.UserID)
		wantHOCode(t, "a stale accept", err, wijkregie.ECONFLICT)
		f.clock.Advance(time.Hour)
		theirs := f.auditLen(t, e.id)
		acc, err := f.svc.AcceptHandover(f.ctx, e.lead, h.ID, h.Version, e.pro.UserID)
		if err != nil {
			t.Fatalf("AcceptHandover: %v", err)
		}
		if acc.Status != wijkregie.HandoverAccepted || acc.ToCoordinatorID != e.pro.UserID || acc.ReceivedCaseID == "" ||
			!acc.OverlapUntil.Equal(acc.DecidedAt.AddDate(0, 0, 14)) {
			t.Errorf("accepted %+v", acc)
		}
		_, err = f.svc.AcceptHandover(f.ctx, e.lead, h.ID, acc.Version, e.pro.UserID)
		wantHOCode(t, "accepted twice", err, wijkregie.ECONFLICT)
		_, err = f.svc.DeclineHandover(f.ctx, e.lead, h.ID, acc.Version, "Toch niet")
		wantHOCode(t, "declined after acceptance", err, wijkregie.ECONFLICT)
		_, err = f.svc.WithdrawHandover(f.ctx, pro, h.ID, acc.Version)
		wantHOCode(t, "withdrawn after acceptance", err, wijkregie.ECONFLICT)
		if got := f.auditOf(t, e.id, theirs); len(got) == 0 || got[0].Action != "overdracht.ontvangen" {
			t.Errorf("the receiving log: %+v", got)
		}
		// The offer's content is no longer open to them.
		if v, err := f.svc.Handover(f.ctx, e.lead, h.ID); err != nil || v.Offer != nil {
			t.Errorf("after acceptance the receiver reads %v, %v; want the record only", v, err)
		}

		// The case continues there: the new regisseur, the plan with every
		// version, the history, its status; no re-intake.
		cv, err := f.svc.Case(f.ctx, e.pro, acc.ReceivedCaseID)
		if err != nil {
			t.Fatalf("the new case for its regisseur: %v", err)
		}
		if cv.Case.CoordinatorID != e.pro.UserID || cv.Case.TeamID != e.team.ID || cv.Case.Status != x.c.Status && cv.Case.Status != wijkregie.CaseIntake {
			t.Errorf("new case %+v", cv.Case)
		}
		if cv.Plan == nil || len(cv.Plan.Goals) != len(before.Plan.Goals) || cv.Latest == nil {
			t.Errorf("new case's plan %+v, assessment %v", cv.Plan, cv.Latest)
		}
		pv, err := f.svc.Plan(f.ctx, e.pro, acc.ReceivedCaseID)
		if err != nil || len(pv.Versions) != len(before.Versions) {
			t.Errorf("plan versions there %d, %v; want %d", len(pv.Versions), err, len(before.Versions))
		}
		if !slices.ContainsFunc(cv.Events, func(ev wijkregie.CaseEvent) bool { return ev.Kind == wijkregie.EventHandoverReceived }) {
			t.Error("the new case's history lacks its arrival")
		}
		// The sending case stays open under its regisseur (the overlap).
		sc, err := f.svc.Case(f.ctx, pro, x.c.ID)
		if err != nil || !sc.Case.Open() || sc.Case.CoordinatorID != pro.UserID {
			t.Fatalf("sending case after acceptance %+v, %v", sc.Case, err)
		}

		// The sender completes: the outcome is asked; then the case closes
		// with reason verhuisd.
		_, err = f.svc.CompleteHandover(f.ctx, e.lead, h.ID, acc.Version, app.HandoverOutcome{})
		wantHOCode(t, "the receiver completes", err, wijkregie.EFORBIDDEN)
		_, err = f.svc.CompleteHandover(f.ctx, pro, h.ID, acc.Version, app.HandoverOutcome{})
		wantHOFields(t, err, "problemenVerminderd", "doelenBereikt")
		done, err := f.svc.CompleteHandover(f.ctx, pro, h.ID, acc.Version, app.HandoverOutcome{ProblemsReduced: wijkregie.AnswerPartly, GoalsAchieved: wijkregie.AnswerPartly})
		if err != nil || done.Status != wijkregie.HandoverCompleted {
			t.Fatalf("CompleteHandover: %+v, %v", done, err)
		}
		c, _ := f.s.R().Case(f.ctx, demo.MunicipalityID, x.c.ID)
		if c.Open() || c.ClosureReason != wijkregie.ClosureMoved {
			t.Errorf("sending case after completion: %s %s", c.Status, c.ClosureReason)
		}
		if cl, err := f.svc.CaseClosure(f.ctx, lead, x.c.ID); err != nil || cl.Reason != wijkregie.ClosureMoved {
			t.Errorf("closure %+v, %v", cl, err)
		}
		_, err = f.svc.CompleteHandover(f.ctx, pro, h.ID, done.Version, app.HandoverOutcome{ProblemsReduced: wijkregie.AnswerYes, GoalsAchieved: wijkregie.AnswerYes})
		wantHOCode(t, "completed twice", err, wijkregie.ECONFLICT)
		_, err = f.svc.WithdrawHandover(f.ctx, pro, h.ID, done.Version)
		wantHOCode(t, "withdrawn after completion", err, wijkregie.ECONFLICT)
		// The receiving case lives on.
		if cv, err := f.svc.Case(f.ctx, e.pro, acc.ReceivedCaseID); err != nil || !cv.Case.Open() {
			t.Errorf("the receiving case after completion: %v", err)
		}
	})
}

func hoInt(v int) *int { return &v }

// otherLead returns the lead of another demo team and a professional of it.
func (f *fixture) otherLeadAndPro(t *testing.T) (wijkregie.Team, wijkregie.Actor, wijkregie.Actor) {
	t.Helper()
	tm := f.otherTeam(t)
	us, _, err := f.s.R().Users(f.ctx, demo.MunicipalityID, store.UserFilter{TeamID: tm.ID, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	var lead, pro wijkregie.Actor
	for i := range us {
		switch {
		case !us[i].Active:
		case us[i].Role == wijkregie.RoleTeamLead && lead.UserID == "":
			lead = wijkregie.ActorOf(&us[i])
		case us[i].Role == wijkregie.RoleProfessional && pro.UserID == "":
			pro = wijkregie.ActorOf(&us[i])
		}
	}
	if lead.UserID == "" || pro.UserID == "" {
		t.Fatalf("team %s has no lead or professional", tm.Name)
	}
	return tm, lead, pro
}

// TestHandoverToAnotherTeam: within the municipality the case itself
// moves on acceptance — same plan, same history — to the receiving team
// and its new regisseur; the sending regisseur keeps reading it as
// betrokkene until the sender completes the handover. An offer is
// declined with a reason, or withdrawn, and then no step is left.
func TestHandoverToAnotherTeam(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.movingHome(t)
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		tm, otherLead, otherPro := f.otherLeadAndPro(t)
		offerTo := func() *wijkregie.Handover {
			t.Helper()
			h, err := f.svc.OfferHandover(f.ctx, lead, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverTeam, ToTeamID: tm.ID,
				Reason: "Verhuisd binnen de gemeente.", OverlapDays: hoInt(7)})
			if err != nil {
				t.Fatalf("OfferHandover: %v", err)
			}
			return h
		}
		_, err := f.svc.OfferHandover(f.ctx, pro, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverTeam, ToTeamID: x.c.TeamID, Reason: "x"})
		wantHOFields(t, err, "team")

		// Declined: the reason is required; then nothing more.
		h := offerTo()
		_, err = f.svc.DeclineHandover(f.ctx, otherLead, h.ID, h.Version, "  ")
		wantHOFields(t, err, "reden")
		_, err = f.svc.DeclineHandover(f.ctx, otherPro, h.ID, h.Version, "Geen plek")
		if code(err) != wijkregie.EFORBIDDEN && code(err) != wijkregie.ENOTFOUND {
			t.Errorf("a professional of the receiving team declines: %v", err)
		}
		d, err := f.svc.DeclineHandover(f.ctx, otherLead, h.ID, h.Version, "Geen plek in het team.")
		if err != nil || d.Status != wijkregie.HandoverDeclined || d.DeclineReason != "Geen plek in het team." {
			t.Fatalf("declined %+v, %v", d, err)
		}
		_, err = f.svc.AcceptHandover(f.ctx, otherLead, h.ID, d.Version, otherPro.UserID)
		wantHOCode(t, "accepted after declining", err, wijkregie.ECONFLICT)
		_, err = f.svc.WithdrawHandover(f.ctx, pro, h.ID, d.Version)
		wantHOCode(t, "withdrawn after declining", err, wijkregie.ECONFLICT)
		// The declined offer shows on the case with its reason.
		ch, err := f.svc.CaseHandovers(f.ctx, pro, x.c.ID)
		if err != nil || ch.Open != nil || len(ch.History) != 1 || !ch.CanOffer {
			t.Fatalf("case handovers %+v, %v", ch, err)
		}

		// Withdrawn.
		h = offerTo()
		w, err := f.svc.WithdrawHandover(f.ctx, pro, h.ID, h.Version)
		if err != nil || w.Status != wijkregie.HandoverWithdrawn {
			t.Fatalf("withdrawn %+v, %v", w, err)
		}
		_, err = f.svc.AcceptHandover(f.ctx, otherLead, h.ID, w.Version, otherPro.UserID)
		wantHOCode(t, "accepted after withdrawal", err, wijkregie.ECONFLICT)

		// Accepted: the case moves.
		h = offerTo()
		f.clock.Advance(time.Hour)
		acc, err := f.svc.AcceptHandover(f.ctx, otherLead, h.ID, h.Version, otherPro.UserID)
		if err != nil {
			t.Fatalf("AcceptHandover: %v", err)
		}
		c, _ := f.s.R().Case(f.ctx, demo.MunicipalityID, x.c.ID)
		hh, _ := f.s.R().Household(f.ctx, demo.MunicipalityID, x.c.HouseholdID)
		if c.TeamID != tm.ID || c.CoordinatorID != otherPro.UserID || hh.TeamID != tm.ID || !c.Open() {
			t.Errorf("case after a team handover: %+v, household team %s", c, hh.TeamID)
		}
		cv, err := f.svc.Case(f.ctx, otherPro, x.c.ID)
		if err != nil || cv.Plan == nil || !cv.CanChangePlan {
			t.Fatalf("the new regisseur's case: %v", err)
		}
		// The sender still reads, as betrokkene, and changes nothing.
		if cv, err := f.svc.Case(f.ctx, pro, x.c.ID); err != nil || cv.CanChange || cv.CanChangePlan {
			t.Errorf("the sending regisseur during the overlap: %v", err)
		}
		if v, err := f.svc.Handover(f.ctx, pro, h.ID); err != nil || !v.CanComplete {
			t.Errorf("the sender may complete: %+v, %v", v, err)
		}
		_, err = f.svc.CompleteHandover(f.ctx, otherLead, h.ID, acc.Version, app.HandoverOutcome{})
		wantHOCode(t, "the receiver completes", err, wijkregie.EFORBIDDEN)
		done, err := f.svc.CompleteHandover(f.ctx, pro, h.ID, acc.Version, app.HandoverOutcome{})
		if err != nil || done.Status != wijkregie.HandoverCompleted {
			t.Fatalf("CompleteHandover: %v", err)
		}
		_, err = f.svc.Case(f.ctx, pro, x.c.ID)
		wantHOCode(t, "the sender after completion", err, wijkregie.ENOTFOUND)
		if c, _ := f.s.R().Case(f.ctx, demo.MunicipalityID, x.c.ID); !c.Open() {
			t.Error("a team handover closed the case")
		}
		// The history records each step.
		cv, _ = f.svc.Case(f.ctx, otherPro, x.c.ID)
		var kinds []wijkregie.CaseEventKind
		for _, ev := range cv.Events {
			kinds = append(kinds, ev.Kind)
		}
		for _, k := range []wijkregie.CaseEventKind{wijkregie.EventHandoverOffered, wijkregie.EventHandoverDeclined, wijkregie.EventHandoverWithdrawn,
			wijkregie.EventHandoverAccepted, wijkregie.EventHandoverCompleted, wijkregie.EventPlan} {
			if !slices.Contains(kinds, k) {
				t.Errorf("history lacks %s: %v", k, kinds)
			}
		}
	})
}

// TestAddressChangeProposesHandover: a move is validated and kept as
// history; one to another team's area gives the regisseur a notice and
// the task, and the case page the proposal with that team; one outside
// the municipality proposes an offer outside; offering completes the
// task. A partner may not record a move.
func TestAddressChangeProposesHandover(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.movingHome(t)
		pro := f.actor(wijkregie.RoleProfessional)
		tm := f.otherTeam(t)
		_, err := f.svc.ChangeAddress(f.ctx, pro, x.h.ID, wijkregie.Address{Street: "", Number: 0, Postcode: "12", Town: "Duinhaven"})
		wantHOFields(t, err, "straat", "huisnummer", "postcode")
		_, err = f.svc.ChangeAddress(f.ctx, x.partner, x.h.ID, wijkregie.Address{Street: "Laan", Number: 1, Postcode: "2581AA", Town: "Duinhaven"})
		wantHOCode(t, "a partner moves the family", err, wijkregie.EFORBIDDEN)

		// Within the team's area: no proposal.
		ch, err := f.svc.ChangeAddress(f.ctx, pro, x.h.ID, wijkregie.Address{Street: "Marktstraat", Number: 3, Postcode: "2582 ab", Town: "Duinhaven"})
		if err != nil || ch.Proposes() {
			t.Fatalf("move within the area: %+v, %v", ch, err)
		}
		f.clock.Advance(time.Hour)
		area := tm.Areas[0]
		if len(area) >= 4 {
			area = area[:4]
		}
		ch, err = f.svc.ChangeAddress(f.ctx, pro, x.h.ID, wijkregie.Address{Street: "Verweg", Number: 8, Postcode: area + "CD", Town: "Duinhaven"})
		if err != nil || !ch.Proposes() || ch.ProposedTeamID != tm.ID {
			t.Fatalf("move to %s: %+v, %v", tm.Name, ch, err)
		}
		hh, _ := f.s.R().Household(f.ctx, demo.MunicipalityID, x.h.ID)
		if hh.TeamID != x.c.TeamID || hh.Address.Postcode != area+"CD" {
			t.Errorf("household after the move: %+v", hh)
		}
		hist, err := f.svc.AddressHistory(f.ctx, pro, x.h.ID)
		if err != nil || len(hist) != 2 || hist[0].Old.Postcode != "2582AB" {
			t.Errorf("history %+v, %v", hist, err)
		}
		task, err := f.s.R().OpenCaseTask(f.ctx, demo.MunicipalityID, x.c.ID, wijkregie.TaskHandover)
		if err != nil || task.UserID != pro.UserID {
			t.Fatalf("the move's task %+v, %v", task, err)
		}
		in, err := f.svc.Notifications(f.ctx, pro, store.Page{Limit: 5})
		if err != nil || len(in.Notifications) == 0 || in.Notifications[0].Kind != wijkregie.NotificationHandover {
			t.Errorf("inbox %+v, %v", in, err)
		}
		v, err := f.svc.CaseHandovers(f.ctx, pro, x.c.ID)
		if err != nil || v.Proposal == nil || v.Outside || v.Proposed != tm.Name || !v.CanOffer {
			t.Fatalf("proposal %+v, %v", v, err)
		}
		// Outside the municipality.
		f.clock.Advance(time.Hour)
		if _, err := f.svc.ChangeAddress(f.ctx, pro, x.h.ID, wijkregie.Address{Street: "Elders", Number: 1, Postcode: "9999ZZ", Town: "Ver"}); err != nil {
			t.Fatal(err)
		}
		v, _ = f.svc.CaseHandovers(f.ctx, pro, x.c.ID)
		if v.Proposal == nil || !v.Outside {
			t.Errorf("proposal outside %+v", v.Proposal)
		}
		// Offering (extern) ends the task and the proposal.
		h, err := f.svc.OfferHandover(f.ctx, pro, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverExternal, ToName: "Gemeente Ver", Reason: "Verhuisd."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.R().OpenCaseTask(f.ctx, demo.MunicipalityID, x.c.ID, wijkregie.TaskHandover); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("task after the offer: %v", err)
		}
		v, _ = f.svc.CaseHandovers(f.ctx, pro, x.c.ID)
		if v.Proposal != nil || v.CanOffer || v.Open == nil || v.Open.ID != h.ID {
			t.Errorf("after the offer: %+v", v)
		}
		// An external handover is completed by the sender, not accepted.
		_, err = f.svc.AcceptHandover(f.ctx, f.actor(wijkregie.RoleTeamLead), h.ID, h.Version, pro.UserID)
		if code(err) != wijkregie.EFORBIDDEN && code(err) != wijkregie.ECONFLICT {
			t.Errorf("accepting an external handover: %v", err)
		}
		if _, err := f.svc.CompleteHandover(f.ctx, pro, h.ID, h.Version, app.HandoverOutcome{ProblemsReduced: wijkregie.AnswerNo, GoalsAchieved: wijkregie.AnswerNo}); err != nil {
			t.Fatalf("completing the external handover: %v", err)
		}
		if c, _ := f.s.R().Case(f.ctx, demo.MunicipalityID, x.c.ID); c.Open() || c.ClosureReason != wijkregie.ClosureMoved {
			t.Errorf("case after the external handover: %s", c.Status)
		}
	})
}

// reachableMember adds to the household a member with a BSN, a phone
// number and an email address, born on born, and returns them with the
// BSN's digits.
func (f *fixture) reachableMember(t *testing.T, householdID string, born time.Time) (*wijkregie.Person, string) {
	t.Helper()
	p, bsn := f.personWithBSN(t, born)
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		if err := store.ExecForTest(f.ctx, q, `UPDATE persons SET phone = '0612345678', email = 'inge@thuis.example' WHERE municipality_id = $1 AND id = $2`,
			demo.MunicipalityID, p.ID); err != nil {
			return err
		}
		return q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: householdID, PersonID: p.ID,
			Relation: wijkregie.RelationParent, From: start.AddDate(-1, 0, 0)})
	})
	if err != nil {
		t.Fatal(err)
	}
	return p, bsn
}

// TestHandoverOfferIsMinimal: the receiving lead of another municipality
// reads the offer with the members by name and birth date, but without
// their BSN (whole or masked), phone or email and without the signals'
// descriptions, nor the seal over them; accepting still moves the whole
// package, BSN included.
func TestHandoverOfferIsMinimal(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.movingHome(t)
		e := f.elsewhere(t)
		pro := f.actor(wijkregie.RoleProfessional)
		p, bsn := f.reachableMember(t, x.h.ID, time.Date(1985, 3, 4, 0, 0, 0, 0, time.UTC))
		h, err := f.svc.OfferHandover(f.ctx, pro, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverMunicipality, ToMunicipalityID: e.id,
			ToTeamID: e.team.ID, Reason: "Verhuizing."})
		if err != nil {
			t.Fatalf("OfferHandover: %v", err)
		}
		v, err := f.svc.Handover(f.ctx, e.lead, h.ID)
		if err != nil || v.Offer == nil {
			t.Fatalf("Handover: %+v, %v", v, err)
		}
		b, err := json.Marshal(v.Offer)
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range []string{bsn, wijkregie.BSN(bsn).Masked(), bsn[6:] + `"`, "0612345678", "inge@thuis.example", "uithuiszetting"} {
			if strings.Contains(string(b), leak) {
				t.Errorf("the offer holds %q", leak)
			}
		}
		if v.Offer.Hash != "" || len(v.Offer.Case.Signals) == 0 {
			t.Errorf("the offer's seal %q, signals %d; want none, the signals kept", v.Offer.Hash, len(v.Offer.Case.Signals))
		}
		if !slices.ContainsFunc(v.Offer.Persons, func(x wijkregie.HandoverPerson) bool {
			return x.GivenName == p.GivenName && x.BirthDate == "1985-03-04"
		}) {
			t.Errorf("the offer's persons %+v; want %s by name and birth date", v.Offer.Persons, p.GivenName)
		}
		acc, err := f.svc.AcceptHandover(f.ctx, e.lead, h.ID, h.Version, e.pro.UserID)
		if err != nil {
			t.Fatalf("AcceptHandover: %v", err)
		}
		b2, _ := wijkregie.ParseBSN(bsn)
		ms, err := f.s.R().SearchPersons(f.ctx, e.id, &wijkregie.PersonQuery{BSN: b2})
		if err != nil || len(ms) != 1 || acc.ReceivedCaseID == "" {
			t.Errorf("the person by BSN in the receiving municipality: %d, %v; want 1", len(ms), err)
		}
	})
}

// TestHandoverAcceptAuditsExport: accepting a handover to another
// municipality takes the package out of the sending one; its log records
// that as an export by the receiving lead, on the case and on every
// current member of the household (who left stays behind).
func TestHandoverAcceptAuditsExport(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.movingHome(t)
		e := f.elsewhere(t)
		pro := f.actor(wijkregie.RoleProfessional)
		h, err := f.svc.OfferHandover(f.ctx, pro, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverMunicipality, ToMunicipalityID: e.id,
			ToTeamID: e.team.ID, Reason: "Verhuizing."})
		if err != nil {
			t.Fatalf("OfferHandover: %v", err)
		}
		seq := f.auditLen(t, demo.MunicipalityID)
		if _, err := f.svc.AcceptHandover(f.ctx, e.lead, h.ID, h.Version, e.pro.UserID); err != nil {
			t.Fatalf("AcceptHandover: %v", err)
		}
		exported := map[string]bool{}
		for _, r := range f.auditOf(t, demo.MunicipalityID, seq) {
			if r.Action == "overdrachtspakket.exporteren" && r.SubjectID == x.c.ID && r.UserID == e.lead.UserID {
				exported[r.PersonID] = true
			}
		}
		for name, id := range map[string]string{"the case": "", "the parent": x.parent, "the child": x.child, "the teen": x.teen} {
			if !exported[id] {
				t.Errorf("the sending log has no export record on %s", name)
			}
		}
		if exported[x.gone] {
			t.Error("the sending log has an export record on the member who left")
		}
	})
}

// TestHandoverOfferToUnknownTeamThere: an offer to another municipality
// naming a team that is not there — the sending team's own id included —
// is invalid on team, and nothing is offered.
func TestHandoverOfferToUnknownTeamThere(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.movingHome(t)
		e := f.elsewhere(t)
		pro := f.actor(wijkregie.RoleProfessional)
		for name, team := range map[string]string{"the sending team's id": x.c.TeamID, "another municipality's team": f.otherTeam(t).ID} {
			_, err := f.svc.OfferHandover(f.ctx, pro, x.c.ID, app.HandoverOffer{Kind: wijkregie.HandoverMunicipality, ToMunicipalityID: e.id,
				ToTeamID: team, Reason: "Verhuizing."})
			t.Run(name, func(t *testing.T) { wantHOFields(t, err, "team") })
		}
		if hs, err := f.s.R().CaseHandovers(f.ctx, demo.MunicipalityID, x.c.ID); err != nil || len(hs) != 0 {
			t.Errorf("handovers after the refused offers: %d, %v", len(hs), err)
		}
	})
}
