package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// The team's outreach list, the monitor and the creditors' feedback over
// HTTP: the documents' schemas, the parameters refused beside their
// names, the roles, and the CSV.

// outreachWorld is three households in Wijkteam Centrum's area (2583ZA)
// with outreaches the import made: two of Woonstichting Centrum (one
// closed with vervolghulp financieel after a visit, one still open) and
// one of Zeewind Energie on the first household too.
type outreachWorld struct {
	creditor, energy string
	closed, open     string // the outreaches
	team             string
}

func (f *fixture) outreachWorld(t *testing.T) *outreachWorld {
	t.Helper()
	ctx := context.Background()
	lead := wijkregie.ActorOf(f.users[wijkregie.RoleTeamLead])
	report := func(creditor string, ck wijkregie.CreditorKind, ref string, number int) app.ArrearsRow {
		return app.ArrearsRow{Line: number + 1, Report: wijkregie.ArrearsReport{CreditorName: creditor, CreditorKind: ck, Reference: ref,
			Kind: wijkregie.ArrearsPlain, AmountCents: 12345, Terms: 2, Since: time.Now().AddDate(0, -2, 0),
			Debtor: wijkregie.Debtor{Surname: "Apisma", BirthDate: time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC),
				Address: wijkregie.Address{Street: "Apiweg", Number: number, Postcode: "2583ZA", Town: "Duinhaven"}}}}
	}
	sum, err := f.svc.ImportArrears(ctx, lead, []app.ArrearsRow{report("Woonstichting Centrum", wijkregie.CreditorHousingCorp, "HC-1", 1),
		report("Zeewind Energie", wijkregie.CreditorEnergy, "ZE-1", 1), report("Woonstichting Centrum", wijkregie.CreditorHousingCorp, "HC-2", 2)},
		app.ArrearsImport{})
	if err != nil || sum.Rejected != 0 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	w := &outreachWorld{team: f.users[wijkregie.RoleTeamLead].TeamID}
	l, err := f.svc.OutreachList(ctx, lead, app.OutreachListFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range l.Items {
		if it.Address.Street != "Apiweg" {
			continue
		}
		if it.Address.Number == 1 {
			w.closed = it.Outreach.ID
		} else {
			w.open = it.Outreach.ID
		}
	}
	if _, _, err := f.svc.RecordContactAttempt(ctx, lead, w.closed, &wijkregie.ContactAttempt{Kind: wijkregie.AttemptPhone,
		On: wijkregie.Today(time.Now()), PartOfDay: wijkregie.Morning, Reached: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CloseOutreach(ctx, lead, w.closed, app.OutreachClosing{Outcome: wijkregie.OutcomeFinancialHelp}); err != nil {
		t.Fatal(err)
	}
	cs, err := f.svc.Creditors(ctx, lead)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		switch c.Name {
		case "Woonstichting Centrum":
			w.creditor = c.ID
		case "Zeewind Energie":
			w.energy = c.ID
		}
	}
	if w.closed == "" || w.open == "" || w.creditor == "" || w.energy == "" {
		t.Fatalf("outreach world %+v", w)
	}
	return w
}

func TestOutreachListAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		w := f.outreachWorld(t)

		var l api.VroegsignaalLijst
		r := f.do(wijkregie.RoleProfessional, "GET", "/api/v1/vroegsignalen", nil).want(t, http.StatusOK)
		f.conforms(t, r, "VroegsignaalLijst").decode(t, &l)
		var mine *api.VroegsignaalRegel
		for i := range l.Resultaten {
			if l.Resultaten[i].ID == w.open {
				mine = &l.Resultaten[i]
			}
			if l.Resultaten[i].ID == w.closed {
				t.Errorf("the closed outreach is on te doen")
			}
		}
		if mine == nil || mine.Adres.Straat != "Apiweg" || mine.AantalAchterstanden != 1 || mine.TeLaat || mine.DagenTotUiterlijk < 27 ||
			l.Aantallen.TeDoen != l.Paginering.Totaal || l.Aantallen.Afgerond < 1 || l.Aantallen.Bereikt < 1 {
			t.Errorf("te doen: %+v; the open outreach %+v", l, mine)
		}
		if strings.Contains(string(r.body), "Apisma") {
			t.Error("the list names the debtor")
		}
		r = f.do(wijkregie.RoleTeamLead, "GET", "/api/v1/vroegsignalen?status=afgerond&team="+w.team, nil).want(t, http.StatusOK)
		f.conforms(t, r, "VroegsignaalLijst").decode(t, &l)
		if len(l.Resultaten) == 0 || l.Resultaten[0].ID != w.closed || l.Resultaten[0].Status != "afgerond" || l.Resultaten[0].AfgerondOp == nil ||
			l.Resultaten[0].AantalSchuldeisers != 2 || l.Resultaten[0].EersteContactOp == nil {
			t.Errorf("afgerond: %+v", l.Resultaten)
		}

		// Bad parameters are named; another team is refused; so are roles
		// without the list.
		for _, tc := range []struct {
			query string
			names []string
		}{
			{"?status=alles", []string{"status"}},
			{"?team=onzin&pagina=0", []string{"pagina", "team"}},
		} {
			p := f.do(wijkregie.RoleProfessional, "GET", "/api/v1/vroegsignalen"+tc.query, nil).want(t, http.StatusBadRequest).problem(t)
			if names := paramNames(p); !slices.Equal(sorted(names), tc.names) {
				t.Errorf("%s: invalid %v; want %v", tc.query, names, tc.names)
			}
		}
		other := wijkregie.NewID(time.Now())
		teams, err := f.svc.Teams(context.Background(), wijkregie.ActorOf(f.users[wijkregie.RoleAdmin]))
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range teams {
			if tm.ID != w.team {
				other = tm.ID
			}
		}
		f.do(wijkregie.RoleProfessional, "GET", "/api/v1/vroegsignalen?team="+other, nil).want(t, http.StatusForbidden).problem(t)
		for _, role := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleAdmin, wijkregie.RolePartner} {
			f.do(role, "GET", "/api/v1/vroegsignalen", nil).want(t, http.StatusForbidden)
		}
	})
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

func TestOutreachMonitorAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		w := f.outreachWorld(t)

		var m api.VroegsignaleringMonitor
		r := f.do(wijkregie.RoleTeamLead, "GET", "/api/v1/vroegsignalering/monitor", nil).want(t, http.StatusOK)
		f.conforms(t, r, "VroegsignaleringMonitor").decode(t, &m)
		q := app.Quarter(time.Now())
		if m.Team == nil || *m.Team != w.team || m.Van != q.From.Format(time.DateOnly) || m.Tot != q.To.Format(time.DateOnly) ||
			m.Meldingen < 3 || m.Huishoudens < 2 || m.HulpGeaccepteerd < 1 || len(m.MeldingenPerSoortSchuldeiser) != len(wijkregie.CreditorKinds) ||
			len(m.Resultaten) != len(wijkregie.OutcomeCodes) || m.EersteContact.Aantal < 1 || m.EersteContact.MediaanDagen == nil {
			t.Errorf("the lead's monitor %+v", m)
		}
		for _, role := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin} {
			r := f.do(role, "GET", "/api/v1/vroegsignalering/monitor?van=2020-01-01&tot=2020-12-31", nil).want(t, http.StatusOK)
			f.conforms(t, r, "VroegsignaleringMonitor").decode(t, &m)
			if m.Team != nil || m.Meldingen != 0 || m.Van != "2020-01-01" || m.EersteContact.MediaanDagen != nil || m.EersteContact.PercentageBinnenTermijn != nil {
				t.Errorf("%s, 2020: %+v", role, m)
			}
			if strings.Contains(string(r.body), "Apiweg") || strings.Contains(string(r.body), "Apisma") {
				t.Errorf("%s: the monitor names a household", role)
			}
		}
		r = f.do(wijkregie.RolePolicy, "GET", "/api/v1/vroegsignalering/monitor?team="+w.team, nil).want(t, http.StatusOK)
		f.conforms(t, r, "VroegsignaleringMonitor").decode(t, &m)
		if m.Team == nil || *m.Team != w.team || m.Meldingen < 3 {
			t.Errorf("beleid, Centrum: %+v", m)
		}
		for _, tc := range []struct {
			query string
			names []string
		}{
			{"?van=2026-13-01", []string{"van"}},
			{"?van=&tot=2026-01-01", []string{"van"}},
			{"?van=2026-03-01&tot=2026-02-01", []string{"tot"}},
			{"?team=onzin", []string{"team"}},
			{"?team=" + wijkregie.NewID(time.Now()), []string{"team"}},
		} {
			p := f.do(wijkregie.RolePolicy, "GET", "/api/v1/vroegsignalering/monitor"+tc.query, nil).want(t, http.StatusBadRequest).problem(t)
			if names := paramNames(p); !slices.Equal(sorted(names), tc.names) {
				t.Errorf("%s: invalid %v; want %v", tc.query, names, tc.names)
			}
		}
		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RolePartner, wijkregie.RolePrivacy} {
			f.do(role, "GET", "/api/v1/vroegsignalering/monitor", nil).want(t, http.StatusForbidden)
		}
	})
}

func TestCreditorFeedbackAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		w := f.outreachWorld(t)

		var cs struct {
			Resultaten []api.Schuldeiser `json:"resultaten"`
		}
		r := f.do(wijkregie.RoleAdmin, "GET", "/api/v1/schuldeisers", nil).want(t, http.StatusOK)
		f.conforms(t, r, "SchuldeiserLijst").decode(t, &cs)
		if !slices.ContainsFunc(cs.Resultaten, func(c api.Schuldeiser) bool {
			return c.ID == w.creditor && c.Naam == "Woonstichting Centrum" && c.Soort == "woningcorporatie"
		}) {
			t.Errorf("creditors %+v", cs.Resultaten)
		}

		var fb api.Terugmeldingen
		path := "/api/v1/schuldeisers/" + w.creditor + "/terugmeldingen"
		r = f.do(wijkregie.RoleTeamLead, "GET", path, nil).want(t, http.StatusOK)
		f.conforms(t, r, "Terugmeldingen").decode(t, &fb)
		today := wijkregie.Today(time.Now()).Format(time.DateOnly)
		want := api.Terugmelding{Referentie: "HC-1", DatumMelding: today, Resultaat: "hulp-gestart", ResultaatOmschrijving: "Hulp gestart", DatumAfgerond: today}
		if len(fb.Resultaten) != 1 || fb.Resultaten[0] != want || fb.Paginering.Totaal != 1 || fb.Schuldeiser.ID != w.creditor {
			t.Errorf("the feedback %+v; want only %+v", fb, want)
		}
		for _, leak := range []string{"Apisma", "Apiweg", "2583", "vervolghulp", "ZE-1", "HC-2"} {
			if strings.Contains(string(r.body), leak) {
				t.Errorf("the feedback holds %q: %s", leak, r.body)
			}
		}

		wantCSV := "referentie;datum melding;teruggemeld resultaat;datum afgerond\r\nHC-1;" + today + ";Hulp gestart;" + today + "\r\n"
		for _, how := range [][]string{{"Accept", "text/csv"}, {"Accept", "text/csv, application/json;q=0.5"}, nil} {
			p := path
			if how == nil {
				p += "?formaat=csv"
			}
			r := f.do(wijkregie.RoleTeamLead, "GET", p, nil, how...).want(t, http.StatusOK)
			q := app.Quarter(time.Now())
			if r.header.Get("Content-Type") != "text/csv; charset=utf-8" || string(r.body) != wantCSV ||
				!strings.Contains(r.header.Get("Content-Disposition"), app.FeedbackFileName(w.creditor, q)) {
				t.Errorf("CSV by %v: %s %q %q", how, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"), r.body)
			}
		}
		r = f.do(wijkregie.RoleTeamLead, "GET", path, nil, "Accept", "application/json").want(t, http.StatusOK)
		if r.header.Get("Content-Type") != "application/json" {
			t.Errorf("JSON asked: %s", r.header.Get("Content-Type"))
		}

		// The energy company hears of its own contract on the same household.
		r = f.do(wijkregie.RoleAdmin, "GET", "/api/v1/schuldeisers/"+w.energy+"/terugmeldingen", nil).want(t, http.StatusOK)
		f.conforms(t, r, "Terugmeldingen").decode(t, &fb)
		if len(fb.Resultaten) != 1 || fb.Resultaten[0].Referentie != "ZE-1" {
			t.Errorf("the energy company's feedback %+v", fb.Resultaten)
		}
		r = f.do(wijkregie.RoleTeamLead, "GET", path+"?van=2020-01-01&tot=2020-03-31", nil).want(t, http.StatusOK)
		f.conforms(t, r, "Terugmeldingen").decode(t, &fb)
		if len(fb.Resultaten) != 0 || fb.Van != "2020-01-01" || fb.Tot != "2020-03-31" {
			t.Errorf("2020: %+v", fb)
		}

		for _, tc := range []struct {
			query string
			names []string
		}{
			{"?formaat=xml", []string{"formaat"}},
			{"?van=gisteren&paginaGrootte=500", []string{"paginaGrootte", "van"}},
			{"?van=2026-03-01&tot=2026-02-01", []string{"tot"}},
		} {
			p := f.do(wijkregie.RoleTeamLead, "GET", path+tc.query, nil).want(t, http.StatusBadRequest).problem(t)
			if names := paramNames(p); !slices.Equal(sorted(names), tc.names) {
				t.Errorf("%s: invalid %v; want %v", tc.query, names, tc.names)
			}
		}
		f.do(wijkregie.RoleTeamLead, "GET", "/api/v1/schuldeisers/"+wijkregie.NewID(time.Now())+"/terugmeldingen", nil).want(t, http.StatusNotFound)
		f.do(wijkregie.RoleTeamLead, "GET", "/api/v1/schuldeisers/onzin/terugmeldingen", nil).want(t, http.StatusNotFound)
		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RolePartner} {
			f.do(role, "GET", path, nil).want(t, http.StatusForbidden)
			f.do(role, "GET", "/api/v1/schuldeisers", nil).want(t, http.StatusForbidden)
		}
	})
}
