package app_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

// newSignal is a valid signal on a person, for the test to adjust.
func newSignal(personID string) *wijkregie.Signal {
	return &wijkregie.Signal{Kind: wijkregie.SignalCareReport, PersonID: personID, SourceKind: wijkregie.SourceSchool,
		Domains: []string{"financien", "huisvesting"}, Description: "Moeder vertelt over schulden en een dreigende uithuiszetting.",
		Urgency: wijkregie.UrgencyNormal}
}

func TestCreateSignal(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		other := f.otherTeam(t)
		h, ids := f.newHousehold(t, other.ID)
		sig := newSignal(ids[1])
		got := f.audited(t, func() {
			if err := f.svc.CreateSignal(f.ctx, pro, sig, nil); err != nil {
				t.Fatalf("CreateSignal: %v", err)
			}
		})
		want := []entry{rec(pro, "signaal.registreren", "signaal", sig.ID, ids[1], app.PurposeTask, wijkregie.AuditAllowed)}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("CreateSignal: audit records (-got +want):\n%s", diff)
		}
		// Filed under the person's household of today, and its team.
		if sig.HouseholdID != h.ID || sig.TeamID != other.ID || sig.Status != wijkregie.SignalNew || sig.CreatedBy != pro.UserID {
			t.Errorf("signal household %s, team %s, status %s, by %s; want %s, %s, nieuw, %s", sig.HouseholdID, sig.TeamID, sig.Status, sig.CreatedBy, h.ID, other.ID, pro.UserID)
		}
		if got, want := sig.TriageDeadline, wijkregie.AddWorkingDays(start, wijkregie.TriageDaysNormal); !got.Equal(want) {
			t.Errorf("normal deadline %s; want %s", got, want)
		}
		// Registering a signal involves nobody: the household stays out of view.
		if _, err := f.svc.Household(f.ctx, pro, h.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("household after a signal = %v; want not found", err)
		}
		// The creator reads it back, audited with the person.
		got = f.audited(t, func() {
			v, err := f.svc.Signal(f.ctx, pro, sig.ID)
			if err != nil || v.Signal.Description != sig.Description || len(v.Matches) != 0 {
				t.Errorf("Signal = %+v, %v; want the signal without matches", v, err)
			}
		})
		want = []entry{rec(pro, "signaal.lezen", "signaal", sig.ID, ids[1], app.PurposeTask, wijkregie.AuditAllowed)}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("Signal: audit records (-got +want):\n%s", diff)
		}

		// An urgent one is due at the end of today.
		urgent := newSignal(ids[0])
		urgent.Urgency = wijkregie.UrgencyUrgent
		if err := f.svc.CreateSignal(f.ctx, pro, urgent, nil); err != nil {
			t.Fatal(err)
		}
		if got, want := urgent.TriageDeadline, wijkregie.AddWorkingDays(start, 0); !got.Equal(want) {
			t.Errorf("urgent deadline %s; want %s", got, want)
		}

		// A signal about nobody, and every other invalid field at once.
		err := f.svc.CreateSignal(f.ctx, pro, &wijkregie.Signal{Kind: "roddel", Domains: []string{"geluk"}}, nil)
		var e *wijkregie.Error
		if !errors.As(err, &e) {
			t.Fatalf("invalid signal = %v; want field errors", err)
		}
		var names []string
		for _, fe := range e.Fields {
			names = append(names, fe.Name)
		}
		if want := []string{"soort", "onderwerp", "bron", "domeinen", "omschrijving", "urgentie"}; !slices.Equal(names, want) {
			t.Errorf("invalid signal: fields %v; want %v", names, want)
		}
	})
}

func TestSignalByAddress(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		addr := wijkregie.Address{Street: "Onbekendlaan", Number: 3, Addition: "A", Postcode: "2587 ab", Town: "Duinhaven"}
		first := newSignal("")
		if err := f.svc.CreateSignal(f.ctx, pro, first, &addr); err != nil {
			t.Fatalf("CreateSignal by address: %v", err)
		}
		if first.HouseholdID == "" || first.PersonID != "" {
			t.Fatalf("signal by address: household %q, person %q; want a new household", first.HouseholdID, first.PersonID)
		}
		// The same address (addition in another case) finds that household.
		addr2 := wijkregie.Address{Street: "Onbekendlaan", Number: 3, Addition: "a", Postcode: "2587AB", Town: "Duinhaven"}
		second := newSignal("")
		if err := f.svc.CreateSignal(f.ctx, pro, second, &addr2); err != nil {
			t.Fatal(err)
		}
		if second.HouseholdID != first.HouseholdID {
			t.Errorf("second signal at the address: household %s; want %s", second.HouseholdID, first.HouseholdID)
		}
		// An invalid address is named field by field.
		err := f.svc.CreateSignal(f.ctx, pro, newSignal(""), &wijkregie.Address{Postcode: "x"})
		var e *wijkregie.Error
		if !errors.As(err, &e) || len(e.Fields) != 4 || e.Fields[0].Name != "adres.postcode" {
			t.Errorf("invalid address = %v; want four adres.* field errors", err)
		}
	})
}

// TestSignalMatch proves the Verwijsindex principle: two parties with a
// signal on the same family, and whoever is involved with it, learn who the
// others are and how to reach them, and nothing of what the other knows.
func TestSignalMatch(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, partner, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RolePartner), f.actor(wijkregie.RoleTeamLead)
		other := f.otherTeam(t)
		h, ids := f.newHousehold(t, other.ID, lead.UserID) // the Centrum lead is this family's regisseur
		first := newSignal(ids[0])
		first.Kind, first.Domains = wijkregie.SignalSafety, []string{"huiselijke-relaties"}
		first.Description = "Geheim: zorgen over geweld thuis."
		if err := f.svc.CreateSignal(f.ctx, partner, first, nil); err != nil {
			t.Fatal(err)
		}
		// The partner's signal met the regisseur.
		second := newSignal(ids[1])
		got := f.audited(t, func() {
			if err := f.svc.CreateSignal(f.ctx, pro, second, nil); err != nil {
				t.Fatal(err)
			}
		})
		want := []entry{
			rec(pro, "signaal.registreren", "signaal", second.ID, ids[1], app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "signaal.matchen", "huishouden", h.ID, ids[1], app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "signaal.matchen", "huishouden", h.ID, ids[1], app.PurposeTask, wijkregie.AuditAllowed),
		}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("matching signal: audit records (-got +want):\n%s", diff)
		}

		inbox := func(a wijkregie.Actor) []wijkregie.Notification {
			t.Helper()
			in, err := f.svc.Notifications(f.ctx, a, store.Page{})
			if err != nil {
				t.Fatal(err)
			}
			return in.Notifications
		}
		partnerUser, proUser := f.users[wijkregie.RolePartner], f.users[wijkregie.RoleProfessional]
		type who struct{ Recipient, Other, Name, Contact, Signal, Household string }
		whoOf := func(ns []wijkregie.Notification) []who {
			var out []who
			for _, n := range ns {
				out = append(out, who{n.RecipientID, n.OtherUserID, n.OtherName, n.OtherContact, n.SignalID, n.HouseholdID})
			}
			return out
		}
		leadUser := f.users[wijkregie.RoleTeamLead]
		// The partner's own signal met the regisseur first; the second
		// signal then told both of the professional.
		if got, want := whoOf(inbox(partner)), []who{
			{partner.UserID, lead.UserID, leadUser.Name, leadUser.Email, first.ID, h.ID},
			{partner.UserID, pro.UserID, proUser.Name, proUser.Email, first.ID, h.ID},
		}; !sameWho(got, want) {
			t.Errorf("partner's inbox %+v; want %+v", got, want)
		}
		if got, want := whoOf(inbox(lead)), []who{
			{lead.UserID, partner.UserID, partnerUser.Name, partnerUser.Email, "", h.ID},
			{lead.UserID, pro.UserID, proUser.Name, proUser.Email, "", h.ID},
		}; !sameWho(got, want) {
			t.Errorf("regisseur's inbox %+v; want %+v", got, want)
		}
		if got, want := whoOf(inbox(pro)), []who{
			{pro.UserID, partner.UserID, partnerUser.Name, partnerUser.Email, second.ID, h.ID},
			{pro.UserID, lead.UserID, leadUser.Name, leadUser.Email, second.ID, h.ID},
		}; !sameWho(got, want) {
			t.Errorf("professional's inbox %+v; want %+v", got, want)
		}
		// No notification carries what the other knows.
		for _, a := range []wijkregie.Actor{pro, partner, lead} {
			for _, n := range inbox(a) {
				text := strings.Join([]string{n.Kind, n.OtherName, n.OtherOrganisation, n.OtherContact, n.SignalID, n.HouseholdID}, "|")
				for _, secret := range []string{first.Description, second.Description, string(first.Kind), "huiselijke-relaties", "financien"} {
					if strings.Contains(text, secret) {
						t.Errorf("notification to %s reveals %q", a.UserID, secret)
					}
				}
			}
		}
		// The professional (another team, not involved) sees who, not what.
		if _, err := f.svc.Signal(f.ctx, pro, first.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("professional reads the partner's signal = %v; want not found", err)
		}
		v, err := f.svc.Signal(f.ctx, pro, second.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range v.Matches {
			names = append(names, m.Name)
		}
		slices.Sort(names)
		wantNames := []string{partnerUser.Name, f.users[wijkregie.RoleTeamLead].Name}
		slices.Sort(wantNames)
		if !slices.Equal(names, wantNames) {
			t.Errorf("matches of the professional's signal %v; want %v", names, wantNames)
		}
		v, err = f.svc.Signal(f.ctx, partner, first.ID)
		if err != nil || len(v.Matches) != 2 || v.Matches[0].Organisation == "" {
			t.Errorf("partner's signal matches = %+v, %v; want the regisseur and the professional, with organisation", v, err)
		}
		// Marking read.
		n := inbox(partner)[0]
		if m, err := f.svc.MarkNotification(f.ctx, partner, n.ID, true); err != nil || m.ReadAt.IsZero() {
			t.Errorf("MarkNotification = %+v, %v; want read", m, err)
		}
		if _, err := f.svc.MarkNotification(f.ctx, pro, n.ID, true); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("marking another's notification = %v; want not found", err)
		}
		if in, _ := f.svc.Notifications(f.ctx, partner, store.Page{}); in.Unread != 1 || in.Total != 2 {
			t.Errorf("partner's inbox after reading: %d unread of %d; want 1 of 2", in.Unread, in.Total)
		}
	})
}

func sameWho[T interface{ comparable }](got, want []T) bool {
	if len(got) != len(want) {
		return false
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

// TestSignalScopePair checks that the list form of the signal rule admits
// exactly the signals the single-record form allows, for every role.
func TestSignalScopePair(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, partner, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RolePartner), f.actor(wijkregie.RoleTeamLead)
		other := f.otherTeam(t)
		hOwn, own := f.newHousehold(t, pro.TeamID)
		hOther, far := f.newHousehold(t, other.ID, partner.UserID)
		_, far2 := f.newHousehold(t, other.ID)
		var all []string
		for _, c := range []struct {
			by     wijkregie.Actor
			person string
		}{{pro, own[0]}, {partner, own[1]}, {lead, far[0]}, {pro, far2[0]}, {partner, far2[1]}} {
			sg := newSignal(c.person)
			if err := f.svc.CreateSignal(f.ctx, c.by, sg, nil); err != nil {
				t.Fatal(err)
			}
			all = append(all, sg.ID)
		}
		_, _ = hOwn, hOther
		for _, u := range f.users {
			a := wijkregie.ActorOf(u)
			listed, _, err := f.svc.Signals(f.ctx, a, store.SignalFilter{})
			if code(err) == wijkregie.EFORBIDDEN {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []string
			for i, s := range listed {
				gotIDs = append(gotIDs, s.ID)
				if i > 0 && s.TriageDeadline.Before(listed[i-1].TriageDeadline) {
					t.Errorf("%s: list not ordered by deadline", a.Role)
				}
			}
			var wantIDs []string
			for _, id := range all {
				if _, err := f.svc.Signal(f.ctx, a, id); err == nil {
					wantIDs = append(wantIDs, id)
				}
			}
			slices.Sort(gotIDs)
			slices.Sort(wantIDs)
			if !slices.Equal(gotIDs, wantIDs) {
				t.Errorf("%s: list %v; single reads allow %v", a.Role, gotIDs, wantIDs)
			}
			if a.Role == wijkregie.RoleProfessional && len(wantIDs) == 0 {
				t.Errorf("professional sees no signal at all")
			}
		}
	})
}
