package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// sanneBSN is a number from the test range that passes the elfproef.
const sanneBSN = "999990019"

// checkNoBSN checks that a BSN reaches no URL of the response (links,
// form actions, Location) and not the page title.
func checkNoBSN(t *testing.T, what string, r *response, bsn string) {
	t.Helper()
	if strings.Contains(r.header.Get("Location"), bsn) {
		t.Errorf("%s: Location %q holds the BSN", what, r.header.Get("Location"))
	}
	for _, title := range texts(r.body, "title") {
		if strings.Contains(title, bsn) || strings.Contains(title, "Sanne") {
			t.Errorf("%s: title %q names the person", what, title)
		}
	}
	for _, el := range elements(r.body, "") {
		for _, a := range []string{"href", "action", "src", "hx-get", "hx-post"} {
			if strings.Contains(el.attrs[a], bsn) {
				t.Errorf("%s: %s %s=%q holds the BSN", what, el.name, a, el.attrs[a])
			}
		}
	}
}

// rowsOf returns the text of each body row of the table with the caption id.
func rowsOf(t *testing.T, body, captionID string) []string {
	t.Helper()
	table := inner(body, elements(body, "table")[indexOfTable(t, body, captionID)])
	var out []string
	for _, tr := range elements(table, "tr") {
		if row := text(inner(table, tr)); len(elements(inner(table, tr), "td")) > 0 {
			out = append(out, row)
		}
	}
	return out
}

func indexOfTable(t *testing.T, body, captionID string) int {
	t.Helper()
	for i, tbl := range elements(body, "table") {
		if len(elements(inner(body, tbl), "caption", "id", captionID)) == 1 {
			return i
		}
	}
	t.Fatalf("no table with caption %s", captionID)
	return -1
}

var personPath = regexp.MustCompile(`^/huishoudens/nieuw\?persoon=([0-9a-f-]{36})$`)

func TestPersonAndHouseholdForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := e.as(t, wijkregie.RoleProfessional)

		// The search page: three forms, each posting, so no BSN in a URL.
		r := c.get(t, "/personen/zoeken")
		checkPage(t, e, "/personen/zoeken", r)
		if forms := elements(r.body, "form", "method", "post", "action", "/personen/zoeken"); len(forms) != 3 {
			t.Errorf("search page has %d posting search forms; want 3", len(forms))
		}

		// An invalid BSN: the message beside the field, the input kept.
		for _, tt := range []struct{ bsn, key string }{
			{"123456789", "veld.bsn.elfproef"},
			{"000000000", "veld.bsn.elfproef"},
			{"12345678", "veld.bsn.elfproef"},
			{"12345678a", "veld.bsn.cijfers"},
			{"1234567", "veld.bsn.lengte"},
		} {
			r := c.post(t, "/personen/zoeken", url.Values{"zoekwijze": {"bsn"}, "bsn": {tt.bsn}})
			checkInvalidPage(t, e, "search by BSN "+tt.bsn, r)
			checkFieldError(t, e, r, "bsn", tt.key)
			if got := value(t, r.body, "bsn"); got != tt.bsn {
				t.Errorf("bsn after an error = %q; want %q kept", got, tt.bsn)
			}
			checkNoBSN(t, "search by BSN "+tt.bsn, r, tt.bsn)
		}
		r = c.post(t, "/personen/zoeken", url.Values{"zoekwijze": {"naam"}, "achternaam": {"Meer"}})
		checkInvalidPage(t, e, "search by name without birth date", r)
		checkFieldError(t, e, r, "geboortedatum", "veld.verplicht")
		if got := value(t, r.body, "achternaam"); got != "Meer" {
			t.Errorf("achternaam after an error = %q; want it kept", got)
		}

		// Registering a person: errors beside the fields, input kept.
		form := url.Values{"voornaam": {"Sanne"}, "tussenvoegsel": {"van der"}, "achternaam": {" "}, "geboortedatum": {"2012-05-17"},
			"bsn": {"12345678a"}, "telefoon": {"06 12345678"}}
		r = c.post(t, "/personen", form)
		checkInvalidPage(t, e, "invalid new person", r)
		checkFieldError(t, e, r, "bsn", "veld.bsn.cijfers")
		checkFieldError(t, e, r, "achternaam", "veld.verplicht")
		for name, want := range map[string]string{"voornaam": "Sanne", "bsn": "12345678a", "geboortedatum": "2012-05-17", "telefoon": "06 12345678"} {
			if got := value(t, r.body, name); got != want {
				t.Errorf("%s after an error = %q; want %q kept", name, got, want)
			}
		}
		form.Set("achternaam", "Meer")
		form.Set("bsn", sanneBSN)
		r = c.post(t, "/personen", form)
		checkNoBSN(t, "new person", r, sanneBSN)
		m := personPath.FindStringSubmatch(r.header.Get("Location"))
		if r.status != http.StatusSeeOther || m == nil {
			t.Fatalf("new person = %d to %q; want 303 to the household form with the person", r.status, r.header.Get("Location"))
		}
		sanne := m[1]

		// The household form starts from her: shown as a search shows her.
		r = c.get(t, r.header.Get("Location"))
		checkPage(t, e, "new household with a person", r)
		checkNoBSN(t, "new household with a person", r, sanneBSN)
		if !strings.Contains(text(r.body), "******019") || strings.Contains(r.body, sanneBSN) {
			t.Error("the household form does not show the person's masked BSN, or shows it whole")
		}
		if !strings.Contains(text(r.body), e.t("melding.persoon.geregistreerd")) {
			t.Error("no message after registering the person")
		}
		hform := url.Values{"straat": {"Marktstraat"}, "huisnummer": {"twaalf"}, "postcode": {"2581 ab"}, "woonplaats": {"Duinhaven"},
			"persoon": {sanne}, "relatie": {"kind"}, "vanaf": {"2020-08-01"}}
		r = c.post(t, "/huishoudens", hform)
		checkInvalidPage(t, e, "invalid new household", r)
		checkFieldError(t, e, r, "huisnummer", "veld.huisnummer")
		if got := selected(t, r.body, "relatie"); got != "kind" {
			t.Errorf("relatie after an error = %q; want kind kept", got)
		}
		hform.Set("huisnummer", "12")
		hform.Set("huisnummertoevoeging", "A")
		r = c.post(t, "/huishoudens", hform)
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/huishoudens/") {
			t.Fatalf("new household = %d to %q; want 303 to the household", r.status, r.header.Get("Location"))
		}
		household := r.header.Get("Location")

		// The professional sees the new household, with Sanne, and the forms.
		r = c.get(t, household)
		checkPage(t, e, household, r)
		if rows := rowsOf(t, r.body, "leden-bijschrift"); len(rows) != 1 || !strings.HasPrefix(rows[0], "Sanne van der Meer Kind") {
			t.Errorf("members of the new household: %q", rows)
		}
		if len(elements(r.body, "form", "action", household+"/leden")) != 1 || len(elements(r.body, "form", "action", household+"/leden/"+sanne+"/beeindigen")) != 1 {
			t.Error("the household page lacks the form to add a member or to end Sanne's membership")
		}

		// Each way of searching finds her, with a masked BSN.
		for _, q := range []url.Values{
			{"zoekwijze": {"bsn"}, "bsn": {"9999 90 019"}},
			{"zoekwijze": {"naam"}, "achternaam": {"MEER"}, "geboortedatum": {"2012-05-17"}},
			{"zoekwijze": {"adres"}, "postcode": {"2581ab"}, "huisnummer": {"12"}, "huisnummertoevoeging": {"a"}},
		} {
			r := c.post(t, "/personen/zoeken", q)
			if r.status != http.StatusOK {
				t.Fatalf("search %v = %d", q, r.status)
			}
			checkPage(t, e, "search results", r)
			checkNoBSN(t, "search results", r, sanneBSN)
			rows := rowsOf(t, r.body, "resultaten-bijschrift")
			if len(rows) != 1 || !strings.Contains(rows[0], "Sanne van der Meer") || !strings.Contains(rows[0], "******019") || !strings.Contains(rows[0], "Marktstraat 12 A") {
				t.Errorf("search %v found %q; want Sanne with masked BSN and address", q, rows)
			}
			if strings.Contains(rows[0], "06 12345678") {
				t.Errorf("search results show contact details: %q", rows[0])
			}
		}
		// From the household page, a search offers to add the found person.
		r = c.post(t, "/personen/zoeken", url.Values{"zoekwijze": {"bsn"}, "bsn": {sanneBSN}, "huishouden": {strings.TrimPrefix(household, "/huishoudens/")}})
		if len(elements(r.body, "a", "href", household+"/leden/nieuw?persoon="+sanne)) != 1 {
			t.Error("a search for a household does not offer to add the person found")
		}

		// A possible duplicate: the same family name in another case and
		// the same birth date. The form comes back with the match and a box
		// to register all the same, input kept.
		dup := url.Values{"voornaam": {"Sara"}, "achternaam": {"meer"}, "geboortedatum": {"2012-05-17"}}
		r = c.post(t, "/personen", dup)
		if r.status != http.StatusConflict {
			t.Fatalf("a possible duplicate = %d; want 409", r.status)
		}
		checkPage(t, e, "possible duplicate", r)
		if rows := rowsOf(t, r.body, "dubbel-bijschrift"); len(rows) != 1 || !strings.Contains(rows[0], "Sanne van der Meer") || !strings.Contains(rows[0], "******019") {
			t.Errorf("possible duplicates: %q", rows)
		}
		if got := value(t, r.body, "voornaam"); got != "Sara" {
			t.Errorf("voornaam with duplicates = %q; want it kept", got)
		}
		if byID(t, r.body, "bevestigDubbel").has("checked") {
			t.Error("the confirmation is ticked before the user ticked it")
		}
		dup.Set("bevestigDubbel", "ja")
		if r := c.post(t, "/personen", dup); r.status != http.StatusSeeOther {
			t.Errorf("a confirmed registration = %d; want 303", r.status)
		}

		// A new member on the household page: errors beside the fields.
		r = c.post(t, household+"/leden", url.Values{"voornaam": {"Emre"}, "achternaam": {"Meer"}, "bsn": {"123456789"}, "relatie": {"ouder"}, "vanaf": {""}})
		checkInvalidPage(t, e, "invalid new member", r)
		checkFieldError(t, e, r, "lid-bsn", "veld.bsn.elfproef")
		checkFieldError(t, e, r, "lid-vanaf", "veld.datum")
		if got := value(t, r.body, "lid-voornaam"); got != "Emre" {
			t.Errorf("voornaam of the new member after an error = %q; want it kept", got)
		}
		checkNoBSN(t, "invalid new member", r, "123456789")
		r = c.post(t, household+"/leden", url.Values{"voornaam": {"Emre"}, "achternaam": {"Meer"}, "geboortedatum": {"1980-01-02"}, "relatie": {"ouder"}, "vanaf": {"2020-08-01"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != household {
			t.Fatalf("new member = %d to %q; want 303 to the household", r.status, r.header.Get("Location"))
		}

		// Ending Sanne's membership: a bad date beside the field, then done.
		end := household + "/leden/" + sanne + "/beeindigen"
		r = c.post(t, end, url.Values{"tot": {"2019-01-01"}})
		checkInvalidPage(t, e, "ending before the start", r)
		checkFieldError(t, e, r, "einde-"+sanne+"-tot", "veld.tot")
		if got := value(t, r.body, "einde-"+sanne+"-tot"); got != "2019-01-01" {
			t.Errorf("tot after an error = %q; want it kept", got)
		}
		if r := c.post(t, end, url.Values{"tot": {"2026-01-31"}}); r.status != http.StatusSeeOther {
			t.Fatalf("ending = %d; want 303", r.status)
		}
		// She left: no person page for her (access goes through current
		// memberships), and the household shows her as former.
		if r := c.get(t, "/personen/"+sanne); r.status != http.StatusNotFound {
			t.Errorf("the person page of someone who left = %d; want 404", r.status)
		}
		r = c.get(t, household)
		if len(elements(r.body, "form", "action", end)) != 0 {
			t.Error("an ended membership can still be ended")
		}

		// Adding a found person: the form shows whom, then adds.
		r = c.get(t, household+"/leden/nieuw?persoon="+sanne)
		checkPage(t, e, "add a found person", r)
		r = c.post(t, household+"/leden", url.Values{"persoon": {sanne}, "relatie": {"buurman"}, "vanaf": {"2026-02-01"}})
		checkInvalidPage(t, e, "adding a found person with a bad relation", r)
		checkFieldError(t, e, r, "relatie", "veld.relatie")
		if r := c.post(t, household+"/leden", url.Values{"persoon": {sanne}, "relatie": {"kind"}, "vanaf": {"2026-02-01"}}); r.status != http.StatusSeeOther {
			t.Fatalf("adding a found person = %d; want 303", r.status)
		}
		// Her page shows her households, today's first.
		r = c.get(t, "/personen/"+sanne)
		checkPage(t, e, "person with history", r)
		checkNoBSN(t, "person with history", r, sanneBSN)
		if rows := rowsOf(t, r.body, "huishoudens-bijschrift"); len(rows) != 2 || !strings.HasSuffix(rows[0], e.t("lid.huidig")) || strings.HasSuffix(rows[1], e.t("lid.huidig")) {
			t.Errorf("household history: %q; want the current membership, then the ended one", rows)
		}

		// Partners, policy, inspection and beheer may not search or register.
		for _, role := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin} {
			o := e.as(t, role)
			if r := o.post(t, "/personen/zoeken", url.Values{"zoekwijze": {"bsn"}, "bsn": {sanneBSN}}); r.status != http.StatusForbidden {
				t.Errorf("search as %s = %d; want 403", role, r.status)
			}
			if r := o.post(t, "/personen", url.Values{"achternaam": {"Stiekem"}}); r.status != http.StatusForbidden {
				t.Errorf("registering as %s = %d; want 403", role, r.status)
			}
			if r := o.get(t, "/"); len(elements(r.body, "a", "href", "/personen/zoeken")) != 0 {
				t.Errorf("%s is offered the person search", role)
			}
		}
		// A household of no concern to the professional: not found.
		other := e.otherHousehold(t)
		if r := c.post(t, "/huishoudens/"+other+"/leden", url.Values{"persoon": {sanne}, "relatie": {"kind"}, "vanaf": {"2026-02-01"}}); r.status != http.StatusNotFound {
			t.Errorf("adding to a household of no concern = %d; want 404", r.status)
		}
	})
}

// otherHousehold returns a household the demo professional is not
// involved with.
func (e *env) otherHousehold(t *testing.T) string {
	t.Helper()
	ctx := t.Context()
	pro := e.actor(wijkregie.RoleProfessional)
	mine, _, err := e.svc.Households(ctx, pro, store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, h := range mine {
		seen[h.ID] = true
	}
	all, _, err := e.store.R().Households(ctx, pro.MunicipalityID, wijkregie.HouseholdScope{All: true}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range all {
		if !seen[h.ID] {
			return h.ID
		}
	}
	t.Fatal("the professional is involved with every household")
	return ""
}
