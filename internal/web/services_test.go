package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// The sociale kaart: everyone finds services by text, domain and the
// resident's postcode; beheer keeps the catalogue.

// serviceNames returns the service names in the result list of a page or
// fragment.
func serviceNames(t *testing.T, body string) []string {
	t.Helper()
	var names []string
	for _, tbody := range elements(body, "tbody") {
		names = append(names, texts(inner(body, tbody), "th")...)
	}
	return names
}

func TestServiceCatalogueSearch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		pro := e.as(t, wijkregie.RoleProfessional)

		// Everyone sees the active services; only beheer the closed one.
		r := pro.get(t, "/sociale-kaart")
		if r.status != http.StatusOK {
			t.Fatalf("GET /sociale-kaart = %d", r.status)
		}
		names := serviceNames(t, r.body)
		if len(names) < 15 || !contains(names, "Voedselbank Duinhaven") || contains(names, "Kledingbank De Kast") {
			t.Errorf("the professional's sociale kaart lists %q; want the active demo services, not the closed one", names)
		}
		if got := texts(r.body, "caption"); len(got) != 1 || !strings.Contains(got[0], e.t("sociale_kaart.bijschrift", "aantal", len(names), "pagina", 1, "paginas", 1)) {
			t.Errorf("caption %q", got)
		}
		r = e.as(t, wijkregie.RoleAdmin).get(t, "/sociale-kaart?zoekterm=kledingbank")
		if got := serviceNames(t, r.body); !cmp.Equal(got, []string{"Kledingbank De Kast"}) || !strings.Contains(text(r.body), e.t("status.inactief")) {
			t.Errorf("beheer searching the closed service finds %q; want it, marked inactive", got)
		}

		tests := []struct {
			query   string
			has     []string
			hasNot  []string
			exactly []string
		}{
			{query: "domein=financien", has: []string{"Inloopspreekuur Schuldhulp", "Voedselbank Duinhaven", "Formulierenbrigade"},
				hasNot: []string{"Taalcafé Havenkwartier", "Sportbuurtcoach Noord"}},
			{query: "postcode=2591+ab", has: []string{"Taalcafé Havenkwartier", "Buurthuis De Vuurtoren", "Voedselbank Duinhaven"},
				hasNot: []string{"Sportbuurtcoach Noord", "Werkcafé Centrum", "Wijkrestaurant De Zeester"}},
			{query: "postcode=2585", has: []string{"Sportbuurtcoach Noord"}, hasNot: []string{"Taalcafé Havenkwartier"}},
			{query: "zoekterm=VOEDSEL", exactly: []string{"Voedselbank Duinhaven"}},
			{query: "zoekterm=formulieren&domein=instrumentele-adl&postcode=2582", exactly: []string{"Formulierenbrigade"}},
			{query: "zoekterm=bestaat+niet", exactly: nil},
		}
		for _, tt := range tests {
			r := pro.get(t, "/sociale-kaart?"+tt.query)
			if r.status != http.StatusOK {
				t.Errorf("GET ?%s = %d; want 200", tt.query, r.status)
				continue
			}
			got := serviceNames(t, r.body)
			for _, n := range tt.has {
				if !contains(got, n) {
					t.Errorf("?%s lacks %q; got %q", tt.query, n, got)
				}
			}
			for _, n := range tt.hasNot {
				if contains(got, n) {
					t.Errorf("?%s lists %q; got %q", tt.query, n, got)
				}
			}
			if tt.exactly != nil || tt.has == nil {
				if diff := cmp.Diff(got, tt.exactly); diff != "" {
					t.Errorf("?%s (-got +want):\n%s", tt.query, diff)
				}
			}
			if tt.has == nil && tt.exactly == nil && !strings.Contains(textOf(t, r.body, "lijst"), e.t("sociale_kaart.leeg")) {
				t.Errorf("?%s: no message for an empty result", tt.query)
			}
		}

		// The form keeps the search, and works without JavaScript: a GET
		// to the list itself.
		r = pro.get(t, "/sociale-kaart?zoekterm=formulieren&domein=instrumentele-adl&postcode=2582")
		if got := value(t, r.body, "filter-zoekterm"); got != "formulieren" {
			t.Errorf("zoekterm after searching = %q", got)
		}
		if got := selected(t, r.body, "filter-domein"); got != "instrumentele-adl" {
			t.Errorf("domein after searching = %q", got)
		}
		if got := value(t, r.body, "filter-postcode"); got != "2582" {
			t.Errorf("postcode after searching = %q", got)
		}
		if f := elements(r.body, "form", "method", "get", "action", "/sociale-kaart", "hx-target", "#lijst"); len(f) != 1 {
			t.Errorf("found %d GET search forms with an htmx target; want 1", len(f))
		}

		// With htmx the search swaps only the list.
		r = pro.get(t, "/sociale-kaart?domein=justitie", "HX-Request", "true", "HX-Target", "lijst")
		if r.status != http.StatusOK || strings.Contains(r.body, "<html") || !contains(serviceNames(t, r.body), "Spreekuur Sociaal Raadslieden") {
			t.Errorf("htmx search = %d, %d bytes; want the list fragment with the raadslieden", r.status, len(r.body))
		}
		if !contains(r.header.Values("Vary"), "HX-Request") {
			t.Error("fragment response lacks Vary: HX-Request")
		}

		// A postcode that is none: the message beside the field, and in the
		// list an error summary that htmx shows too.
		r = pro.get(t, "/sociale-kaart?postcode=25&zoekterm=buurt")
		checkInvalidPage(t, e, "search with a bad postcode", r)
		checkFieldError(t, e, r, "filter-postcode", "veld.postcode.gebied")
		if got := value(t, r.body, "filter-postcode"); got != "25" {
			t.Errorf("postcode after an error = %q; want the input kept", got)
		}
		if got := value(t, r.body, "filter-zoekterm"); got != "buurt" {
			t.Errorf("zoekterm after an error = %q; want the input kept", got)
		}
		r = pro.get(t, "/sociale-kaart?postcode=25", "HX-Request", "true", "HX-Target", "lijst")
		if r.status != http.StatusUnprocessableEntity || strings.Contains(r.body, "<html") || len(elements(r.body, "div", "role", "alert")) != 1 ||
			len(elements(r.body, "a", "href", "#filter-postcode")) != 1 {
			t.Errorf("htmx search with a bad postcode = %d: %s; want 422 with an error summary linking to the field", r.status, r.body)
		}
		r = pro.get(t, "/sociale-kaart?domein=geld")
		checkInvalidPage(t, e, "search with an unknown domain", r)
		checkFieldError(t, e, r, "filter-domein", "veld.domein")
	})
}

func TestServicePage(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	ctx := context.Background()
	admin := e.actor(wijkregie.RoleAdmin)
	list, _, err := e.svc.Services(ctx, admin, store.ServiceFilter{Query: "inloopspreekuur schuldhulp"})
	if err != nil || len(list) != 1 {
		t.Fatalf("finding the schuldhulp service: %v, %d", err, len(list))
	}
	sv := list[0]
	pro := e.as(t, wijkregie.RolePartner)
	r := pro.get(t, "/sociale-kaart/"+sv.ID)
	if r.status != http.StatusOK {
		t.Fatalf("GET the service = %d", r.status)
	}
	checkPage(t, e, "service page", r)
	if h1 := texts(r.body, "h1"); len(h1) != 1 || h1[0] != sv.Name {
		t.Errorf("h1 %q; want %q", h1, sv.Name)
	}
	page := text(r.body)
	for _, want := range []string{sv.Description, sv.OpeningHours, sv.Phone, sv.Address, e.t("domein.financien"), e.t("doelgroep.volwassenen"), e.t("sociale_kaart.hele_gemeente")} {
		if !strings.Contains(page, want) {
			t.Errorf("the service page lacks %q", want)
		}
	}
	if len(elements(r.body, "a", "href", sv.Website)) != 1 || len(elements(r.body, "a", "href", "mailto:"+sv.Email)) != 1 {
		t.Error("the service page does not link to the website and the e-mail address")
	}
	if len(elements(r.body, "a", "href", "/beheer/sociale-kaart/"+sv.ID)) != 0 {
		t.Error("a partner is offered the edit link")
	}
	if r := e.as(t, wijkregie.RoleAdmin).get(t, "/sociale-kaart/"+sv.ID); len(elements(r.body, "a", "href", "/beheer/sociale-kaart/"+sv.ID)) != 1 {
		t.Error("beheer is not offered the edit link")
	}
	for _, path := range []string{"/sociale-kaart/01890a5d-ac96-774b-bcce-b302099a8057", "/sociale-kaart/geen-id"} {
		if r := pro.get(t, path); r.status != http.StatusNotFound {
			t.Errorf("GET %s = %d; want 404", path, r.status)
		}
	}
}

// checkDomainsError checks the error of the checkbox group: beside the
// legend, named by the fieldset, on every box, linked from the summary.
func checkDomainsError(t *testing.T, e *env, r *response, key string) {
	t.Helper()
	if got, want := textOf(t, r.body, "domeinen-fout"), e.t("formulier.fout")+" "+e.t(key); got != want {
		t.Errorf("message beside domeinen = %q; want %q", got, want)
	}
	if fs := elements(r.body, "fieldset", "aria-describedby", "domeinen-hint domeinen-fout"); len(fs) != 1 {
		t.Error("the domeinen fieldset is not described by its error")
	}
	if boxes := elements(r.body, "input", "name", "domeinen", "aria-invalid", "true"); len(boxes) != len(wijkregie.Domains) {
		t.Errorf("%d domain boxes marked invalid; want all %d", len(boxes), len(wijkregie.Domains))
	}
	if len(elements(r.body, "a", "href", "#domeinen")) != 1 {
		t.Error("the error summary does not link to #domeinen")
	}
}

func TestServiceForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := e.as(t, wijkregie.RoleAdmin)

		bad := url.Values{"naam": {" "}, "omschrijving": {""}, "doelgroep": {"studenten"}, "werkgebied": {"2581 - 2583, 25x"},
			"openingstijden": {"za 10.00–13.00"}}
		r := c.post(t, "/beheer/sociale-kaart", bad)
		checkInvalidPage(t, e, "invalid new service", r)
		checkFieldError(t, e, r, "naam", "veld.verplicht")
		checkFieldError(t, e, r, "omschrijving", "veld.verplicht")
		checkDomainsError(t, e, r, "veld.domeinen")
		checkFieldError(t, e, r, "doelgroep", "veld.doelgroep")
		checkFieldError(t, e, r, "werkgebied", "veld.werkgebied")
		checkFieldError(t, e, r, "telefoon", "veld.dienst.contact")
		if got := value(t, r.body, "werkgebied"); got != "2581 - 2583, 25x" {
			t.Errorf("werkgebied after an error = %q; want the input as typed", got)
		}
		if got := value(t, r.body, "openingstijden"); got != "za 10.00–13.00" {
			t.Errorf("openingstijden after an error = %q; want the input kept", got)
		}
		// The summary lists the errors in the order of the form.
		var order []string
		for _, a := range elements(inner(r.body, elements(r.body, "div", "role", "alert")[0]), "a") {
			order = append(order, strings.TrimPrefix(a.attrs["href"], "#"))
		}
		if diff := cmp.Diff(order, []string{"naam", "omschrijving", "domeinen", "doelgroep", "werkgebied", "telefoon"}); diff != "" {
			t.Errorf("error summary order (-got +want):\n%s", diff)
		}

		form := url.Values{"naam": {"Repaircafé De Duinen"}, "omschrijving": {"Samen spullen repareren.\nKoffie staat klaar."},
			"domeinen": {"tijdsbesteding", "sociaal-netwerk"}, "doelgroep": {"iedereen"}, "werkgebied": {"2584, 2585 - 2586"},
			"website": {"https://repaircafe.example"}, "adres": {"Duinroosweg 12, Duinhaven"}, "openingstijden": {"za 10.00–13.00"}}
		// Two contact details wrong: everything else comes back as entered.
		form.Set("email", "geen adres")
		form.Set("website", "repaircafe.example")
		r = c.post(t, "/beheer/sociale-kaart", form)
		checkInvalidPage(t, e, "new service with bad contact details", r)
		checkFieldError(t, e, r, "email", "veld.email")
		checkFieldError(t, e, r, "website", "veld.website")
		if got := value(t, r.body, "website"); got != "repaircafe.example" {
			t.Errorf("website after an error = %q; want the input kept", got)
		}
		var ticked []string
		for _, el := range elements(r.body, "input", "type", "checkbox", "name", "domeinen", "checked", "") {
			ticked = append(ticked, el.attrs["value"])
		}
		if diff := cmp.Diff(ticked, []string{"tijdsbesteding", "sociaal-netwerk"}); diff != "" {
			t.Errorf("ticked domains after an error (-got +want):\n%s", diff)
		}
		if got := selected(t, r.body, "doelgroep"); got != "iedereen" {
			t.Errorf("doelgroep after an error = %q; want the choice kept", got)
		}
		if got := textOf(t, r.body, "omschrijving"); got != "Samen spullen repareren. Koffie staat klaar." {
			t.Errorf("omschrijving after an error = %q; want the text kept", got)
		}
		if byID(t, r.body, "naam").has("aria-invalid") || byID(t, r.body, "domeinen").has("aria-invalid") {
			t.Error("valid fields are marked invalid")
		}

		form.Set("email", "")
		form.Set("website", "https://repaircafe.example")
		r = c.post(t, "/beheer/sociale-kaart", form)
		loc := r.header.Get("Location")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, "/sociale-kaart/") {
			t.Fatalf("new service = %d to %q; want 303 to its page", r.status, loc)
		}
		r = c.get(t, loc)
		if got := texts(r.body, "div"); !contains(got, e.t("melding.dienst.aangemaakt")) {
			t.Errorf("no success message after creating; divs: %q", got)
		}
		if page := text(r.body); !strings.Contains(page, "2584, 2585-2586") || !strings.Contains(page, e.t("domein.sociaal-netwerk")) {
			t.Errorf("the new service's page lacks its areas or domains: %s", page)
		}
		if c.get(t, loc); strings.Contains(c.get(t, loc).body, e.t("melding.dienst.aangemaakt")) {
			t.Error("the success message shows twice")
		}
		// The professional finds it by the resident's postcode.
		pro := e.as(t, wijkregie.RoleProfessional)
		if got := serviceNames(t, pro.get(t, "/sociale-kaart?postcode=2585AB&domein=tijdsbesteding").body); !contains(got, "Repaircafé De Duinen") {
			t.Errorf("searching 2585AB and tijdsbesteding finds %q; want the new service", got)
		}

		// Edit: the same form, filled in, posting to its own path.
		edit := "/beheer/sociale-kaart/" + strings.TrimPrefix(loc, "/sociale-kaart/")
		r = c.get(t, edit)
		if got := value(t, r.body, "werkgebied"); got != "2584, 2585-2586" {
			t.Errorf("edit form werkgebied = %q", got)
		}
		if got := textOf(t, r.body, "omschrijving"); got != "Samen spullen repareren. Koffie staat klaar." {
			t.Errorf("edit form omschrijving = %q", got)
		}
		if !byID(t, r.body, "actief").has("checked") || !byID(t, r.body, "domeinen-sociaal-netwerk").has("checked") {
			t.Error("edit form: actief or a domain is not ticked")
		}
		if f := elements(r.body, "form", "method", "post", "action", edit); len(f) != 1 {
			t.Errorf("edit form does not post to %s", edit)
		}
		form.Del("domeinen")
		r = c.post(t, edit, form)
		checkInvalidPage(t, e, "service edit without domains", r)
		checkDomainsError(t, e, r, "veld.domeinen")
		if byID(t, r.body, "actief").has("checked") {
			t.Error("edit form after an error ticks actief, which was not posted")
		}

		// Deactivate: gone for those who refer, kept for beheer.
		form.Set("domeinen", "tijdsbesteding")
		r = c.post(t, edit, form)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != loc {
			t.Fatalf("deactivating = %d to %q; want 303 to %s", r.status, r.header.Get("Location"), loc)
		}
		if r := c.get(t, loc); !strings.Contains(text(r.body), e.t("melding.dienst.gewijzigd")) || !strings.Contains(text(r.body), e.t("status.inactief")) {
			t.Error("after deactivating beheer sees no message or no inactive status")
		}
		if r := pro.get(t, loc); r.status != http.StatusNotFound {
			t.Errorf("the professional opens the inactive service: %d; want 404", r.status)
		}
		if got := serviceNames(t, pro.get(t, "/sociale-kaart?zoekterm=repaircaf").body); len(got) != 0 {
			t.Errorf("the professional still finds %q", got)
		}

		// Only beheer changes the catalogue.
		if r := pro.post(t, "/beheer/sociale-kaart", form); r.status != http.StatusForbidden {
			t.Errorf("a professional's new service = %d; want 403", r.status)
		}
		if r := pro.post(t, edit, form); r.status != http.StatusForbidden {
			t.Errorf("a professional's change = %d; want 403", r.status)
		}
	})
}

// TestProfessionalSearchesTheSocialeKaart: the search with htmx, in a
// browser, including a postcode that is none.
func TestProfessionalSearchesTheSocialeKaart(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	ctx := b.NewTab(t)
	browserLogin(t, ctx, e.srv.URL, wijkregie.RoleProfessional)
	run(t, ctx, "searching the sociale kaart",
		chromedp.Click(chromedp.CSS(`header nav a[href="/sociale-kaart"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#diensten-bijschrift`)),
		chromedp.SendKeys(chromedp.CSS(`#filter-postcode`), "2591 AB"),
		chromedp.SetValue(chromedp.CSS(`#filter-domein`), "maatschappelijke-participatie"),
		chromedp.Click(chromedp.CSS(`form[role="search"] button[type="submit"]`)),
	)
	// htmx swaps the list in place; wait until it shows the result.
	read(t, ctx, "waiting for the results", chromedp.Poll[bool](`(() => {
		const list = document.querySelector('#lijst').textContent;
		return list.includes('Taalcafé Havenkwartier') && !list.includes('Voedselbank Duinhaven');
	})()`))
	loc := read(t, ctx, "reading the location", chromedp.Location())
	if !strings.Contains(loc, "postcode=2591") || !strings.Contains(loc, "domein=maatschappelijke-participatie") {
		t.Errorf("the address after searching is %s; want the search in it", loc)
	}
	browsertest.CheckAxe(t, ctx)
	// SetValue, not Clear: Clear empties the attribute, not what was typed.
	run(t, ctx, "searching a postcode that is none",
		chromedp.SetValue(chromedp.CSS(`#filter-postcode`), "25"),
		chromedp.Click(chromedp.CSS(`form[role="search"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#lijst [role="alert"]`)),
	)
	browsertest.CheckAxe(t, ctx)
	run(t, ctx, "opening a service",
		chromedp.SetValue(chromedp.CSS(`#filter-postcode`), "2591AB"),
		chromedp.Click(chromedp.CSS(`form[role="search"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#lijst tbody th a`)),
		chromedp.Click(chromedp.CSS(`#lijst tbody th a`)),
		chromedp.WaitVisible(chromedp.CSS(`main a[href="/sociale-kaart"]`)),
	)
	if h1 := read(t, ctx, "reading the heading", chromedp.Text(chromedp.CSS(`h1`))); h1 == e.t("sociale_kaart.kop") {
		t.Error("still on the list after opening a service")
	}
	browsertest.CheckAxe(t, ctx)
}
