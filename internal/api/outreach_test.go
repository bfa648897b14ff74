package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// otherTeam is the key of the token of a professional of another team than
// the documented professional's.
const otherTeam = wijkregie.Role("professional-ander-team")

// outreachAt registers a household of the professional's team at
// Vroegpad number and imports, as the lead, a report on it: the outreach
// it opens. threatening makes it an announced cut-off.
func (f *fixture) outreachAt(t *testing.T, number int, threatening bool) string {
	t.Helper()
	ctx := context.Background()
	h := &wijkregie.Household{MunicipalityID: demo.MunicipalityID, TeamID: f.users[wijkregie.RoleProfessional].TeamID,
		Address: wijkregie.Address{Street: "Vroegpad", Number: number, Postcode: "2581ZZ", Town: "Duinhaven"}}
	if err := f.s.Tx(ctx, func(q *store.Q) error { return q.CreateHousehold(ctx, h) }); err != nil {
		t.Fatal(err)
	}
	r := wijkregie.ArrearsReport{CreditorName: "Woonstichting Duinwonen", CreditorKind: wijkregie.CreditorHousingCorp,
		Reference: fmt.Sprintf("HUUR-%d", number), Kind: wijkregie.ArrearsPlain,
		Debtor:      wijkregie.Debtor{Surname: "Vries", Prefix: "de", Initials: "A.", BirthDate: time.Date(1979, 2, 3, 0, 0, 0, 0, time.UTC), Address: h.Address},
		AmountCents: 45678, Terms: 2, Since: time.Now().AddDate(0, -2, 0)}
	if threatening {
		r.Kind, r.EndDate = wijkregie.ArrearsCutOff, time.Now().AddDate(0, 0, 30)
	}
	if _, err := f.svc.ImportArrears(ctx, wijkregie.ActorOf(f.users[wijkregie.RoleTeamLead]), []app.ArrearsRow{{Line: 2, Report: r}}, app.ArrearsImport{}); err != nil {
		t.Fatal(err)
	}
	os, err := f.s.R().HouseholdOutreaches(ctx, demo.MunicipalityID, []string{h.ID})
	if err != nil || len(os) != 1 {
		t.Fatalf("outreaches %v, %v", os, err)
	}
	return os[0].ID
}

// TestOutreachAPI: GET /vroegsignalen/{id} shows the outreach with its
// address, arrears and attempts to its team, and to nobody else; a contact
// attempt is 201; the assignment and the closing are 200 with the
// outreach; bad input is 400 naming the fields, a stale version or a
// closed outreach 409.
func TestOutreachAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		other, _, err := s.R().UserByEmail(ctx, demo.MunicipalityID, "y.tahiri@duinhaven.example")
		if err != nil {
			t.Fatal(err)
		}
		if f.tokens[otherTeam], _, err = f.svc.CreateToken(ctx, wijkregie.ActorOf(other), other.ID, "test"); err != nil {
			t.Fatal(err)
		}
		pro := f.users[wijkregie.RoleProfessional]
		id := f.outreachAt(t, 1, false)
		path := "/api/v1/vroegsignalen/" + id

		var v api.Vroegsignaal
		f.do(wijkregie.RoleProfessional, "GET", path, nil).want(t, http.StatusOK).decode(t, &v)
		if v.ID != id || v.Status != "open" || v.Adres.Straat != "Vroegpad" || v.TeLaat || v.Dreigend || v.EersteContactOp != nil ||
			v.Resultaat != nil || v.TeruggemeldResultaat != nil || len(v.Achterstanden) != 1 || len(v.Contactpogingen) != 0 {
			t.Fatalf("outreach %+v", v)
		}
		a := v.Achterstanden[0]
		if a.Bedrag != "456.78" || a.Schuldeiser.Naam != "Woonstichting Duinwonen" || a.Schuldeiser.Soort != "woningcorporatie" ||
			a.OpNaamVan != "A. de Vries" || a.Referentie != "HUUR-1" || a.Termijnen != 2 || a.DatumEinde != nil {
			t.Errorf("arrears %+v", a)
		}
		f.do(wijkregie.RoleTeamLead, "GET", path, nil).want(t, http.StatusOK)
		f.do(otherTeam, "GET", path, nil).want(t, http.StatusNotFound)
		for _, r := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleAdmin} {
			f.do(r, "GET", path, nil).want(t, http.StatusForbidden)
			f.do(r, "POST", path+"/afronding", map[string]any{"resultaat": "definitief-geen-contact"}).want(t, http.StatusForbidden)
		}
		f.do(otherTeam, "POST", path+"/contactpogingen", map[string]any{"soort": "brief", "datum": time.Now().Format(time.DateOnly),
			"dagdeel": "ochtend", "bereikt": false}).want(t, http.StatusNotFound)
		f.do(wijkregie.RoleProfessional, "GET", "/api/v1/vroegsignalen/"+wijkregie.NewID(time.Now()), nil).want(t, http.StatusNotFound)

		// A contact attempt: every field but the note is needed.
		p := f.do(wijkregie.RoleProfessional, "POST", path+"/contactpogingen", map[string]any{}).want(t, http.StatusBadRequest).problem(t)
		if got := paramNames(p); !slices.Equal(got, []string{"bereikt", "soort", "datum", "dagdeel"}) {
			t.Errorf("empty attempt: %v", got)
		}
		p = f.do(wijkregie.RoleProfessional, "POST", path+"/contactpogingen", map[string]any{"soort": "huisbezoek", "datum": "gisteren",
			"dagdeel": "nacht", "bereikt": true}).want(t, http.StatusBadRequest).problem(t)
		if got := paramNames(p); !slices.Equal(got, []string{"datum", "dagdeel"}) {
			t.Errorf("bad date and part of day: %v", got)
		}
		today := wijkregie.Today(time.Now()).Format(time.DateOnly)
		res := f.do(wijkregie.RoleProfessional, "POST", path+"/contactpogingen", map[string]any{"soort": "huisbezoek", "datum": today,
			"dagdeel": "avond", "bereikt": true, "toelichting": "Vader thuis getroffen."}).want(t, http.StatusCreated)
		var c api.Contactpoging
		res.decode(t, &c)
		if c.ID == "" || c.Soort != "huisbezoek" || c.Datum != today || c.Dagdeel != "avond" || !c.Bereikt || c.VastgelegdDoor != pro.ID ||
			res.header.Get("Location") != path {
			t.Errorf("attempt %+v at %s", c, res.header.Get("Location"))
		}
		f.do(wijkregie.RoleProfessional, "GET", path, nil).want(t, http.StatusOK).decode(t, &v)
		if v.EersteContactOp == nil || *v.EersteContactOp != today || v.BereiktOp == nil || len(v.Contactpogingen) != 1 {
			t.Errorf("after the visit: %+v", v)
		}

		// Assignment: to oneself, or a member of the team.
		p = f.do(wijkregie.RoleTeamLead, "POST", path+"/toewijzing", map[string]any{"medewerker": other.ID}).want(t, http.StatusBadRequest).problem(t)
		if got := paramNames(p); !slices.Equal(got, []string{"medewerker"}) {
			t.Errorf("assigned to another team: %v", got)
		}
		f.do(wijkregie.RoleProfessional, "POST", path+"/toewijzing", map[string]any{"medewerker": pro.ID, "versie": v.Versie}).
			want(t, http.StatusOK).decode(t, &v)
		if v.ToegewezenAan == nil || *v.ToegewezenAan != pro.ID {
			t.Errorf("assigned: %+v", v.ToegewezenAan)
		}

		// Closing: over the version read.
		p = f.do(wijkregie.RoleProfessional, "POST", path+"/afronding", map[string]any{"resultaat": "weet-niet"}).want(t, http.StatusBadRequest).problem(t)
		if got := paramNames(p); !slices.Equal(got, []string{"resultaat"}) {
			t.Errorf("unknown outcome: %v", got)
		}
		f.do(wijkregie.RoleProfessional, "POST", path+"/afronding", map[string]any{"resultaat": "geen-hulp-nodig", "versie": v.Versie - 1}).
			want(t, http.StatusConflict)
		f.do(wijkregie.RoleProfessional, "POST", path+"/afronding", map[string]any{"resultaat": "geen-hulp-nodig", "toelichting": "Regelt het zelf.",
			"versie": v.Versie}).want(t, http.StatusOK).decode(t, &v)
		if v.Status != "afgerond" || v.Resultaat == nil || *v.Resultaat != "geen-hulp-nodig" || v.TeruggemeldResultaat == nil ||
			*v.TeruggemeldResultaat != "contact-geen-hulp" || v.Toelichting == nil || *v.Toelichting != "Regelt het zelf." || v.AfgerondOp == nil ||
			v.AfgerondDoor == nil || *v.AfgerondDoor != pro.ID || v.Signaal != nil {
			t.Errorf("closed: %+v", v)
		}
		f.do(wijkregie.RoleProfessional, "POST", path+"/afronding", map[string]any{"resultaat": "definitief-geen-contact"}).want(t, http.StatusConflict)
		f.do(wijkregie.RoleProfessional, "POST", path+"/contactpogingen", map[string]any{"soort": "brief", "datum": today,
			"dagdeel": "ochtend", "bereikt": false}).want(t, http.StatusConflict)

		// Accepted help, threatening, without a case: a signal, urgent.
		id2 := f.outreachAt(t, 2, true)
		path2 := "/api/v1/vroegsignalen/" + id2
		p = f.do(wijkregie.RoleProfessional, "POST", path2+"/afronding", map[string]any{"resultaat": "vervolghulp-financieel"}).
			want(t, http.StatusBadRequest).problem(t)
		if got := paramNames(p); !slices.Equal(got, []string{"resultaat"}) {
			t.Errorf("help accepted without contact: %v", got)
		}
		f.do(wijkregie.RoleProfessional, "POST", path2+"/contactpogingen", map[string]any{"soort": "telefoon", "datum": today,
			"dagdeel": "middag", "bereikt": true}).want(t, http.StatusCreated)
		f.do(wijkregie.RoleProfessional, "POST", path2+"/afronding", map[string]any{"resultaat": "vervolghulp-financieel"}).
			want(t, http.StatusOK).decode(t, &v)
		if !v.Dreigend || v.Signaal == nil || v.Casus != nil || *v.TeruggemeldResultaat != "hulp-gestart" {
			t.Fatalf("accepted help: %+v", v)
		}
		var sig struct {
			Soort    string `json:"soort"`
			Bron     string `json:"bron"`
			Urgentie string `json:"urgentie"`
		}
		f.do(wijkregie.RoleProfessional, "GET", "/api/v1/signalen/"+*v.Signaal, nil).want(t, http.StatusOK).decode(t, &sig)
		if sig.Soort != "hulpvraag" || sig.Bron != "schuldeiser" || sig.Urgentie != "spoed" {
			t.Errorf("the signal accepted help became: %+v", sig)
		}
	})
}
