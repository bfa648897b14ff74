package policy_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
)

// TestDecideConsent walks every actor of every relation to a household
// through every consent action on every kind of consent, against the
// brief's rule written out here: the professionals involved (regisseur or
// contributor) and the lead of the household's team view, record and
// withdraw; a partner involved views the consents that name its
// organisation or its kind, and nothing else; the rest nothing. For a
// view it also checks the pair: one consent allowed exactly when the list
// is allowed and the list's scope admits it.
func TestDecideConsent(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	h := &wijkregie.Household{MunicipalityID: "GM0001", ID: "h1", TeamID: "team-1"}
	inv := func(user string, kind wijkregie.InvolvementKind) wijkregie.Involvement {
		return wijkregie.Involvement{MunicipalityID: "GM0001", HouseholdID: "h1", UserID: user, Kind: kind, From: now.Add(-time.Hour)}
	}
	subject := &policy.Subject{Household: h, Involvements: []wijkregie.Involvement{
		inv("regisseur", wijkregie.InvolvementCoordinator),
		inv("collega", wijkregie.InvolvementContributor),
		inv("ggz-medewerker", wijkregie.InvolvementContributor),
		inv("huisarts", wijkregie.InvolvementContributor),
		inv("beleid", wijkregie.InvolvementContributor),
		inv("beheer", wijkregie.InvolvementContributor),
		{MunicipalityID: "GM0001", HouseholdID: "h1", UserID: "oud", Kind: wijkregie.InvolvementContributor,
			From: now.Add(-48 * time.Hour), Until: now.Add(-time.Hour)},
	}}
	type actor struct {
		a    wijkregie.Actor
		kind wijkregie.OrganisationKind
		// what the brief allows: view sees which consents (by name
		// below), change whether it records and withdraws.
		sees   string // "all", "ggz", "huisarts" or ""
		change bool
	}
	act := func(id string, role wijkregie.Role, team, org string) wijkregie.Actor {
		return wijkregie.Actor{MunicipalityID: "GM0001", UserID: id, Role: role, TeamID: team, OrganisationID: org}
	}
	actors := []actor{
		{act("regisseur", wijkregie.RoleProfessional, "team-1", "gemeente"), wijkregie.OrgGemeente, "all", true},
		{act("collega", wijkregie.RoleProfessional, "team-2", "gemeente"), wijkregie.OrgGemeente, "all", true},
		{act("teamgenoot", wijkregie.RoleProfessional, "team-1", "gemeente"), wijkregie.OrgGemeente, "", false},
		{act("oud", wijkregie.RoleProfessional, "team-1", "gemeente"), wijkregie.OrgGemeente, "", false},
		{act("lead", wijkregie.RoleTeamLead, "team-1", "gemeente"), wijkregie.OrgGemeente, "all", true},
		{act("andere-lead", wijkregie.RoleTeamLead, "team-2", "gemeente"), wijkregie.OrgGemeente, "", false},
		{act("ggz-medewerker", wijkregie.RolePartner, "", "ggz-kustland"), wijkregie.OrgGGZ, "ggz", false},
		{act("huisarts", wijkregie.RolePartner, "", "duinroos"), wijkregie.OrgHuisarts, "huisarts", false},
		{act("andere-huisarts", wijkregie.RolePartner, "", "havenkwartier"), wijkregie.OrgHuisarts, "", false},
		{act("beleid", wijkregie.RolePolicy, "", "gemeente"), wijkregie.OrgGemeente, "", false},
		{act("toezicht", wijkregie.RoleInspection, "", ""), "", "", false},
		{act("beheer", wijkregie.RoleAdmin, "", "gemeente"), wijkregie.OrgGemeente, "", false},
	}
	consents := []struct {
		name string
		c    *wijkregie.Consent
		of   string // which partner's it is: "ggz", "huisarts" or ""
	}{
		{"GGZ Kustland", &wijkregie.Consent{ID: "c1", OrganisationID: "ggz-kustland"}, "ggz"},
		{"another GGZ", &wijkregie.Consent{ID: "c2", OrganisationID: "ggz-elders"}, ""},
		{"every GP", &wijkregie.Consent{ID: "c3", OrganisationKind: wijkregie.OrgHuisarts}, "huisarts"},
		{"every GGZ", &wijkregie.Consent{ID: "c4", OrganisationKind: wijkregie.OrgGGZ}, "ggz"},
		{"De Duinroos", &wijkregie.Consent{ID: "c5", OrganisationID: "duinroos"}, "huisarts"},
		{"a school", &wijkregie.Consent{ID: "c6", OrganisationKind: wijkregie.OrgSchool}, ""},
	}
	decisions, allowed := 0, 0
	for _, ac := range actors {
		list := policy.DecideConsent(ac.a, policy.ViewConsents, subject, nil, ac.kind, now) == nil
		if want := ac.sees != ""; list != want {
			t.Errorf("%s: may list consents %v; want %v", ac.a.UserID, list, want)
		}
		sc := policy.ConsentScope(ac.a, ac.kind)
		for _, c := range consents {
			view := policy.DecideConsent(ac.a, policy.ViewConsents, subject, c.c, ac.kind, now) == nil
			want := ac.sees == "all" || ac.sees != "" && ac.sees == c.of
			if view != want {
				t.Errorf("%s: sees the consent for %s %v; want %v", ac.a.UserID, c.name, view, want)
			}
			if pair := list && sc.Admits(c.c); pair != view {
				t.Errorf("%s, consent for %s: the list form allows %v, the single %v", ac.a.UserID, c.name, pair, view)
			}
			withdraw := policy.DecideConsent(ac.a, policy.WithdrawConsent, subject, c.c, ac.kind, now) == nil
			if withdraw != ac.change {
				t.Errorf("%s: withdraws the consent for %s %v; want %v", ac.a.UserID, c.name, withdraw, ac.change)
			}
			decisions += 2
			allowed += count(view, withdraw)
		}
		record := policy.DecideConsent(ac.a, policy.RecordConsent, subject, nil, ac.kind, now)
		if (record == nil) != ac.change {
			t.Errorf("%s: records consents: %v; want allowed=%v", ac.a.UserID, record, ac.change)
		}
		if record != nil && wijkregie.ErrorCode(record) != wijkregie.EFORBIDDEN {
			t.Errorf("%s: refusal %v; want forbidden", ac.a.UserID, record)
		}
		// Without a household nobody decides anything about consents.
		for _, a := range []policy.Action{policy.ViewConsents, policy.RecordConsent, policy.WithdrawConsent} {
			if err := policy.DecideConsent(ac.a, a, nil, nil, ac.kind, now); err == nil {
				t.Errorf("%s: %s without a subject allowed", ac.a.UserID, a)
			}
		}
		decisions++
	}
	// Another action is not a consent action.
	if err := policy.DecideConsent(actors[0].a, policy.ViewHousehold, subject, nil, wijkregie.OrgGemeente, now); err == nil {
		t.Error("DecideConsent decided a household action")
	}
	// Three staff see and withdraw all six; two partners see two each.
	if want := 3*6*2 + 2*2; allowed != want {
		t.Errorf("%d of %d decisions allowed; want %d", allowed, decisions, want)
	}
	t.Logf("%d actors × %d consents: %d decisions", len(actors), len(consents), decisions)
}

func count(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// TestConsentScope: the list form per role.
func TestConsentScope(t *testing.T) {
	for _, tc := range []struct {
		actor wijkregie.Actor
		kind  wijkregie.OrganisationKind
		want  wijkregie.ConsentScope
	}{
		{actorOf(wijkregie.RoleProfessional), wijkregie.OrgGemeente, wijkregie.ConsentScope{All: true}},
		{actorOf(wijkregie.RoleTeamLead), wijkregie.OrgGemeente, wijkregie.ConsentScope{All: true}},
		{actorOf(wijkregie.RolePartner), wijkregie.OrgGGZ, wijkregie.ConsentScope{OrganisationID: "org-1", Kind: wijkregie.OrgGGZ}},
		{wijkregie.Actor{UserID: "p", Role: wijkregie.RolePartner}, wijkregie.OrgGGZ, wijkregie.ConsentScope{}},
		{actorOf(wijkregie.RolePolicy), wijkregie.OrgGemeente, wijkregie.ConsentScope{}},
		{actorOf(wijkregie.RoleInspection), "", wijkregie.ConsentScope{}},
		{actorOf(wijkregie.RoleAdmin), wijkregie.OrgGemeente, wijkregie.ConsentScope{}},
		{wijkregie.Actor{Role: wijkregie.RoleProfessional}, wijkregie.OrgGemeente, wijkregie.ConsentScope{}},
	} {
		if got := policy.ConsentScope(tc.actor, tc.kind); got != tc.want {
			t.Errorf("ConsentScope(%s %q) = %+v; want %+v", tc.actor.Role, tc.actor.UserID, got, tc.want)
		}
	}
}
