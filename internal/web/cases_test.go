package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/locale"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

var (
	casePath   = regexp.MustCompile(`^/casussen/([0-9a-f-]{36})$`)
	caseLink   = regexp.MustCompile(`href="/casussen/([0-9a-f-]{36})"`)
	radioValue = regexp.MustCompile(`^[0-9a-f-]{36}$`)
)

// family is a household in the professional's team that two parties are
// worried about, registered by its address through the signal form.
type family struct {
	street, number, postcode string
}

func (f family) form(kind, source string, domains ...string) url.Values {
	return url.Values{"soort": {kind}, "bron": {source}, "domeinen": domains, "omschrijving": {"Zorgen om het gezin."},
		"urgentie": {"normaal"}, "straat": {f.street}, "huisnummer": {f.number}, "postcode": {f.postcode}, "woonplaats": {"Duinhaven"}}
}

// newSignal posts a signal and returns its id.
func newSignal(t *testing.T, c *client, form url.Values) string {
	t.Helper()
	r := c.post(t, "/signalen", form)
	m := signalPath.FindStringSubmatch(r.header.Get("Location"))
	if r.status != http.StatusSeeOther || m == nil {
		t.Fatalf("new signal = %d to %q; want 303 to the signal", r.status, r.header.Get("Location"))
	}
	return m[1]
}

// checkGroupError checks that a radio or checkbox group that came back
// with an error names it beside the group, marks its buttons, and is
// linked from the summary.
func checkGroupError(t *testing.T, e *env, r *response, id, key string) {
	t.Helper()
	if got, want := textOf(t, r.body, id+"-fout"), e.t("formulier.fout")+" "+e.t(key); got != want {
		t.Errorf("message beside %s = %q; want %q", id, got, want)
	}
	if byID(t, r.body, id).attrs["aria-invalid"] != "true" {
		t.Errorf("group %s: first button not aria-invalid", id)
	}
	pointed := 0
	for _, fs := range elements(r.body, "fieldset", "aria-describedby", "") {
		if contains(strings.Fields(fs.attrs["aria-describedby"]), id+"-fout") {
			pointed++
		}
	}
	if pointed != 1 {
		t.Errorf("group %s: %d fieldsets point at its message; want 1", id, pointed)
	}
	if len(elements(r.body, "a", "href", "#"+id)) != 1 {
		t.Errorf("the error summary does not link to #%s", id)
	}
}

// checked reports whether the radio or checkbox with the id is ticked.
func isChecked(t *testing.T, body, id string) bool {
	t.Helper()
	return byID(t, body, id).has("checked")
}

// TestTriageToCaseForms walks triage, the case page and the regisseur
// page without a browser: each page answers for the roles that may see
// it and refuses the others, bad input comes back beside its field with
// the input kept and a 4xx status, and a stale version is a conflict.
func TestTriageToCaseForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		clients := map[wijkregie.Role]*client{}
		for _, role := range wijkregie.Roles {
			clients[role] = e.as(t, role)
		}
		pro, lead, partner := clients[wijkregie.RoleProfessional], clients[wijkregie.RoleTeamLead], clients[wijkregie.RolePartner]
		fam := family{"Vestingwal", "91", "2582 AB"}
		first := newSignal(t, pro, fam.form("zorgmelding", "buurtbewoner", "huiselijke-relaties"))
		second := newSignal(t, partner, fam.form("zorgmelding", "huisarts", "geestelijke-gezondheid", "financien"))

		// The queue: the team's, by deadline, with the address.
		for role, c := range clients {
			r := c.get(t, "/triage")
			want := http.StatusForbidden
			if role == wijkregie.RoleProfessional || role == wijkregie.RoleTeamLead {
				want = http.StatusOK
			}
			if r.status != want {
				t.Errorf("GET /triage as %s = %d; want %d", role, r.status, want)
			}
		}
		r := pro.get(t, "/triage")
		checkPage(t, e, "/triage", r)
		rows := rowsOf(t, r.body, "triage-bijschrift")
		found := 0
		for _, row := range rows {
			if strings.Contains(row, "Vestingwal 91") {
				found++
			}
		}
		if found != 2 {
			t.Errorf("queue rows with the family's address: %d; want 2 (%q)", found, rows)
		}

		// The triage screen: the suggestion with its reasons in words.
		screen := "/signalen/" + second + "/triage"
		for role, c := range clients {
			r := c.get(t, screen)
			want := http.StatusForbidden
			if role == wijkregie.RoleProfessional || role == wijkregie.RoleTeamLead {
				want = http.StatusOK
			}
			if r.status != want {
				t.Errorf("GET %s as %s = %d; want %d", screen, role, r.status, want)
			}
		}
		r = pro.get(t, screen)
		checkPage(t, e, screen, r)
		body := text(r.body)
		for _, want := range []string{
			e.t("triage.suggestie.kop", "besluit", e.t("triagebesluit.meervoudig")),
			e.t("triage.regel.domeinen", "aantal", 3, "drempel", 2),
			e.users[wijkregie.RoleProfessional].Name, // the match: who
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the triage screen lacks %q", want)
			}
		}
		if len(elements(r.body, "a", "href", "/instellingen")) == 0 {
			t.Error("the triage screen does not link to the settings behind the suggestion")
		}
		if r := pro.get(t, "/signalen/"+first); len(elements(r.body, "a", "href", "/signalen/"+first+"/triage")) != 1 {
			t.Error("the signal page does not link to its triage screen")
		}
		if r := partner.get(t, "/signalen/"+second); len(elements(r.body, "a", "href", "/signalen/"+second+"/triage")) != 0 {
			t.Error("the signal page offers the partner a triage screen")
		}

		// Bad decisions come back beside their field, with the input kept.
		r = pro.post(t, screen, url.Values{"besluit": {"geen-actie"}, "antwoord": {"Eerst bellen."}, "niveau": {"intensief"}})
		checkInvalidPage(t, e, "geen actie without a reason", r)
		checkFieldError(t, e, r, "reden", "veld.triage.reden")
		if !isChecked(t, r.body, "besluit-geen-actie") || !isChecked(t, r.body, "niveau-intensief") || !strings.Contains(textOf(t, r.body, "antwoord"), "Eerst bellen.") {
			t.Error("the decision form lost the user's input")
		}
		r = pro.post(t, screen, url.Values{"besluit": {"misschien"}})
		checkInvalidPage(t, e, "an unknown decision", r)
		checkGroupError(t, e, r, "besluit", "veld.keuze")
		r = pro.post(t, screen, url.Values{"besluit": {"enkelvoudig"}, "verwijzing": {"geen-id"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("a referral to no service = %d; want 422", r.status)
		}
		if r := pro.post(t, "/signalen/geen-id/triage", url.Values{"besluit": {"meervoudig"}}); r.status != http.StatusNotFound {
			t.Errorf("triage of no signal = %d; want 404", r.status)
		}

		// Meervoudig: the professional goes back to the queue, told that
		// the team lead assigns the regisseur; the case is the lead's.
		r = pro.post(t, screen, url.Values{"besluit": {"meervoudig"}, "niveau": {"licht"}, "reden": {"Meerdere zorgen."}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/triage" {
			t.Fatalf("meervoudig = %d to %q; want 303 to /triage", r.status, r.header.Get("Location"))
		}
		r = pro.get(t, "/triage")
		if !strings.Contains(text(r.body), e.t("melding.triage.casus_teamleider")) {
			t.Error("no confirmation after the decision")
		}
		r = pro.post(t, screen, url.Values{"besluit": {"geen-actie"}, "reden": {"Toch niet."}})
		if r.status != http.StatusOK && r.status != http.StatusConflict {
			t.Errorf("deciding twice = %d; want the screen with the decision (409)", r.status)
		}
		r = pro.get(t, screen)
		decided := textOf(t, r.body, "besluit")
		for _, want := range []string{e.t("triagebesluit.meervoudig"), e.users[wijkregie.RoleProfessional].Name, "Meerdere zorgen.", e.t("triage.regel.domeinen", "aantal", 3, "drempel", 2)} {
			if !strings.Contains(decided, want) {
				t.Errorf("the decision shown lacks %q: %q", want, decided)
			}
		}

		// The team lead triages the first signal: it joins the same case,
		// and the lead lands on it.
		r = lead.post(t, "/signalen/"+first+"/triage", url.Values{"besluit": {"meervoudig"}, "niveau": {"licht"}})
		m := casePath.FindStringSubmatch(r.header.Get("Location"))
		if r.status != http.StatusSeeOther || m == nil {
			t.Fatalf("the lead's meervoudig = %d to %q; want 303 to the case", r.status, r.header.Get("Location"))
		}
		caseID := m[1]
		cp := "/casussen/" + caseID

		// The case list and page, by role.
		for role, c := range clients {
			r := c.get(t, "/casussen")
			want := http.StatusForbidden
			if role == wijkregie.RoleProfessional || role == wijkregie.RoleTeamLead || role == wijkregie.RolePartner {
				want = http.StatusOK
			}
			if r.status != want {
				t.Errorf("GET /casussen as %s = %d; want %d", role, r.status, want)
			}
			r = c.get(t, cp)
			switch role {
			case wijkregie.RoleTeamLead:
				want = http.StatusOK
			case wijkregie.RoleProfessional:
				// Not involved: the page refuses the case and offers
				// emergency access (noodtoegang.go).
				want = http.StatusForbidden
			case wijkregie.RolePartner:
				want = http.StatusNotFound // not involved: whether the case exists is not theirs to learn
			default:
				want = http.StatusForbidden
			}
			if r.status != want {
				t.Errorf("GET %s as %s = %d; want %d", cp, role, r.status, want)
			}
		}
		r = lead.get(t, "/casussen")
		checkPage(t, e, "/casussen", r)
		if !contains(caseLinks(r.body), caseID) {
			t.Error("the lead's case list lacks the new case")
		}
		for _, q := range []string{"?regisseur=ik", "?status=alle&team=geen-id", "?pagina=2"} {
			if r := lead.get(t, "/casussen"+q); r.status != http.StatusOK {
				t.Errorf("GET /casussen%s = %d", q, r.status)
			}
		}
		// With htmx, the filter swaps only the list.
		if r := lead.get(t, "/casussen?status=alle", "HX-Request", "true", "HX-Target", "lijst"); len(elements(r.body, "html")) != 0 || !contains(caseLinks(r.body), caseID) {
			t.Error("the htmx filter does not answer with the list alone")
		}
		if r := lead.get(t, "/casussen?regisseur=ik"); contains(caseLinks(r.body), caseID) {
			t.Error("the filter on the lead's own cases shows a case without regisseur")
		}
		r = lead.get(t, cp)
		checkPage(t, e, cp, r)
		// Who can be named betrokkene: the case team's professionals and
		// the partners' staff, not another team's.
		if sel := elements(r.body, "select", "name", "medewerker"); len(sel) != 1 {
			t.Errorf("the case page has %d selects for a betrokkene; want 1", len(sel))
		} else {
			names := text(inner(r.body, sel[0]))
			for _, n := range []string{"Mohamed Bakkali", "Annelies van Wijk"} {
				if !strings.Contains(names, n) {
					t.Errorf("the betrokkene list lacks %s: %q", n, names)
				}
			}
			if strings.Contains(names, "Youssef Tahiri") {
				t.Errorf("the betrokkene list offers Wijkteam Noord's Youssef Tahiri: %q", names)
			}
		}
		if !strings.Contains(text(r.body), e.t("casus.geen_regisseur")) || len(elements(r.body, "a", "href", cp+"/regisseur")) != 1 {
			t.Error("the case page does not offer the lead to assign a regisseur")
		}
		if got := len(rowsOf(t, r.body, "signalen-bijschrift")); got != 2 {
			t.Errorf("the case lists %d signals; want 2", got)
		}
		ver := versionOf(r.body)

		// The regisseur page: only for the team lead.
		rp := cp + "/regisseur"
		for role, c := range clients {
			r := c.get(t, rp)
			want := http.StatusForbidden
			if role == wijkregie.RoleTeamLead {
				want = http.StatusOK
			}
			if r.status != want {
				t.Errorf("GET %s as %s = %d; want %d", rp, role, r.status, want)
			}
		}
		r = lead.get(t, rp)
		checkPage(t, e, rp, r)
		cands := rowsOf(t, r.body, "kandidaten-bijschrift")
		if len(cands) < 2 || !strings.HasPrefix(cands[0], "1 "+e.t("regisseur.suggestie")) {
			t.Errorf("candidates %q; want a ranked table with the suggestion first", cands)
		}
		if got := textOf(t, r.body, "bevoegdheden"); got != wijkregie.DefaultMandate {
			t.Errorf("mandate prefilled with %q; want the standard mandate", got)
		}
		first1 := byID(t, r.body, "regisseur").attrs["value"]
		if !radioValue.MatchString(first1) {
			t.Fatalf("first candidate's value %q", first1)
		}
		r = lead.post(t, rp, url.Values{"versie": {ver}, "vanaf": {"morgen"}, "bevoegdheden": {"Alles regelen."}, "escalatie": {""}})
		checkInvalidPage(t, e, "an assignment without regisseur", r)
		checkFieldError(t, e, r, "vanaf", "veld.datum")
		r = lead.post(t, rp, url.Values{"versie": {ver}, "vanaf": {"2026-11-23"}, "bevoegdheden": {"Alles regelen."}, "escalatie": {""}})
		checkInvalidPage(t, e, "an assignment without regisseur", r)
		checkGroupError(t, e, r, "regisseur", "veld.verplicht")
		checkFieldError(t, e, r, "escalatie", "veld.verplicht")
		if got := textOf(t, r.body, "bevoegdheden"); got != "Alles regelen." {
			t.Errorf("mandate after an error = %q; want the input kept", got)
		}
		// The documented professional becomes regisseur (not the
		// suggestion: the lead decides), so their mandate can be tried.
		proID := e.users[wijkregie.RoleProfessional].ID
		assign := url.Values{"versie": {"1000"}, "regisseur": {proID}, "vanaf": {"2026-11-23"}, "bevoegdheden": {"Alles regelen."},
			"escalatie": {"K. El Idrissi, teamleider"}, "reden": {"Kent het gezin."}}
		r = lead.post(t, rp, assign)
		if r.status != http.StatusConflict || !strings.Contains(text(r.body), e.t("fout.casus.gewijzigd")) {
			t.Errorf("assignment over a stale version = %d; want 409 with the message", r.status)
		} else if !isChecked(t, r.body, "regisseur-"+proID) || value(t, r.body, "escalatie") != "K. El Idrissi, teamleider" {
			t.Error("the conflict lost the user's input")
		}
		assign.Set("versie", ver)
		if r = lead.post(t, rp, assign); r.status != http.StatusSeeOther || r.header.Get("Location") != cp {
			t.Fatalf("assignment = %d to %q; want 303 to the case", r.status, r.header.Get("Location"))
		}
		r = lead.get(t, cp)
		mandate := textOf(t, r.body, "mandaat")
		for _, want := range []string{e.users[wijkregie.RoleProfessional].Name, "Alles regelen.", "K. El Idrissi, teamleider", "23 nov. 2026", "Kent het gezin."} {
			if !strings.Contains(mandate, want) {
				t.Errorf("the mandate shown lacks %q: %q", want, mandate)
			}
		}
		if !strings.Contains(textOf(t, r.body, "casus-stand"), e.t("casus.status.intake")) {
			t.Error("the case did not move to intake with its regisseur")
		}
		if moved := e.t("casus.gebeurtenis.status", "van", e.t("casus.status.aangemeld"), "naar", e.t("casus.status.intake")); !strings.Contains(text(r.body), moved) {
			t.Errorf("the history does not say %q", moved)
		}
		ver2 := versionOf(r.body)

		// Status and level: the forms, their errors and a conflict.
		r = lead.post(t, cp+"/status", url.Values{"versie": {ver2}, "status": {"afgesloten"}, "reden": {"Verhuisd."}})
		checkInvalidPage(t, e, "closing by a status change", r)
		checkFieldError(t, e, r, "status-status", "veld.casus.afsluiten_via_afsluiting")
		if got := textOf(t, r.body, "status-reden"); got != "Verhuisd." {
			t.Errorf("explanation after an error = %q; want it kept", got)
		}
		r = lead.post(t, cp+"/niveau", url.Values{"versie": {ver2}, "niveau": {"intensief"}})
		checkInvalidPage(t, e, "scaling without a reason", r)
		checkFieldError(t, e, r, "niveau-reden", "veld.verplicht")
		if got := selected(t, r.body, "niveau-niveau"); got != "intensief" {
			t.Errorf("level after an error = %q; want it kept", got)
		}
		r = lead.post(t, cp+"/niveau", url.Values{"versie": {ver}, "niveau": {"intensief"}, "reden": {"Schulden lopen op."}})
		if r.status != http.StatusConflict || !strings.Contains(textOf(t, r.body, "niveau-reden"), "Schulden lopen op.") {
			t.Errorf("scaling over a stale version = %d; want 409 with the input kept", r.status)
		}
		r = lead.post(t, cp+"/niveau", url.Values{"versie": {versionOf(r.body)}, "niveau": {"intensief"}, "reden": {"Schulden lopen op."}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("scaling up = %d; want 303", r.status)
		}
		r = lead.get(t, cp)
		history := strings.Join(rowsOf(t, r.body, "geschiedenis-bijschrift"), " | ")
		for _, want := range []string{
			e.t("casus.gebeurtenis.niveau_op", "van", e.t("casus.niveau.licht"), "naar", e.t("casus.niveau.intensief")) + " Schulden lopen op. " + e.users[wijkregie.RoleTeamLead].Name,
			e.t("casus.gebeurtenis.regisseur", "naam", e.users[wijkregie.RoleProfessional].Name),
		} {
			if !strings.Contains(history, want) {
				t.Errorf("history lacks %q: %s", want, history)
			}
		}

		// Betrokkenen.
		ver3 := versionOf(r.body)
		r = lead.post(t, cp+"/betrokkenen", url.Values{"versie": {ver3}, "rol": {"hulpverlener"}, "notitie": {"schuldhulp"}})
		checkInvalidPage(t, e, "a party without anyone", r)
		if !strings.Contains(textOf(t, r.body, "betrokkene-betrokkene-fout"), e.t("veld.casus.betrokkene")) || value(t, r.body, "betrokkene-notitie") != "schuldhulp" {
			t.Error("the party form does not name the missing party or lost the input")
		}
		orgs := elements(r.body, "input", "name", "organisaties")
		if len(orgs) == 0 {
			// The lead is not the regisseur: no mandate forms; take an
			// organisation from the party form instead.
			orgs = elements(inner(r.body, byID(t, r.body, "betrokkene-organisatie")), "option")
		}
		var org string
		for _, o := range orgs {
			if radioValue.MatchString(o.attrs["value"]) {
				org = o.attrs["value"]
				break
			}
		}
		r = lead.post(t, cp+"/betrokkenen", url.Values{"versie": {ver3}, "organisatie": {org}, "rol": {"hulpverlener"}, "notitie": {"schuldhulp"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("adding a party = %d; want 303", r.status)
		}
		r = lead.get(t, cp)
		var end string
		for _, f := range elements(r.body, "form", "method", "post") {
			if strings.HasSuffix(f.attrs["action"], "/beeindigen") {
				end = f.attrs["action"]
			}
		}
		if end == "" {
			t.Fatal("no form to end the party")
		}
		if r := lead.post(t, end, url.Values{"versie": {versionOf(r.body)}}); r.status != http.StatusSeeOther {
			t.Errorf("ending the party = %d; want 303", r.status)
		}

		// The regisseur's mandate: opschaling and doorzettingsmacht.
		if r := lead.post(t, cp+"/opschalingen", url.Values{"versie": {ver3}, "organisatie": {org}, "aan": {"x"}, "onderwerp": {"y"}}); r.status != http.StatusForbidden {
			t.Errorf("the lead escalates = %d; want 403 (the mandate is the regisseur's)", r.status)
		}
		r = pro.get(t, cp)
		checkPage(t, e, cp+" as regisseur", r)
		verP := versionOf(r.body)
		r = pro.post(t, cp+"/opschalingen", url.Values{"versie": {verP}, "organisatie": {org}, "onderwerp": {"Levert niet."}})
		checkInvalidPage(t, e, "an escalation to nobody", r)
		checkFieldError(t, e, r, "opschaling-aan", "veld.verplicht")
		if selected(t, r.body, "opschaling-organisatie") != org {
			t.Error("the escalation form lost the organisation")
		}
		r = pro.post(t, cp+"/opschalingen", url.Values{"versie": {verP}, "organisatie": {org}, "aan": {"Manager zorg"}, "onderwerp": {"Levert niet."}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("escalating = %d; want 303", r.status)
		}
		r = pro.get(t, cp)
		var answer string
		for _, f := range elements(r.body, "form", "method", "post") {
			if strings.Contains(f.attrs["action"], "/opschalingen/") {
				answer = f.attrs["action"]
			}
		}
		if answer == "" {
			t.Fatal("no form to answer the escalation")
		}
		eid := answer[strings.LastIndex(answer, "/")+1:]
		r = pro.post(t, answer, url.Values{"versie": {"1"}, "status": {"afgerond"}, "antwoord": {"Wij leveren."}})
		checkInvalidPage(t, e, "settling without outcome", r)
		checkFieldError(t, e, r, "antwoord-"+eid+"-uitkomst", "veld.verplicht")
		if r = pro.post(t, answer, url.Values{"versie": {"1"}, "status": {"afgerond"}, "antwoord": {"Wij leveren."}, "uitkomst": {"Opgelost."}}); r.status != http.StatusSeeOther {
			t.Errorf("settling = %d; want 303", r.status)
		}
		r = pro.post(t, cp+"/doorzettingsmacht", url.Values{"versie": {verP}, "soort": {"stoppen"}, "besluit": {"Stop de begeleiding."}})
		checkInvalidPage(t, e, "a binding decision without grounds", r)
		checkFieldError(t, e, r, "doorzetting-motivering", "veld.verplicht")
		if got := textOf(t, r.body, "doorzetting-besluit"); got != "Stop de begeleiding." {
			t.Errorf("decision after an error = %q; want it kept", got)
		}
		r = pro.post(t, cp+"/doorzettingsmacht", url.Values{"versie": {verP}, "soort": {"stoppen"}, "besluit": {"Stop de begeleiding."},
			"motivering": {"Werkt niet."}, "organisaties": {org}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("a binding decision = %d; want 303", r.status)
		}
		r = pro.get(t, cp)
		if rows := rowsOf(t, r.body, "doorzetting-bijschrift"); len(rows) != 1 || !strings.Contains(rows[0], "Stop de begeleiding.") {
			t.Errorf("binding decisions %q; want the one taken", rows)
		}

		// Closing ends the case; its forms go.
		r = lead.post(t, cp+"/afsluiten", url.Values{"versie": {versionOf(lead.get(t, cp).body)}, "reden": {"verhuisd"},
			"kanZonderHulp": {"nee"}, "problemenVerminderd": {"nee"}, "doelenBereikt": {"nee"}, "samenvatting": {"Gezin is verhuisd."}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("closing = %d; want 303", r.status)
		}
		r = lead.get(t, cp)
		if len(elements(r.body, "form", "action", cp+"/status")) != 0 || !strings.Contains(textOf(t, r.body, "casus-stand"), e.t("casus.afsluitreden.verhuisd")) {
			t.Error("a closed case still offers its forms, or does not say why it closed")
		}
		if r := lead.get(t, rp); r.status != http.StatusConflict {
			t.Errorf("the regisseur page of a closed case = %d; want 409", r.status)
		}

		// Ids that are none, and posts that are nonsense: never a 500.
		for _, p := range []struct{ method, path string }{
			{"GET", "/casussen/geen-id"}, {"GET", "/casussen/0190a000-0000-7000-8000-000000000000"}, {"GET", "/signalen/geen-id/triage"},
			{"POST", "/casussen/geen-id/status"}, {"POST", cp + "/betrokkenen/geen-id/beeindigen"}, {"POST", cp + "/opschalingen/geen-id"},
		} {
			var r *response
			if p.method == "GET" {
				r = lead.get(t, p.path)
			} else {
				r = lead.post(t, p.path, url.Values{"versie": {"x"}, "status": {"plan"}})
			}
			if r.status < 400 || r.status >= 500 {
				t.Errorf("%s %s = %d; want a 4xx", p.method, p.path, r.status)
			}
		}
	})
}

// versionOf returns the case version the page's forms carry.
func versionOf(body string) string {
	if vs := elements(body, "input", "name", "versie"); len(vs) > 0 {
		return vs[0].attrs["value"]
	}
	return ""
}

func caseLinks(body string) []string {
	var out []string
	for _, m := range caseLink.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestSimpleQuestionIsReferred: a question on one domain is suggested
// enkelvoudig, referred to a service of the sociale kaart, and opens no
// case; the referral is shown with the decision.
func TestSimpleQuestionIsReferred(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		pro, lead := e.as(t, wijkregie.RoleProfessional), e.as(t, wijkregie.RoleTeamLead)
		id := newSignal(t, pro, family{"Kerkstraat", "301", "2581 AB"}.form("hulpvraag", "zelf", "financien"))
		screen := "/signalen/" + id + "/triage"
		r := pro.get(t, screen)
		if !strings.Contains(text(r.body), e.t("triage.suggestie.kop", "besluit", e.t("triagebesluit.enkelvoudig"))) {
			t.Error("a simple question is not suggested enkelvoudig")
		}
		var service string
		for _, in := range elements(r.body, "input", "name", "verwijzing") {
			if radioValue.MatchString(in.attrs["value"]) {
				service = in.attrs["value"]
				break
			}
		}
		if service == "" {
			t.Fatal("no service of the sociale kaart offered for financien")
		}
		r = pro.post(t, screen, url.Values{"besluit": {"enkelvoudig"}, "niveau": {"licht"}})
		checkInvalidPage(t, e, "enkelvoudig without referral or answer", r)
		checkGroupError(t, e, r, "verwijzing", "veld.triage.verwijzing")
		if !isChecked(t, r.body, "besluit") {
			t.Error("the decision enkelvoudig was not kept")
		}
		r = pro.post(t, screen, url.Values{"besluit": {"enkelvoudig"}, "verwijzing": {service}, "niveau": {"licht"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/triage" {
			t.Fatalf("referral = %d to %q; want 303 to the queue", r.status, r.header.Get("Location"))
		}
		sv, err := e.svc.Service(t.Context(), e.actor(wijkregie.RoleProfessional), service)
		if err != nil {
			t.Fatal(err)
		}
		r = pro.get(t, screen)
		decided := textOf(t, r.body, "besluit")
		if !strings.Contains(decided, sv.Name) || !strings.Contains(decided, e.t("triage.besluit.geen_casus")) {
			t.Errorf("the decision shown = %q; want the referral to %s and no case", decided, sv.Name)
		}
		if !strings.Contains(text(pro.get(t, "/signalen/"+id).body), e.t("signaalstatus.enkelvoudig")) {
			t.Error("the signal page does not show the signal as handled")
		}
		r = lead.get(t, "/casussen?status=alle")
		if strings.Contains(text(r.body), "Kerkstraat 301") {
			t.Error("a referred question opened a case")
		}
	})
}

// TestSettingsPage: the team reads the settings, beheer changes them.
func TestSettingsPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		for _, role := range wijkregie.Roles {
			r := e.as(t, role).get(t, "/instellingen")
			want := http.StatusForbidden
			switch role {
			case wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RoleAdmin:
				want = http.StatusOK
			}
			if r.status != want {
				t.Errorf("GET /instellingen as %s = %d; want %d", role, r.status, want)
			}
			if want == http.StatusOK {
				checkPage(t, e, "/instellingen as "+string(role), r)
				hasForm := len(elements(r.body, "form", "action", "/instellingen")) == 1
				if hasForm != (role == wijkregie.RoleAdmin) {
					t.Errorf("/instellingen as %s: a form = %v; want it for beheer only", role, hasForm)
				}
			}
		}
		admin := e.as(t, wijkregie.RoleAdmin)
		r := admin.get(t, "/instellingen")
		form := url.Values{}
		for _, in := range elements(r.body, "input") {
			form.Set(in.attrs["name"], in.attrs["value"])
		}
		if form.Get("versie") != "0" || form.Get("triageTermijnNormaal") != strconv.Itoa(wijkregie.TriageDaysNormal) {
			t.Fatalf("settings form %v; want the defaults at version 0", form)
		}
		form.Set("triageTermijnSpoed", "vijf")
		form.Set("gewichtVeiligheid", "11")
		form.Set("drempelDomeinen", "3")
		r = admin.post(t, "/instellingen", form)
		checkInvalidPage(t, e, "bad settings", r)
		checkFieldError(t, e, r, "triageTermijnSpoed", "veld.bereik_0_20")
		checkFieldError(t, e, r, "gewichtVeiligheid", "veld.bereik_1_10")
		if value(t, r.body, "drempelDomeinen") != "3" || value(t, r.body, "triageTermijnSpoed") != "vijf" {
			t.Error("the settings form lost the input")
		}
		form.Set("triageTermijnSpoed", "1")
		form.Set("gewichtVeiligheid", "4")
		if r = admin.post(t, "/instellingen", form); r.status != http.StatusSeeOther {
			t.Fatalf("saving = %d; want 303", r.status)
		}
		if r = admin.post(t, "/instellingen", form); r.status != http.StatusConflict {
			t.Errorf("saving over a stale version = %d; want 409", r.status)
		}
		r = e.as(t, wijkregie.RoleProfessional).get(t, "/instellingen")
		if got := textOf(t, r.body, "drempels"); !strings.Contains(got, "3") {
			t.Errorf("the professional reads thresholds %q; want the new 3", got)
		}
		if r := e.as(t, wijkregie.RoleProfessional).post(t, "/instellingen", form); r.status != http.StatusForbidden {
			t.Errorf("a professional saves settings = %d; want 403", r.status)
		}
	})
}

// TestCaseLabelsExist: every code the case pages show through label has
// its text in both languages.
func TestCaseLabelsExist(t *testing.T) {
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string][]string{
		"triagebesluit.":           strs(wijkregie.TriageDecisions),
		"signaalstatus.":           strs(wijkregie.SignalStatuses),
		"casus.status.":            strs(wijkregie.CaseStatuses),
		"casus.niveau.":            strs(wijkregie.CaseLevels),
		"casus.afsluitreden.":      wijkregie.ClosureReasons,
		"casus.rol.":               strs(wijkregie.PartyRoles),
		"casus.doorzetting.":       strs(wijkregie.EnforcementKinds),
		"casus.opschaling.status.": {string(wijkregie.EscalationOpen), string(wijkregie.EscalationAnswered), string(wijkregie.EscalationSettled)},
		"casus.gebeurtenis.": strs([]wijkregie.CaseEventKind{wijkregie.EventOpened, wijkregie.EventStatus, wijkregie.EventLevel, wijkregie.EventCoordinator,
			wijkregie.EventSignalJoined, wijkregie.EventPartyAdded, wijkregie.EventPartyEnded, wijkregie.EventMeldcode, wijkregie.EventEscalation, wijkregie.EventEnforcement}),
	}
	for prefix, cs := range codes {
		for _, c := range cs {
			for _, lang := range []string{locale.NL, locale.EN} {
				if !cat.Has(lang, prefix+c) {
					t.Errorf("%s.json lacks %q", lang, prefix+c)
				}
			}
		}
	}
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}
