package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// TestRightsRequestsStore: a request reads back whole with its deadline a
// month after receipt; the list puts the open ones first by their due
// day; a decision is written once over the version.
func TestRightsRequestsStore(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := context.Background()
		ct := newCaseTeam(t, s, "GM0363")
		priv := newUser(t, s, ct.m, "privacy@gm0363.example", wijkregie.RolePrivacy, "", "")
		p := newPerson(t, s, ct.m, "Visser", bsnN(t, 1))
		mk := func(kind wijkregie.RightKind, received time.Time) *wijkregie.RightsRequest {
			r := &wijkregie.RightsRequest{MunicipalityID: ct.m, PersonID: p.ID, Kind: kind, ReceivedOn: received, Request: "Graag aanpassen", RecordedBy: priv.ID}
			mustTx(t, s, func(q *store.Q) error { return q.CreateRightsRequest(ctx, r) })
			return r
		}
		late := mk(wijkregie.RightRectification, day(2026, 3, 10))
		early := mk(wijkregie.RightErasure, day(2026, 1, 31))
		decided := mk(wijkregie.RightRestriction, day(2026, 1, 2))

		got, err := s.R().RightsRequest(ctx, ct.m, early.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Deadline.Equal(day(2026, 2, 28)) || got.Status != wijkregie.RightsReceived || got.Version != 1 || got.Kind != wijkregie.RightErasure {
			t.Errorf("read back %+v; want received, deadline 2026-02-28, version 1", got)
		}
		wantUTC(t, got)

		if err := decided.Decide(wijkregie.RightsGranted, "Beperking ingesteld", "", priv.ID, clk.Now()); err != nil {
			t.Fatal(err)
		}
		mustTx(t, s, func(q *store.Q) error { return q.UpdateRightsRequest(ctx, decided) })
		stale := *decided
		stale.Version = 1
		wantCode(t, tryTx(s, func(q *store.Q) error { return q.UpdateRightsRequest(ctx, &stale) }), wijkregie.ECONFLICT)

		list, total, err := s.R().RightsRequests(ctx, ct.m, false, store.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{early.ID, late.ID, decided.ID}; total != 3 || !slices.Equal(ids(list, func(r wijkregie.RightsRequest) string { return r.ID }), want) {
			t.Errorf("list %v (%d); want the open by due day, then the decided", ids(list, func(r wijkregie.RightsRequest) string { return r.ID }), total)
		}
		open, total, err := s.R().RightsRequests(ctx, ct.m, true, store.Page{Limit: 10})
		if err != nil || total != 2 || len(open) != 2 {
			t.Errorf("open list %d of %d, %v; want 2", len(open), total, err)
		}
		byPerson, err := s.R().PersonRightsRequests(ctx, ct.m, []string{p.ID})
		if err != nil || len(byPerson) != 3 || byPerson[0].ID != decided.ID {
			t.Errorf("person's requests %v, %v; want all three, oldest first", byPerson, err)
		}
		bad := &wijkregie.RightsRequest{MunicipalityID: ct.m, RecordedBy: priv.ID}
		wantFields(t, tryTx(s, func(q *store.Q) error { return q.CreateRightsRequest(ctx, bad) }), "persoon", "soort", "ontvangenOp", "verzoek")
	})
}

// TestRestrictionStore: a restriction reads back on the person and is
// lifted; a correction writes the person's names and contact details.
func TestRestrictionStore(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := context.Background()
		ct := newCaseTeam(t, s, "GM0363")
		p := newPerson(t, s, ct.m, "Visser", bsnN(t, 1))
		other := newPerson(t, s, ct.m, "Bakker", "")
		mustTx(t, s, func(q *store.Q) error {
			return q.Restrict(ctx, ct.m, &wijkregie.Restriction{PersonID: p.ID, By: ct.lead.ID, Reason: "Juistheid betwist"})
		})
		rs, err := s.R().Restrictions(ctx, ct.m, []string{p.ID, other.ID})
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := rs[p.ID]; len(rs) != 1 || !ok || r.Reason != "Juistheid betwist" || r.By != ct.lead.ID || !r.At.Equal(onClock(clk.Now())) {
			t.Errorf("restrictions %+v; want the one on %s", rs, p.ID)
		}
		mustTx(t, s, func(q *store.Q) error { return q.LiftRestriction(ctx, ct.m, p.ID) })
		if rs, err := s.R().Restrictions(ctx, ct.m, []string{p.ID}); err != nil || len(rs) != 0 {
			t.Errorf("after lifting: %+v, %v", rs, err)
		}
		fixed := *p
		fixed.GivenName, fixed.FamilyName, fixed.Phone = "Anna", "Visscher", "0612345678"
		mustTx(t, s, func(q *store.Q) error { return q.CorrectPerson(ctx, &fixed) })
		got, err := s.R().Person(ctx, ct.m, p.ID)
		if err != nil || got.FamilyName != "Visscher" || got.GivenName != "Anna" || got.Phone != "0612345678" || got.BSN != p.BSN {
			t.Errorf("corrected %+v, %v", got, err)
		}
	})
}

// TestErasureFactsAndErase: the facts name an open case, a Meldcode
// route, a youth file in its term, a signal within the objection period;
// a person known only by an old signal without a case is erased with
// their household, and the request about them stays.
func TestErasureFactsAndErase(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := context.Background()
		ct := newCaseTeam(t, s, "GM0363")
		periods := wijkregie.DefaultRetentionPeriods(ct.m)
		facts := func(ids ...string) *store.ErasurePlan {
			t.Helper()
			p, err := s.R().ErasureFacts(ctx, ct.m, ids, periods, clk.Now())
			if err != nil {
				t.Fatal(err)
			}
			return p
		}

		// A family with a closed youth file and an open case with a route.
		mother := newPerson(t, s, ct.m, "Visser", bsnN(t, 1))
		addMember(t, s, ct.m, ct.household, mother.ID, wijkregie.RelationParent, day(2020, 1, 1), time.Time{})
		youth := &wijkregie.Case{MunicipalityID: ct.m, HouseholdID: ct.household, TeamID: ct.team, Status: wijkregie.CaseClosed,
			Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: ct.lead.ID, ClosedAt: clk.Now().AddDate(-1, 0, 0), LegalGround: wijkregie.GroundJeugdwet}
		mustTx(t, s, func(q *store.Q) error { return q.CreateCase(ctx, youth) })
		f := facts(mother.ID).Facts
		if f.OpenCases != 0 || len(f.RetainedCases) != 1 || !f.RetainedCases[0].Youth || f.RetainedCases[0].CaseID != youth.ID || f.Meldcode {
			t.Errorf("facts with a youth file %+v", f)
		}
		open := ct.newCaseOn(t, s, ct.household, wijkregie.CaseIntake, ct.pro.ID)
		ct.startRoute(t, s, open)
		if f := facts(mother.ID).Facts; f.OpenCases != 1 || !f.Meldcode {
			t.Errorf("facts with an open case and a route %+v", f)
		}

		// A neighbour registered someone; the team decided no action.
		h := newHousehold(t, s, ct.m, ct.team, "2582BB", 2).ID
		lone := newPerson(t, s, ct.m, "Smit", bsnN(t, 2))
		addMember(t, s, ct.m, h, lone.ID, wijkregie.RelationOther, day(2025, 1, 1), time.Time{})
		sig := newSignalOn(t, s, ct.m, lone.ID, ct.pro.ID, clk.Now().AddDate(0, -3, 0))
		if f := facts(lone.ID).Facts; f.PendingSignals != 1 {
			t.Errorf("an untriaged signal is not pending: %+v", f)
		}
		mustTx(t, s, func(q *store.Q) error {
			if err := q.CreateTriage(ctx, &wijkregie.Triage{MunicipalityID: ct.m, SignalID: sig.ID, Decision: wijkregie.DecisionNone,
				Reason: "Geen zorgen", Suggested: wijkregie.DecisionNone, DecidedBy: ct.pro.ID}); err != nil {
				return err
			}
			return q.SetSignalStatus(ctx, ct.m, sig.ID, wijkregie.SignalNew, wijkregie.SignalNoAction)
		})
		if f := facts(lone.ID).Facts; f.PendingSignals != 1 {
			t.Errorf("a signal triaged today is not pending (objection period): %+v", f)
		}
		clk.Advance(wijkregie.ObjectionPeriod + time.Hour)
		plan := facts(lone.ID)
		if v := wijkregie.DecideErasure(plan.Facts, false, false); !v.Allowed || !slices.Equal(plan.Signals, []string{sig.ID}) || !slices.Equal(plan.Households, []string{h}) {
			t.Fatalf("after the objection period: %+v, %+v; want allowed, the signal and the household", v, plan)
		}
		priv := newUser(t, s, ct.m, "privacy@gm0363.example", wijkregie.RolePrivacy, "", "")
		req := &wijkregie.RightsRequest{MunicipalityID: ct.m, PersonID: lone.ID, Kind: wijkregie.RightErasure, ReceivedOn: day(2026, 4, 1), Request: "Wis mij", RecordedBy: priv.ID}
		mustTx(t, s, func(q *store.Q) error {
			if err := q.CreateRightsRequest(ctx, req); err != nil {
				return err
			}
			return q.CreateNoticeSent(ctx, &wijkregie.NoticeSent{MunicipalityID: ct.m, PersonID: lone.ID, SentOn: day(2026, 4, 1), Method: wijkregie.NoticeByPost, RecordedBy: ct.pro.ID})
		})
		mustTx(t, s, func(q *store.Q) error { _, err := q.Erase(ctx, ct.m, plan, nil); return err })
		if _, err := s.R().Person(ctx, ct.m, lone.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("erased person still read: %v", err)
		}
		if _, err := s.R().Household(ctx, ct.m, h); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("their household still read: %v", err)
		}
		got, err := s.R().Signal(ctx, ct.m, sig.ID)
		if err != nil || got.PersonID != "" || got.Description != "" {
			t.Errorf("their signal %+v, %v; want it anonymised", got, err)
		}
		if _, err := s.R().RightsRequest(ctx, ct.m, req.ID); err != nil {
			t.Errorf("the request went with the person: %v", err)
		}
		if _, err := s.R().Person(ctx, ct.m, mother.ID); err != nil {
			t.Errorf("another person went too: %v", err)
		}
	})
}

// TestNoticeSignals: a neighbour's signal on a household makes a notice
// due for its member; the person's own signal does not; a notice sent
// covers the signals before it.
func TestNoticeSignals(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := context.Background()
		ct := newCaseTeam(t, s, "GM0363")
		p := newPerson(t, s, ct.m, "Visser", bsnN(t, 1))
		addMember(t, s, ct.m, ct.household, p.ID, wijkregie.RelationParent, day(2020, 1, 1), time.Time{})
		own := &wijkregie.Signal{MunicipalityID: ct.m, Kind: wijkregie.SignalCareReport, PersonID: p.ID, SourceKind: wijkregie.SourceSelf,
			Domains: []string{"financien"}, Description: "Ik vraag hulp", Urgency: wijkregie.UrgencyNormal,
			ReceivedAt: clk.Now(), TriageDeadline: clk.Now().AddDate(0, 0, 7), Status: wijkregie.SignalNew, CreatedBy: ct.pro.ID}
		mustTx(t, s, func(q *store.Q) error { return q.CreateSignal(ctx, own) })
		if sigs, err := s.R().NoticeSignals(ctx, ct.m, p.ID, time.Time{}); err != nil || len(sigs) != 0 {
			t.Errorf("own request: %d signals, %v; want none", len(sigs), err)
		}
		hs := &wijkregie.Signal{MunicipalityID: ct.m, Kind: wijkregie.SignalCareReport, HouseholdID: ct.household, SourceKind: wijkregie.SourceNeighbour,
			Domains: []string{"financien"}, Description: "Zorgen", Urgency: wijkregie.UrgencyNormal,
			ReceivedAt: clk.Now(), TriageDeadline: clk.Now().AddDate(0, 0, 7), Status: wijkregie.SignalNew, CreatedBy: ct.pro.ID}
		mustTx(t, s, func(q *store.Q) error { return q.CreateSignal(ctx, hs) })
		sigs, err := s.R().NoticeSignals(ctx, ct.m, p.ID, time.Time{})
		if err != nil || len(sigs) != 1 || sigs[0].ID != hs.ID {
			t.Fatalf("neighbour's signal: %v, %v", sigs, err)
		}
		n := &wijkregie.NoticeSent{MunicipalityID: ct.m, PersonID: p.ID, SentOn: wijkregie.Today(clk.Now()), Method: wijkregie.NoticeByPost, RecordedBy: ct.pro.ID}
		mustTx(t, s, func(q *store.Q) error { return q.CreateNoticeSent(ctx, n) })
		sent, err := s.R().NoticesSent(ctx, ct.m, []string{p.ID})
		if err != nil || len(sent) != 1 || sent[0].Method != wijkregie.NoticeByPost {
			t.Fatalf("notices sent %+v, %v", sent, err)
		}
		if sigs, err := s.R().NoticeSignals(ctx, ct.m, p.ID, sent[0].SentOn); err != nil || len(sigs) != 0 {
			t.Errorf("after the notice: %d signals, %v; want none", len(sigs), err)
		}
		bad := &wijkregie.NoticeSent{MunicipalityID: ct.m, PersonID: p.ID, RecordedBy: ct.pro.ID}
		wantFields(t, tryTx(s, func(q *store.Q) error { return q.CreateNoticeSent(ctx, bad) }), "verzondenOp", "wijze")
	})
}
