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
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestRightsExtensionForm: the request's page offers the privacy officer
// the extension of its term while the first month runs; a missing reason
// comes back beside its field, a stale page as a conflict with the reason
// typed kept; the extension shows the new term and its reason, and the
// form is gone, as it is for a request whose first term has passed.
// Other roles get 403.
func TestRightsExtensionForm(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		p, _ := e.inzageResident(t)
		c := e.as(t, wijkregie.RolePrivacy)
		today := wijkregie.Today(time.Now())
		date := func(d time.Time) string {
			return fmt.Sprintf("%d %s %d", d.Day(), e.t(fmt.Sprintf("maand.%d", d.Month())), d.Year())
		}
		record := func(received time.Time) *wijkregie.RightsRequest {
			t.Helper()
			req := &wijkregie.RightsRequest{MunicipalityID: demo.MunicipalityID, PersonID: p.ID, Kind: wijkregie.RightObjection, ReceivedOn: received,
				Request: "Stop met delen", RecordedBy: e.actor(wijkregie.RolePrivacy).UserID}
			if err := s.Tx(context.Background(), func(q *store.Q) error { return q.CreateRightsRequest(context.Background(), req) }); err != nil {
				t.Fatal(err)
			}
			return req
		}
		req := record(today)
		page, action := "/rechtenverzoeken/"+req.ID, "/rechtenverzoeken/"+req.ID+"/verlenging"

		r := c.get(t, page)
		if r.status != http.StatusOK || len(elements(r.body, "form", "action", action)) != 1 || byID(t, r.body, "verlengingReden").name != "textarea" {
			t.Fatalf("the request's page: %d, without the extension's form", r.status)
		}
		newTerm := wijkregie.AddMonths(req.Deadline, 2)
		if !strings.Contains(text(r.body), e.t("rechten.verlenging.uitleg", "datum", date(newTerm))) {
			t.Errorf("the form does not say the term it gives (%s)", date(newTerm))
		}

		r = c.post(t, action, url.Values{"versie": {"1"}, "verlengingReden": {"  "}})
		checkInvalidPage(t, e, "extension without a reason", r)
		checkFieldError(t, e, r, "verlengingReden", "veld.verplicht")

		const why = "Veel verzoeken <tegelijk>"
		r = c.post(t, action, url.Values{"versie": {"7"}, "verlengingReden": {why}})
		if r.status != http.StatusConflict || !strings.Contains(text(r.body), e.t("fout.rechten.gewijzigd")) {
			t.Fatalf("extension over a stale page: %d; want 409 with the message", r.status)
		}
		if got := textOf(t, r.body, "verlengingReden"); got != why {
			t.Errorf("the reason after the conflict: %q; want %q kept", got, why)
		}

		if pro := e.as(t, wijkregie.RoleProfessional); pro.post(t, action, url.Values{"versie": {"1"}, "verlengingReden": {why}}).status != http.StatusForbidden {
			t.Error("a professional may extend a request")
		}

		r = c.post(t, action, url.Values{"versie": {"1"}, "verlengingReden": {why}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != page {
			t.Fatalf("extension: %d to %q", r.status, r.header.Get("Location"))
		}
		r = c.get(t, page)
		details := textOf(t, r.body, "verzoek")
		for _, want := range []string{e.t("melding.rechten.verlengd"), date(newTerm), e.t("rechten.verlengd.uitleg", "datum", date(req.Deadline)), why} {
			if !strings.Contains(text(r.body), want) {
				t.Errorf("the extended request's page lacks %q; details %q", want, details)
			}
		}
		if len(elements(r.body, "form", "action", action)) != 0 {
			t.Error("the extended request still offers the extension")
		}
		if r = c.post(t, action, url.Values{"versie": {"2"}, "verlengingReden": {why}}); r.status != http.StatusConflict ||
			!strings.Contains(text(r.body), e.t("fout.rechten.al_verlengd")) {
			t.Errorf("a second extension: %d; want 409 saying it was extended", r.status)
		}

		late := record(today.AddDate(0, -2, 0))
		if r := c.get(t, "/rechtenverzoeken/"+late.ID); len(elements(r.body, "form", "action", "/rechtenverzoeken/"+late.ID+"/verlenging")) != 0 {
			t.Error("a request whose first term has passed offers the extension")
		}
	})
}
