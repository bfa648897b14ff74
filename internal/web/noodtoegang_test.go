package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

const emergencyReason = "Crisisdienst: moeder belt in paniek en de regisseur is vandaag niet bereikbaar."

// outsideCase returns a case of the demo that the documented professional
// may not see and may take emergency access to.
func (e *env) outsideCase(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	cs, _, err := e.store.R().Cases(ctx, demo.MunicipalityID, wijkregie.HouseholdScope{All: true}, store.CaseFilter{Open: true, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	pro := e.actor(wijkregie.RoleProfessional)
	for _, c := range cs {
		if e.svc.EmergencyAccessOffer(ctx, pro, c.ID) == nil {
			return c.ID
		}
	}
	t.Fatal("the demo has no case outside the documented professional's")
	return ""
}

// textareaValue returns the text of the textarea with the id, as the
// browser shows it.
func textareaValue(t *testing.T, body, id string) string {
	t.Helper()
	return html.UnescapeString(strings.TrimPrefix(inner(body, byID(t, body, id)), "\n"))
}

// TestEmergencyAccessForm: a professional who opens a case they may not
// see gets the page "Geen toegang" with the form, not the bare refusal; a
// reason that says nothing comes back beside its field with the text
// kept; a real one opens the case, which says until when. Other roles, and
// a case that does not exist, still get the plain refusal.
func TestEmergencyAccessForm(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		id := e.outsideCase(t)
		pro := e.as(t, wijkregie.RoleProfessional)

		r := pro.get(t, "/casussen/"+id)
		if r.status != http.StatusForbidden {
			t.Fatalf("case outside the professional's: status %d; want 403", r.status)
		}
		if got := texts(r.body, "h1"); len(got) != 1 || got[0] != e.t("noodtoegang.geen_toegang.kop") {
			t.Errorf("heading %q", got)
		}
		if forms := elements(r.body, "form", "method", "post", "action", "/casussen/"+id+"/nood-toegang"); len(forms) != 1 {
			t.Fatalf("%d emergency access forms; want 1", len(forms))
		}
		for _, key := range []string{"noodtoegang.aanvragen.vastgelegd", "noodtoegang.aanvragen.beoordeeld"} {
			if !strings.Contains(text(r.body), e.t(key)) {
				t.Errorf("the page does not say %q", e.t(key))
			}
		}
		if !strings.Contains(text(r.body), e.t("noodtoegang.aanvragen.duur", "uren", 8)) {
			t.Error("the page does not say the access ends after 8 hours")
		}
		if strings.Contains(r.body, e.t("casus.kolom.regisseur")) {
			t.Error("the page shows the case")
		}

		r = pro.post(t, "/casussen/"+id+"/nood-toegang", url.Values{"reden": {"spoed <nu>"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("short reason: status %d; want 422", r.status)
		}
		checkFieldError(t, e, r, "reden", "veld.noodtoegang.reden_kort")
		if got := textareaValue(t, r.body, "reden"); got != "spoed <nu>" {
			t.Errorf("the reason came back as %q; want the text kept", got)
		}
		if r := pro.get(t, "/casussen/"+id); r.status != http.StatusForbidden {
			t.Errorf("a refused request opened the case: status %d", r.status)
		}

		r = pro.post(t, "/casussen/"+id+"/nood-toegang", url.Values{"reden": {emergencyReason}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/casussen/"+id {
			t.Fatalf("request: status %d to %q; want 303 to the case", r.status, r.header.Get("Location"))
		}
		r = pro.get(t, "/casussen/"+id)
		if r.status != http.StatusOK {
			t.Fatalf("case with emergency access: status %d", r.status)
		}
		if banner := textOf(t, r.body, "noodtoegang"); !strings.HasPrefix(banner, strings.SplitN(e.t("noodtoegang.banner", "tijd", ""), " ", 4)[0]+" ") ||
			!strings.Contains(banner, e.t("noodtoegang.banner.uitleg")) {
			t.Errorf("banner %q", banner)
		}
		if !strings.Contains(r.body, e.t("melding.noodtoegang.verleend")) {
			t.Error("no message that the access was granted")
		}
		// Asking again while it holds only leads to the case.
		r = pro.post(t, "/casussen/"+id+"/nood-toegang", url.Values{"reden": {emergencyReason}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/casussen/"+id {
			t.Errorf("second request: status %d to %q; want 303 to the case", r.status, r.header.Get("Location"))
		}

		// The regisseur's own case page has no notice.
		mine, _, err := e.store.R().Cases(context.Background(), demo.MunicipalityID, wijkregie.HouseholdScope{UserID: e.users[wijkregie.RoleProfessional].ID},
			store.CaseFilter{CoordinatorID: e.users[wijkregie.RoleProfessional].ID, Page: store.Page{Limit: 1}})
		if err != nil || len(mine) == 0 {
			t.Fatalf("the professional's own cases: %v", err)
		}
		if r := pro.get(t, "/casussen/"+mine[0].ID); r.status != http.StatusOK || len(elements(r.body, "", "id", "noodtoegang")) != 0 {
			t.Errorf("own case: status %d, notice shown %v", r.status, len(elements(r.body, "", "id", "noodtoegang")) != 0)
		}

		// No offer for what does not exist, nor for roles without it.
		if r := pro.get(t, "/casussen/"+wijkregie.NewID(e.svc.Now())); r.status != http.StatusNotFound || len(elements(r.body, "textarea")) != 0 {
			t.Errorf("unknown case: status %d; want the plain 404", r.status)
		}
		other := e.outsideCase(t) // the professional has access to id now
		for _, role := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePrivacy} {
			r := e.as(t, role).get(t, "/casussen/"+other)
			offer := len(elements(r.body, "form", "action", "/casussen/"+other+"/nood-toegang")) != 0
			if r.status != http.StatusNotFound && r.status != http.StatusForbidden || offer {
				t.Errorf("%s: status %d, offer shown %v; want a plain refusal", role, r.status, offer)
			}
			if r := e.as(t, role).post(t, "/casussen/"+other+"/nood-toegang", url.Values{"reden": {emergencyReason}}); r.status != http.StatusForbidden {
				t.Errorf("%s requests: status %d; want 403", role, r.status)
			}
		}
	})
}

// TestEmergencyReviewPages: the privacy officer finds the access in the
// inbox and under Nood-toegang (to review first), reads it with what the
// professional did, and judges it; onterecht without a note comes back
// beside its field with the choice kept. The pages are the privacy
// officer's alone.
func TestEmergencyReviewPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		id := e.outsideCase(t)
		pro := e.as(t, wijkregie.RoleProfessional)
		if r := pro.post(t, "/casussen/"+id+"/nood-toegang", url.Values{"reden": {emergencyReason}}); r.status != http.StatusSeeOther {
			t.Fatalf("request: status %d", r.status)
		}
		if r := pro.get(t, "/casussen/"+id); r.status != http.StatusOK {
			t.Fatalf("case: status %d", r.status)
		}
		access, _, err := s.R().EmergencyAccesses(context.Background(), demo.MunicipalityID, store.EmergencyFilter{})
		if err != nil || len(access) != 1 {
			t.Fatalf("accesses %v, %v", access, err)
		}
		ea := access[0]
		privacy := e.as(t, wijkregie.RolePrivacy)

		r := privacy.get(t, "/inbox")
		holder := e.users[wijkregie.RoleProfessional].Name
		if !strings.Contains(text(r.body), e.t("noodtoegang.inbox", "naam", holder, "organisatie", "")[:len(holder)]) ||
			len(elements(r.body, "a", "href", "/nood-toegang/"+ea.ID)) != 1 {
			t.Errorf("the inbox does not tell of the emergency access, or does not link to its review")
		}
		// A notification written before migration 0020 names no access:
		// it links to the ones still to review.
		old := &wijkregie.Notification{MunicipalityID: demo.MunicipalityID, RecipientID: e.users[wijkregie.RolePrivacy].ID,
			Kind: wijkregie.NotificationEmergencyAccess, OtherUserID: e.users[wijkregie.RoleProfessional].ID, OtherName: holder}
		if err := s.Tx(context.Background(), func(q *store.Q) error { return q.CreateNotification(context.Background(), old) }); err != nil {
			t.Fatal(err)
		}
		if r := privacy.get(t, "/inbox"); len(elements(r.body, "a", "href", "/nood-toegang?beoordeeld=nee")) != 1 ||
			len(elements(r.body, "a", "href", "/nood-toegang/"+ea.ID)) != 1 {
			t.Error("the inbox does not link an access by its id, and one without to the list")
		}
		if len(elements(r.body, "a", "href", "/nood-toegang")) != 1 {
			t.Error("no menu item Nood-toegang for the privacy officer")
		}

		r = privacy.get(t, "/nood-toegang")
		if r.status != http.StatusOK {
			t.Fatalf("list: status %d", r.status)
		}
		if len(elements(r.body, "a", "href", "/nood-toegang/"+ea.ID)) != 1 || !strings.Contains(text(r.body), e.t("noodtoegang.te_beoordelen")) {
			t.Error("the list does not offer the access to review")
		}
		if r := privacy.get(t, "/nood-toegang?beoordeeld=ja"); len(elements(r.body, "a", "href", "/nood-toegang/"+ea.ID)) != 0 {
			t.Error("an access still to review is listed among the reviewed")
		}

		r = privacy.get(t, "/nood-toegang/"+ea.ID)
		if r.status != http.StatusOK {
			t.Fatalf("detail: status %d", r.status)
		}
		details := textOf(t, r.body, "noodtoegang")
		for _, want := range []string{emergencyReason, holder} {
			if !strings.Contains(details, want) {
				t.Errorf("details %q do not hold %q", details, want)
			}
		}
		trail := textOf(t, r.body, "spoor-bijschrift")
		if !strings.Contains(text(r.body), e.t("actie.casus.lezen")) || !strings.Contains(text(r.body), e.t("actie.nood-toegang.aanvragen")) || trail == "" {
			t.Error("the trail does not show the request and the case read")
		}

		r = privacy.post(t, "/nood-toegang/"+ea.ID+"/beoordeling", url.Values{"oordeel": {"onterecht"}, "toelichting": {""}, "versie": {"1"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("onterecht without a note: status %d; want 422", r.status)
		}
		checkFieldError(t, e, r, "toelichting", "veld.noodtoegang.toelichting")
		if !isChecked(t, r.body, "oordeel-onterecht") {
			t.Error("the verdict was not kept")
		}
		r = privacy.post(t, "/nood-toegang/"+ea.ID+"/beoordeling", url.Values{"oordeel": {"onterecht"}, "toelichting": {"Geen spoed: de regisseur was bereikbaar."}, "versie": {"1"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/nood-toegang" {
			t.Fatalf("review: status %d to %q", r.status, r.header.Get("Location"))
		}
		r = privacy.get(t, "/nood-toegang/"+ea.ID)
		if !strings.Contains(textOf(t, r.body, "noodtoegang"), e.t("noodtoegang.oordeel.onterecht")) ||
			len(elements(r.body, "form", "action", "/nood-toegang/"+ea.ID+"/beoordeling")) != 0 {
			t.Error("the reviewed access shows no verdict, or still the form")
		}
		r = privacy.post(t, "/nood-toegang/"+ea.ID+"/beoordeling", url.Values{"oordeel": {"terecht"}, "versie": {"2"}})
		if r.status != http.StatusConflict {
			t.Errorf("second review: status %d; want 409", r.status)
		}

		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RoleAdmin} {
			c := e.as(t, role)
			for _, path := range []string{"/nood-toegang", "/nood-toegang/" + ea.ID} {
				if r := c.get(t, path); r.status != http.StatusForbidden {
					t.Errorf("%s GET %s: status %d; want 403", role, path, r.status)
				}
			}
			if r := c.get(t, "/"); len(elements(r.body, "a", "href", "/nood-toegang")) != 0 {
				t.Errorf("%s has the menu item Nood-toegang", role)
			}
		}
	})
}
