package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// drillColumns are the columns whose counts link to a list, per table
// (docs/uitkomsten.md, "Doorklikken"); the test holds the page to it
// rather than asking the code.
var drillColumns = map[string][]string{
	"caseload-per-team":           {"licht", "intensief", "veiligheid", "casussen"},
	"caseload-per-medewerker":     {"licht", "intensief", "veiligheid", "casussen"},
	"wachtlijst-en-achterstanden": {"wachtlijst", "triageOpen", "triageTeLaat", "vroegsignalenOpen", "vroegsignalenTeLaat"},
	"termijnen":                   {"triage", "evaluatie", "meldcode", "veiligheid", "overdracht", "vroegsignaal"},
	"een-een-een":                 {"regisseurEnPlan", "regisseurZonderPlan", "zonderRegisseur", "openCasussen"},
	"organisaties-per-gezin":      {"organisaties0", "organisaties1", "organisaties2", "organisaties3", "organisaties4", "organisaties5", "openCasussen"},
	"afsluitredenen":              append(slices.Clone(wijkregie.ClosureReasons), "afgesloten"),
	"jeugd-uitkomsten":            {"afgesloten"},
	"waardering":                  {"afgesloten"},
	"terugval":                    {"afgesloten"},
	"herkomst":                    {"enkelvoudig", "casus", "geenActie", "nietGetrieerd", "signalen"},
}

// TestDrillDownCounts follows every figure the team lead's dashboards
// link to the list behind it, page by page, and counts its rows: each
// list holds exactly the number it came from. Every count that can be
// followed is a link and no other is — a withheld one never; beleid and
// toezicht get none. On a demo large enough that the lead's outcomes
// show counts of 10 and more, on both engines.
func TestDrillDownCounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := newEnvOf(t, s, false, demo.Options{Households: 400, Signals: 400})
		lead := e.as(t, wijkregie.RoleTeamLead)
		actor := e.actor(wijkregie.RoleTeamLead)
		// The demo closes few of a team's cases: twelve more closed ten
		// days ago show the closures' counts.
		open, _, err := s.R().Cases(ctx, demo.MunicipalityID, wijkregie.HouseholdScope{All: true},
			store.CaseFilter{TeamID: actor.TeamID, Open: true, Page: store.Page{Limit: 12}})
		if err != nil || len(open) != 12 {
			t.Fatalf("the team's open cases: %d, %v", len(open), err)
		}
		if err := s.Tx(ctx, func(q *store.Q) error {
			for _, c := range open {
				if err := testdb.Exec(ctx, q, `UPDATE cases SET status = 'afgesloten', closed_at = $3, closure_reason = 'doelen-bereikt'
WHERE municipality_id = $1 AND id = $2`, demo.MunicipalityID, c.ID, e.svc.Now().AddDate(0, 0, -10).UTC()); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		// The outcomes of two years and this quarter: closures enough to
		// be shown, and the 1-1-1 of now.
		q := app.Quarter(e.svc.Now())
		period := app.Period{From: q.From.AddDate(-2, 0, 0), To: q.To}
		// The demo's signals wait for triage: new ones from the families
		// themselves, ten, eleven and twelve decided each way, show the
		// sources' other columns, each with a count of its own.
		for i := range 33 {
			_, persons, err := s.R().HouseholdMembers(ctx, demo.MunicipalityID, open[i%len(open)].HouseholdID)
			if err != nil || len(persons) == 0 {
				t.Fatalf("members of %s: %d, %v", open[i%len(open)].HouseholdID, len(persons), err)
			}
			sig := &wijkregie.Signal{Kind: wijkregie.SignalHelpRequest, PersonID: persons[0].ID, SourceKind: wijkregie.SourceSelf,
				Domains: []string{"financien"}, Description: "Vraagt om hulp bij de post.", Urgency: wijkregie.UrgencyNormal}
			if err := e.svc.CreateSignal(ctx, actor, sig, nil); err != nil {
				t.Fatalf("signal %d: %v", i, err)
			}
			in := app.TriageInput{Decision: wijkregie.DecisionSimple, Answer: "Beantwoord aan de telefoon."}
			if i >= 21 {
				in = app.TriageInput{Decision: wijkregie.DecisionNone, Reason: "Al in beeld."}
			} else if i >= 10 {
				in = app.TriageInput{Decision: wijkregie.DecisionMultiple}
			}
			in.SignalID = sig.ID
			if _, err := e.svc.Triage(ctx, actor, in); err != nil {
				t.Fatalf("triage %d: %v", i, err)
			}
		}
		outcomes := "/dashboard?" + url.Values{"van": {period.From.Format(time.DateOnly)}, "tot": {period.To.Format(time.DateOnly)}}.Encode()
		wl, err := e.svc.WorkloadReport(ctx, actor, app.ReportQuery{})
		if err != nil {
			t.Fatal(err)
		}
		oc, err := e.svc.OutcomeReport(ctx, actor, app.ReportQuery{Period: period})
		if err != nil {
			t.Fatal(err)
		}
		lists := map[string]int{}  // links followed, by list
		listed := map[string]int{} // rows of each list followed, by link
		for _, pg := range []struct {
			path string
			rep  *app.Report
		}{{"/dashboard/werklast", wl}, {outcomes, oc}} {
			r := lead.get(t, pg.path)
			if r.status != http.StatusOK {
				t.Fatalf("%s: %d", pg.path, r.status)
			}
			for _, tb := range pg.rep.Tables {
				cells := cellLinks(t, r.body, tb)
				for i, row := range tb.Rows {
					for j, f := range row.Cells {
						c := cells[i*len(tb.Columns)+j]
						col := tb.Columns[j].Key
						want := slices.Contains(drillColumns[tb.ID], col) && f.Shown() && f.Int() > 0
						if want != (c.href != "") {
							t.Errorf("%s %s/%s (%s): link %q; want a link: %v", tb.ID, row.Key, col, f.Display(), c.href, want)
							continue
						}
						if c.href == "" {
							continue
						}
						if f.Suppressed || c.text != f.Display() {
							t.Errorf("%s %s/%s: the link says %q; the figure is %s", tb.ID, row.Key, col, c.text, f.Display())
						}
						if strings.Contains(c.desc, "{") || !strings.Contains(c.desc, tb.Columns[j].Label) {
							t.Errorf("%s %s/%s: the link's description %q", tb.ID, row.Key, col, c.desc)
						}
						// Two figures that link to one list must be one number.
						n, ok := listed[c.href]
						if !ok {
							n = listRows(t, e, lead, c.href)
							listed[c.href] = n
						}
						if n != f.Int() {
							t.Errorf("%s %s/%s = %d, but %s lists %d", tb.ID, row.Key, col, f.Int(), c.href, n)
						}
						u, _ := url.Parse(c.href)
						lists[u.Path]++
						if pg.rep == oc {
							lists[tb.ID]++
						}
					}
				}
			}
		}
		// The fixture reaches every list, and the outcomes too.
		for _, l := range []string{"/casussen", "/triage", "/vroegsignalering", "/vroegsignalering/per-straat", "/taken", "/signalen",
			"een-een-een", "organisaties-per-gezin", "afsluitredenen", "waardering", "herkomst"} {
			if lists[l] == 0 {
				t.Errorf("no figure links to %s (%v)", l, lists)
			}
		}

		// Beleid and toezicht read the same tables without a link.
		for _, role := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection} {
			c := e.as(t, role)
			for _, path := range []string{"/dashboard/werklast?team=" + actor.TeamID, outcomes} {
				r := c.get(t, path)
				for _, tb := range elements(r.body, "table") {
					if strings.HasPrefix(tb.attrs["id"], "tabel-") && len(elements(inner(r.body, tb), "a")) != 0 {
						t.Errorf("%s, %s: table %s has links", role, path, tb.attrs["id"])
					}
				}
			}
		}
	})
}

// cellLink is a data cell of a dashboard table: its text, and the link
// it holds with its hidden description.
type cellLink struct{ text, href, desc string }

// cellLinks returns the data cells of a dashboard table, row by row.
func cellLinks(t *testing.T, body string, tb wijkregie.Table) []cellLink {
	t.Helper()
	h := inner(body, byID(t, body, "tabel-"+tb.ID))
	var out []cellLink
	for _, td := range elements(h, "td")[1:] { // the empty corner first
		in := inner(h, td)
		c := cellLink{text: text(hiddenText.ReplaceAllString(in, ""))}
		if as := elements(in, "a"); len(as) == 1 {
			c.href = as[0].attrs["href"]
			if sp := elements(in, "span", "class", "visueel-verborgen"); len(sp) == 1 {
				c.desc = text(inner(in, sp[0]))
			}
		}
		out = append(out, c)
	}
	if len(out) != len(tb.Rows)*len(tb.Columns) {
		t.Fatalf("%s: %d cells; want %d", tb.ID, len(out), len(tb.Rows)*len(tb.Columns))
	}
	return out
}

// listRows counts the rows of the tables of a list (#lijst), following
// its pages to the last.
func listRows(t *testing.T, e *env, c *client, href string) int {
	t.Helper()
	n, pages := 0, 0
	for href != "" {
		r := c.get(t, href)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d", href, r.status)
		}
		l := inner(r.body, byID(t, r.body, "lijst"))
		for _, tb := range elements(l, "tbody") {
			n += len(elements(inner(l, tb), "tr"))
		}
		href = ""
		for _, a := range elements(l, "a") {
			if text(inner(l, a)) == e.t("paginering.volgende") {
				href = a.attrs["href"]
			}
		}
		if pages++; pages > 100 {
			t.Fatalf("%s: more than 100 pages", href)
		}
	}
	return n
}
