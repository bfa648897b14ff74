package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// Two numbers from the test range that pass the elfproef, far above the
// ones the demo hands out.
const (
	motherBSN = "999987008"
	childBSN  = "999987021"
)

// other is a demo user the documented accounts do not cover, with an
// API token.
type other struct {
	user  *wijkregie.User
	token string
}

// colleague returns a demo user by e-mail with a token of their own.
func (f *fixture) colleague(t *testing.T, email string) other {
	t.Helper()
	ctx := context.Background()
	u, _, err := f.s.R().UserByEmail(ctx, demo.MunicipalityID, email)
	if err != nil {
		t.Fatalf("demo user %s: %v", email, err)
	}
	tok, _, err := f.svc.CreateToken(ctx, wijkregie.ActorOf(u), u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return other{u, tok}
}

// as sends a request with another user's token.
func (f *fixture) as(o other, method, path string, body any, header ...string) *response {
	f.t.Helper()
	return f.do("", method, path, body, append([]string{"Authorization", "Bearer " + o.token}, header...)...)
}

// wantParams fails unless the response is a 400 naming exactly the fields.
func wantParams(t *testing.T, r *response, names ...string) {
	t.Helper()
	p := r.want(t, http.StatusBadRequest).problem(t)
	if diff := cmp.Diff(paramNames(p), names); diff != "" {
		t.Errorf("invalidParams (-got +want):\n%s", diff)
	}
	for _, ip := range p.InvalidParams {
		if ip.Reason == "" || strings.HasPrefix(ip.Reason, "veld.") || strings.HasPrefix(ip.Reason, "api.") {
			t.Errorf("invalid param %+v has no Dutch reason", ip)
		}
	}
}

// TestTriageToCaseAPI walks the front half of the method through the API:
// a neighbour's concern and a GP's signal on one family, the match shown
// on both, the triage screen's suggestion with its reasons, triage
// meervoudig into one case, the regisseur from the ranked suggestion with
// an explicit mandate, and the mandate's powers; a simple question ends in
// a referral without a case. Between the steps, the bad inputs and the
// users who may not see or do what the step does.
func TestTriageToCaseAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx := context.Background()
		const pro, lead, partner, admin = wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePartner, wijkregie.RoleAdmin
		cat, err := locale.Load()
		if err != nil {
			t.Fatal(err)
		}
		proUser, leadUser, partnerUser := f.users[pro], f.users[lead], f.users[partner]
		noord := f.colleague(t, "y.tahiri@duinhaven.example")     // a professional of another team
		noordLead := f.colleague(t, "m.dehaan@duinhaven.example") // that team's lead
		colleague := f.colleague(t, "i.pinas@duinhaven.example")  // a professional of the same team
		var ggz string
		orgs, err := s.R().Organisations(ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orgs {
			if o.Kind == wijkregie.OrgGGZ {
				ggz = o.ID
			}
		}

		// The family: a mother and her son, registered by the professional,
		// who is involved with the household from then on.
		var mother, child api.Persoon
		f.do(pro, "POST", "/api/v1/personen", map[string]any{"voornaam": "Noor", "achternaam": "Kustwind", "geboortedatum": "1988-02-11",
			"bsn": motherBSN}).want(t, http.StatusCreated).decode(t, &mother)
		f.do(pro, "POST", "/api/v1/personen", map[string]any{"voornaam": "Daan", "achternaam": "Kustwind", "geboortedatum": "2015-06-30",
			"bsn": childBSN}).want(t, http.StatusCreated).decode(t, &child)
		adres := map[string]any{"straat": "Triagestraat", "huisnummer": 7, "postcode": "2582AB", "woonplaats": "Duinhaven"}
		var hh api.Huishouden
		f.do(pro, "POST", "/api/v1/huishoudens", map[string]any{"adres": adres, "leden": []map[string]any{
			{"persoon": mother.ID, "relatie": "ouder", "vanaf": "2015-01-01"},
			{"persoon": child.ID, "relatie": "kind", "vanaf": "2015-06-30"},
		}}).want(t, http.StatusCreated).decode(t, &hh)

		// A signal about nobody is a field error, not a 500.
		wantParams(t, f.do(partner, "POST", "/api/v1/signalen", map[string]any{"soort": "zorgmelding", "bron": "huisarts",
			"domeinen": []string{"financien"}, "omschrijving": "x", "urgentie": "normaal"}), "onderwerp")

		// The neighbour's concern, registered by the professional, and the
		// GP's signal, registered by the partner by the family's address.
		var neighbour, gp api.Signaal
		f.do(pro, "POST", "/api/v1/signalen", map[string]any{"soort": "zorgmelding", "huishouden": hh.ID, "bron": "buurtbewoner",
			"melderNaam": "Buurvrouw Jansen", "melderContact": "06 11122233", "anoniemVoorGezin": true, "domeinen": []string{"financien"},
			"omschrijving": "De post stapelt zich op; deurwaarder aan de deur gezien.", "urgentie": "normaal"}).
			want(t, http.StatusCreated).decode(t, &neighbour)
		f.do(partner, "POST", "/api/v1/signalen", map[string]any{"soort": "zorgmelding", "adres": adres, "bron": "huisarts",
			"bronOrganisatie": partnerUser.OrganisationID, "domeinen": []string{"geestelijke-gezondheid", "huiselijke-relaties"},
			"omschrijving": "Moeder somber, spanningen thuis.", "urgentie": "spoed"}).want(t, http.StatusCreated).decode(t, &gp)
		if gp.Huishouden == nil || *gp.Huishouden != hh.ID {
			t.Fatalf("GP's signal on household %v; want the family's %s", gp.Huishouden, hh.ID)
		}

		// The match, on both signals: who, with organisation and contact.
		if len(gp.Matches) != 1 || gp.Matches[0].Medewerker != proUser.Name || gp.Matches[0].Contact != proUser.Email {
			t.Errorf("GP's signal matches %+v; want the professional", gp.Matches)
		}
		var seen api.Signaal
		f.do(pro, "GET", "/api/v1/signalen/"+neighbour.ID, nil).want(t, http.StatusOK).decode(t, &seen)
		if len(seen.Matches) != 1 || seen.Matches[0].Medewerker != partnerUser.Name || seen.Matches[0].Organisatie == "" || seen.Matches[0].Contact != partnerUser.Email {
			t.Errorf("neighbour's signal matches %+v; want the partner with organisation and contact", seen.Matches)
		}

		// An old signal on another address, overdue by now.
		var late api.Signaal
		f.do(pro, "POST", "/api/v1/signalen", map[string]any{"soort": "hulpvraag", "bron": "zelf", "domeinen": []string{"tijdsbesteding"},
			"adres":        map[string]any{"straat": "Triagestraat", "huisnummer": 9, "postcode": "2582AB", "woonplaats": "Duinhaven"},
			"omschrijving": "Vraag over vrijwilligerswerk.", "urgentie": "normaal", "ontvangen": time.Now().AddDate(0, -1, 0).UTC()}).
			want(t, http.StatusCreated).decode(t, &late)

		// The team's queue: by deadline, overdue ones marked, and only
		// what the single signal would show.
		queue := f.triageQueue(t, func(path string) *response { return f.do(pro, "GET", path, nil) })
		now := time.Now()
		var ids []string
		for i, q := range queue {
			ids = append(ids, q.ID)
			if q.Verlopen != q.TriageUiterlijk.Before(now) {
				t.Errorf("queue item %s: verlopen %v with deadline %s", q.ID, q.Verlopen, q.TriageUiterlijk)
			}
			if i > 0 && q.TriageUiterlijk.Before(queue[i-1].TriageUiterlijk) {
				t.Errorf("queue not by deadline at %d", i)
			}
			if q.Status != "nieuw" || q.Team == nil || *q.Team != proUser.TeamID {
				t.Errorf("queue item %+v; want new signals of the team", q)
			}
			if q.ID == gp.ID && (q.Adres == nil || q.Adres.Straat != "Triagestraat" || q.Adres.Huisnummer != 7) {
				t.Errorf("queue item %+v; want the family's address", q)
			}
			f.do(pro, "GET", "/api/v1/signalen/"+q.ID+"/triage", nil).want(t, http.StatusOK)
		}
		for _, id := range []string{neighbour.ID, gp.ID, late.ID} {
			if !slices.Contains(ids, id) {
				t.Errorf("signal %s is not in the team's queue", id)
			}
		}
		if i := slices.IndexFunc(queue, func(q api.TriageRegel) bool { return q.ID == late.ID }); i < 0 || !queue[i].Verlopen {
			t.Errorf("the month-old signal is not marked verlopen")
		}
		// Another team's queue holds none of them, and each signal it
		// holds opens for that team's professional.
		for _, q := range f.triageQueue(t, func(path string) *response { return f.as(noord, "GET", path, nil) }) {
			if slices.Contains([]string{neighbour.ID, gp.ID, late.ID}, q.ID) {
				t.Errorf("another team's queue shows signal %s", q.ID)
			}
			f.as(noord, "GET", "/api/v1/signalen/"+q.ID+"/triage", nil).want(t, http.StatusOK)
		}
		f.do(partner, "GET", "/api/v1/triage", nil).want(t, http.StatusForbidden)
		f.do(admin, "GET", "/api/v1/triage", nil).want(t, http.StatusForbidden)

		// The triage screen: members with masked BSN, the earlier signal,
		// and the suggestion meervoudig with its reason and figures.
		path := "/api/v1/signalen/" + gp.ID + "/triage"
		r := f.do(pro, "GET", path, nil).want(t, http.StatusOK)
		for _, b := range []string{motherBSN, childBSN} {
			if strings.Contains(string(r.body), b) {
				t.Errorf("the triage screen shows a full BSN")
			}
		}
		var screen api.Triagescherm
		r.decode(t, &screen)
		if screen.Huishouden == nil || *screen.Huishouden != hh.ID || len(screen.Leden) != 2 || screen.AantalDomeinen != 3 || !screen.MagBeslissen || screen.Triagebesluit != nil {
			t.Errorf("screen: huishouden %v, %d leden, %d domeinen, magBeslissen %v, besluit %+v", screen.Huishouden, len(screen.Leden), screen.AantalDomeinen, screen.MagBeslissen, screen.Triagebesluit)
		}
		for _, l := range screen.Leden {
			if l.Persoon.BSNGemaskeerd == nil || !strings.HasPrefix(*l.Persoon.BSNGemaskeerd, "******") {
				t.Errorf("member %+v without masked BSN", l.Persoon)
			}
		}
		if len(screen.EerdereSignalen) != 1 || screen.EerdereSignalen[0].ID != neighbour.ID || screen.EerdereSignalen[0].Soort != "zorgmelding" {
			t.Errorf("earlier signals %+v; want the neighbour's", screen.EerdereSignalen)
		}
		three, two := 3, 2
		want := api.Suggestie{Besluit: "meervoudig", Redenen: []api.Reden{{Code: "domeinen",
			Tekst:   cat.T(locale.NL, "triage.regel.domeinen", "aantal", 3, "drempel", 2),
			Waarden: api.RedenWaarden{Aantal: &three, Drempel: &two}}}}
		if diff := cmp.Diff(screen.Suggestie, want); diff != "" {
			t.Errorf("suggestion (-got +want):\n%s", diff)
		}
		if strings.Contains(screen.Suggestie.Redenen[0].Tekst, "{") {
			t.Errorf("reason text %q has a placeholder left", screen.Suggestie.Redenen[0].Tekst)
		}
		f.do(partner, "GET", path, nil).want(t, http.StatusForbidden)
		f.as(noord, "GET", path, nil).want(t, http.StatusNotFound)
		f.as(noord, "POST", path, map[string]any{"besluit": "geen-actie", "reden": "niet van ons"}).want(t, http.StatusNotFound)

		// Triage meervoudig: a case; the suggestion is kept; twice is a
		// conflict. The neighbour's signal joins the same case.
		r = f.do(pro, "POST", path, map[string]any{"besluit": "meervoudig", "niveau": "intensief", "reden": "Geldzorgen en spanningen thuis."}).
			want(t, http.StatusCreated)
		var tr api.Triagebesluit
		r.decode(t, &tr)
		if tr.Casus == nil || tr.CasusLink == nil || *tr.CasusLink != "/api/v1/casussen/"+*tr.Casus || tr.Suggestie.Besluit != "meervoudig" ||
			tr.BeslotenDoor != proUser.ID || tr.Besluit != "meervoudig" || r.header.Get("Location") != path {
			t.Fatalf("triage %+v at %q; want a case, the suggestion kept, who decided", tr, r.header.Get("Location"))
		}
		caseID := *tr.Casus
		f.do(pro, "POST", path, map[string]any{"besluit": "geen-actie", "reden": "toch niet"}).want(t, http.StatusConflict).problem(t)
		var tr2 api.Triagebesluit
		f.do(pro, "POST", "/api/v1/signalen/"+neighbour.ID+"/triage", map[string]any{"besluit": "meervoudig"}).want(t, http.StatusCreated).decode(t, &tr2)
		if tr2.Casus == nil || *tr2.Casus != caseID {
			t.Errorf("second signal's triage %+v; want the same case %s", tr2, caseID)
		}
		f.do(pro, "GET", path, nil).want(t, http.StatusOK).decode(t, &screen)
		if screen.MagBeslissen || screen.Triagebesluit == nil || screen.Triagebesluit.Casus == nil || *screen.Triagebesluit.Casus != caseID {
			t.Errorf("screen after triage: magBeslissen %v, besluit %+v", screen.MagBeslissen, screen.Triagebesluit)
		}
		f.do(pro, "GET", "/api/v1/signalen/"+gp.ID, nil).want(t, http.StatusOK).decode(t, &seen)
		if seen.Status != "casus" {
			t.Errorf("signal status %q after meervoudig; want casus", seen.Status)
		}

		// The store refuses a second open case for the household.
		err = s.Tx(ctx, func(q *store.Q) error {
			return q.CreateCase(ctx, &wijkregie.Case{MunicipalityID: demo.MunicipalityID, HouseholdID: hh.ID, TeamID: proUser.TeamID,
				Status: wijkregie.CaseRegistered, Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: proUser.ID})
		})
		if wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
			t.Errorf("a second open case in the store = %v; want a conflict", err)
		}

		// The case, and who may see it.
		casePath := "/api/v1/casussen/" + caseID
		r = f.do(lead, "GET", casePath, nil).want(t, http.StatusOK)
		staleCaseTag := r.header.Get("ETag")
		var c api.Casus
		r.decode(t, &c)
		if c.Status != "aangemeld" || c.Niveau != "intensief" || c.Huishouden != hh.ID || c.Team != proUser.TeamID || c.Regisseur != nil ||
			len(c.Domeinen) != 3 || !slices.Contains(c.Signalen, gp.ID) || !slices.Contains(c.Signalen, neighbour.ID) || c.Meldcode != nil {
			t.Errorf("case %+v; want aangemeld, intensief, the family, no regisseur yet, both signals", c)
		}
		f.do(pro, "GET", casePath, nil).want(t, http.StatusOK) // involved with the household
		for _, o := range []other{noord, noordLead, colleague} {
			f.as(o, "GET", casePath, nil).want(t, http.StatusNotFound).problem(t)
		}
		f.do(partner, "GET", casePath, nil).want(t, http.StatusNotFound) // registering a signal involves nobody
		f.do(admin, "GET", casePath, nil).want(t, http.StatusForbidden)

		// Case lists show exactly what the single case would.
		for _, tt := range []struct {
			name  string
			get   func(f *fixture, path string) *response
			sees  bool
			query string
		}{
			{"professional", func(f *fixture, p string) *response { return f.do(pro, "GET", p, nil) }, true, ""},
			{"team lead", func(f *fixture, p string) *response { return f.do(lead, "GET", p, nil) }, true, "?team=" + leadUser.TeamID + "&open=true"},
			{"partner", func(f *fixture, p string) *response { return f.do(partner, "GET", p, nil) }, false, ""},
			{"other team's professional", func(f *fixture, p string) *response { return f.as(noord, "GET", p, nil) }, false, ""},
			{"other team's lead", func(f *fixture, p string) *response { return f.as(noordLead, "GET", p, nil) }, false, ""},
			{"colleague not involved", func(f *fixture, p string) *response { return f.as(colleague, "GET", p, nil) }, false, "?open=true"},
		} {
			t.Run("case list as "+tt.name, func(t *testing.T) {
				f := f.sub(t)
				var l api.List[api.CasusSamenvatting]
				tt.get(f, "/api/v1/casussen"+tt.query+pageSep(tt.query)+"paginaGrootte=200").want(t, http.StatusOK).decode(t, &l)
				found := false
				for _, cs := range l.Resultaten {
					found = found || cs.ID == caseID
					tt.get(f, "/api/v1/casussen/"+cs.ID).want(t, http.StatusOK)
				}
				if found != tt.sees {
					t.Errorf("case in the list: %v; want %v", found, tt.sees)
				}
			})
		}
		for _, q := range []struct{ query, param string }{{"team=x", "team"}, {"regisseur=1", "regisseur"}, {"open=ja", "open"}} {
			wantParams(t, f.do(lead, "GET", "/api/v1/casussen?"+q.query, nil), q.param)
		}

		// The ranked suggestion, with its numbers: only for the case
		// team's lead.
		kandidaten := "/api/v1/casussen/" + caseID + "/regisseur/kandidaten"
		var cands api.List[api.Kandidaat]
		f.do(lead, "GET", kandidaten, nil).want(t, http.StatusOK).decode(t, &cands)
		if len(cands.Resultaten) < 2 {
			t.Fatalf("candidates %+v; want the team", cands.Resultaten)
		}
		top := cands.Resultaten[0]
		if top.Rang != 1 || top.Medewerker != proUser.ID || !slices.Contains(top.PassendeExpertise, "jeugd") || !slices.Contains(top.PassendeExpertise, "huiselijk-geweld") {
			t.Errorf("top candidate %+v; want the professional, matched on jeugd (a child of 10) and huiselijk-geweld", top)
		}
		for i, k := range cands.Resultaten {
			if k.GewogenCaseload != k.Casussen.Licht*1+k.Casussen.Intensief*2+k.Casussen.Veiligheid*3 {
				t.Errorf("candidate %s: gewogenCaseload %d from %+v and the default weights", k.Naam, k.GewogenCaseload, k.Casussen)
			}
			if k.Rang != i+1 {
				t.Errorf("candidate %d has rang %d", i, k.Rang)
			}
			if i > 0 {
				prev := cands.Resultaten[i-1]
				if len(k.PassendeExpertise) > len(prev.PassendeExpertise) ||
					len(k.PassendeExpertise) == len(prev.PassendeExpertise) && k.GewogenCaseload < prev.GewogenCaseload {
					t.Errorf("candidate %s ranked below %s", k.Naam, prev.Naam)
				}
			}
			if k.Medewerker == noord.user.ID {
				t.Errorf("another team's professional is a candidate")
			}
		}
		f.do(pro, "GET", kandidaten, nil).want(t, http.StatusForbidden)
		f.do(partner, "GET", kandidaten, nil).want(t, http.StatusForbidden)
		f.as(noordLead, "GET", kandidaten, nil).want(t, http.StatusNotFound)

		// Assigning the regisseur: If-Match, only the case team's lead, a
		// member of the team, an explicit mandate.
		regiePath := "/api/v1/casussen/" + caseID + "/regisseur"
		r = f.do(lead, "GET", regiePath, nil).want(t, http.StatusOK)
		tag := r.header.Get("ETag")
		assign := map[string]any{"medewerker": top.Medewerker, "reden": "Past bij jeugd en huiselijk geweld; laagste caseload.",
			"mandaat": map[string]any{"escalatie": "Karim El Idrissi, teamleider Wijkteam Centrum"}}
		f.do(lead, "PUT", regiePath, assign).want(t, http.StatusPreconditionRequired).problem(t)
		f.do(pro, "PUT", regiePath, assign, "If-Match", tag).want(t, http.StatusForbidden)
		f.as(noordLead, "PUT", regiePath, assign, "If-Match", tag).want(t, http.StatusNotFound)
		wantParams(t, f.do(lead, "PUT", regiePath, map[string]any{"medewerker": noord.user.ID, "mandaat": map[string]any{"escalatie": "x"}}, "If-Match", tag), "medewerker")
		wantParams(t, f.do(lead, "PUT", regiePath, map[string]any{"medewerker": "niemand", "mandaat": map[string]any{"escalatie": "x"}}, "If-Match", tag), "medewerker")
		wantParams(t, f.do(lead, "PUT", regiePath, map[string]any{"medewerker": top.Medewerker}, "If-Match", tag), "mandaat.escalatie")
		wantParams(t, f.do(lead, "PUT", regiePath, map[string]any{"medewerker": top.Medewerker, "mandaat": map[string]any{"vanaf": "morgen", "escalatie": " "}}, "If-Match", tag),
			"mandaat.vanaf", "mandaat.escalatie")
		r = f.do(lead, "PUT", regiePath, assign, "If-Match", tag).want(t, http.StatusOK)
		var rg api.Regie
		r.decode(t, &rg)
		if rg.Regisseur == nil || rg.Regisseur.ID != top.Medewerker || rg.Regisseur.Naam != proUser.Name || rg.Regisseur.Mandaat.Bevoegdheden != wijkregie.DefaultMandate ||
			rg.Regisseur.Mandaat.Escalatie != "Karim El Idrissi, teamleider Wijkteam Centrum" || len(rg.Geschiedenis) != 1 || rg.Geschiedenis[0].ToegewezenDoor != leadUser.ID {
			t.Errorf("regie after assignment %+v", rg)
		}
		// A second regisseur over a stale tag is refused; the same one
		// again is a field error.
		f.do(lead, "PUT", regiePath, map[string]any{"medewerker": colleague.user.ID, "mandaat": map[string]any{"escalatie": "x"}}, "If-Match", tag).
			want(t, http.StatusPreconditionFailed).problem(t)
		tag = r.header.Get("ETag")
		wantParams(t, f.do(lead, "PUT", regiePath, assign, "If-Match", tag), "medewerker")

		// The case shows its regisseur and mandate, and is in intake.
		r = f.do(pro, "GET", casePath, nil).want(t, http.StatusOK)
		r.decode(t, &c)
		if c.Regisseur == nil || c.Regisseur.ID != proUser.ID || c.Regisseur.Naam != proUser.Name || c.Regisseur.Mandaat.Escalatie == "" ||
			c.Regisseur.Mandaat.Vanaf.IsZero() || c.Status != "intake" || c.Versie <= 1 {
			t.Errorf("case after assignment %+v", c)
		}
		caseTag := r.header.Get("ETag")

		// Status and level: If-Match with the case's ETag.
		statusPath, levelPath := casePath+"/status", casePath+"/niveau"
		f.do(pro, "PUT", statusPath, map[string]any{"status": "plan"}).want(t, http.StatusPreconditionRequired)
		f.do(pro, "PUT", statusPath, map[string]any{"status": "plan"}, "If-Match", staleCaseTag).want(t, http.StatusPreconditionFailed)
		wantParams(t, f.do(pro, "PUT", statusPath, map[string]any{"status": "afschalen"}, "If-Match", caseTag), "status")
		// Closing records the outcome: not a status change.
		wantParams(t, f.do(pro, "PUT", statusPath, map[string]any{"status": "afgesloten", "reden": "Klaar."}, "If-Match", caseTag), "status")
		wantParams(t, f.do(pro, "PUT", statusPath, map[string]any{"status": "afgesloten", "afsluitreden": "verhuisd"}, "If-Match", caseTag), "afsluitreden")
		r = f.do(pro, "PUT", statusPath, map[string]any{"status": "plan", "reden": "Intake gedaan."}, "If-Match", caseTag).want(t, http.StatusOK)
		r.decode(t, &c)
		if c.Status != "plan" {
			t.Errorf("status after PUT: %s", c.Status)
		}
		caseTag = r.header.Get("ETag")
		wantParams(t, f.do(pro, "PUT", levelPath, map[string]any{"niveau": "veiligheid"}, "If-Match", caseTag), "reden")
		wantParams(t, f.do(pro, "PUT", levelPath, map[string]any{"niveau": "zwaar", "reden": "x"}, "If-Match", caseTag), "niveau")
		r = f.do(pro, "PUT", levelPath, map[string]any{"niveau": "veiligheid", "reden": "Dreiging door ex-partner."}, "If-Match", caseTag).want(t, http.StatusOK)
		r.decode(t, &c)
		if c.Niveau != "veiligheid" || c.Meldcode == nil || c.Meldcode.Stap != 1 {
			t.Errorf("case after opschaling: niveau %s, meldcode %+v", c.Niveau, c.Meldcode)
		}
		caseTag = r.header.Get("ETag")
		var events api.List[api.Gebeurtenis]
		f.do(pro, "GET", casePath+"/gebeurtenissen?paginaGrootte=200", nil).want(t, http.StatusOK).decode(t, &events)
		var kinds []string
		for _, e := range events.Resultaten {
			kinds = append(kinds, e.Soort)
			if e.Soort == "niveau" && (e.Van == nil || *e.Van != "intensief" || e.Naar == nil || *e.Naar != "veiligheid" || e.Reden != "Dreiging door ex-partner." || e.Door != proUser.ID) {
				t.Errorf("level event %+v", e)
			}
		}
		for _, k := range []string{"geopend", "signaal", "regisseur", "status", "niveau"} {
			if !slices.Contains(kinds, k) {
				t.Errorf("history %v lacks %s", kinds, k)
			}
		}

		// Betrokkenen: a colleague joins (and may see the case, not change
		// it), then leaves (and may see it no more); the record stays.
		partiesPath := casePath + "/betrokkenen"
		wantParams(t, f.do(pro, "POST", partiesPath, map[string]any{"rol": "hulpverlener"}), "medewerker")
		wantParams(t, f.do(pro, "POST", partiesPath, map[string]any{"medewerker": colleague.user.ID, "rol": "baas"}), "rol")
		wantParams(t, f.do(pro, "POST", partiesPath, map[string]any{"medewerker": noord.user.ID + "0", "rol": "hulpverlener"}), "medewerker")
		r = f.do(pro, "POST", partiesPath, map[string]any{"medewerker": colleague.user.ID, "rol": "hulpverlener", "notitie": "GGZ-kennis"}).want(t, http.StatusCreated)
		var party api.CasusBetrokkene
		r.decode(t, &party)
		loc := r.header.Get("Location")
		if loc != partiesPath+"/"+party.ID || party.Medewerker == nil || *party.Medewerker != colleague.user.ID || party.Tot != nil {
			t.Errorf("party %+v at %q", party, loc)
		}
		if got := f.do(pro, "GET", loc, nil).want(t, http.StatusOK); string(got.body) != string(r.body) {
			t.Errorf("GET %s = %s; want what POST returned: %s", loc, got.body, r.body)
		}
		caseTag = f.as(colleague, "GET", casePath, nil).want(t, http.StatusOK).header.Get("ETag")
		f.as(colleague, "PUT", statusPath, map[string]any{"status": "uitvoering"}, "If-Match", caseTag).want(t, http.StatusForbidden).problem(t)
		f.as(noord, "PUT", statusPath, map[string]any{"status": "uitvoering"}, "If-Match", caseTag).want(t, http.StatusNotFound).problem(t)
		f.as(colleague, "DELETE", loc, nil).want(t, http.StatusForbidden)
		f.do(pro, "DELETE", loc, nil).want(t, http.StatusNoContent)
		f.do(pro, "DELETE", loc, nil).want(t, http.StatusNotFound)
		f.do(pro, "GET", loc, nil).want(t, http.StatusOK).decode(t, &party)
		if party.Tot == nil {
			t.Errorf("ended party %+v has no tot", party)
		}
		f.as(colleague, "GET", casePath, nil).want(t, http.StatusNotFound)

		// The mandate's powers, for the regisseur only: an opschaling with
		// its answer, and a doorzettingsbesluit.
		escPath := casePath + "/opschalingen"
		escalation := map[string]any{"organisatie": ggz, "aan": "Manager zorg GGZ Kustland", "onderwerp": "Intake al zes weken niet gepland."}
		f.do(lead, "POST", escPath, escalation).want(t, http.StatusForbidden)
		wantParams(t, f.do(pro, "POST", escPath, map[string]any{"organisatie": ggz}), "aan", "onderwerp")
		r = f.do(pro, "POST", escPath, escalation).want(t, http.StatusCreated)
		var esc api.Opschaling
		r.decode(t, &esc)
		if esc.Status != "open" || esc.Organisatie != ggz || esc.OpgeschaaldDoor != proUser.ID || esc.BeantwoordOp != nil {
			t.Errorf("opschaling %+v", esc)
		}
		escItem := r.header.Get("Location")
		escTag := f.do(pro, "GET", escItem, nil).want(t, http.StatusOK).header.Get("ETag")
		f.do(pro, "PUT", escItem, map[string]any{"antwoord": "Intake volgende week.", "status": "beantwoord"}).want(t, http.StatusPreconditionRequired)
		wantParams(t, f.do(pro, "PUT", escItem, map[string]any{"antwoord": "Intake volgende week.", "status": "afgerond"}, "If-Match", escTag), "uitkomst")
		r = f.do(pro, "PUT", escItem, map[string]any{"antwoord": "Intake volgende week.", "status": "beantwoord"}, "If-Match", escTag).want(t, http.StatusOK)
		r.decode(t, &esc)
		if esc.Status != "beantwoord" || esc.BeantwoordOp == nil || esc.Versie != 2 {
			t.Errorf("answered opschaling %+v", esc)
		}
		f.do(pro, "PUT", escItem, map[string]any{"antwoord": "x", "uitkomst": "y", "status": "afgerond"}, "If-Match", escTag).want(t, http.StatusPreconditionFailed)
		var escs api.List[api.Opschaling]
		f.do(lead, "GET", escPath, nil).want(t, http.StatusOK).decode(t, &escs)
		if len(escs.Resultaten) != 1 || escs.Resultaten[0].ID != esc.ID {
			t.Errorf("opschalingen %+v", escs.Resultaten)
		}
		decPath := casePath + "/doorzettingsbesluiten"
		wantParams(t, f.do(pro, "POST", decPath, map[string]any{"soort": "afblazen", "besluit": "x", "motivering": "y"}), "soort", "organisaties")
		r = f.do(pro, "POST", decPath, map[string]any{"soort": "stoppen", "besluit": "Ambulante begeleiding stopt per direct.",
			"motivering": "Na drie maanden geen vooruitgang.", "organisaties": []string{ggz}}).want(t, http.StatusCreated)
		var dec api.Doorzettingsbesluit
		r.decode(t, &dec)
		if dec.Soort != "stoppen" || !slices.Equal(dec.Organisaties, []string{ggz}) || dec.BeslotenDoor != proUser.ID {
			t.Errorf("doorzettingsbesluit %+v", dec)
		}
		f.do(lead, "GET", r.header.Get("Location"), nil).want(t, http.StatusOK)
		f.do(lead, "POST", decPath, map[string]any{"soort": "stoppen", "besluit": "x", "motivering": "y", "organisaties": []string{ggz}}).want(t, http.StatusForbidden)
		f.as(noord, "GET", decPath, nil).want(t, http.StatusNotFound)

		// A second regisseur: the team lead hands over; the history keeps
		// both, and the powers move with the role.
		tag = f.do(lead, "GET", regiePath, nil).want(t, http.StatusOK).header.Get("ETag")
		f.do(lead, "PUT", regiePath, map[string]any{"medewerker": colleague.user.ID, "reden": "Overdracht wegens verlof.",
			"mandaat": map[string]any{"escalatie": "Teamleider Centrum", "vanaf": "2026-03-02T09:00:00Z"}}, "If-Match", tag).
			want(t, http.StatusOK).decode(t, &rg)
		if rg.Regisseur == nil || rg.Regisseur.ID != colleague.user.ID || len(rg.Geschiedenis) != 2 || rg.Geschiedenis[0].Tot == nil ||
			!rg.Regisseur.Mandaat.Vanaf.Equal(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) {
			t.Errorf("regie after handover %+v", rg)
		}
		// The former regisseur, still involved, sees the case but holds no
		// mandate any more.
		f.do(pro, "POST", decPath, map[string]any{"soort": "starten", "besluit": "x", "motivering": "y", "organisaties": []string{ggz}}).want(t, http.StatusForbidden)
		f.as(colleague, "POST", decPath, map[string]any{"soort": "starten", "besluit": "Schuldhulp start.", "motivering": "Schulden lopen op.",
			"organisaties": []string{ggz}}).want(t, http.StatusCreated)

		// A simple question: the suggestion says enkelvoudig, the bad
		// decisions are field errors, and a referral opens no case.
		var question api.Signaal
		f.do(pro, "POST", "/api/v1/signalen", map[string]any{"soort": "hulpvraag", "bron": "zelf", "domeinen": []string{"financien"},
			"adres":        map[string]any{"straat": "Triagestraat", "huisnummer": 11, "postcode": "2582AB", "woonplaats": "Duinhaven"},
			"omschrijving": "Hoe vraag ik een betalingsregeling aan?", "urgentie": "normaal"}).want(t, http.StatusCreated).decode(t, &question)
		qPath := "/api/v1/signalen/" + question.ID + "/triage"
		f.do(pro, "GET", qPath, nil).want(t, http.StatusOK).decode(t, &screen)
		if screen.Suggestie.Besluit != "enkelvoudig" || len(screen.Suggestie.Redenen) != 1 || screen.Suggestie.Redenen[0].Code != "enkelvoudig" {
			t.Errorf("simple question's suggestion %+v", screen.Suggestie)
		}
		var dienst string
		if len(screen.Diensten) > 0 {
			dienst = screen.Diensten[0].ID
		} else {
			var l api.List[api.Dienst]
			f.do(pro, "GET", "/api/v1/sociale-kaart?domein=financien", nil).want(t, http.StatusOK).decode(t, &l)
			if len(l.Resultaten) == 0 {
				t.Fatal("the sociale kaart has no financien service")
			}
			dienst = l.Resultaten[0].ID
		}
		unknown := wijkregie.NewID(time.Now())
		for _, tt := range []struct {
			body   map[string]any
			params []string
		}{
			{map[string]any{"besluit": "geen-actie"}, []string{"reden"}},
			{map[string]any{"besluit": "misschien"}, []string{"besluit"}},
			{map[string]any{"besluit": "enkelvoudig"}, []string{"dienst"}},
			{map[string]any{"besluit": "enkelvoudig", "dienst": unknown}, []string{"dienst"}},
			{map[string]any{"besluit": "enkelvoudig", "dienst": "geen-id"}, []string{"dienst"}},
			{map[string]any{"besluit": "geen-actie", "dienst": dienst}, []string{"reden", "dienst"}},
			{map[string]any{"besluit": "meervoudig", "niveau": "veiligheid"}, []string{"niveau"}},
			{map[string]any{"besluit": "meervoudig", "niveau": "zwaar"}, []string{"niveau"}},
		} {
			t.Run("bad triage", func(t *testing.T) {
				wantParams(t, f.sub(t).do(pro, "POST", qPath, tt.body), tt.params...)
			})
		}
		r = f.do(pro, "POST", qPath, map[string]any{"besluit": "enkelvoudig", "dienst": dienst, "antwoord": "Verwezen naar de schuldhulp."}).want(t, http.StatusCreated)
		r.decode(t, &tr)
		if tr.Casus != nil || tr.CasusLink != nil || tr.Dienst == nil || *tr.Dienst != dienst || tr.Suggestie.Besluit != "enkelvoudig" {
			t.Errorf("referral %+v; want the service and no case", tr)
		}
		f.do(pro, "GET", "/api/v1/signalen/"+question.ID, nil).want(t, http.StatusOK).decode(t, &seen)
		if seen.Status != "enkelvoudig" {
			t.Errorf("referred signal's status %q; want enkelvoudig", seen.Status)
		}
		var all api.List[api.CasusSamenvatting]
		f.do(lead, "GET", "/api/v1/casussen?paginaGrootte=200", nil).want(t, http.StatusOK).decode(t, &all)
		for _, cs := range all.Resultaten {
			if question.Huishouden != nil && cs.Huishouden == *question.Huishouden {
				t.Errorf("the simple question's household has case %s", cs.ID)
			}
		}

		// Geen actie, with its reason.
		f.do(pro, "POST", "/api/v1/signalen/"+late.ID+"/triage", map[string]any{"besluit": "geen-actie", "reden": "Al geholpen door het buurthuis."}).
			want(t, http.StatusCreated).decode(t, &tr)
		if tr.Besluit != "geen-actie" || tr.Reden != "Al geholpen door het buurthuis." || tr.Casus != nil {
			t.Errorf("geen-actie %+v", tr)
		}

		// Another municipality's signal and case are not found, whatever
		// the route.
		sigElsewhere, caseElsewhere := f.elsewhereCase(t)
		f.do(pro, "GET", "/api/v1/signalen/"+sigElsewhere+"/triage", nil).want(t, http.StatusNotFound)
		f.do(pro, "POST", "/api/v1/signalen/"+sigElsewhere+"/triage", map[string]any{"besluit": "geen-actie", "reden": "x"}).want(t, http.StatusNotFound)
		elsewhere := "/api/v1/casussen/" + caseElsewhere
		for _, p := range []string{"", "/gebeurtenissen", "/regisseur", "/regisseur/kandidaten", "/betrokkenen", "/opschalingen", "/doorzettingsbesluiten"} {
			f.do(lead, "GET", elsewhere+p, nil).want(t, http.StatusNotFound).problem(t)
		}
		f.do(lead, "PUT", elsewhere+"/regisseur", assign, "If-Match", tag).want(t, http.StatusNotFound)
		f.do(lead, "PUT", elsewhere+"/status", map[string]any{"status": "intake"}, "If-Match", caseTag).want(t, http.StatusNotFound)
		f.do(lead, "POST", elsewhere+"/betrokkenen", map[string]any{"medewerker": colleague.user.ID, "rol": "hulpverlener"}).want(t, http.StatusNotFound)
		var mine api.List[api.CasusSamenvatting]
		f.do(lead, "GET", "/api/v1/casussen?paginaGrootte=200", nil).want(t, http.StatusOK).decode(t, &mine)
		for _, cs := range mine.Resultaten {
			if cs.ID == caseElsewhere {
				t.Error("the case list shows another municipality's case")
			}
		}

		// Closing the case ends the regisseur's part; it changes no more.
		// The Meldcode route the opschaling started never closes silently:
		// the case closes once the route has its recorded outcome.
		closing := map[string]any{"reden": "verhuisd", "kanZonderHulp": "nee", "problemenVerminderd": "deels", "doelenBereikt": "nee",
			"samenvatting": "Gezin verhuisd naar Zeewolde."}
		f.do(lead, "POST", casePath+"/afsluiting", closing, "If-Match", f.caseTag(t, lead, caseID)).want(t, http.StatusConflict).problem(t)
		routePath := casePath + "/meldcode"
		for step := 1; step <= 3; step++ {
			tag := f.do(lead, "GET", routePath, nil).want(t, http.StatusOK).header.Get("ETag")
			f.do(lead, "POST", routePath+"/stappen", map[string]any{"stap": step, "datum": day(0), "toelichting": "Gedaan."}, "If-Match", tag).
				want(t, http.StatusCreated)
		}
		tag = f.do(lead, "GET", routePath, nil).want(t, http.StatusOK).header.Get("ETag")
		f.do(lead, "POST", routePath+"/afwegingsvragen", map[string]any{"vraag": 1, "antwoord": false, "datum": day(0),
			"toelichting": "De dreiging bleek een misverstand."}, "If-Match", tag).want(t, http.StatusCreated)
		r = f.do(lead, "POST", casePath+"/afsluiting", closing, "If-Match", f.caseTag(t, lead, caseID)).want(t, http.StatusCreated)
		r = f.do(lead, "GET", casePath, nil).want(t, http.StatusOK)
		r.decode(t, &c)
		if c.Status != "afgesloten" || c.AfgeslotenOp == nil || c.Afsluitreden == nil || *c.Afsluitreden != "verhuisd" || c.Regisseur == nil {
			t.Errorf("closed case %+v", c)
		}
		f.do(lead, "PUT", levelPath, map[string]any{"niveau": "licht", "reden": "x"}, "If-Match", r.header.Get("ETag")).want(t, http.StatusConflict)
		// A professional of another team who registers a signal on the
		// family reads the signal, not the triage screen with the family's
		// members and history.
		var fromNoord api.Signaal
		f.as(noord, "POST", "/api/v1/signalen", map[string]any{"soort": "zorgmelding", "adres": adres, "bron": "anders",
			"domeinen": []string{"sociaal-netwerk"}, "omschrijving": "Vanuit Noord gezien.", "urgentie": "normaal"}).
			want(t, http.StatusCreated).decode(t, &fromNoord)
		f.as(noord, "GET", "/api/v1/signalen/"+fromNoord.ID, nil).want(t, http.StatusOK)
		f.as(noord, "GET", "/api/v1/signalen/"+fromNoord.ID+"/triage", nil).want(t, http.StatusNotFound)
		f.do(pro, "GET", "/api/v1/signalen/"+fromNoord.ID+"/triage", nil).want(t, http.StatusOK)

		var open api.List[api.CasusSamenvatting]
		f.do(lead, "GET", "/api/v1/casussen?open=true&paginaGrootte=200", nil).want(t, http.StatusOK).decode(t, &open)
		for _, cs := range open.Resultaten {
			if cs.ID == caseID {
				t.Error("open=true lists the closed case")
			}
		}
		var closed api.List[api.CasusSamenvatting]
		f.do(lead, "GET", "/api/v1/casussen?open=false&paginaGrootte=200", nil).want(t, http.StatusOK).decode(t, &closed)
		found := false
		for _, cs := range closed.Resultaten {
			found = found || cs.ID == caseID
			if cs.Status != "afgesloten" && cs.Status != "overgedragen" {
				t.Errorf("open=false lists case %s in status %s", cs.ID, cs.Status)
			}
		}
		if !found {
			t.Error("open=false does not list the closed case")
		}
	})
}

func pageSep(query string) string {
	if query == "" {
		return "?"
	}
	return "&"
}

// triageQueue reads a whole triage queue through get.
func (f *fixture) triageQueue(t *testing.T, get func(path string) *response) []api.TriageRegel {
	t.Helper()
	var l api.List[api.TriageRegel]
	get("/api/v1/triage?paginaGrootte=200").want(t, http.StatusOK).decode(t, &l)
	if l.Paginering.Totaal != len(l.Resultaten) {
		t.Fatalf("queue of %d on one page of %d; the test reads one page", l.Paginering.Totaal, len(l.Resultaten))
	}
	return l.Resultaten
}

// elsewhereCase stores a signal and an open case in another municipality
// and returns their ids.
func (f *fixture) elsewhereCase(t *testing.T) (signal, kase string) {
	t.Helper()
	ctx := context.Background()
	e := f.otherMunicipality(t)
	const m = "GM0002"
	err := f.s.Tx(ctx, func(q *store.Q) error {
		u := &wijkregie.User{MunicipalityID: m, Email: "beheer@elders.example", Name: "Beheer Elders", Role: wijkregie.RoleAdmin, Active: true}
		if err := q.CreateUser(ctx, u, "x"); err != nil {
			return err
		}
		now := time.Now().UTC()
		sig := &wijkregie.Signal{MunicipalityID: m, Kind: wijkregie.SignalCareReport, HouseholdID: e.household, SourceKind: wijkregie.SourceKind("huisarts"),
			Domains: []string{"financien"}, Description: "Elders", Urgency: wijkregie.UrgencyNormal, ReceivedAt: now, TriageDeadline: now.AddDate(0, 0, 7),
			Status: wijkregie.SignalNew, CreatedBy: u.ID}
		if err := q.CreateSignal(ctx, sig); err != nil {
			return err
		}
		c := &wijkregie.Case{MunicipalityID: m, HouseholdID: e.household, Status: wijkregie.CaseRegistered, Level: wijkregie.LevelLight,
			Domains: []string{"financien"}, OpenedBy: u.ID}
		if err := q.CreateCase(ctx, c); err != nil {
			return err
		}
		signal, kase = sig.ID, c.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return signal, kase
}

// TestSettingsAPI reads and replaces the municipality's triage terms,
// thresholds and caseload weights.
func TestSettingsAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		const pro, admin = wijkregie.RoleProfessional, wijkregie.RoleAdmin
		r := f.do(pro, "GET", "/api/v1/instellingen", nil).want(t, http.StatusOK)
		var set api.Instellingen
		r.decode(t, &set)
		want := api.Instellingen{TriageTermijnSpoed: wijkregie.TriageDaysUrgent, TriageTermijnNormaal: wijkregie.TriageDaysNormal,
			DrempelDomeinen: 2, DrempelBetrokkenen: 2, GewichtLicht: 1, GewichtIntensief: 2, GewichtVeiligheid: 3,
			GeenContactWeken: 6, MeldcodeStapTermijn: 5,
			OutreachTermijn: 28, OutreachTermijnDreiging: 3, OutreachTermijnEindeLevering: 10,
			UrenPerFte: 36, NormPerFte: 30}
		if diff := cmp.Diff(set, want); diff != "" {
			t.Errorf("default settings (-got +want):\n%s", diff)
		}
		f.do(wijkregie.RolePartner, "GET", "/api/v1/instellingen", nil).want(t, http.StatusForbidden)

		tag := f.do(admin, "GET", "/api/v1/instellingen", nil).want(t, http.StatusOK).header.Get("ETag")
		var body map[string]any
		r.decode(t, &body) // sent back whole, read-only fields included
		body["drempelDomeinen"] = 3
		f.do(admin, "PUT", "/api/v1/instellingen", body).want(t, http.StatusPreconditionRequired)
		f.do(pro, "PUT", "/api/v1/instellingen", body, "If-Match", tag).want(t, http.StatusForbidden)
		bad := map[string]any{"triageTermijnSpoed": 6, "triageTermijnNormaal": 5, "drempelDomeinen": 0, "drempelBetrokkenen": 2,
			"gewichtLicht": 1, "gewichtIntensief": 2, "gewichtVeiligheid": 11}
		wantParams(t, f.do(admin, "PUT", "/api/v1/instellingen", bad, "If-Match", tag), "drempelDomeinen", "gewichtVeiligheid", "triageTermijnSpoed")
		wantParams(t, f.do(admin, "PUT", "/api/v1/instellingen", map[string]any{"drempelDomeinen": 3}, "If-Match", tag),
			"triageTermijnSpoed", "triageTermijnNormaal", "drempelBetrokkenen", "gewichtLicht", "gewichtIntensief", "gewichtVeiligheid")
		bad = map[string]any{}
		for k, v := range body {
			bad[k] = v
		}
		bad["geenContactWeken"], bad["meldcodeStapTermijn"] = 27, 0
		wantParams(t, f.do(admin, "PUT", "/api/v1/instellingen", bad, "If-Match", tag), "geenContactWeken", "meldcodeStapTermijn")
		// A client of API 1.1 does not send the two settings of 1.2; they
		// keep their value.
		old := map[string]any{}
		for k, v := range body {
			old[k] = v
		}
		delete(old, "geenContactWeken")
		delete(old, "meldcodeStapTermijn")
		r = f.do(admin, "PUT", "/api/v1/instellingen", old, "If-Match", tag).want(t, http.StatusOK)
		r.decode(t, &set)
		if set.DrempelDomeinen != 3 || set.GeenContactWeken != 6 || set.MeldcodeStapTermijn != 5 {
			t.Errorf("settings saved without the 1.2 fields: %+v", set)
		}
		tag = r.header.Get("ETag")
		body["geenContactWeken"], body["meldcodeStapTermijn"] = 8, 3
		r = f.do(admin, "PUT", "/api/v1/instellingen", body, "If-Match", tag).want(t, http.StatusOK)
		f.conforms(t, r, "Instellingen")
		r.decode(t, &set)
		if set.DrempelDomeinen != 3 || set.GeenContactWeken != 8 || set.MeldcodeStapTermijn != 3 || set.Versie != 2 ||
			set.GewijzigdDoor == nil || *set.GewijzigdDoor != f.users[admin].ID || set.GewijzigdOp == nil {
			t.Errorf("saved settings %+v", set)
		}
		if got := f.do(admin, "GET", "/api/v1/instellingen", nil).want(t, http.StatusOK); string(got.body) != string(r.body) || got.header.Get("ETag") != r.header.Get("ETag") {
			t.Errorf("GET after PUT = %s; want %s", got.body, r.body)
		}
		f.do(admin, "PUT", "/api/v1/instellingen", body, "If-Match", tag).want(t, http.StatusPreconditionFailed)
	})
}
