package app_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/policy"
)

// reportField reports whether err is invalid input naming field.
func reportField(err error, field string) bool {
	return slices.ContainsFunc(fieldsOf(err), func(f string) bool { return strings.HasPrefix(f, field+":") })
}

// TestComposedReports makes the team's month and the council's period on
// the demo municipality on both stores: who may make which, what each
// holds (never the workload per professional; the council's always
// suppressed with teams as rows), the audit of both parts as exports,
// bad input named by its field, and the CSV.
func TestComposedReports(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		lead, beleid, toezicht := f.actor(wijkregie.RoleTeamLead), f.actor(wijkregie.RolePolicy), f.actor(wijkregie.RoleInspection)
		other := f.otherTeam(t)
		month := app.ComposedQuery{Kind: policy.ReportTeamMonth}

		// The lead's own team, the previous month by default (now is
		// 2 March 2026).
		var c *app.Composed
		var err error
		steps := 0
		got := f.audited(t, func() { c, err = f.svc.ComposeReport(f.ctx, lead, month, func() { steps++ }) })
		if err != nil {
			t.Fatal(err)
		}
		if c.Team == nil || c.Team.ID != lead.TeamID || c.Municipality.ID != demo.MunicipalityID || steps != 2 ||
			c.Period != (app.Period{From: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)}) {
			t.Errorf("the lead's month: team %v, period %v, steps %d", c.Team, c.Period, steps)
		}
		if len(c.Parts) != 2 || c.Parts[0].Kind != wijkregie.MeasureOutcomesAll || c.Parts[1].Kind != wijkregie.MeasureWorkload ||
			!c.Parts[0].Suppressed || c.Parts[1].Suppressed || c.Suppressed() {
			t.Fatalf("the lead's parts: %+v", c.Parts)
		}
		for _, p := range c.Parts {
			for _, tb := range p.Tables {
				if tb.ID == "caseload-per-medewerker" {
					t.Error("a composed report holds the workload per professional")
				}
			}
		}
		want := []entry{rec(lead, "rapportage.exporteren", "rapportage", lead.TeamID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(lead, "rapportage.exporteren", "rapportage", lead.TeamID, "", app.PurposeTask, wijkregie.AuditAllowed)}
		if !slices.Equal(got, want) {
			t.Errorf("audit = %+v, want %+v", got, want)
		}

		// Refused, before anything is read or audited.
		for name, tc := range map[string]struct {
			actor wijkregie.Actor
			q     app.ComposedQuery
		}{
			"lead, another team":   {lead, app.ComposedQuery{Kind: policy.ReportTeamMonth, TeamID: other.ID}},
			"lead, the council":    {lead, app.ComposedQuery{Kind: policy.ReportCouncil}},
			"professional's month": {f.actor(wijkregie.RoleProfessional), app.ComposedQuery{Kind: policy.ReportTeamMonth, TeamID: lead.TeamID}},
			"beheer, the council":  {f.actor(wijkregie.RoleAdmin), app.ComposedQuery{Kind: policy.ReportCouncil}},
			"partner, the council": {f.actor(wijkregie.RolePartner), app.ComposedQuery{Kind: policy.ReportCouncil}},
		} {
			got := f.audited(t, func() { _, err = f.svc.ComposeReport(f.ctx, tc.actor, tc.q, nil) })
			if wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN || len(got) != 0 {
				t.Errorf("%s: %v, audited %v; want forbidden, nothing audited", name, err, got)
			}
		}

		// Bad input, named by its field.
		day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
		for _, tc := range []struct {
			q     app.ComposedQuery
			field string
		}{
			{app.ComposedQuery{Kind: policy.ReportTeamMonth, Month: "2026-13", TeamID: other.ID}, "maand"},
			{app.ComposedQuery{Kind: policy.ReportTeamMonth, Month: "februari", TeamID: other.ID}, "maand"},
			{app.ComposedQuery{Kind: policy.ReportTeamMonth, Month: "2026-04", TeamID: other.ID}, "maand"},
			{app.ComposedQuery{Kind: policy.ReportTeamMonth}, "team"},
			{app.ComposedQuery{Kind: policy.ReportTeamMonth, TeamID: "geen id"}, "team"},
			{app.ComposedQuery{Kind: policy.ReportTeamMonth, TeamID: "t-bestaat-niet"}, "team"},
			{app.ComposedQuery{Kind: policy.ReportCouncil, TeamID: other.ID}, "team"},
			{app.ComposedQuery{Kind: policy.ReportCouncil, Period: app.Period{From: day(2025, 1, 2), To: day(2025, 12, 31)}}, "van"},
			{app.ComposedQuery{Kind: policy.ReportCouncil, Period: app.Period{From: day(2025, 1, 1), To: day(2025, 12, 30)}}, "tot"},
			{app.ComposedQuery{Kind: policy.ReportCouncil, Period: app.Period{From: day(2025, 3, 1), To: day(2025, 1, 31)}}, "tot"},
			{app.ComposedQuery{Kind: policy.ReportCouncil, Period: app.Period{From: day(2026, 1, 1), To: day(2026, 4, 30)}}, "tot"},
			{app.ComposedQuery{Kind: "jaar"}, "soort"},
		} {
			if _, err := f.svc.ComposeReport(f.ctx, beleid, tc.q, nil); wijkregie.ErrorCode(err) != wijkregie.EINVALID || !reportField(err, tc.field) {
				t.Errorf("%+v: %v %v, want invalid %s", tc.q, err, fieldsOf(err), tc.field)
			}
		}

		// Beleid and toezicht: the council's period, teams as rows, every
		// part suppressed; and any team's month.
		year := app.ComposedQuery{Kind: policy.ReportCouncil, Period: app.Period{From: day(2025, 1, 1), To: day(2026, 2, 28)}}
		for _, a := range []wijkregie.Actor{beleid, toezicht} {
			c, err := f.svc.ComposeReport(f.ctx, a, year, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.Team != nil || !c.Suppressed() || len(c.Parts) != 2 {
				t.Errorf("%s's council report: team %v, suppressed %v", a.Role, c.Team, c.Suppressed())
			}
			if rows := tableOf(t, c.Parts[1], "caseload-per-team").Rows; len(rows) < 3 || rows[len(rows)-1].Key != "totaal" {
				t.Errorf("%s: the teams are not rows: %v", a.Role, rows)
			}
			noSmallCount(t, c)
			if _, err := f.svc.ComposeReport(f.ctx, a, app.ComposedQuery{Kind: policy.ReportTeamMonth, TeamID: other.ID, Month: "2025-11"}, nil); err != nil {
				t.Errorf("%s, a team's month: %v", a.Role, err)
			}
		}

		// The CSV: one header, both parts' tables.
		cat, err := locale.Load()
		if err != nil {
			t.Fatal(err)
		}
		c, err = f.svc.ComposeReport(f.ctx, beleid, year, nil)
		if err != nil {
			t.Fatal(err)
		}
		c.Label(cat, locale.NL)
		csv, err := app.ComposedCSV(c, cat, locale.NL)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Count(csv, []byte("tabel;rij;")) != 1 || !bytes.Contains(csv, []byte("\r\nzrm-verandering;")) ||
			!bytes.Contains(csv, []byte("\r\ncaseload-per-team;")) || !bytes.Contains(csv, []byte(";<10;true\r\n")) {
			t.Errorf("CSV:\n%.600s", csv)
		}
		if name := app.ComposedFileName(c, "pdf"); name != "rapport-raad-gemeente-2025-01-2026-02.pdf" {
			t.Errorf("file name %s", name)
		}
	})
}

// noSmallCount fails on a count below 10 shown in a suppressed report.
func noSmallCount(t *testing.T, c *app.Composed) {
	t.Helper()
	for _, p := range c.Parts {
		for _, tb := range p.Tables {
			for _, row := range tb.Rows {
				for i, cell := range row.Cells {
					if cell.Unit == wijkregie.UnitCount && cell.Shown() && cell.Value < wijkregie.SmallCell {
						t.Errorf("%s/%s/%s shows %v", tb.ID, row.Key, tb.Columns[i].Key, cell.Value)
					}
				}
			}
		}
	}
}

// TestComposedReportPDF reads the council's and the team's month PDF back
// on both stores: the title page's lines, each table's title, chart and
// cells as their Display texts in order — so "<10" stands for every
// withheld count and no count below 10 is printed as a number.
func TestComposedReportPDF(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		cat, err := locale.Load()
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			actor wijkregie.Actor
			q     app.ComposedQuery
			lines []string
		}{
			{f.actor(wijkregie.RolePolicy), app.ComposedQuery{Kind: policy.ReportCouncil, Period: app.Period{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)}},
				[]string{"Rapport voor gemeenteraad en toezicht", "Alle teams van de gemeente", "1 januari 2025 tot en met 28 februari 2026", "2 maart 2026 10:00"}},
			{f.actor(wijkregie.RoleTeamLead), app.ComposedQuery{Kind: policy.ReportTeamMonth, Month: "2025-10"},
				[]string{"Maandrapport van het wijkteam", "oktober 2025", "2 maart 2026 10:00", "zonder verborgen aantallen"}},
		} {
			c, err := f.svc.ComposeReport(f.ctx, tc.actor, tc.q, nil)
			if err != nil {
				t.Fatal(err)
			}
			c.Label(cat, locale.NL)
			tables := 0
			b, err := app.ComposedPDF(c, cat, locale.NL, func() { tables++ })
			if err != nil {
				t.Fatal(err)
			}
			if tables != c.Tables() {
				t.Errorf("progress: %d tables of %d", tables, c.Tables())
			}
			doc := pdftest.Read(t, b)
			if doc.Info["Title"] != tc.lines[0] {
				t.Errorf("title %q", doc.Info["Title"])
			}
			first := doc.Text(0)
			for _, want := range append(tc.lines, c.Municipality.Name, "Kleine aantallen: elk aantal onder de 10") {
				if !strings.Contains(first, want) {
					t.Errorf("the title page has no %q:\n%s", want, first)
				}
			}
			if c.Team != nil && !strings.Contains(first, c.Team.Name) {
				t.Errorf("the title page names no team %s", c.Team.Name)
			}
			var shown []string
			for _, p := range doc.Pages {
				shown = append(shown, p...)
			}
			// Headings wrap: their lines are read as one.
			all := strings.Join(shown, " ")
			if !strings.Contains(all, "<10") || !strings.Contains(all, fmt.Sprintf("pagina 1 van %d", len(doc.Pages))) {
				t.Errorf("no <10 or page footer in the PDF:\n%s", all)
			}
			// A chart where any of its bars is shown (the lead's own
			// workload is), "Geen grafiek" where none is.
			if !strings.Contains(all, "Grafiek: ") && (!c.Suppressed() || !strings.Contains(all, "Geen grafiek")) {
				t.Errorf("no chart in the PDF:\n%s", all)
			}
			for _, p := range c.Parts {
				for _, tb := range p.Tables {
					if !strings.Contains(all, cat.T(locale.NL, "uitkomst.tabel."+tb.ID)) {
						t.Errorf("no title of %s", tb.ID)
					}
					for _, row := range tb.Rows {
						cells := make([]string, len(row.Cells))
						for i, cell := range row.Cells {
							cells[i] = cell.Display()
						}
						for from := 0; from < len(cells); from += app.ReportPDFColumns {
							if piece := cells[from:min(from+app.ReportPDFColumns, len(cells))]; !containsRun(shown, piece) {
								t.Errorf("%s/%s: the cells %q are not in the PDF in order", tb.ID, row.Key, piece)
							}
						}
					}
				}
			}
			if c.Suppressed() {
				noSmallCount(t, c)
				// A lone digit on the page is a column's heading (a ZRM
				// change "0", a rating "7") or a chart's tick — never a cell:
				// every cell was found above as its Display text, and no
				// shown count is below 10.
				allowed := map[string]bool{}
				for _, p := range c.Parts {
					for _, tb := range p.Tables {
						for _, col := range tb.Columns {
							allowed[col.Label] = true
						}
						b, err := app.ReportChart(tb)
						if err != nil {
							t.Fatal(err)
						}
						if b != nil && b.Shown() {
							for _, v := range b.Ticks {
								allowed[b.Tick(v)] = true
							}
						}
					}
				}
				digit := regexp.MustCompile(`^[0-9]$`)
				for _, s := range shown {
					if digit.MatchString(s) && !allowed[s] {
						t.Errorf("a count below 10 is printed: %q", s)
					}
				}
			}
		}
	})
}

// containsRun reports whether want occurs in shown as consecutive strings.
func containsRun(shown, want []string) bool {
	for i := 0; i+len(want) <= len(shown); i++ {
		if slices.Equal(shown[i:i+len(want)], want) {
			return true
		}
	}
	return false
}
