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

var signalPath = regexp.MustCompile(`^/signalen/([0-9a-f-]{36})$`)

func TestSignalForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		pro, partner := e.as(t, wijkregie.RoleProfessional), e.as(t, wijkregie.RolePartner)
		const secret = "Geheim: de huur is al maanden niet betaald."

		// Nothing chosen: the messages beside the fields, the input kept.
		form := url.Values{"melder_naam": {"J. de Vries"}, "domeinen": {}, "urgentie": {"spoed"}}
		r := pro.post(t, "/signalen", form)
		checkInvalidPage(t, e, "empty signal", r)
		checkFieldError(t, e, r, "soort", "veld.keuze")
		checkFieldError(t, e, r, "bron", "veld.keuze")
		checkFieldError(t, e, r, "omschrijving", "veld.verplicht")
		if !strings.Contains(textOf(t, r.body, "onderwerp-fout"), e.t("veld.signaal.onderwerp")) {
			t.Error("no message beside the subject")
		}
		if got := value(t, r.body, "melder_naam"); got != "J. de Vries" {
			t.Errorf("melder_naam after an error = %q; want it kept", got)
		}
		if got := selected(t, r.body, "urgentie"); got != "spoed" {
			t.Errorf("urgentie after an error = %q; want spoed kept", got)
		}

		// An unknown family by its address; a bad house number is named.
		form = url.Values{"soort": {"zorgmelding"}, "bron": {"woningcorporatie"}, "domeinen": {"financien", "huisvesting"},
			"omschrijving": {secret}, "urgentie": {"normaal"},
			"straat": {"Signaallaan"}, "huisnummer": {"negen"}, "postcode": {"2587 ab"}, "woonplaats": {"Duinhaven"}}
		r = pro.post(t, "/signalen", form)
		checkInvalidPage(t, e, "signal with a bad house number", r)
		checkFieldError(t, e, r, "huisnummer", "veld.huisnummer")
		if len(elements(r.body, "input", "id", "domeinen-huisvesting", "checked", "")) != 1 {
			t.Error("domains not kept after an error")
		}
		form.Set("huisnummer", "9")
		r = pro.post(t, "/signalen", form)
		m := signalPath.FindStringSubmatch(r.header.Get("Location"))
		if r.status != http.StatusSeeOther || m == nil {
			t.Fatalf("new signal = %d to %q; want 303 to the signal", r.status, r.header.Get("Location"))
		}
		r = pro.get(t, r.header.Get("Location"))
		checkPage(t, e, "signal", r)
		if !strings.Contains(text(r.body), secret) || !strings.Contains(text(r.body), e.t("signaal.matches.leeg")) {
			t.Error("the signal page lacks the description, or shows matches")
		}
		for _, title := range texts(r.body, "title") {
			if strings.Contains(title, "huur") {
				t.Errorf("title %q holds the description", title)
			}
		}

		// The partner reports the same family: both learn who, not what.
		form.Set("omschrijving", "Buren horen ruzie.")
		form.Set("bron", "buurtbewoner")
		r = partner.post(t, "/signalen", form)
		if r.status != http.StatusSeeOther {
			t.Fatalf("partner's signal = %d; want 303", r.status)
		}
		r = partner.get(t, r.header.Get("Location"))
		if !strings.Contains(text(r.body), e.users[wijkregie.RoleProfessional].Name) || strings.Contains(text(r.body), secret) {
			t.Error("the partner's signal page does not name the professional, or shows what they know")
		}
		r = pro.get(t, "/inbox")
		checkPage(t, e, "inbox", r)
		body := text(r.body)
		if !strings.Contains(body, e.users[wijkregie.RolePartner].Name) || strings.Contains(body, "ruzie") {
			t.Error("the inbox does not name the partner, or shows what they know")
		}
		if !strings.Contains(body, e.t("nav.inbox_ongelezen", "aantal", 1)) {
			t.Error("the menu does not count the unread notification")
		}
		forms := elements(r.body, "form", "method", "post")
		var action string
		for _, f := range forms {
			if strings.HasPrefix(f.attrs["action"], "/inbox/") {
				action = f.attrs["action"]
			}
		}
		if action == "" {
			t.Fatal("no mark-read form")
		}
		if r = pro.post(t, action, url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("marking read = %d; want 303", r.status)
		}
		if r = partner.post(t, action, url.Values{}); r.status != http.StatusNotFound {
			t.Errorf("marking another's notification = %d; want 404", r.status)
		}
		r = pro.get(t, "/signalen")
		if strings.Contains(text(r.body), e.t("nav.inbox_ongelezen", "aantal", 1)) {
			t.Error("the menu still counts a read notification")
		}
		if rows := rowsOf(t, r.body, "signalen-bijschrift"); len(rows) != 1 {
			t.Errorf("professional's signal list: %d rows; want 1 (the partner's is not theirs)", len(rows))
		}
	})
}
