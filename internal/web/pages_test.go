package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// ids are records of the demo that the page tests visit.
type ids struct {
	household    string // a household the demo professional coordinates
	person       string // a member of it
	organisation string
	team         string
	user         string // the demo professional
	service      string // an active entry of the sociale kaart
	signal       string // a partner's signal on the household's person
	signalOK     []wijkregie.Role
	signalNotIn  []wijkregie.Role
}

func (e *env) ids(t *testing.T) ids {
	t.Helper()
	ctx := context.Background()
	pro := e.actor(wijkregie.RoleProfessional)
	hs, _, err := e.svc.Households(ctx, pro, store.Page{Limit: 1})
	if err != nil || len(hs) == 0 {
		t.Fatalf("the demo professional sees no household (%v)", err)
	}
	_, ps, err := e.store.R().HouseholdMembers(ctx, pro.MunicipalityID, hs[0].ID)
	if err != nil || len(ps) == 0 {
		t.Fatalf("household %s: %v, %d members", hs[0].ID, err, len(ps))
	}
	admin := e.actor(wijkregie.RoleAdmin)
	os, err := e.svc.Organisations(ctx, admin)
	if err != nil || len(os) == 0 {
		t.Fatalf("organisations: %v", err)
	}
	ts, err := e.svc.Teams(ctx, admin)
	if err != nil || len(ts) == 0 {
		t.Fatalf("teams: %v", err)
	}
	svs, _, err := e.svc.Services(ctx, pro, store.ServiceFilter{Page: store.Page{Limit: 1}})
	if err != nil || len(svs) == 0 {
		t.Fatalf("sociale kaart: %v, %d services", err, len(svs))
	}
	sig := &wijkregie.Signal{Kind: wijkregie.SignalCareReport, PersonID: ps[0].ID, SourceKind: wijkregie.SourceSchool,
		Domains: []string{"financien"}, Description: "Zorgen over de huur.", Urgency: wijkregie.UrgencyNormal}
	if err := e.svc.CreateSignal(ctx, e.actor(wijkregie.RolePartner), sig, nil); err != nil {
		t.Fatalf("signal: %v", err)
	}
	out := ids{household: hs[0].ID, person: ps[0].ID, organisation: os[0].ID, team: ts[0].ID, user: pro.UserID, service: svs[0].ID, signal: sig.ID}
	// Who may read it is the policy's business (tested in internal/app);
	// here every reader must get the page and every other caseworker a 404.
	for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePartner} {
		if _, err := e.svc.Signal(ctx, e.actor(role), sig.ID); err == nil {
			out.signalOK = append(out.signalOK, role)
		} else {
			out.signalNotIn = append(out.signalNotIn, role)
		}
	}
	return out
}

// pageCase is a page with the roles that may see it.
type pageCase struct {
	path  string
	ok    []wijkregie.Role
	notIn []wijkregie.Role // allowed by role, but the subject is outside their scope: 404
	nav   string           // the menu item marked current
}

// pageCases lists every GET page of the UI with who may see it.
func pageCases(id ids) []pageCase {
	const (
		pro     = wijkregie.RoleProfessional
		lead    = wijkregie.RoleTeamLead
		partner = wijkregie.RolePartner
		admin   = wijkregie.RoleAdmin
	)
	all := wijkregie.Roles
	return []pageCase{
		{"/", all, nil, "/"},
		{"/huishoudens", []wijkregie.Role{pro, lead, partner}, nil, "/huishoudens"},
		{"/huishoudens/" + id.household, []wijkregie.Role{pro, lead}, []wijkregie.Role{partner}, "/huishoudens"},
		{"/personen/" + id.person, []wijkregie.Role{pro, lead}, []wijkregie.Role{partner}, "/huishoudens"},
		{"/personen/" + id.person + "/auditlog", []wijkregie.Role{pro, lead, admin}, nil, ""},
		{"/personen/zoeken", []wijkregie.Role{pro, lead}, nil, "/personen/zoeken"},
		{"/personen/zoeken?huishouden=" + id.household, []wijkregie.Role{pro, lead}, nil, "/personen/zoeken"},
		{"/personen/nieuw", []wijkregie.Role{pro, lead}, nil, "/personen/zoeken"},
		{"/huishoudens/nieuw", []wijkregie.Role{pro, lead}, nil, "/huishoudens"},
		{"/huishoudens/nieuw?persoon=" + id.person, []wijkregie.Role{pro, lead}, nil, "/huishoudens"},
		{"/huishoudens/" + id.household + "/leden/nieuw?persoon=" + id.person, []wijkregie.Role{pro, lead}, nil, "/huishoudens"},
		{"/signalen", []wijkregie.Role{pro, lead, partner}, nil, "/signalen"},
		{"/signalen/nieuw", []wijkregie.Role{pro, lead, partner}, nil, "/signalen"},
		{"/signalen/nieuw?persoon=" + id.person, []wijkregie.Role{pro, lead, partner}, nil, "/signalen"},
		{"/signalen/" + id.signal, id.signalOK, id.signalNotIn, "/signalen"},
		{"/inbox", all, nil, "/inbox"},
		{"/sociale-kaart", all, nil, "/sociale-kaart"},
		{"/sociale-kaart?zoekterm=hulp&domein=financien&postcode=2582AB", all, nil, "/sociale-kaart"},
		{"/sociale-kaart/" + id.service, all, nil, "/sociale-kaart"},
		{"/beheer/sociale-kaart/nieuw", []wijkregie.Role{admin}, nil, "/sociale-kaart"},
		{"/beheer/sociale-kaart/" + id.service, []wijkregie.Role{admin}, nil, "/sociale-kaart"},
		{"/beheer/organisaties", all, nil, "/beheer/organisaties"},
		{"/beheer/organisaties/nieuw", []wijkregie.Role{admin}, nil, "/beheer/organisaties"},
		{"/beheer/organisaties/" + id.organisation, []wijkregie.Role{admin}, nil, "/beheer/organisaties"},
		{"/beheer/teams", all, nil, "/beheer/teams"},
		{"/beheer/teams/nieuw", []wijkregie.Role{admin}, nil, "/beheer/teams"},
		{"/beheer/teams/" + id.team, []wijkregie.Role{admin}, nil, "/beheer/teams"},
		{"/beheer/medewerkers", []wijkregie.Role{pro, lead, admin}, nil, "/beheer/medewerkers"},
		{"/beheer/medewerkers/nieuw", []wijkregie.Role{admin}, nil, "/beheer/medewerkers"},
		{"/beheer/medewerkers/" + id.user, []wijkregie.Role{admin}, nil, "/beheer/medewerkers"},
		{"/account", all, nil, "/account"},
		{"/beheer/auditlog", []wijkregie.Role{admin, wijkregie.RolePrivacy}, nil, "/beheer/auditlog"},
		{"/beheer/auditlog?soort=zoeken", []wijkregie.Role{admin, wijkregie.RolePrivacy}, nil, "/beheer/auditlog"},
		{"/account/tweede-factor", []wijkregie.Role{admin, wijkregie.RolePrivacy}, nil, "/account"},
		{"/account/tweede-factor/controle", []wijkregie.Role{admin, wijkregie.RolePrivacy}, nil, "/beheer/auditlog"},
	}
}

// TestPagesByRole visits every page as every demo role: a role with access
// gets the page, one without a 403 page (or, for a household outside its
// scope, a 404: whether a family is known is itself information).
func TestPagesByRole(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		id := e.ids(t)
		pages := pageCases(id)
		all := wijkregie.Roles
		clients := map[wijkregie.Role]*client{}
		for _, role := range all {
			clients[role] = e.as(t, role)
		}
		// The audit log's readers show their second factor first.
		clients[wijkregie.RoleAdmin].stepUp(t)
		clients[wijkregie.RolePrivacy].stepUp(t)
		for _, pg := range pages {
			for _, role := range all {
				r := clients[role].get(t, pg.path)
				want, heading := http.StatusForbidden, e.t("titel.fout.geen_toegang")
				switch {
				case contains(pg.ok, role):
					want, heading = http.StatusOK, ""
				case contains(pg.notIn, role):
					want, heading = http.StatusNotFound, e.t("titel.fout.niet_gevonden")
				}
				if r.status != want {
					t.Errorf("GET %s as %s = %d; want %d", pg.path, role, r.status, want)
					continue
				}
				checkPage(t, e, pg.path, r)
				h1 := texts(r.body, "h1")
				if heading != "" && (len(h1) != 1 || h1[0] != heading) {
					t.Errorf("GET %s as %s: h1 %q; want %q", pg.path, role, h1, heading)
				}
				if want == http.StatusOK && pg.nav != "" {
					menu := elements(r.body, "nav", "aria-label", e.t("layout.hoofdmenu"))
					if len(menu) != 1 {
						t.Errorf("GET %s as %s: %d main menus; want 1", pg.path, role, len(menu))
						continue
					}
					cur := elements(inner(r.body, menu[0]), "a", "aria-current", "page")
					if len(cur) != 1 || cur[0].attrs["href"] != pg.nav {
						t.Errorf("GET %s as %s: the menu marks %v as current; want %s", pg.path, role, cur, pg.nav)
					}
				}
			}
		}
	})
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// checkPage checks what every full page must have: Dutch, one h1, a skip
// link to main, a generic title, and the headers of an HTML response.
func checkPage(t *testing.T, e *env, path string, r *response) {
	t.Helper()
	if got := elements(r.body, "html", "lang", "nl"); len(got) != 1 {
		t.Errorf("%s: no <html lang=\"nl\">", path)
	}
	if n := len(elements(r.body, "h1")); n != 1 {
		t.Errorf("%s: %d h1 elements; want 1", path, n)
	}
	if len(elements(r.body, "a", "class", "naar-inhoud", "href", "#inhoud")) != 1 || len(elements(r.body, "main", "id", "inhoud")) != 1 {
		t.Errorf("%s: no skip link to main#inhoud", path)
	}
	title := texts(r.body, "title")
	if len(title) != 1 || !strings.HasSuffix(title[0], " — wijkregie") {
		t.Errorf("%s: title %q; want one generic title ending in \" — wijkregie\"", path, title)
	}
	if !contains(r.header.Values("Vary"), "HX-Request") {
		t.Errorf("%s: Vary = %q; want HX-Request", path, r.header.Values("Vary"))
	}
	if got := r.header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("%s: Cache-Control = %q; want no-store", path, got)
	}
	// Every field has a label.
	for _, el := range elements(r.body, "") {
		if (el.name == "input" && el.attrs["type"] != "hidden") || el.name == "select" || el.name == "textarea" {
			if len(elements(r.body, "label", "for", el.attrs["id"])) != 1 {
				t.Errorf("%s: %s %q has no label", path, el.name, el.attrs["name"])
			}
		}
	}
	// Every table has a caption and column headers with a scope.
	for _, tbl := range elements(r.body, "table") {
		in := inner(r.body, tbl)
		if len(elements(in, "caption")) != 1 {
			t.Errorf("%s: a table without caption", path)
		}
		for _, th := range elements(in, "th") {
			if th.attrs["scope"] != "col" && th.attrs["scope"] != "row" {
				t.Errorf("%s: a th without scope", path)
			}
		}
	}
}
