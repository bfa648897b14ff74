package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// offer stores an offer of the case to team toTeam of municipality toM.
func offer(t *testing.T, s *store.Store, c *wijkregie.Case, kind wijkregie.HandoverKind, toM, toTeam, by string) *wijkregie.Handover {
	t.Helper()
	h := &wijkregie.Handover{MunicipalityID: c.MunicipalityID, CaseID: c.ID, HouseholdID: c.HouseholdID, Kind: kind,
		FromTeamID: c.TeamID, FromCoordinatorID: c.CoordinatorID, ToMunicipalityID: toM, ToTeamID: toTeam,
		Reason: "Het gezin verhuist naar Zuid.", OverlapDays: wijkregie.DefaultOverlapDays, OfferedBy: by}
	mustTx(t, s, func(q *store.Q) error { return q.CreateHandover(t.Context(), h) })
	return h
}

// TestHandoverReadsBackAndOneOpen: an offer reads back whole at version
// 1; a second running one for the same case is refused by the schema's
// partial index, also when the first is accepted; a closed one makes room.
// A step over a stale version is a conflict; the receiving municipality
// finds it by ReachableHandover, a third one does not.
func TestHandoverReadsBackAndOneOpen(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		other := newCaseTeam(t, s, "GM0002")
		newMunicipality(t, s, "GM0003")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		h := offer(t, s, c, wijkregie.HandoverMunicipality, other.m, other.team, ct.lead.ID)
		if h.Version != 1 || !wijkregie.ValidID(h.ID) || h.Status != wijkregie.HandoverOffered || !h.OfferedAt.Equal(onClock(start)) {
			t.Errorf("created %+v; want version 1, an id, aangeboden, now", h)
		}
		got, err := s.R().Handover(ctx, ct.m, h.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, h); diff != "" {
			t.Errorf("reads back changed (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		if got, err := s.R().ReachableHandover(ctx, other.m, h.ID); err != nil || got.ID != h.ID {
			t.Errorf("the receiving municipality: %v, %v", got, err)
		}
		if _, err := s.R().ReachableHandover(ctx, "GM0003", h.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("a third municipality: %v; want not found", err)
		}
		if _, err := s.R().Handover(ctx, other.m, h.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("as the receiver's own: %v; want not found (the row is the sender's)", err)
		}
		second := &wijkregie.Handover{MunicipalityID: c.MunicipalityID, CaseID: c.ID, HouseholdID: c.HouseholdID, Kind: wijkregie.HandoverExternal,
			FromTeamID: c.TeamID, ToName: "Gemeente Elders", Reason: "x", OverlapDays: 14, OfferedBy: ct.lead.ID}
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.CreateHandover(ctx, second) }), "fout.overdracht.al_open")

		clk.Advance(time.Hour)
		if err := h.Accept(other.lead.ID, other.pro.ID, s.Now()); err != nil {
			t.Fatal(err)
		}
		stale := *h
		mustTx(t, s, func(q *store.Q) error { return q.UpdateHandover(ctx, h) })
		if h.Version != 2 {
			t.Errorf("version %d after a step; want 2", h.Version)
		}
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.UpdateHandover(ctx, &stale) }), "fout.overdracht.gewijzigd")
		got, _ = s.R().Handover(ctx, ct.m, h.ID)
		if diff := cmp.Diff(got, h); diff != "" {
			t.Errorf("accepted reads back changed (-got +want):\n%s", diff)
		}
		if got.OverlapUntil.Sub(got.DecidedAt) != 14*24*time.Hour {
			t.Errorf("overlap until %v, decided %v; want 14 days", got.OverlapUntil, got.DecidedAt)
		}
		second.Kind = wijkregie.HandoverExternal
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.CreateHandover(ctx, second) }), "fout.overdracht.al_open")
		if open, err := s.R().OpenHandover(ctx, ct.m, c.ID); err != nil || open.ID != h.ID {
			t.Errorf("open handover %v, %v", open, err)
		}

		if err := h.Complete(ct.lead.ID, s.Now()); err != nil {
			t.Fatal(err)
		}
		mustTx(t, s, func(q *store.Q) error { return q.UpdateHandover(ctx, h) })
		if _, err := s.R().OpenHandover(ctx, ct.m, c.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("open after completion: %v; want not found", err)
		}
		clk.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error { return q.CreateHandover(ctx, second) })
		all, err := s.R().CaseHandovers(ctx, ct.m, c.ID)
		if err != nil || len(all) != 2 || all[0].ID != second.ID || all[1].ID != h.ID {
			t.Errorf("case handovers %v, %v; want the external one, then the completed one", ids(all, func(h wijkregie.Handover) string { return h.ID }), err)
		}

		sent, received, err := s.R().TeamHandovers(ctx, ct.m, ct.team)
		if err != nil || len(sent) != 2 || len(received) != 0 || sent[0].ID != second.ID {
			t.Errorf("sender's team: %d sent, %d received, %v", len(sent), len(received), err)
		}
		sent, received, err = s.R().TeamHandovers(ctx, other.m, other.team)
		if err != nil || len(sent) != 0 || len(received) != 1 || received[0].ID != h.ID {
			t.Errorf("receiver's team: %d sent, %d received, %v", len(sent), len(received), err)
		}
	})
}

// TestMoveCaseAndAddress: a case moves to another team with its
// household, over the version read; an address change keeps the old
// address as history with its proposal, latest first.
func TestMoveCaseAndAddress(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		zuid := newTeam(t, s, ct.m, "Wijkteam Zuid", "2582")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		stale := *c
		mustTx(t, s, func(q *store.Q) error { return q.MoveCaseToTeam(ctx, c, zuid.ID) })
		got, _ := s.R().Case(ctx, ct.m, c.ID)
		hh, _ := s.R().Household(ctx, ct.m, c.HouseholdID)
		if got.TeamID != zuid.ID || got.Version != c.Version || hh.TeamID != zuid.ID {
			t.Errorf("moved: case team %s v%d (want v%d), household team %s; want %s", got.TeamID, got.Version, c.Version, hh.TeamID, zuid.ID)
		}
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.MoveCaseToTeam(ctx, &stale, ct.team) }), "fout.casus.gewijzigd")

		old := hh.Address
		for i, pc := range []string{"2582AB", "9999ZZ"} {
			clk.Advance(time.Hour)
			ch := &wijkregie.AddressChange{MunicipalityID: ct.m, HouseholdID: hh.ID, Old: hh.Address, ChangedBy: ct.pro.ID,
				New: wijkregie.Address{Street: "Nieuwe Laan", Number: 10 + i, Postcode: pc, Town: "Den Haag"}}
			team := zuid.ID
			if i == 1 {
				ch.CaseID, team = c.ID, ""
			}
			mustTx(t, s, func(q *store.Q) error { return q.ChangeAddress(ctx, ch, team) })
			hh, _ = s.R().Household(ctx, ct.m, hh.ID)
			if hh.Address != ch.New || hh.TeamID != team {
				t.Errorf("household after move %d: %+v team %q", i, hh.Address, hh.TeamID)
			}
		}
		hist, err := s.R().AddressHistory(ctx, ct.m, hh.ID)
		if err != nil || len(hist) != 2 {
			t.Fatalf("history %v, %v", hist, err)
		}
		if hist[1].Old != old || hist[1].New.Postcode != "2582AB" || hist[0].New.Postcode != "9999ZZ" || hist[0].Old.Postcode != "2582AB" {
			t.Errorf("history %+v", hist)
		}
		wantUTC(t, &hist[0])
		p, err := s.R().HandoverProposal(ctx, ct.m, c.ID)
		if err != nil || !p.Proposes() || p.ProposedTeamID != "" || p.New.Postcode != "9999ZZ" {
			t.Errorf("proposal %+v, %v", p, err)
		}
	})
}
