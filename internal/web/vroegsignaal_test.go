package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// outreachHome is a family of the documented professional's team at
// Vroeglaan number, with the outreach the import made of its reports.
type outreachHome struct {
	household, outreach string
}

// newOutreachHome registers the family (a parent Vroegsma and a child)
// and imports, as the lead, a report per kind on the parent, each from
// another creditor.
func (e *env) newOutreachHome(t *testing.T, number int, kinds ...wijkregie.ArrearsKind) *outreachHome {
	t.Helper()
	ctx := context.Background()
	born := time.Date(1984, 9, 12, 0, 0, 0, 0, time.UTC)
	h := &wijkregie.Household{MunicipalityID: demo.MunicipalityID, TeamID: e.users[wijkregie.RoleProfessional].TeamID,
		Address: wijkregie.Address{Street: "Vroeglaan", Number: number, Postcode: "2581ZZ", Town: "Duinhaven"}}
	err := e.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateHousehold(ctx, h); err != nil {
			return err
		}
		for _, m := range []struct {
			given string
			born  time.Time
			rel   wijkregie.Relation
		}{{"Ilse", born, wijkregie.RelationParent}, {"Daan", born.AddDate(28, 0, 0), wijkregie.RelationChild}} {
			p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: m.given, FamilyName: "Vroegsma", BirthDate: m.born}
			if err := q.CreatePerson(ctx, p); err != nil {
				return err
			}
			if err := q.AddMember(ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, PersonID: p.ID,
				Relation: m.rel, From: time.Now().AddDate(-3, 0, 0)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var rows []app.ArrearsRow
	for i, k := range kinds {
		r := wijkregie.ArrearsReport{CreditorName: []string{"Woonstichting Duinwonen", "Zeewind Energie"}[i%2],
			CreditorKind: []wijkregie.CreditorKind{wijkregie.CreditorHousingCorp, wijkregie.CreditorEnergy}[i%2],
			Reference:    fmt.Sprintf("V-%d-%d", number, i), Kind: k,
			Debtor:      wijkregie.Debtor{Surname: "Vroegsma", Initials: "I.", BirthDate: born, Address: h.Address},
			AmountCents: 123456, Terms: 3, Since: time.Now().AddDate(0, -3, 0)}
		if k.Threatening() {
			r.EndDate = time.Now().AddDate(0, 1, 0)
		}
		rows = append(rows, app.ArrearsRow{Line: i + 2, Report: r})
	}
	if _, err := e.svc.ImportArrears(ctx, e.actor(wijkregie.RoleTeamLead), rows, app.ArrearsImport{}); err != nil {
		t.Fatal(err)
	}
	os, err := e.store.R().HouseholdOutreaches(ctx, demo.MunicipalityID, []string{h.ID})
	if err != nil || len(os) != 1 {
		t.Fatalf("outreaches %v, %v", os, err)
	}
	return &outreachHome{household: h.ID, outreach: os[0].ID}
}

// asUser logs in as any user of the demo by e-mail address.
func (e *env) asUser(t *testing.T, emailAddress string) *client {
	t.Helper()
	c := e.anon(t)
	r := c.post(t, "/inloggen", url.Values{"gemeente": {demo.MunicipalityID}, "email": {emailAddress}, "wachtwoord": {demo.Password}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("logging in as %s: status %d", emailAddress, r.status)
	}
	return c
}

// TestOutreachPage: the page of one outreach shows its team the address,
// the residents, the arrears in words and euros, the deadline and the
// threat; it defaults an attempt to today and the clock's part of the
// day; bad input comes back beside its field with the input kept; a
// recorded attempt, an assignment and a closing show on the page, the
// closing with what the creditor is told and the signal it became. Who
// is not of the team does not find it; a partner may not at all.
func TestOutreachPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		home := e.newOutreachHome(t, 1, wijkregie.ArrearsPlain, wijkregie.ArrearsEviction)
		path := "/vroegsignalering/" + home.outreach
		pro := e.as(t, wijkregie.RoleProfessional)
		r := pro.get(t, path)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, r.status)
		}
		checkPage(t, e, path, r)
		for _, want := range []string{"Vroeglaan 1", "Ilse Vroegsma", "Daan Vroegsma", "Woonstichting Duinwonen", "Zeewind Energie",
			"€ 1.234,56", "I. Vroegsma", e.t("vroegsignaal.melding.ontruiming"), e.t("vroegsignaal.schuldeiser.woningcorporatie")} {
			if !strings.Contains(text(r.body), want) {
				t.Errorf("the page does not show %q", want)
			}
		}
		if got := textOf(t, r.body, "dreigend"); got != e.t("vroegsignaal.dreigend") {
			t.Errorf("threat badge %q", got)
		}
		if got := byID(t, r.body, "poging-datum").attrs["value"]; got != wijkregie.Today(time.Now()).Format(time.DateOnly) {
			t.Errorf("the attempt's date defaults to %q; want today", got)
		}
		part := wijkregie.PartOfDayAt(time.Now())
		if len(elements(r.body, "input", "name", "dagdeel", "value", string(part), "checked", "")) != 1 {
			t.Errorf("the part of the day does not default to %s", part)
		}
		if got := textOf(t, r.body, "gevolg-hulp"); got != e.t("vroegsignaal.gevolg.hulp_signaal") {
			t.Errorf("what accepted help leads to: %q", got)
		}
		if !strings.Contains(textOf(t, r.body, "gevolg-contact"), e.t("vroegsignaal.resultaat.geen-hulp-nodig")) {
			t.Error("the outcomes that need contact are not named")
		}

		e.asUser(t, "y.tahiri@duinhaven.example").get(t, path).wantStatus(t, http.StatusNotFound)
		e.as(t, wijkregie.RolePartner).get(t, path).wantStatus(t, http.StatusForbidden)
		e.asUser(t, "y.tahiri@duinhaven.example").post(t, path+"/contactpogingen", url.Values{"soort": {"brief"},
			"datum": {wijkregie.Today(time.Now()).Format(time.DateOnly)}, "dagdeel": {"ochtend"}, "bereikt": {"nee"}}).wantStatus(t, http.StatusNotFound)

		// An attempt without its kind and whether someone was reached:
		// the messages beside the fields, the note kept.
		r = pro.post(t, path+"/contactpogingen", url.Values{"datum": {"morgen"}, "dagdeel": {"avond"}, "toelichting": {"Niemand thuis, kaartje achtergelaten."}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("a bad attempt: %d", r.status)
		}
		for id, key := range map[string]string{"poging-soort": "veld.keuze", "poging-datum": "veld.datum"} {
			if got := textOf(t, r.body, id+"-fout"); got != e.t("formulier.fout")+" "+e.t(key) {
				t.Errorf("beside %s: %q", id, got)
			}
		}
		checkGroupError(t, e, r, "poging-bereikt", "veld.keuze")
		if got := textOf(t, r.body, "poging-toelichting"); got != "Niemand thuis, kaartje achtergelaten." {
			t.Errorf("the note was not kept: %q", got)
		}
		if !isChecked(t, r.body, "poging-dagdeel-avond") {
			t.Error("the part of the day was not kept")
		}

		r = pro.post(t, path+"/contactpogingen", url.Values{"soort": {"huisbezoek"}, "datum": {wijkregie.Today(time.Now()).Format(time.DateOnly)},
			"dagdeel": {"avond"}, "bereikt": {"ja"}, "toelichting": {"Moeder sprak ons aan de deur."}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != path {
			t.Fatalf("an attempt: %d to %s", r.status, r.header.Get("Location"))
		}
		r = pro.get(t, path)
		if !strings.Contains(textOf(t, r.body, "pogingen"), "Moeder sprak ons aan de deur.") || textOf(t, r.body, "bereikt") == e.t("vroegsignaal.nog_niet") {
			t.Errorf("the attempt is not on the page: %s", textOf(t, r.body, "pogingen"))
		}

		// Assigned to oneself.
		r = pro.post(t, path+"/toewijzing", url.Values{"aanMij": {"ja"}, "versie": {versionOf(r.body)}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("assign to me: %d", r.status)
		}
		r = pro.get(t, path)
		if got := textOf(t, r.body, "toegewezen"); got != e.users[wijkregie.RoleProfessional].Name {
			t.Errorf("assigned to %q", got)
		}
		if len(elements(r.body, "form", "id", "aan-mij")) != 0 {
			t.Error("the page still offers to assign it to me")
		}

		// Closing: without an outcome; over a stale version; then help accepted.
		version := versionOf(r.body)
		r = pro.post(t, path+"/afronding", url.Values{"versie": {version}, "toelichting": {"Wil hulp bij het budget."}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("closing without an outcome: %d", r.status)
		}
		if got := textOf(t, r.body, "afronding-resultaat-fout"); got != e.t("formulier.fout")+" "+e.t("veld.keuze") {
			t.Errorf("beside the outcome: %q", got)
		}
		if got := textOf(t, r.body, "afronding-toelichting"); got != "Wil hulp bij het budget." {
			t.Errorf("the note was not kept: %q", got)
		}
		r = pro.post(t, path+"/afronding", url.Values{"versie": {"1"}, "resultaat": {"vervolghulp-financieel"}})
		if r.status != http.StatusConflict || !strings.Contains(text(r.body), e.t("fout.vroegsignaal.gewijzigd")) {
			t.Errorf("a stale closing: %d", r.status)
		}
		r = pro.post(t, path+"/afronding", url.Values{"versie": {version}, "resultaat": {"vervolghulp-financieel"}, "toelichting": {"Wil hulp bij het budget."}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("closing: %d", r.status)
		}
		r = pro.get(t, path)
		if got := textOf(t, r.body, "resultaat"); got != e.t("vroegsignaal.resultaat.vervolghulp-financieel") {
			t.Errorf("outcome %q", got)
		}
		if got := textOf(t, r.body, "teruggemeld"); !strings.HasPrefix(got, e.t("vroegsignaal.teruggemeld.hulp-gestart")) {
			t.Errorf("what the creditor is told: %q", got)
		}
		links := elements(inner(r.body, byID(t, r.body, "vervolg")), "a")
		if len(links) != 1 || !strings.HasPrefix(links[0].attrs["href"], "/signalen/") {
			t.Errorf("no link to the signal it became: %v", links)
		} else {
			sig := pro.get(t, links[0].attrs["href"])
			if sig.status != http.StatusOK {
				t.Errorf("the signal: %d", sig.status)
			}
		}
		if len(elements(r.body, "form")) != 1 { // only the log-out form of the layout
			t.Errorf("a closed outreach still offers %d forms", len(elements(r.body, "form")))
		}
	})
}

// wantStatus fails the test unless the response has the status.
func (r *response) wantStatus(t *testing.T, status int) *response {
	t.Helper()
	if r.status != status {
		t.Errorf("status %d, want %d", r.status, status)
	}
	return r
}

// TestOutreachLabelsExist: every code the outreach's page puts in words
// has its words in both languages — the 15 outcomes, what the creditor is
// told, the kinds of attempt, the parts of the day, the creditors' and the
// reports' kinds, and the case history's line.
func TestOutreachLabelsExist(t *testing.T) {
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string][]string{
		"vroegsignaal.resultaat.":    strs(wijkregie.OutcomeCodes),
		"vroegsignaal.teruggemeld.":  strs(wijkregie.ReducedOutcomes),
		"vroegsignaal.contactsoort.": strs(wijkregie.AttemptKinds),
		"vroegsignaal.dagdeel.":      strs(wijkregie.PartsOfDay),
		"vroegsignaal.schuldeiser.":  strs(wijkregie.CreditorKinds),
		"vroegsignaal.melding.":      strs(wijkregie.ArrearsKinds),
		"vroegsignaal.achterstand.":  {string(wijkregie.ArrearsOpen), string(wijkregie.ArrearsClosed)},
		"vroegsignaal.stand.":        {string(wijkregie.OutreachOpen), string(wijkregie.OutreachClosed)},
		"casus.gebeurtenis.":         {string(wijkregie.EventOutreach)},
	}
	for prefix, cs := range codes {
		for _, c := range cs {
			for _, lang := range []string{locale.NL, locale.EN} {
				if !cat.Has(lang, prefix+c) {
					t.Errorf("%s lacks %q", lang, prefix+c)
				}
			}
		}
	}
}
