package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// consentHome is a family the demo professional registered (and so is
// involved with): a mother, a father, a son of 13, a daughter of 8 and a
// son of 17.
type consentHome struct {
	household                       string
	mother, father, thirteen, eight string
	seventeen                       string
	names                           map[string]string
}

func (e *env) consentHome(t *testing.T) *consentHome {
	t.Helper()
	ctx := context.Background()
	pro := e.actor(wijkregie.RoleProfessional)
	now := time.Now().In(amsterdam)
	h := &consentHome{names: map[string]string{}}
	var members []wijkregie.Member
	for _, m := range []struct {
		id    *string
		given string
		born  time.Time
		rel   wijkregie.Relation
	}{
		{&h.mother, "Noor", now.AddDate(-40, 0, 0), wijkregie.RelationParent},
		{&h.father, "Bram", now.AddDate(-42, 0, 0), wijkregie.RelationParent},
		{&h.thirteen, "Daan", now.AddDate(-13, -4, 0), wijkregie.RelationChild},
		{&h.eight, "Fenna", now.AddDate(-8, -1, 0), wijkregie.RelationChild},
		{&h.seventeen, "Sem", now.AddDate(-17, -2, 0), wijkregie.RelationChild},
	} {
		p, err := e.svc.RegisterPerson(ctx, pro, wijkregie.PersonInput{GivenName: m.given, FamilyName: "Vermeulen",
			BirthDate: m.born.Format(time.DateOnly)}, true)
		if err != nil {
			t.Fatal(err)
		}
		*m.id = p.ID
		h.names[p.ID] = p.FullName()
		members = append(members, wijkregie.Member{PersonID: p.ID, Relation: m.rel, From: wijkregie.Today(now.AddDate(-1, 0, 0))})
	}
	hh := &wijkregie.Household{Address: wijkregie.Address{Street: "Toestemmingslaan", Number: 13, Postcode: "2582AB", Town: "Duinhaven"}}
	if err := e.svc.RegisterHousehold(ctx, pro, hh, members); err != nil {
		t.Fatal(err)
	}
	h.household = hh.ID
	return h
}

// ggzID is the demo's GGZ organisation.
func (e *env) ggzID(t *testing.T) string {
	t.Helper()
	os, err := e.svc.Organisations(context.Background(), e.actor(wijkregie.RoleAdmin))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range os {
		if o.Kind == wijkregie.OrgGGZ {
			return o.ID
		}
	}
	t.Fatal("no GGZ organisation in the demo")
	return ""
}

// giverValues are the values of the form's giver boxes.
func giverValues(body string) []string {
	var out []string
	for _, el := range elements(body, "input", "name", "gegevenDoor") {
		out = append(out, el.attrs["value"])
	}
	return out
}

// TestConsentForm: the form asks exactly the givers the age rules need,
// with the rule in a sentence; an error comes back beside its field with
// the input kept; a recorded consent is listed on the household page,
// and a withdrawn one moves to the ended ones. The partner involved sees
// the consents that name it, and records nothing.
func TestConsentForm(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		h := e.consentHome(t)
		ggz := e.ggzID(t)
		pro := e.as(t, wijkregie.RoleProfessional)

		// Exactly the givers the rules ask for.
		for _, tc := range []struct {
			person, rule string
			givers       []string
		}{
			{h.eight, "toestemming.regel.onder_12", []string{h.mother, h.father}},
			{h.thirteen, "toestemming.regel.12_tot_16", []string{"betrokkene", h.mother, h.father}},
			{h.seventeen, "toestemming.regel.vanaf_16", []string{"betrokkene"}},
		} {
			path := "/personen/" + tc.person + "/toestemmingen/nieuw"
			r := pro.get(t, path)
			if r.status != http.StatusOK {
				t.Fatalf("GET %s = %d", path, r.status)
			}
			checkPage(t, e, path, r)
			// The parents come in the household's order, by id among
			// those of one name and date: compared as a set.
			if got := giverValues(r.body); !sameSet(got, tc.givers) {
				t.Errorf("%s: givers %v; want %v", h.names[tc.person], got, tc.givers)
			}
			age := map[string]int{h.eight: 8, h.thirteen: 13, h.seventeen: 17}[tc.person]
			if got, want := textOf(t, r.body, "leeftijdsregel"), e.t(tc.rule, "naam", h.names[tc.person], "leeftijd", age); got != want {
				t.Errorf("%s: rule %q; want %q", h.names[tc.person], got, want)
			}
		}

		// A child of 13 without a parent: the error beside the givers,
		// every field as it was typed.
		path := "/personen/" + h.thirteen + "/toestemmingen"
		form := url.Values{"gegevenDoor": {"betrokkene"}, "gegevenOp": {day(0)}, "wijze": {"schriftelijk"}, "organisatie": {ggz},
			"doel": {"uitvoeren-plan"}, "domeinen": {"geestelijke-gezondheid", "huiselijke-relaties"}, "tot": {day(90)}}
		r := pro.post(t, path, form)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a child of 13 alone: %d; want 422", r.status)
		}
		checkPage(t, e, path, r)
		wantFieldError(t, e, r.body, "gegevenDoor", "veld.toestemming.gevers.gezagsdrager")
		for _, want := range [][2]string{{"gegevenDoor", "betrokkene"}, {"domeinen", "geestelijke-gezondheid"}, {"domeinen", "huiselijke-relaties"}, {"wijze", "schriftelijk"}, {"doel", "uitvoeren-plan"}} {
			if len(elements(r.body, "input", "name", want[0], "value", want[1], "checked", "")) != 1 {
				t.Errorf("after the error %s=%s is not kept", want[0], want[1])
			}
		}
		if len(elements(r.body, "option", "value", ggz, "selected", "")) != 1 || len(elements(r.body, "input", "name", "tot", "value", day(90))) != 1 {
			t.Error("after the error the organisation or the end date is not kept")
		}
		// A date that is none, and no domains.
		bad := url.Values{"gegevenDoor": {"betrokkene", h.mother}, "gegevenOp": {"gisteren"}, "wijze": {"mondeling"}, "organisatie": {ggz}, "doel": {"uitvoeren-plan"}}
		r = pro.post(t, path, bad)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a bad date: %d; want 422", r.status)
		}
		wantFieldError(t, e, r.body, "gegevenOp", "veld.datum")

		// Recorded with child and mother: back to the household's consents.
		form["gegevenDoor"] = []string{"betrokkene", h.mother}
		r = pro.post(t, path, form)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/huishoudens/"+h.household+"#toestemmingen" {
			t.Fatalf("recording: %d to %q", r.status, r.header.Get("Location"))
		}
		r = pro.get(t, "/huishoudens/"+h.household)
		checkPage(t, e, "/huishoudens/"+h.household, r)
		active := textOf(t, r.body, "toestemmingen-"+h.thirteen+"-actief")
		if active != e.t("toestemming.actief.bijschrift", "naam", h.names[h.thirteen]) {
			t.Errorf("caption %q", active)
		}
		table := inner(r.body, elements(r.body, "table", "class", "tabel toestemmingen-actief")[0])
		row := text(inner(table, elements(table, "tbody")[0]))
		for _, want := range []string{"GGZ Kustland", "Uitvoeren van het plan", "Geestelijke gezondheid, Huiselijke relaties", "schriftelijk",
			h.names[h.thirteen] + " zelf", h.names[h.mother] + " (ouder met gezag)"} {
			if !strings.Contains(row, want) {
				t.Errorf("the consent's row %q lacks %q", row, want)
			}
		}
		withdraw := elements(table, "form", "method", "get")
		if len(withdraw) != 1 {
			t.Fatalf("%d withdraw buttons; want 1", len(withdraw))
		}
		wpath := withdraw[0].attrs["action"]

		// The partner, once involved, sees the consents that name it: not
		// this one, and records none.
		partner := e.users[wijkregie.RolePartner]
		if err := s.Tx(context.Background(), func(q *store.Q) error {
			return q.Involve(context.Background(), &wijkregie.Involvement{MunicipalityID: partner.MunicipalityID, HouseholdID: h.household,
				UserID: partner.ID, Kind: wijkregie.InvolvementContributor})
		}); err != nil {
			t.Fatal(err)
		}
		pc := e.as(t, wijkregie.RolePartner)
		r = pc.get(t, "/huishoudens/"+h.household)
		if r.status != http.StatusOK || len(elements(r.body, "section", "id", "toestemmingen")) != 1 {
			t.Fatalf("the partner's household page: %d", r.status)
		}
		if len(elements(r.body, "table", "class", "tabel toestemmingen-actief")) != 0 || strings.Contains(r.body, "/toestemmingen/nieuw") {
			t.Error("the partner sees another organisation's consent, or may record one")
		}
		if r := pc.get(t, wpath); r.status != http.StatusForbidden {
			t.Errorf("the partner opens the withdrawal: %d; want 403", r.status)
		}
		if r := pc.get(t, "/personen/"+h.thirteen+"/toestemmingen/nieuw"); r.status != http.StatusForbidden {
			t.Errorf("the partner opens the form: %d; want 403", r.status)
		}

		// The confirmation page, then the withdrawal.
		r = pro.get(t, wpath)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s = %d", wpath, r.status)
		}
		checkPage(t, e, wpath, r)
		ver := elements(r.body, "input", "name", "versie")
		if len(ver) != 1 {
			t.Fatal("the confirmation has no version")
		}
		n, _ := strconv.Atoi(ver[0].attrs["value"])
		r = pro.post(t, wpath, url.Values{"versie": {strconv.Itoa(n + 1)}, "reden": {"Wil het zelf vertellen."}})
		if r.status != http.StatusConflict || textOf(t, r.body, "foutoverzicht-kop") == "" {
			t.Errorf("a withdrawal over another version: %d; want 409 with the form", r.status)
		}
		r = pro.post(t, wpath, url.Values{"versie": {ver[0].attrs["value"]}, "reden": {"Daan wil het zelf aan de GGZ vertellen."}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("withdrawing: %d", r.status)
		}
		r = pro.get(t, "/huishoudens/"+h.household)
		if len(elements(r.body, "table", "class", "tabel toestemmingen-actief")) != 0 {
			t.Error("the withdrawn consent is still listed as holding")
		}
		ended := elements(r.body, "table", "class", "tabel toestemmingen-beeindigd")
		if len(ended) != 1 || !strings.Contains(text(inner(r.body, ended[0])), "Daan wil het zelf aan de GGZ vertellen.") {
			t.Errorf("the ended consents: %d tables", len(ended))
		}
		if r := pro.get(t, wpath); r.status != http.StatusConflict {
			t.Errorf("withdrawing again: %d; want 409", r.status)
		}
	})
}

// TestConsentPagesByRole visits the consent pages as every demo role: the
// team's professional and lead get them, with what every page has; the
// others a refusal. The household page's section is there for whoever
// sees consents, with the link to record one only for the team.
func TestConsentPagesByRole(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	h := e.consentHome(t)
	c, err := e.svc.RecordConsent(context.Background(), e.actor(wijkregie.RoleProfessional), &wijkregie.Consent{PersonID: h.seventeen,
		OrganisationID: e.ggzID(t), Purpose: wijkregie.ConsentShareInformation, Domains: []string{"geestelijke-gezondheid"},
		GivenOn: wijkregie.Today(time.Now()), Method: wijkregie.ConsentOral,
		GivenBy: []wijkregie.ConsentGiver{{PersonID: h.seventeen, Capacity: wijkregie.GiverSelf}}})
	if err != nil {
		t.Fatal(err)
	}
	const pro, lead = wijkregie.RoleProfessional, wijkregie.RoleTeamLead
	pages := []string{
		"/personen/" + h.thirteen + "/toestemmingen/nieuw",
		"/personen/" + h.eight + "/toestemmingen/nieuw",
		"/toestemmingen/" + c.ID + "/intrekken",
	}
	for _, role := range wijkregie.Roles {
		cl := e.as(t, role)
		for _, path := range pages {
			r := cl.get(t, path)
			if role != pro && role != lead {
				if r.status != http.StatusForbidden && r.status != http.StatusNotFound {
					t.Errorf("GET %s as %s = %d; want a refusal", path, role, r.status)
				}
				continue
			}
			if r.status != http.StatusOK {
				t.Errorf("GET %s as %s = %d; want 200", path, role, r.status)
				continue
			}
			checkPage(t, e, path, r)
			cur := elements(r.body, "a", "aria-current", "page")
			if len(cur) != 1 || cur[0].attrs["href"] != "/huishoudens" {
				t.Errorf("GET %s as %s: menu marks %v; want /huishoudens", path, role, cur)
			}
		}
		r := cl.get(t, "/huishoudens/"+h.household)
		if role != pro && role != lead {
			continue // the household page's own rule: pages_test.go
		}
		if len(elements(r.body, "section", "id", "toestemmingen")) != 1 || len(elements(r.body, "a", "href", pages[0])) != 1 {
			t.Errorf("the household page as %s lacks the consents or the link to record one", role)
		}
	}
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
