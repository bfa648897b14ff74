package app_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

const emergencyReason = "Crisisdienst: moeder belt in paniek, de regisseur is vandaag niet bereikbaar."

// inboxOf returns the actor's notifications of a kind.
func (f *fixture) inboxOf(t *testing.T, a wijkregie.Actor, kind string) []wijkregie.Notification {
	t.Helper()
	in, err := f.svc.Notifications(f.ctx, a, store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []wijkregie.Notification
	for _, n := range in.Notifications {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// emergencies returns every emergency access of the demo municipality.
func (f *fixture) emergencies(t *testing.T) []wijkregie.EmergencyAccess {
	t.Helper()
	es, _, err := f.s.R().EmergencyAccesses(f.ctx, demo.MunicipalityID, store.EmergencyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// TestRequestEmergencyAccess: a professional of another team cannot open
// the case; after stating a reason they can, for eight hours and not a
// moment longer (the clock decides, nothing has to run). The request
// writes the access, the involvement, one audit record and a notification
// to the privacy officer — who learns who, not which family — in one go.
func TestRequestEmergencyAccess(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, _, c := f.workedCase(t)
		outsider := f.outsider(t)
		privacy := f.actor(wijkregie.RolePrivacy)
		if _, err := f.svc.Case(f.ctx, outsider, c.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Fatalf("the outsider reads the case before any emergency access: %v", err)
		}
		if err := f.svc.EmergencyAccessOffer(f.ctx, outsider, c.ID); err != nil {
			t.Errorf("no offer of emergency access to the outsider: %v", err)
		}

		// A reason that says nothing is refused, and nothing is recorded.
		got := f.audited(t, func() {
			_, err := f.svc.RequestEmergencyAccess(f.ctx, outsider, c.ID, "  spoed  ")
			wantField(t, err, "reden", "veld.noodtoegang.reden_kort")
		})
		if len(got) != 0 || len(f.emergencies(t)) != 0 || len(f.inboxOf(t, privacy, wijkregie.NotificationEmergencyAccess)) != 0 {
			t.Fatalf("a refused request left %v, %v", got, f.emergencies(t))
		}

		f.clock.Advance(time.Minute)
		var e *wijkregie.EmergencyAccess
		got = f.audited(t, func() {
			var err error
			if e, err = f.svc.RequestEmergencyAccess(f.ctx, outsider, c.ID, "\n"+emergencyReason+"  "); err != nil {
				t.Fatal(err)
			}
		})
		want := []entry{rec(outsider, "nood-toegang.aanvragen", "casus", c.ID, "", "nood-toegang", wijkregie.AuditAllowed)}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("audit of the request (-got +want):\n%s", diff)
		}
		now := f.clock.Now()
		if e.Reason != emergencyReason || !e.Start.Equal(now) || !e.End.Equal(now.Add(8*time.Hour)) || e.CaseID != c.ID ||
			e.HouseholdID != c.HouseholdID || e.UserID != outsider.UserID || e.Reviewed() {
			t.Errorf("access %+v", e)
		}
		if diff := cmp.Diff(f.involvedAs(t, c.HouseholdID, outsider.UserID), []wijkregie.InvolvementKind{wijkregie.InvolvementNoodToegang}); diff != "" {
			t.Errorf("the outsider's involvement (-got +want):\n%s", diff)
		}
		ns := f.inboxOf(t, privacy, wijkregie.NotificationEmergencyAccess)
		if len(ns) != 1 {
			t.Fatalf("the privacy officer has %d notifications of emergency access; want 1", len(ns))
		}
		u := f.userByEmail(t, emailOf(t, f, outsider))
		if n := ns[0]; n.OtherUserID != outsider.UserID || n.OtherName != u.Name || n.OtherContact != u.Email || n.HouseholdID != "" || n.SignalID != "" || n.SubjectID != e.ID {
			t.Errorf("notification %+v; want the outsider named, the access %s and no family", n, e.ID)
		}
		for _, name := range []string{"Proef", "Ouder", "Kind"} {
			if strings.Contains(ns[0].OtherName+ns[0].OtherOrganisation+ns[0].OtherContact, name) {
				t.Errorf("the notification names the family (%q): %+v", name, ns[0])
			}
		}
		if got := f.inboxOf(t, f.actor(wijkregie.RoleProfessional), wijkregie.NotificationEmergencyAccess); len(got) != 0 {
			t.Errorf("a professional was notified of the emergency access: %v", got)
		}

		// The access works through the one policy, until its end.
		if _, err := f.svc.Case(f.ctx, outsider, c.ID); err != nil {
			t.Fatalf("the case with emergency access: %v", err)
		}
		if cur, err := f.svc.CurrentEmergencyAccess(f.ctx, outsider, c.ID); err != nil || cur.ID != e.ID {
			t.Errorf("current access %v, %v; want %s", cur, err, e.ID)
		}
		if err := f.svc.EmergencyAccessOffer(f.ctx, outsider, c.ID); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
			t.Errorf("offer while the access holds: %v; want a conflict", err)
		}
		f.clock.Set(e.End.Add(-time.Second))
		if _, err := f.svc.Case(f.ctx, outsider, c.ID); err != nil {
			t.Errorf("the case a second before the end: %v", err)
		}
		f.clock.Set(e.End)
		if _, err := f.svc.Case(f.ctx, outsider, c.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("the case at the end of the access: %v; want not found", err)
		}
		if _, err := f.svc.CurrentEmergencyAccess(f.ctx, outsider, c.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("current access after the end: %v; want not found", err)
		}
		if len(f.involvedAs(t, c.HouseholdID, outsider.UserID)) != 0 {
			t.Error("the involvement outlives the access")
		}
		if err := f.svc.EmergencyAccessOffer(f.ctx, outsider, c.ID); err != nil {
			t.Errorf("no new offer after the end: %v", err)
		}
	})
}

// emailOf returns the e-mail address of an actor's user.
func emailOf(t *testing.T, f *fixture, a wijkregie.Actor) string {
	t.Helper()
	u, err := f.s.R().User(f.ctx, demo.MunicipalityID, a.UserID)
	if err != nil {
		t.Fatal(err)
	}
	return u.Email
}

// TestEmergencyAccessRefusals: who sees the case already is told so and
// nothing is recorded; a partner, the privacy officer and the other
// roles may not take emergency access; an unknown case is not found.
func TestEmergencyAccessRefusals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, _, c := f.workedCase(t)
		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead} {
			_, err := f.svc.RequestEmergencyAccess(f.ctx, f.actor(role), c.ID, emergencyReason)
			if wijkregie.ErrorCode(err) != wijkregie.ECONFLICT || !strings.Contains(err.Error(), "fout.noodtoegang.al_toegang") {
				t.Errorf("%s, who has access: %v; want the conflict fout.noodtoegang.al_toegang", role, err)
			}
		}
		for _, role := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePrivacy, wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin} {
			if _, err := f.svc.RequestEmergencyAccess(f.ctx, f.actor(role), c.ID, emergencyReason); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: %v; want forbidden", role, err)
			}
			if err := f.svc.EmergencyAccessOffer(f.ctx, f.actor(role), c.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				t.Errorf("offer to %s: %v; want not found", role, err)
			}
		}
		outsider := f.outsider(t)
		for _, id := range []string{wijkregie.NewID(start), "niet-een-id"} {
			if _, err := f.svc.RequestEmergencyAccess(f.ctx, outsider, id, emergencyReason); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				t.Errorf("unknown case %q: %v; want not found", id, err)
			}
			if err := f.svc.EmergencyAccessOffer(f.ctx, outsider, id); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				t.Errorf("offer on unknown case %q: %v; want not found", id, err)
			}
		}
		if es := f.emergencies(t); len(es) != 0 {
			t.Errorf("refusals recorded accesses: %v", es)
		}
	})
}

// TestEmergencyAccessIsNoInvolvementInTheWork: whoever holds emergency
// access does not appear where involvement means working with the family
// — the household's betrokkenen, the case's, the matches of a new signal
// ("who else is involved") — while the regisseur still does.
func TestEmergencyAccessIsNoInvolvementInTheWork(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, ids, c := f.workedCase(t)
		outsider := f.outsider(t)
		if _, err := f.svc.RequestEmergencyAccess(f.ctx, outsider, c.ID, emergencyReason); err != nil {
			t.Fatal(err)
		}
		pro := f.actor(wijkregie.RoleProfessional)
		for _, a := range []wijkregie.Actor{pro, outsider} {
			hv, err := f.svc.Household(f.ctx, a, h.ID)
			if err != nil {
				t.Fatalf("household as %s: %v", a.UserID, err)
			}
			var users []string
			for _, inv := range hv.Involvements {
				users = append(users, inv.UserID)
			}
			if slices.Contains(users, outsider.UserID) || !slices.Contains(users, pro.UserID) {
				t.Errorf("betrokkenen of the household seen by %s: %v; want the regisseur %s, not the outsider %s", a.UserID, users, pro.UserID, outsider.UserID)
			}
		}
		cv, err := f.svc.Case(f.ctx, outsider, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range cv.Parties {
			if p.UserID == outsider.UserID {
				t.Errorf("the outsider is a betrokkene of the case: %+v", p)
			}
		}
		// A partner's new signal on the family tells the partner who else
		// works with it: the regisseur, not the outsider; and the outsider
		// hears nothing of it.
		before := len(f.inboxOf(t, outsider, wijkregie.NotificationMatch))
		partner := f.actor(wijkregie.RolePartner)
		f.signalBy(t, partner, ids[0], wijkregie.SignalCareReport, "financien")
		var named []string
		for _, n := range f.inboxOf(t, partner, wijkregie.NotificationMatch) {
			named = append(named, n.OtherUserID)
		}
		if slices.Contains(named, outsider.UserID) || !slices.Contains(named, pro.UserID) {
			t.Errorf("the partner's matches name %v; want the regisseur %s, not the outsider %s", named, pro.UserID, outsider.UserID)
		}
		if after := len(f.inboxOf(t, outsider, wijkregie.NotificationMatch)); after != before {
			t.Errorf("the outsider got %d match notifications; want none", after-before)
		}
	})
}

// TestReviewEmergencyAccess: the privacy officer lists the accesses (to
// review first), reads one with what its holder did during the window,
// and judges it once; onterecht needs a note. Every read and the review
// are audited; nobody else may.
func TestReviewEmergencyAccess(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, _, c := f.workedCase(t)
		outsider := f.outsider(t)
		privacy := f.actor(wijkregie.RolePrivacy)
		e, err := f.svc.RequestEmergencyAccess(f.ctx, outsider, c.ID, emergencyReason)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Minute)
		if _, err := f.svc.Case(f.ctx, outsider, c.ID); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(10 * time.Hour)

		var list *listSeen
		got := f.audited(t, func() {
			l, err := f.svc.ListEmergencyAccesses(f.ctx, privacy, store.EmergencyFilter{})
			if err != nil {
				t.Fatal(err)
			}
			list = &listSeen{ids: emergencyIDs(l.Accesses), total: l.Total, holder: l.Users[outsider.UserID]}
		})
		if diff := cmp.Diff(list.ids, []string{e.ID}); diff != "" || list.total != 1 || list.holder == nil {
			t.Errorf("list %+v (-got +want):\n%s", list, diff)
		}
		want := []entry{
			rec(privacy, "nood-toegangen.zoeken", "nood-toegang", "", "", "nood-toegang", wijkregie.AuditAllowed),
			rec(privacy, "nood-toegang.lezen", "nood-toegang", e.ID, "", "nood-toegang", wijkregie.AuditAllowed),
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("audit of the list (-got +want):\n%s", diff)
		}

		got = f.audited(t, func() {
			v, err := f.svc.EmergencyAccess(f.ctx, privacy, e.ID, store.Page{})
			if err != nil {
				t.Fatal(err)
			}
			if !v.CanReview || v.Users[outsider.UserID] == nil || v.Teams[v.CaseTeamID] == "" || v.CaseTeamID != c.TeamID {
				t.Errorf("view %+v", v)
			}
			var acts []string
			for _, r := range v.Trail {
				if r.UserID != outsider.UserID {
					t.Errorf("trail record of another user: %+v", r)
				}
				acts = append(acts, r.Action)
			}
			if len(acts) < 3 || acts[0] != "nood-toegang.aanvragen" || !slices.Contains(acts, "casus.lezen") || !slices.Contains(acts, "persoon.lezen") ||
				v.TrailTotal != len(acts) {
				t.Errorf("trail %v of %d; want the request, then the case and its members read", acts, v.TrailTotal)
			}
		})
		if diff := cmp.Diff(got, want[1:]); diff != "" {
			t.Errorf("audit of the read (-got +want):\n%s", diff)
		}

		_, err = f.svc.ReviewEmergencyAccess(f.ctx, privacy, e.ID, wijkregie.VerdictUnjustified, " ", e.Version)
		wantField(t, err, "toelichting", "veld.noodtoegang.toelichting")
		if _, err := f.svc.ReviewEmergencyAccess(f.ctx, privacy, e.ID, wijkregie.VerdictJustified, "", e.Version+1); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
			t.Errorf("a review over another version: %v; want a conflict", err)
		}
		var reviewed *wijkregie.EmergencyAccess
		got = f.audited(t, func() {
			if reviewed, err = f.svc.ReviewEmergencyAccess(f.ctx, privacy, e.ID, wijkregie.VerdictUnjustified, "Geen spoed: de regisseur was bereikbaar.", e.Version); err != nil {
				t.Fatal(err)
			}
		})
		if diff := cmp.Diff(got, []entry{rec(privacy, "nood-toegang.beoordelen", "nood-toegang", e.ID, "", "nood-toegang", wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("audit of the review (-got +want):\n%s", diff)
		}
		if reviewed.Verdict != wijkregie.VerdictUnjustified || reviewed.ReviewedBy != privacy.UserID || !reviewed.ReviewedAt.Equal(f.clock.Now()) || reviewed.Version != 2 {
			t.Errorf("reviewed %+v", reviewed)
		}
		if _, err := f.svc.ReviewEmergencyAccess(f.ctx, privacy, e.ID, wijkregie.VerdictJustified, "", reviewed.Version); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
			t.Errorf("a second review: %v; want a conflict", err)
		}
		yes := true
		l, err := f.svc.ListEmergencyAccesses(f.ctx, privacy, store.EmergencyFilter{Reviewed: &yes})
		if err != nil || l.Total != 1 {
			t.Errorf("reviewed list: %v, %v", l, err)
		}

		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePartner, wijkregie.RoleAdmin, wijkregie.RolePolicy} {
			a := f.actor(role)
			got := f.audited(t, func() {
				if _, err := f.svc.ListEmergencyAccesses(f.ctx, a, store.EmergencyFilter{}); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
					t.Errorf("%s lists: %v; want forbidden", role, err)
				}
				if _, err := f.svc.EmergencyAccess(f.ctx, a, e.ID, store.Page{}); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
					t.Errorf("%s reads: %v; want forbidden", role, err)
				}
			})
			if len(got) != 2 || got[0].Result != wijkregie.AuditDenied || got[1].Result != wijkregie.AuditDenied {
				t.Errorf("%s's attempts audited as %v; want two refusals", role, got)
			}
		}
	})
}

// listSeen is what the review test compares of a list.
type listSeen struct {
	ids    []string
	total  int
	holder *wijkregie.User
}

func emergencyIDs(es []wijkregie.EmergencyAccess) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}
