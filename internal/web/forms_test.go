package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// checkFieldError checks that a re-rendered form marks the field invalid,
// shows the message beside it, and links to it from the summary.
func checkFieldError(t *testing.T, e *env, r *response, id, key string) {
	t.Helper()
	field := byID(t, r.body, id)
	if field.attrs["aria-invalid"] != "true" {
		t.Errorf("field %s: aria-invalid = %q; want true", id, field.attrs["aria-invalid"])
	}
	if !contains(strings.Fields(field.attrs["aria-describedby"]), id+"-fout") {
		t.Errorf("field %s: aria-describedby = %q; want it to name %s-fout", id, field.attrs["aria-describedby"], id+"-fout")
	}
	if got, want := textOf(t, r.body, id+"-fout"), e.t("formulier.fout")+" "+e.t(key); got != want {
		t.Errorf("message beside %s = %q; want %q", id, got, want)
	}
	if len(elements(r.body, "a", "href", "#"+id)) != 1 {
		t.Errorf("the error summary does not link to #%s", id)
	}
}

// checkInvalidPage checks the frame of a form that came back with errors.
func checkInvalidPage(t *testing.T, e *env, what string, r *response) {
	t.Helper()
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("%s = %d; want 422", what, r.status)
	}
	checkPage(t, e, what, r)
	if title := texts(r.body, "title"); len(title) != 1 || !strings.HasPrefix(title[0], "Fout: ") {
		t.Errorf("%s: title %q; want it to start with \"Fout: \"", what, title)
	}
	if len(elements(r.body, "div", "role", "alert")) != 1 {
		t.Errorf("%s: no error summary with role=alert", what)
	}
}

func value(t *testing.T, body, id string) string {
	t.Helper()
	return byID(t, body, id).attrs["value"]
}

// selected returns the value of the selected option of a select.
func selected(t *testing.T, body, id string) string {
	t.Helper()
	opts := elements(inner(body, byID(t, body, id)), "option", "selected", "")
	if len(opts) != 1 {
		return ""
	}
	return opts[0].attrs["value"]
}

func TestOrganisationForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := e.as(t, wijkregie.RoleAdmin)

		r := c.post(t, "/beheer/organisaties", url.Values{"naam": {" "}, "soort": {"bestaat-niet"}, "telefoon": {"0120 55 66 77"}, "email": {"geen adres"}})
		checkInvalidPage(t, e, "invalid new organisation", r)
		checkFieldError(t, e, r, "naam", "veld.verplicht")
		checkFieldError(t, e, r, "soort", "veld.organisatie.soort")
		checkFieldError(t, e, r, "email", "veld.email")
		if got := value(t, r.body, "telefoon"); got != "0120 55 66 77" {
			t.Errorf("telefoon after an error = %q; want the input kept", got)
		}
		if got := value(t, r.body, "email"); got != "geen adres" {
			t.Errorf("email after an error = %q; want the input kept", got)
		}
		if got := byID(t, r.body, "telefoon"); got.has("aria-invalid") {
			t.Error("a valid field is marked invalid")
		}

		form := url.Values{"naam": {"Buurtteam De Branding"}, "soort": {"overig"}, "telefoon": {"0120 55 66 77"}, "email": {"info@debranding.example"}}
		r = c.post(t, "/beheer/organisaties", form)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/beheer/organisaties" {
			t.Fatalf("new organisation = %d to %q; want 303 to the list", r.status, r.header.Get("Location"))
		}
		r = c.get(t, "/beheer/organisaties")
		if !contains(texts(r.body, "th"), "Buurtteam De Branding") {
			t.Error("the new organisation is not in the list")
		}
		if got := texts(r.body, "div"); !contains(got, e.t("melding.organisatie.aangemaakt")) {
			t.Errorf("no success message after creating; divs: %q", got)
		}
		if r := c.get(t, "/beheer/organisaties"); strings.Contains(r.body, e.t("melding.organisatie.aangemaakt")) {
			t.Error("the success message shows twice")
		}

		// Edit: the same form, filled in, posting to its own path.
		links := elements(r.body, "a")
		var edit string
		for _, a := range links {
			if strings.HasPrefix(a.attrs["href"], "/beheer/organisaties/") && text(inner(r.body, a)) == "Buurtteam De Branding" {
				edit = a.attrs["href"]
			}
		}
		if edit == "" {
			t.Fatal("no edit link for the new organisation")
		}
		r = c.get(t, edit)
		if got := value(t, r.body, "naam"); got != "Buurtteam De Branding" {
			t.Errorf("edit form naam = %q", got)
		}
		if got := selected(t, r.body, "soort"); got != "overig" {
			t.Errorf("edit form soort = %q; want overig", got)
		}
		if !byID(t, r.body, "actief").has("checked") {
			t.Error("edit form: actief is not ticked for an active organisation")
		}
		if f := elements(r.body, "form", "method", "post", "action", edit); len(f) != 1 {
			t.Errorf("edit form does not post to %s", edit)
		}
		r = c.post(t, edit, url.Values{"naam": {""}, "soort": {"overig"}})
		checkInvalidPage(t, e, "invalid organisation edit", r)
		checkFieldError(t, e, r, "naam", "veld.verplicht")
		if byID(t, r.body, "actief").has("checked") {
			t.Error("edit form after an error ticks actief, which was not posted")
		}

		// Deactivate.
		r = c.post(t, edit, url.Values{"naam": {"Buurtteam De Branding"}, "soort": {"overig"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("deactivating = %d; want 303", r.status)
		}
		r = c.get(t, "/beheer/organisaties")
		for _, tr := range elements(r.body, "tr") {
			row := text(inner(r.body, tr))
			if strings.HasPrefix(row, "Buurtteam De Branding") && !strings.HasSuffix(row, e.t("status.inactief")) {
				t.Errorf("row after deactivating = %q; want it to end in %q", row, e.t("status.inactief"))
			}
		}
	})
}

func TestTeamForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := e.as(t, wijkregie.RoleAdmin)
		r := c.post(t, "/beheer/teams", url.Values{"naam": {"Wijkteam Strand"}, "werkgebied": {"2581-2583, 25x4"}})
		checkInvalidPage(t, e, "invalid new team", r)
		checkFieldError(t, e, r, "werkgebied", "veld.werkgebied")
		if got := value(t, r.body, "werkgebied"); got != "2581-2583, 25x4" {
			t.Errorf("werkgebied after an error = %q; want the input kept", got)
		}
		if got := value(t, r.body, "naam"); got != "Wijkteam Strand" {
			t.Errorf("naam after an error = %q; want the input kept", got)
		}
		if byID(t, r.body, "naam").has("aria-invalid") {
			t.Error("the valid naam field is marked invalid")
		}

		r = c.post(t, "/beheer/teams", url.Values{"naam": {"Wijkteam Strand"}, "werkgebied": {"2591 - 2593 2594;2595"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/beheer/teams" {
			t.Fatalf("new team = %d to %q; want 303 to the list", r.status, r.header.Get("Location"))
		}
		r = c.get(t, "/beheer/teams")
		var row string
		for _, tr := range elements(r.body, "tr") {
			if s := text(inner(r.body, tr)); strings.HasPrefix(s, "Wijkteam Strand") {
				row = s
			}
		}
		if want := "Wijkteam Strand 2591-2593, 2594, 2595 " + e.t("status.actief"); row != want {
			t.Errorf("team row = %q; want %q", row, want)
		}
	})
}

func TestUserForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := e.as(t, wijkregie.RoleAdmin)
		form := url.Values{"naam": {"Aafke Aalbers"}, "email": {"a.aalbers@duinhaven.example"}, "rol": {"professional"},
			"expertise": {"jeugd", "schulden"}, "wachtwoord": {"kort"}}
		r := c.post(t, "/beheer/medewerkers", form)
		checkInvalidPage(t, e, "invalid new user", r)
		checkFieldError(t, e, r, "team", "veld.team.verplicht")
		checkFieldError(t, e, r, "wachtwoord", "veld.wachtwoord.kort")
		if pw := byID(t, r.body, "wachtwoord"); pw.has("value") {
			t.Errorf("the password came back in the form: %v", pw.attrs)
		}
		if got := value(t, r.body, "email"); got != "a.aalbers@duinhaven.example" {
			t.Errorf("email after an error = %q; want the input kept", got)
		}
		if got := selected(t, r.body, "rol"); got != "professional" {
			t.Errorf("rol after an error = %q; want the choice kept", got)
		}
		var ticked []string
		for _, el := range elements(r.body, "input", "type", "checkbox", "name", "expertise", "checked", "") {
			ticked = append(ticked, el.attrs["value"])
		}
		if diff := cmp.Diff([]string{"jeugd", "schulden"}, ticked); diff != "" {
			t.Errorf("ticked expertise after an error (-want +got):\n%s", diff)
		}

		id := e.ids(t)
		form.Set("team", id.team)
		form.Set("wachtwoord", "een lang genoeg wachtwoord")
		r = c.post(t, "/beheer/medewerkers", form)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/beheer/medewerkers" {
			t.Fatalf("new user = %d to %q; want 303 to the list", r.status, r.header.Get("Location"))
		}
		r = c.get(t, "/beheer/medewerkers")
		if !contains(texts(r.body, "th"), "Aafke Aalbers") {
			t.Error("the new user is not on the first page of the list")
		}
		// The new user can log in.
		r = e.anon(t).post(t, "/inloggen", url.Values{"gemeente": {e.users[wijkregie.RoleAdmin].MunicipalityID}, "email": {"a.aalbers@duinhaven.example"}, "wachtwoord": {"een lang genoeg wachtwoord"}})
		if r.status != http.StatusSeeOther {
			t.Errorf("the new user's login = %d; want 303", r.status)
		}

		// An administrator cannot disable themself.
		self := "/beheer/medewerkers/" + e.users[wijkregie.RoleAdmin].ID
		r = c.post(t, self, url.Values{"naam": {"Nadia Benali"}, "rol": {"beheer"}})
		if r.status != http.StatusConflict || !strings.Contains(text(r.body), e.t("fout.eigen_account")) {
			t.Errorf("disabling oneself = %d; want 409 with %q", r.status, e.t("fout.eigen_account"))
		}

		// Filters narrow the list.
		r = c.get(t, "/beheer/medewerkers?rol=teamleider")
		names := texts(inner(r.body, byID(t, r.body, "lijst")), "th")
		if contains(names, "Sanne Visser") || !contains(names, "Karim El Idrissi") {
			t.Errorf("users filtered by teamleider: %q", names)
		}
		if got := selected(t, r.body, "filter-rol"); got != "teamleider" {
			t.Errorf("filter rol = %q; want teamleider kept", got)
		}
		// With htmx, the filter swaps only the list.
		r = c.get(t, "/beheer/medewerkers?rol=teamleider", "HX-Request", "true", "HX-Target", "lijst")
		if r.status != http.StatusOK || strings.Contains(r.body, "<html") || !strings.Contains(r.body, "Karim El Idrissi") {
			t.Errorf("htmx filter = %d, %d bytes; want the list fragment alone", r.status, len(r.body))
		}
		if !contains(r.header.Values("Vary"), "HX-Request") {
			t.Error("fragment response lacks Vary: HX-Request")
		}
	})
}

func TestPasswordResetAndTokens(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	admin := e.as(t, wijkregie.RoleAdmin)
	pro := e.users[wijkregie.RoleProfessional]
	page := "/beheer/medewerkers/" + pro.ID

	r := admin.post(t, page+"/wachtwoord", url.Values{"wachtwoord": {"kort"}})
	checkInvalidPage(t, e, "short new password", r)
	checkFieldError(t, e, r, "reset-wachtwoord", "veld.wachtwoord.kort")
	r = admin.post(t, page+"/wachtwoord", url.Values{"wachtwoord": {"nieuw en lang wachtwoord"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != page {
		t.Fatalf("password reset = %d to %q; want 303 to %s", r.status, r.header.Get("Location"), page)
	}
	if r := e.anon(t).post(t, "/inloggen", loginForm(wijkregie.RoleProfessional, "nieuw en lang wachtwoord", "")); r.status != http.StatusSeeOther {
		t.Errorf("login with the new password = %d; want 303", r.status)
	}

	// An administrator cannot take a token in another user's name: with it
	// they could read that user's families. There is no form and no route.
	if r := admin.get(t, page); strings.Contains(r.body, `action="`+page+`/tokens"`) {
		t.Error("the user page offers a form to make a token for that user")
	}
	if r := admin.post(t, page+"/tokens", url.Values{"naam": {"Koppeling zorgdossier"}}); r.status == http.StatusOK {
		t.Errorf("POST %s/tokens = %d; want no such route", page, r.status)
	}

	// Own tokens, and revoking.
	c := e.as(t, wijkregie.RolePartner)
	r = c.post(t, "/account/tokens", url.Values{"naam": {"Mijn koppeling"}})
	if r.status != http.StatusOK || !strings.HasPrefix(textOf(t, r.body, "nieuw-token"), "wr_") {
		t.Fatalf("own token = %d; want 200 with the secret", r.status)
	}
	r = c.get(t, "/account")
	revoke := elements(r.body, "form", "method", "post")
	var action string
	for _, f := range revoke {
		if strings.HasPrefix(f.attrs["action"], "/account/tokens/") && strings.HasSuffix(f.attrs["action"], "/intrekken") {
			action = f.attrs["action"]
		}
	}
	if action == "" {
		t.Fatal("no revoke form for the own token")
	}
	r = c.post(t, action, nil)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/account" {
		t.Fatalf("revoke = %d to %q; want 303 to /account", r.status, r.header.Get("Location"))
	}
	r = c.get(t, "/account")
	if !strings.Contains(text(r.body), e.t("melding.token.ingetrokken")) || len(elements(r.body, "form", "action", action)) != 0 {
		t.Error("after revoking: no message, or the token can still be revoked")
	}
	// Someone else's token cannot be revoked through one's own account.
	if r := e.as(t, wijkregie.RolePolicy).post(t, action, nil); r.status != http.StatusNotFound {
		t.Errorf("revoking another user's token = %d; want 404", r.status)
	}
}
