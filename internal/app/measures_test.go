package app_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
)

// tableOf returns the report's table with the id, or fails.
func tableOf(t *testing.T, r *app.Report, id string) wijkregie.Table {
	t.Helper()
	for _, tb := range r.Tables {
		if tb.ID == id {
			return tb
		}
	}
	t.Fatalf("the report has no table %s", id)
	return wijkregie.Table{}
}

// TestReportsPolicyAndSuppression runs the reports on the demo
// municipality on both stores: who reads what, the small-cell rule for
// beleid and toezicht, the lead's own team's workload per professional,
// the audit records, and bad input named by its field.
func TestReportsPolicyAndSuppression(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		lead, policyActor, inspector := f.actor(wijkregie.RoleTeamLead), f.actor(wijkregie.RolePolicy), f.actor(wijkregie.RoleInspection)
		year := app.ReportQuery{Period: app.Period{From: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}}

		// The lead reads the own team by default, suppressed outcomes.
		var r *app.Report
		var err error
		got := f.audited(t, func() { r, err = f.svc.OutcomeReport(f.ctx, lead, year) })
		if err != nil {
			t.Fatal(err)
		}
		if r.Team == nil || r.Team.ID != lead.TeamID || !r.Suppressed {
			t.Errorf("lead's report: team %v, suppressed %v; want the own team, suppressed", r.Team, r.Suppressed)
		}
		want := []entry{rec(lead, "rapportage.uitkomsten", "rapportage", lead.TeamID, "", app.PurposeTask, wijkregie.AuditAllowed)}
		if !slices.Equal(got, want) {
			t.Errorf("audit = %+v, want %+v", got, want)
		}
		for _, tb := range r.Tables {
			for _, row := range tb.Rows {
				if len(row.Cells) != len(tb.Columns) {
					t.Fatalf("%s/%s has %d cells for %d columns", tb.ID, row.Key, len(row.Cells), len(tb.Columns))
				}
				for i, c := range row.Cells {
					if c.Unit == wijkregie.UnitCount && c.Shown() && c.Value < wijkregie.SmallCell {
						t.Errorf("%s/%s/%s shows %v", tb.ID, row.Key, tb.Columns[i].Key, c.Value)
					}
				}
			}
		}
		// Another team, or the municipality, is refused to the lead.
		other := f.otherTeam(t)
		if _, err := f.svc.OutcomeReport(f.ctx, lead, app.ReportQuery{TeamID: other.ID}); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("lead reads another team: %v, want forbidden", err)
		}
		if _, err := f.svc.WorkloadReport(f.ctx, lead, app.ReportQuery{TeamID: app.AllTeams}); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("lead reads the municipality: %v, want forbidden", err)
		}
		// The lead's workload has the own professionals, unsuppressed.
		w, err := f.svc.WorkloadReport(f.ctx, lead, app.ReportQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if w.Suppressed || len(tableOf(t, w, "caseload-per-medewerker").Rows) == 0 {
			t.Errorf("lead's workload: suppressed %v, per professional %v", w.Suppressed, tableOf(t, w, "caseload-per-medewerker").Rows)
		}
		// Beleid and toezicht: the municipality, every team as a row,
		// never per professional, always suppressed.
		for _, a := range []wijkregie.Actor{policyActor, inspector} {
			w, err := f.svc.WorkloadReport(f.ctx, a, app.ReportQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if !w.Suppressed || w.Team != nil {
				t.Errorf("%s's workload: suppressed %v, team %v", a.Role, w.Suppressed, w.Team)
			}
			for _, tb := range w.Tables {
				if tb.ID == "caseload-per-medewerker" {
					t.Errorf("%s reads the workload per professional", a.Role)
				}
			}
			if rows := tableOf(t, w, "caseload-per-team").Rows; len(rows) < 2 || rows[len(rows)-1].Key != "totaal" {
				t.Errorf("%s's caseload per team: %v", a.Role, rows)
			}
			if _, err := f.svc.OutcomeReport(f.ctx, a, app.ReportQuery{TeamID: other.ID}); err != nil {
				t.Errorf("%s reads a team: %v", a.Role, err)
			}
		}
		// Roles without reports.
		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleAdmin, wijkregie.RolePartner} {
			if _, err := f.svc.OutcomeReport(f.ctx, f.actor(role), year); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s reads outcomes: %v, want forbidden", role, err)
			}
		}
		// Bad input, named by its field.
		for _, rq := range []app.ReportQuery{{Postcode: "12"}, {TeamID: "geen id"},
			{Period: app.Period{From: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}} {
			if _, err := f.svc.OutcomeReport(f.ctx, policyActor, rq); wijkregie.ErrorCode(err) != wijkregie.EINVALID {
				t.Errorf("%+v: %v, want invalid", rq, err)
			}
		}
		// An export is audited as one, and its CSV says what is withheld.
		cat, err := locale.Load()
		if err != nil {
			t.Fatal(err)
		}
		year.Export = true
		got = f.audited(t, func() { r, err = f.svc.OutcomeReport(f.ctx, policyActor, year) })
		if err != nil {
			t.Fatal(err)
		}
		want = []entry{rec(policyActor, "rapportage.exporteren", "rapportage", demo.MunicipalityID, "", app.PurposeTask, wijkregie.AuditAllowed)}
		if !slices.Equal(got, want) {
			t.Errorf("export audit = %+v, want %+v", got, want)
		}
		r.Label(cat, locale.NL)
		csv, err := app.ReportCSV(r, cat, locale.NL)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(csv, []byte("tabel;rij;rijnaam;kolom;kolomnaam;eenheid;waarde;weergave;onderdrukt\r\n")) ||
			!bytes.Contains(csv, []byte(";<10;true\r\n")) || !bytes.Contains(csv, []byte("zrm-verandering;financien;Financiën;")) {
			t.Errorf("CSV:\n%.600s", csv)
		}
	})
}
