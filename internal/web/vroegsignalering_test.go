package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/metrics"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// The team's outreach pages, by a fixed clock: on Monday 2 March 2026 the
// lead imports reports on four households of Wijkteam Centrum (2583W*),
// works one of them to its end on 4 March, and the pages are read on
// Saturday 7 March.

// webClock is a fake clock for the store and the service.
type webClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *webClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *webClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// outreachPages is the server on a store with the fake clock, and the
// outreaches of the fixture.
type outreachPages struct {
	*env
	clock                  *webClock
	web1, web2, ach7, ach3 string // the outreaches at Webstraat 1, 2 and Achterweg 7, 3
	housing, water         string // the creditors
}

// eachOutreachPages runs fn on both stores with the fixture made.
func eachOutreachPages(t *testing.T, fn func(t *testing.T, p *outreachPages)) {
	clk := &webClock{}
	testdb.EachWith(t, testdb.Options{Now: clk.Now}, func(t *testing.T, s *store.Store) {
		clk.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
		fn(t, newOutreachPages(t, s, clk))
	})
}

func newOutreachPages(t *testing.T, s *store.Store, clk *webClock) *outreachPages {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, demo.Options{Households: 10, PasswordParams: cheap}); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{store: s, svc: app.New(s, app.Options{PasswordParams: cheap, Now: clk.Now}), cat: cat, users: map[wijkregie.Role]*wijkregie.User{}}
	h, err := server.New(server.Config{App: e.svc, Catalogue: cat, Metrics: metrics.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	for _, a := range demo.Accounts() {
		u, err := e.svc.UserByEmail(ctx, wijkregie.SystemActor(demo.MunicipalityID), a.Email)
		if err != nil {
			t.Fatal(err)
		}
		e.users[a.Role] = u
	}
	p := &outreachPages{env: e, clock: clk}
	lead := e.actor(wijkregie.RoleTeamLead)
	row := func(line int, creditor string, ck wijkregie.CreditorKind, ref string, kind wijkregie.ArrearsKind, street string, number int, postcode string) app.ArrearsRow {
		return app.ArrearsRow{Line: line, Report: wijkregie.ArrearsReport{CreditorName: creditor, CreditorKind: ck, Reference: ref, Kind: kind,
			AmountCents: 76543, Terms: 3, Since: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC),
			Debtor: wijkregie.Debtor{Surname: "Webbersma", BirthDate: time.Date(1982, 7, 7, 0, 0, 0, 0, time.UTC),
				Address: wijkregie.Address{Street: street, Number: number, Postcode: postcode, Town: "Duinhaven"}}}}
	}
	sum, err := e.svc.ImportArrears(ctx, lead, []app.ArrearsRow{
		row(2, "Woonstichting Web", wijkregie.CreditorHousingCorp, "WEB-1", wijkregie.ArrearsPlain, "Webstraat", 1, "2583WA"),
		row(3, "Stroom Web", wijkregie.CreditorEnergy, "STROOM-1", wijkregie.ArrearsPlain, "Webstraat", 1, "2583WA"),
		row(4, "Woonstichting Web", wijkregie.CreditorHousingCorp, "WEB-2", wijkregie.ArrearsEviction, "Webstraat", 2, "2583WA"),
		row(5, "Duinwater Web", wijkregie.CreditorWater, "W-7", wijkregie.ArrearsPlain, "Achterweg", 7, "2583WB"),
		row(6, "Duinwater Web", wijkregie.CreditorWater, "W-3", wijkregie.ArrearsPlain, "Achterweg", 3, "2583WB"),
	}, app.ArrearsImport{})
	if err != nil || sum.Rejected != 0 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	l, err := e.svc.OutreachList(ctx, lead, app.OutreachListFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range l.Items {
		switch a := it.Address; a.Street + " " + strconv.Itoa(a.Number) {
		case "Webstraat 1":
			p.web1 = it.Outreach.ID
		case "Webstraat 2":
			p.web2 = it.Outreach.ID
		case "Achterweg 7":
			p.ach7 = it.Outreach.ID
		case "Achterweg 3":
			p.ach3 = it.Outreach.ID
		}
	}
	clk.Set(time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC))
	if _, _, err := e.svc.RecordContactAttempt(ctx, lead, p.ach3, &wijkregie.ContactAttempt{Kind: wijkregie.AttemptVisit,
		On: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), PartOfDay: wijkregie.Afternoon, Reached: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CloseOutreach(ctx, lead, p.ach3, app.OutreachClosing{Outcome: wijkregie.OutcomeAdvice}); err != nil {
		t.Fatal(err)
	}
	cs, err := e.svc.Creditors(ctx, lead)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		switch c.Name {
		case "Woonstichting Web":
			p.housing = c.ID
		case "Duinwater Web":
			p.water = c.ID
		}
	}
	if p.web1 == "" || p.web2 == "" || p.ach7 == "" || p.ach3 == "" || p.housing == "" || p.water == "" {
		t.Fatalf("fixture %+v", p)
	}
	clk.Set(time.Date(2026, 3, 7, 10, 0, 0, 0, time.UTC))
	return p
}

// rowOf returns the text of the table row that links to the outreach.
func rowOf(t *testing.T, body, outreachID string) string {
	t.Helper()
	for _, tr := range elements(body, "tr") {
		row := inner(body, tr)
		if strings.Contains(row, `href="/vroegsignalering/`+outreachID+`"`) {
			return text(row)
		}
	}
	return ""
}

// TestOutreachScreenTabs: the team screen's tabs with their counts, each
// row in words — the address, the reports, the deadline counted from
// today (over 23 dagen, 2 dagen te laat), the badge of a threatening
// report, who has it, the first contact — and the tab's link to the
// outreach; the list is audited; roles without the list get 403.
func TestOutreachScreenTabs(t *testing.T) {
	eachOutreachPages(t, func(t *testing.T, p *outreachPages) {
		c := p.as(t, wijkregie.RoleProfessional)
		r := c.get(t, "/vroegsignalering")
		if r.status != http.StatusOK {
			t.Fatalf("GET /vroegsignalering: %d", r.status)
		}
		checkPage(t, p.env, "/vroegsignalering", r)
		menu := elements(r.body, "nav", "aria-label", p.t("layout.hoofdmenu"))
		if cur := elements(inner(r.body, menu[0]), "a", "aria-current", "page"); len(cur) != 1 || cur[0].attrs["href"] != "/vroegsignalering" {
			t.Errorf("the menu marks %v", cur)
		}
		l, err := p.svc.OutreachList(context.Background(), p.actor(wijkregie.RoleProfessional), app.OutreachListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, tab := range store.OutreachTabs {
			want := strconv.Itoa(l.Counts[tab]) + " " + p.t("vroeglijst.tab."+string(tab))
			if got := textOf(t, r.body, "tab-"+string(tab)); got != want {
				t.Errorf("tab %s: %q; want %q", tab, got, want)
			}
		}
		if l.Counts[store.OutreachLate] < 1 || l.Counts[store.OutreachDone] < 1 {
			t.Errorf("counts %v", l.Counts)
		}
		if el := byID(t, r.body, "tab-te-doen"); el.attrs["aria-current"] != "page" || el.attrs["href"] != "/vroegsignalering?status=te-doen" {
			t.Errorf("the current tab %+v", el.attrs)
		}
		row := rowOf(t, r.body, p.web1)
		if want := "Webstraat 1, 2583WA 2 meldingen van 2 schuldeisers over 23 dagen (30 mrt. 2026) Nog niemand Nog geen"; row != want {
			t.Errorf("Webstraat 1's row %q; want %q", row, want)
		}
		if rowOf(t, r.body, p.web2) != "" || rowOf(t, r.body, p.ach3) != "" {
			t.Error("te doen holds a late or closed outreach")
		}
		recs, _, err := p.store.R().Audit(context.Background(), demo.MunicipalityID, store.AuditFilter{Page: store.Page{Limit: 50}})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, rec := range recs {
			if rec.UserID == p.users[wijkregie.RoleProfessional].ID && rec.Action == "vroegsignalen.bekijken" &&
				strings.Contains(rec.Search, "status=te-doen") {
				found = true
			}
		}
		if !found {
			t.Error("the list left no search in the audit log")
		}

		r = c.get(t, "/vroegsignalering?status=te-laat")
		if late := byID(t, r.body, "tab-te-laat"); late.attrs["aria-current"] != "page" {
			t.Errorf("tab te laat: %+v", late.attrs)
		}
		if row := rowOf(t, r.body, p.web2); row != "Webstraat 2, 2583WA Dreigend 1 melding van 1 schuldeiser 2 dagen te laat (5 mrt. 2026) Nog niemand Nog geen" {
			t.Errorf("Webstraat 2's row %q", row)
		}
		r = c.get(t, "/vroegsignalering?status=afgerond")
		if row := rowOf(t, r.body, p.ach3); row != "Achterweg 3, 2583WB 1 melding van 1 schuldeiser 30 mrt. 2026; afgerond op 4 mrt. 2026 Nog niemand 4 mrt. 2026" {
			t.Errorf("Achterweg 3's row %q", row)
		}
		r = c.get(t, "/vroegsignalering?status=bereikt")
		if rowOf(t, r.body, p.ach3) == "" || rowOf(t, r.body, p.web1) != "" {
			t.Error("bereikt: want Achterweg 3 and not Webstraat 1")
		}
		// An address typed by hand with an unknown tab is the first tab.
		r = c.get(t, "/vroegsignalering?status=alles")
		if r.status != http.StatusOK || byID(t, r.body, "tab-te-doen").attrs["aria-current"] != "page" {
			t.Errorf("an unknown tab: %d", r.status)
		}
		// htmx asks for the list alone.
		r = c.get(t, "/vroegsignalering?status=te-laat", "HX-Request", "true", "HX-Target", "lijst")
		if len(elements(r.body, "html")) != 0 || rowOf(t, r.body, p.web2) == "" {
			t.Errorf("the htmx fragment: %.200s", r.body)
		}

		for _, role := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin, wijkregie.RolePartner} {
			for _, path := range []string{"/vroegsignalering", "/vroegsignalering/per-straat"} {
				if r := p.as(t, role).get(t, path); r.status != http.StatusForbidden {
					t.Errorf("GET %s as %s: %d; want 403", path, role, r.status)
				}
			}
		}
	})
}

// TestOutreachStreetPage: the open outreaches by street — a heading per
// street and postcode in the order of a walk, the houses by number —
// with no closed one.
func TestOutreachStreetPage(t *testing.T) {
	eachOutreachPages(t, func(t *testing.T, p *outreachPages) {
		r := p.as(t, wijkregie.RoleTeamLead).get(t, "/vroegsignalering/per-straat")
		if r.status != http.StatusOK {
			t.Fatalf("GET per-straat: %d", r.status)
		}
		checkPage(t, p.env, "/vroegsignalering/per-straat", r)
		var mine []string
		for _, h2 := range texts(r.body, "h2") {
			if strings.HasPrefix(h2, "Achterweg") || strings.HasPrefix(h2, "Webstraat") {
				mine = append(mine, h2)
			}
		}
		if strings.Join(mine, " | ") != "Achterweg, 2583WB Duinhaven | Webstraat, 2583WA Duinhaven" {
			t.Errorf("streets %q", mine)
		}
		web1, web2 := strings.Index(r.body, "/vroegsignalering/"+p.web1+`"`), strings.Index(r.body, "/vroegsignalering/"+p.web2+`"`)
		if ach7 := strings.Index(r.body, "/vroegsignalering/"+p.ach7+`"`); ach7 < 0 || web1 < ach7 || web2 < web1 {
			t.Errorf("houses at %d, %d, %d; want Achterweg 7, Webstraat 1, Webstraat 2 in that order", ach7, web1, web2)
		}
		if strings.Contains(r.body, p.ach3) {
			t.Error("the street list holds a closed outreach")
		}
		if row := rowOf(t, r.body, p.web2); row != "2 Webstraat Dreigend 1 melding van 1 schuldeiser 2 dagen te laat (5 mrt. 2026) Nog niemand Nog geen" {
			t.Errorf("Webstraat 2's row %q", row)
		}
	})
}

// TestOutreachMonitorPage: the monitor shows the use case's figures in
// tables with captions, for the lead's own team by default and for
// beleid's choice; a bad date comes back beside its field, the input
// kept; a professional gets 403.
func TestOutreachMonitorPage(t *testing.T) {
	eachOutreachPages(t, func(t *testing.T, p *outreachPages) {
		ctx := context.Background()
		lead := p.as(t, wijkregie.RoleTeamLead)
		r := lead.get(t, "/vroegsignalering/monitor")
		if r.status != http.StatusOK {
			t.Fatalf("monitor: %d", r.status)
		}
		checkPage(t, p.env, "/vroegsignalering/monitor", r)
		m, err := p.svc.OutreachMonitor(ctx, p.actor(wijkregie.RoleTeamLead), app.MonitorQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"meldingen", "huishoudens", "resultaten", "eerste-contact"} {
			if len(elements(inner(r.body, byID(t, r.body, id)), "caption")) != 1 {
				t.Errorf("table %s has no caption", id)
			}
		}
		households := textOf(t, r.body, "huishoudens")
		if !strings.Contains(households, p.t("vroeglijst.monitor.gesignaleerd")+" "+strconv.Itoa(m.Households)) || m.Households < 4 {
			t.Errorf("households table %q; the use case says %d", households, m.Households)
		}
		if sel := elements(r.body, "option", "value", p.users[wijkregie.RoleTeamLead].TeamID, "selected", ""); len(sel) != 1 {
			t.Error("the lead's own team is not the one chosen")
		}
		if v := byID(t, r.body, "van").attrs["value"]; v != "2026-01-01" {
			t.Errorf("van %q; want the quarter's first day", v)
		}
		if strings.Contains(r.body, "Webstraat") || strings.Contains(r.body, "Webbersma") {
			t.Error("the monitor names a household")
		}

		pol := p.as(t, wijkregie.RolePolicy)
		r = pol.get(t, "/vroegsignalering/monitor?"+url.Values{"van": {"2026-03-01"}, "tot": {"2026-03-31"}, "team": {app.AllTeams}}.Encode())
		if r.status != http.StatusOK || !strings.Contains(textOf(t, r.body, "cijfers-kop"), "de hele gemeente, van 1 mrt. 2026 tot en met 31 mrt. 2026") {
			t.Errorf("beleid, March: %d %q", r.status, r.body[:min(len(r.body), 300)])
		}
		menu := elements(r.body, "nav", "aria-label", p.t("layout.hoofdmenu"))
		if cur := elements(inner(r.body, menu[0]), "a", "aria-current", "page"); len(cur) != 1 || cur[0].attrs["href"] != "/vroegsignalering/monitor" {
			t.Errorf("beleid's menu marks %v", cur)
		}

		// A day left empty is the quarter's, and the form says so.
		r = pol.get(t, "/vroegsignalering/monitor?tot=2026-02-28")
		if r.status != http.StatusOK || byID(t, r.body, "van").attrs["value"] != "2026-01-01" || byID(t, r.body, "tot").attrs["value"] != "2026-02-28" {
			t.Errorf("only tot: %d", r.status)
		}
		r = pol.get(t, "/vroegsignalering/monitor?van=2026-13-01&tot=2026-03-31")
		if r.status != http.StatusBadRequest || byID(t, r.body, "van").attrs["value"] != "2026-13-01" || textOf(t, r.body, "van-fout") == "" ||
			len(elements(r.body, "div", "role", "alert")) != 1 || len(elements(r.body, "table")) != 0 {
			t.Errorf("a bad date: %d", r.status)
		}
		r = pol.get(t, "/vroegsignalering/monitor?van=2026-03-31&tot=2026-03-01")
		if r.status != http.StatusBadRequest || !strings.Contains(textOf(t, r.body, "tot-fout"), p.t("veld.vroeglijst.periode")) {
			t.Errorf("a period backwards: %d", r.status)
		}
		if r := p.as(t, wijkregie.RoleProfessional).get(t, "/vroegsignalering/monitor"); r.status != http.StatusForbidden {
			t.Errorf("the professional: %d", r.status)
		}
	})
}

// TestCreditorFeedbackPages: the creditors' list, a creditor's feedback
// of the quarter — the reference, the days and the reduced outcome, no
// address —, its CSV download, an empty period said so; beleid and a
// professional get 403.
func TestCreditorFeedbackPages(t *testing.T) {
	eachOutreachPages(t, func(t *testing.T, p *outreachPages) {
		c := p.as(t, wijkregie.RoleTeamLead)
		r := c.get(t, "/vroegsignalering/schuldeisers")
		if r.status != http.StatusOK || len(elements(r.body, "a", "href", "/vroegsignalering/schuldeisers/"+p.water)) != 1 {
			t.Fatalf("creditors: %d", r.status)
		}
		checkPage(t, p.env, "/vroegsignalering/schuldeisers", r)

		r = c.get(t, "/vroegsignalering/schuldeisers/"+p.water)
		if r.status != http.StatusOK {
			t.Fatalf("the water company's feedback: %d", r.status)
		}
		checkPage(t, p.env, "/vroegsignalering/schuldeisers/{id}", r)
		rows := elements(inner(r.body, byID(t, r.body, "terugmeldingen")), "tr")
		if got := texts(inner(r.body, byID(t, r.body, "terugmeldingen")), "tr"); len(rows) != 2 || got[1] != "W-3 2 mrt. 2026 Hulp gestart 4 mrt. 2026" {
			t.Errorf("feedback rows %q", got)
		}
		for _, leak := range []string{"Achterweg", "Webbersma", "advies", "W-7"} {
			if strings.Contains(r.body, leak) {
				t.Errorf("the feedback page shows %q", leak)
			}
		}
		link := byID(t, r.body, "csv").attrs["href"]
		if link != "/vroegsignalering/schuldeisers/"+p.water+"?formaat=csv&tot=2026-03-31&van=2026-01-01" {
			t.Errorf("CSV link %q", link)
		}
		r = c.get(t, link)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			r.body != "referentie;datum melding;teruggemeld resultaat;datum afgerond\r\nW-3;2026-03-02;Hulp gestart;2026-03-04\r\n" ||
			!strings.Contains(r.header.Get("Content-Disposition"), "terugmelding-"+p.water+"-2026-01-01-2026-03-31.csv") {
			t.Errorf("CSV: %d %s %q", r.status, r.header.Get("Content-Type"), r.body)
		}

		r = c.get(t, "/vroegsignalering/schuldeisers/"+p.housing)
		if r.status != http.StatusOK || len(elements(r.body, "table", "id", "terugmeldingen")) != 0 ||
			!strings.Contains(r.body, "Er is niets terug te melden") {
			t.Errorf("the housing corporation's empty feedback: %d", r.status)
		}
		r = c.get(t, "/vroegsignalering/schuldeisers/"+p.water+"?van=2026-03-10&tot=2026-02-01")
		if r.status != http.StatusBadRequest || textOf(t, r.body, "tot-fout") == "" || byID(t, r.body, "van").attrs["value"] != "2026-03-10" {
			t.Errorf("a period backwards: %d", r.status)
		}
		if r := c.get(t, "/vroegsignalering/schuldeisers/"+wijkregie.NewID(time.Now())); r.status != http.StatusNotFound {
			t.Errorf("an unknown creditor: %d", r.status)
		}
		if r := p.as(t, wijkregie.RoleAdmin).get(t, "/vroegsignalering/schuldeisers/"+p.water); r.status != http.StatusOK {
			t.Errorf("beheer: %d", r.status)
		}
		for _, role := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleProfessional} {
			for _, path := range []string{"/vroegsignalering/schuldeisers", "/vroegsignalering/schuldeisers/" + p.water, link} {
				if r := p.as(t, role).get(t, path); r.status != http.StatusForbidden {
					t.Errorf("GET %s as %s: %d; want 403", path, role, r.status)
				}
			}
		}
	})
}
