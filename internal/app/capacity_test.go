package app_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// capacityHome is a team of its own in the demo municipality: its lead
// Lotte and the professionals Anna and Bram, with open cases whose levels
// the figures below are worked out from.
type capacityHome struct {
	team             *wijkregie.Team
	lead, anna, bram wijkregie.Actor
}

// capacityHome makes the team. Anna is regisseur of 2 light, 1 intensive
// and 1 safety case, Bram of 3 intensive ones, Lotte of none, and one
// light case waits without a regisseur: the team has 8 open cases, 3
// light, 4 intensive, 1 safety.
func (f *fixture) capacityHome(t *testing.T) *capacityHome {
	t.Helper()
	h := &capacityHome{team: &wijkregie.Team{MunicipalityID: demo.MunicipalityID, Name: "Wijkteam Capaciteit", Areas: []string{"2599"}}}
	users := map[string]*wijkregie.User{}
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		if err := q.CreateTeam(f.ctx, h.team); err != nil {
			return err
		}
		for _, u := range []struct {
			key, name string
			role      wijkregie.Role
		}{{"lead", "Lotte Jansen", wijkregie.RoleTeamLead}, {"anna", "Anna de Vries", wijkregie.RoleProfessional},
			{"bram", "Bram Smit", wijkregie.RoleProfessional}} {
			users[u.key] = &wijkregie.User{MunicipalityID: demo.MunicipalityID, Email: u.key + "@capaciteit.example", Name: u.name,
				Role: u.role, TeamID: h.team.ID}
			if err := q.CreateUser(f.ctx, users[u.key], "hash"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	h.lead, h.anna, h.bram = wijkregie.ActorOf(users["lead"]), wijkregie.ActorOf(users["anna"]), wijkregie.ActorOf(users["bram"])
	for _, c := range []struct {
		level wijkregie.CaseLevel
		by    string
	}{
		{wijkregie.LevelLight, h.anna.UserID}, {wijkregie.LevelLight, h.anna.UserID}, {wijkregie.LevelIntensive, h.anna.UserID},
		{wijkregie.LevelSafety, h.anna.UserID},
		{wijkregie.LevelIntensive, h.bram.UserID}, {wijkregie.LevelIntensive, h.bram.UserID}, {wijkregie.LevelIntensive, h.bram.UserID},
		{wijkregie.LevelLight, ""},
	} {
		hh, _ := f.newHousehold(t, h.team.ID)
		err := f.s.Tx(f.ctx, func(q *store.Q) error {
			cs := &wijkregie.Case{MunicipalityID: demo.MunicipalityID, HouseholdID: hh.ID, TeamID: h.team.ID, Status: wijkregie.CaseRegistered,
				Level: c.level, Domains: []string{"financien"}, OpenedBy: h.lead.UserID}
			if err := q.CreateCase(f.ctx, cs); err != nil {
				return err
			}
			if c.by == "" {
				return nil
			}
			return q.Assign(f.ctx, cs, &wijkregie.Assignment{UserID: c.by, Reason: "Test.", AssignedBy: h.lead.UserID,
				Mandate: wijkregie.Mandate{Decide: "Het plan.", EscalateTo: "Lotte Jansen, teamleider"}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// cells returns a row's cells as the report prints them.
func cells(t *testing.T, tb wijkregie.Table, key string) []string {
	t.Helper()
	for _, r := range tb.Rows {
		if r.Key == key {
			var out []string
			for _, c := range r.Cells {
				out = append(out, c.Display())
			}
			return out
		}
	}
	t.Fatalf("%s has no row %s", tb.ID, key)
	return nil
}

// fieldMessages returns the names and messages of err's field errors.
func fieldMessages(err error) map[string]string {
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID {
		return nil
	}
	out := map[string]string{}
	for _, f := range e.Fields {
		out[f.Name] = f.Message
	}
	return out
}

// TestCapacities: the lead reads and sets the team's hours, every read
// and change audited, a repeated value no change; bad hours, a stranger
// and a professional named twice are refused by their fields, all at
// once, and nothing is written; the lead of another team, a
// professional and beheer are refused; a guard's refusal writes nothing.
func TestCapacities(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.capacityHome(t)
		change := func(id, hours string) app.CapacityChange {
			return app.CapacityChange{UserID: id, Hours: hours, Field: "uren-" + id, UserField: "uren-" + id}
		}
		hoursOf := func() map[string]string {
			t.Helper()
			ms, err := f.s.R().TeamCapacities(f.ctx, demo.MunicipalityID, h.team.ID)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]string{}
			for _, m := range ms {
				out[m.User.Name] = "-"
				if m.Capacity != nil {
					out[m.User.Name] = wijkregie.FormatHours(m.Capacity.Minutes)
				}
			}
			return out
		}

		// The read, audited on the team.
		var tc *app.TeamCapacity
		var err error
		got := f.audited(t, func() { tc, err = f.svc.TeamCapacity(f.ctx, h.lead, h.team.ID) })
		if err != nil {
			t.Fatal(err)
		}
		if want := []entry{rec(h.lead, "capaciteit.bekijken", "team", h.team.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}; !slices.Equal(got, want) {
			t.Errorf("read audit = %+v; want %+v", got, want)
		}
		var names []string
		for _, m := range tc.Members {
			names = append(names, m.User.Name)
		}
		if !slices.Equal(names, []string{"Anna de Vries", "Bram Smit", "Lotte Jansen"}) || tc.Settings.FTEHours != 36 || tc.Settings.NormPerFTE != 30 {
			t.Errorf("members %v, norm %d/%d", names, tc.Settings.FTEHours, tc.Settings.NormPerFTE)
		}

		// Setting: each change one record on the professional.
		var n int
		got = f.audited(t, func() {
			n, err = f.svc.SetCapacities(f.ctx, h.lead, h.team.ID,
				[]app.CapacityChange{change(h.anna.UserID, "36"), change(h.bram.UserID, "18,0"), change(h.lead.UserID, "")}, nil)
		})
		if err != nil || n != 2 {
			t.Fatalf("SetCapacities = %d, %v; want 2 changes", n, err)
		}
		want := []entry{rec(h.lead, "capaciteit.vastleggen", "medewerker", h.anna.UserID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(h.lead, "capaciteit.vastleggen", "medewerker", h.bram.UserID, "", app.PurposeTask, wijkregie.AuditAllowed)}
		if !slices.Equal(got, want) {
			t.Errorf("change audit = %+v; want %+v", got, want)
		}
		if diff := cmp.Diff(hoursOf(), map[string]string{"Anna de Vries": "36", "Bram Smit": "18", "Lotte Jansen": "-"}); diff != "" {
			t.Errorf("hours (-got +want):\n%s", diff)
		}
		// The same again changes nothing and records nothing.
		got = f.audited(t, func() {
			n, err = f.svc.SetCapacities(f.ctx, h.lead, h.team.ID, []app.CapacityChange{change(h.anna.UserID, "36,0"), change(h.lead.UserID, "")}, nil)
		})
		if err != nil || n != 0 || len(got) != 0 {
			t.Errorf("repeating: %d changes, %v, audit %+v", n, err, got)
		}

		// Bad input, all named at once; nothing written.
		stranger := f.users[wijkregie.RoleProfessional].ID
		_, err = f.svc.SetCapacities(f.ctx, h.lead, h.team.ID, []app.CapacityChange{
			change(h.anna.UserID, "-1"), change(h.bram.UserID, "40,5"), change(h.lead.UserID, "acht"),
			change(stranger, "32"), {UserID: h.anna.UserID, Hours: "32,25", Field: "tweede", UserField: "tweede-medewerker"},
		}, nil)
		wantFields := map[string]string{"uren-" + h.anna.UserID: "veld.capaciteit.bereik", "uren-" + h.bram.UserID: "veld.capaciteit.bereik",
			"uren-" + h.lead.UserID: "veld.capaciteit.getal", "uren-" + stranger: "veld.capaciteit.geen_teamlid",
			"tweede-medewerker": "veld.capaciteit.dubbel"}
		if diff := cmp.Diff(fieldMessages(err), wantFields); diff != "" {
			t.Errorf("bad input (-got +want):\n%s", diff)
		}
		if _, err = f.svc.SetCapacities(f.ctx, h.lead, h.team.ID, []app.CapacityChange{change(h.anna.UserID, "32,25")}, nil); fieldMessages(err)["uren-"+h.anna.UserID] != "veld.capaciteit.halve_uren" {
			t.Errorf("a quarter hour: %v", err)
		}
		// A guard's refusal: nothing written; its field errors join the rest.
		_, err = f.svc.SetCapacities(f.ctx, h.lead, h.team.ID, []app.CapacityChange{change(h.anna.UserID, "20")},
			func(tc *app.TeamCapacity) error {
				if tc.Member(h.anna.UserID).Capacity.Minutes != 36*60 {
					t.Errorf("the guard sees %+v", tc.Member(h.anna.UserID).Capacity)
				}
				return wijkregie.Conflict("fout.conflict")
			})
		if wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
			t.Errorf("guard: %v", err)
		}
		_, err = f.svc.SetCapacities(f.ctx, h.lead, h.team.ID, []app.CapacityChange{change(h.anna.UserID, "x")},
			func(*app.TeamCapacity) error { return wijkregie.InvalidField("medewerkers", "veld.verplicht") })
		if diff := cmp.Diff(fieldMessages(err), map[string]string{"medewerkers": "veld.verplicht", "uren-" + h.anna.UserID: "veld.capaciteit.getal"}); diff != "" {
			t.Errorf("guard's fields (-got +want):\n%s", diff)
		}
		if hoursOf()["Anna de Vries"] != "36" {
			t.Errorf("a refused change was written: %v", hoursOf())
		}

		// Refused: the lead of another team (audited), a professional of
		// the team, beheer; an unknown team is not found.
		otherLead := f.actor(wijkregie.RoleTeamLead)
		got = f.audited(t, func() {
			_, err = f.svc.SetCapacities(f.ctx, otherLead, h.team.ID, []app.CapacityChange{change(h.anna.UserID, "1")}, nil)
		})
		if wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("another team's lead sets: %v", err)
		}
		if want := []entry{rec(otherLead, "capaciteit.vastleggen", "team", h.team.ID, "", app.PurposeTask, wijkregie.AuditDenied)}; !slices.Equal(got, want) {
			t.Errorf("refusal audit = %+v; want %+v", got, want)
		}
		if _, err := f.svc.TeamCapacity(f.ctx, otherLead, h.team.ID); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("another team's lead reads: %v", err)
		}
		for _, a := range []wijkregie.Actor{h.anna, f.actor(wijkregie.RoleAdmin), f.actor(wijkregie.RolePolicy)} {
			if _, err := f.svc.TeamCapacity(f.ctx, a, h.team.ID); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s reads: %v", a.Role, err)
			}
			if _, err := f.svc.SetCapacities(f.ctx, a, h.team.ID, []app.CapacityChange{change(h.anna.UserID, "1")}, nil); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s sets: %v", a.Role, err)
			}
		}
		if _, err := f.svc.TeamCapacity(f.ctx, h.lead, wijkregie.NewID(f.clock.Now())); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("an unknown team: %v", err)
		}
		teamless := h.lead
		teamless.TeamID = ""
		if _, err := f.svc.TeamCapacity(f.ctx, teamless, ""); wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a lead without a team: %v", err)
		}
		if hoursOf()["Anna de Vries"] != "36" {
			t.Errorf("a refused change was written: %v", hoursOf())
		}

		// Clearing makes it not set again.
		if n, err := f.svc.SetCapacities(f.ctx, h.lead, h.team.ID, []app.CapacityChange{change(h.bram.UserID, "")}, nil); err != nil || n != 1 {
			t.Errorf("clearing: %d, %v", n, err)
		}
		if hoursOf()["Bram Smit"] != "-" {
			t.Errorf("cleared: %v", hoursOf())
		}
	})
}

// TestCapacityInTheWorkload computes the workload's capacity and
// bezetting of the team by hand, with the default norm (36 hours a week,
// 30 points per FTE) and weights (1, 2, 3):
//
//	Anna   36 h = 1,00 fte = 30 points; 2 light, 1 intensive, 1 safety = 7 → 23,3 %
//	Bram   18 h = 0,50 fte = 15 points; 3 intensive = 6 → 40,0 %
//	Lotte  not set, then 4,5 h = 0,125 fte = 3,75 points; no cases → 0,0 %
//	team   the 8 open cases of the team (Anna's, Bram's and one waiting
//	       light case): 3 light, 4 intensive, 1 safety = 14 points; its
//	       capacity is unknown while Lotte's is not set, then
//	       58,5 h = 1,625 fte = 48,75 points → 14 / 48,75 = 28,7 %
//
// Beleid reads the same team with small cells withheld: the counts are
// below 10, so the weighted caseload and the bezetting (which times the
// published capacity gives it back) are withheld, the capacity is shown.
func TestCapacityInTheWorkload(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h := f.capacityHome(t)
		set := func(id, hours string) {
			t.Helper()
			if _, err := f.svc.SetCapacities(f.ctx, h.lead, h.team.ID,
				[]app.CapacityChange{{UserID: id, Hours: hours, Field: "uren", UserField: "medewerker"}}, nil); err != nil {
				t.Fatal(err)
			}
		}
		set(h.anna.UserID, "36")
		set(h.bram.UserID, "18")
		report := func(a wijkregie.Actor, team string) *app.Report {
			t.Helper()
			r, err := f.svc.WorkloadReport(f.ctx, a, app.ReportQuery{TeamID: team})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		r := report(h.lead, "")
		per, team := tableOf(t, r, "caseload-per-medewerker"), tableOf(t, r, "caseload-per-team")
		var keys []string
		for _, c := range per.Columns {
			keys = append(keys, c.Key)
		}
		if want := []string{"licht", "intensief", "veiligheid", "casussen", "gewogen", "capaciteitUren", "capaciteitFte", "bezetting"}; !slices.Equal(keys, want) {
			t.Fatalf("columns %v; want %v", keys, want)
		}
		wantPer := map[string][]string{
			h.anna.UserID: {"2", "1", "1", "4", "7", "36,0", "1,00", "23,3%"},
			h.bram.UserID: {"0", "3", "0", "3", "6", "18,0", "0,50", "40,0%"},
			h.lead.UserID: {"0", "0", "0", "0", "0", ".", ".", "."},
		}
		for id, want := range wantPer {
			if diff := cmp.Diff(cells(t, per, id), want); diff != "" {
				t.Errorf("professional %s (-got +want):\n%s", id, diff)
			}
		}
		if diff := cmp.Diff(cells(t, team, h.team.ID), []string{"3", "4", "1", "8", "14", ".", ".", "."}); diff != "" {
			t.Errorf("the team while Lotte's is not set (-got +want):\n%s", diff)
		}

		set(h.lead.UserID, "4,5")
		r = report(h.lead, "")
		per, team = tableOf(t, r, "caseload-per-medewerker"), tableOf(t, r, "caseload-per-team")
		if diff := cmp.Diff(cells(t, per, h.lead.UserID), []string{"0", "0", "0", "0", "0", "4,5", "0,13", "0,0%"}); diff != "" {
			t.Errorf("Lotte (-got +want):\n%s", diff)
		}
		if diff := cmp.Diff(cells(t, team, h.team.ID), []string{"3", "4", "1", "8", "14", "58,5", "1,63", "28,7%"}); diff != "" {
			t.Errorf("the team (-got +want):\n%s", diff)
		}
		// The exact figure, before rounding.
		if occ := team.Rows[0].Cells[7]; occ.Value < 28.717 || occ.Value > 28.718 || occ.Unit != wijkregie.UnitPercent {
			t.Errorf("bezetting %v", occ)
		}

		// Beleid: no professional, the counts withheld and with them the
		// weighted caseload and the bezetting; the capacity shown.
		for _, a := range []wijkregie.Actor{f.actor(wijkregie.RolePolicy), f.actor(wijkregie.RoleInspection)} {
			r = report(a, h.team.ID)
			if slices.ContainsFunc(r.Tables, func(tb wijkregie.Table) bool { return tb.ID == "caseload-per-medewerker" }) {
				t.Errorf("%s reads the capacity per professional", a.Role)
			}
			if diff := cmp.Diff(cells(t, tableOf(t, r, "caseload-per-team"), h.team.ID), []string{"<10", "<10", "<10", "<10", "x", "58,5", "1,63", "x"}); diff != "" {
				t.Errorf("%s's team row (-got +want):\n%s", a.Role, diff)
			}
		}
		// The municipality: every team a row; the total's capacity is
		// unknown while any team's is (one of the demo's teams cleared).
		testdb.ClearCapacities(t, f.s, f.users[wijkregie.RoleTeamLead].MunicipalityID, f.users[wijkregie.RoleTeamLead].TeamID)
		r = report(f.actor(wijkregie.RolePolicy), app.AllTeams)
		all := tableOf(t, r, "caseload-per-team")
		if got := cells(t, all, "totaal"); got[5] != "." || got[7] != "." {
			t.Errorf("the municipality's total: %v", got)
		}
		if got := cells(t, all, h.team.ID); got[5] != "58,5" {
			t.Errorf("the team among the others: %v", got)
		}
	})
}
