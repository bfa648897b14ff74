package policy_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
)

// TestDecideHandover: the sender (the regisseur and the lead as they were
// at the offer, and the case's current regisseur while it is with the
// sending team) withdraws and completes; the lead of the receiving team —
// of this or another municipality — reads, accepts and declines, and
// reads the offer's content only while it is open; nobody else anything.
func TestDecideHandover(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	h := &wijkregie.Handover{MunicipalityID: "GM0001", ID: "h", CaseID: "c", Kind: wijkregie.HandoverMunicipality, Status: wijkregie.HandoverOffered,
		FromTeamID: "t1", FromCoordinatorID: "reg", ToMunicipalityID: "GM0002", ToTeamID: "t2"}
	c := &wijkregie.Case{MunicipalityID: "GM0001", ID: "c", TeamID: "t1", CoordinatorID: "reg2", HouseholdID: "hh", Status: wijkregie.CaseExecution}
	a := func(mid, id string, role wijkregie.Role, team string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: mid, UserID: id, Role: role, TeamID: team}
	}
	actors := map[string]wijkregie.Actor{
		"regisseur at the offer":  a("GM0001", "reg", wijkregie.RoleProfessional, "t1"),
		"regisseur now":           a("GM0001", "reg2", wijkregie.RoleProfessional, "t1"),
		"sending lead":            a("GM0001", "lead1", wijkregie.RoleTeamLead, "t1"),
		"receiving lead":          a("GM0002", "lead2", wijkregie.RoleTeamLead, "t2"),
		"receiving professional":  a("GM0002", "pro2", wijkregie.RoleProfessional, "t2"),
		"other lead there":        a("GM0002", "lead3", wijkregie.RoleTeamLead, "t3"),
		"lead of t2 elsewhere":    a("GM0003", "lead4", wijkregie.RoleTeamLead, "t2"),
		"colleague":               a("GM0001", "col", wijkregie.RoleProfessional, "t1"),
		"partner":                 {MunicipalityID: "GM0001", UserID: "p", Role: wijkregie.RolePartner, OrganisationID: "o"},
		"beheer of the sender":    a("GM0001", "adm", wijkregie.RoleAdmin, ""),
		"privacy of the receiver": a("GM0002", "prv", wijkregie.RolePrivacy, ""),
	}
	want := map[string][]policy.Action{
		"regisseur at the offer": {policy.ViewHandover, policy.WithdrawHandover, policy.CompleteHandover},
		"regisseur now":          {policy.ViewHandover, policy.WithdrawHandover, policy.CompleteHandover},
		"sending lead":           {policy.ViewHandover, policy.WithdrawHandover, policy.CompleteHandover},
		"receiving lead":         {policy.ViewHandover, policy.AcceptHandover, policy.DeclineHandover},
	}
	all := []policy.Action{policy.ViewHandover, policy.AcceptHandover, policy.DeclineHandover, policy.WithdrawHandover, policy.CompleteHandover}
	for name, actor := range actors {
		s := policy.HandoverSubject{Handover: h}
		if actor.MunicipalityID == h.MunicipalityID {
			s.Case = c
		}
		for _, act := range all {
			ok := false
			for _, w := range want[name] {
				ok = ok || w == act
			}
			if err := policy.DecideHandover(actor, act, s); (err == nil) != ok {
				t.Errorf("%s %s: %v; want allowed %v", name, act, err, ok)
			}
		}
		if got := policy.SeesOffer(actor, h); got != (name == "receiving lead") {
			t.Errorf("%s sees the offer: %v", name, got)
		}
	}
	// The receiving lead reads the content only while the offer is open.
	for _, st := range []wijkregie.HandoverStatus{wijkregie.HandoverAccepted, wijkregie.HandoverDeclined, wijkregie.HandoverWithdrawn, wijkregie.HandoverCompleted} {
		closed := *h
		closed.Status = st
		if policy.SeesOffer(actors["receiving lead"], &closed) {
			t.Errorf("the receiving lead sees a %s offer's content", st)
		}
	}
	// An external offer has no receiver on the platform.
	ext := *h
	ext.Kind = wijkregie.HandoverExternal
	if policy.DecideHandover(actors["receiving lead"], policy.ViewHandover, policy.HandoverSubject{Handover: &ext}) == nil {
		t.Error("an external offer is seen by a lead of the platform")
	}
	// After a team handover moved the case, its new regisseur is no sender.
	moved := *c
	moved.TeamID, moved.CoordinatorID = "t2", "pro2"
	if policy.HandoverSender(a("GM0001", "pro2", wijkregie.RoleProfessional, "t2"), policy.HandoverSubject{Handover: h, Case: &moved}) {
		t.Error("the receiving regisseur counts as sender")
	}
	// Offering is the case's regisseur's or its team lead's.
	subj := &policy.CaseSubject{Case: c}
	for name, ok := range map[string]bool{"regisseur now": true, "sending lead": true, "regisseur at the offer": false, "colleague": false, "partner": false} {
		if err := policy.DecideOffer(actors[name], subj, now); (err == nil) != ok {
			t.Errorf("%s offers: %v; want allowed %v", name, err, ok)
		}
	}
}
