package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestDrillDownFiltersAgreeWithMeasures: every list filter a dashboard
// figure links to (docs/uitkomsten.md, "Doorklikken") holds, in the
// team lead's scope, exactly the cases, signals, outreaches and tasks the
// measure counted — on the measures' own fixture, on both engines.
func TestDrillDownFiltersAgreeWithMeasures(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		w := buildMeasuresWorld(t, s)
		q := s.R()
		ams, err := time.LoadLocation("Europe/Amsterdam")
		if err != nil {
			t.Fatal(err)
		}
		lead := wijkregie.Actor{MunicipalityID: w.m, UserID: w.lead, Role: wijkregie.RoleTeamLead, TeamID: w.teamA}
		mustTx(t, s, func(q *store.Q) error {
			// The fixture writes its rows by hand; the app keeps a case's
			// has_active_plan with every plan it saves.
			for _, id := range []string{"c4", "c8"} {
				if err := q.RefreshPlanDue(ctx, w.m, id); err != nil {
					return err
				}
			}
			// Every task the app makes has its case's or signal's team;
			// the fixture's t1 has only its holder's.
			return testdb.Exec(ctx, q, `UPDATE tasks SET team_id = $2 WHERE municipality_id = $1 AND id = 't1'`, w.m, w.teamA)
		})
		c.Set(utc(2026, 3, 14, 9, 0))
		now := c.Now()
		cases := func(f store.CaseFilter) int {
			t.Helper()
			f.Page = store.Page{Limit: store.MaxLimit}
			rows, total, err := q.Cases(ctx, w.m, policy.Scope(lead), f)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != total {
				t.Fatalf("%+v: %d rows, total %d", f, len(rows), total)
			}
			return total
		}
		check := func(what string, list, measure int) {
			t.Helper()
			if list != measure {
				t.Errorf("%s: the list holds %d, the measure counts %d", what, list, measure)
			}
		}
		n := func(k int) *int { return &k }

		t.Run("one-one-one", func(t *testing.T) {
			for _, pc := range []string{"", "1011", "1012"} {
				o, err := q.OneOneOne(ctx, w.m, now, store.MeasureFilter{TeamID: w.teamA, Postcode: pc})
				if err != nil {
					t.Fatal(err)
				}
				base := store.CaseFilter{TeamID: w.teamA, Postcode: pc}
				open := base
				open.Open = true
				check("open "+pc, cases(open), o.Both+o.CoordinatorOnly+o.NoCoordinator)
				withPlan := base
				withPlan.WithPlan = true
				check("with regisseur and plan "+pc, cases(withPlan), o.Both)
				noPlan := base
				noPlan.WithoutPlan = true
				check("regisseur without plan "+pc, cases(noPlan), o.CoordinatorOnly)
				none := base
				none.WithoutCoordinator = true
				check("without regisseur "+pc, cases(none), o.NoCoordinator)
				for k := 0; k <= store.OrganisationsOrMore; k++ {
					orgs := base
					orgs.Organisations = n(k)
					want := o.Organisations[k]
					if k == store.OrganisationsOrMore {
						want = 0
						for j, m := range o.Organisations {
							if j >= k {
								want += m
							}
						}
					}
					check(fmt.Sprintf("%d organisations %s", k, pc), cases(orgs), want)
				}
			}
			// The fixture's figures, so that the pairs above are not all 0.
			o, _ := q.OneOneOne(ctx, w.m, now, store.MeasureFilter{TeamID: w.teamA})
			if o.Both != 1 || o.CoordinatorOnly != 1 || o.NoCoordinator != 1 || o.Organisations[2] != 1 {
				t.Errorf("the fixture's 1-1-1 now: %+v", o)
			}
		})

		t.Run("caseloads", func(t *testing.T) {
			loads, err := q.LevelLoads(ctx, w.m, w.teamA, true)
			if err != nil {
				t.Fatal(err)
			}
			seen := 0
			for _, l := range loads {
				if l.Level == "" {
					continue
				}
				f := store.CaseFilter{Open: true, Level: l.Level, TeamID: l.TeamID}
				if l.UserID != "" {
					f = store.CaseFilter{Open: true, Level: l.Level, CoordinatorID: l.UserID}
				}
				check(fmt.Sprintf("caseload %s/%s %s", l.TeamID, l.UserID, l.Level), cases(f), l.Cases)
				seen++
			}
			if seen != 4 {
				t.Errorf("%d caseload cells; the fixture has 4", seen)
			}
			// A level with no case: none listed.
			check("intensief", cases(store.CaseFilter{Open: true, Level: wijkregie.LevelIntensive, TeamID: w.teamA}), 0)
		})

		t.Run("closures", func(t *testing.T) {
			from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, ams).UTC(), time.Date(2026, 1, 1, 0, 0, 0, 0, ams).UTC()
			for _, pc := range []string{"", "1011", "1012"} {
				cf, err := q.ClosureFigures(ctx, w.m, store.MeasureFilter{From: from, To: to, TeamID: w.teamA, Postcode: pc})
				if err != nil {
					t.Fatal(err)
				}
				all := 0
				for _, r := range wijkregie.ClosureReasons {
					check("closed for "+r+" "+pc, cases(store.CaseFilter{TeamID: w.teamA, Postcode: pc, ClosedFrom: from, ClosedTo: to, ClosureReason: r}), cf.Reasons[r])
					all += cf.Reasons[r]
				}
				check("closed in 2025 "+pc, cases(store.CaseFilter{TeamID: w.teamA, Postcode: pc, ClosedFrom: from, ClosedTo: to}), all)
			}
			// The relapse measure's year: C3 and C5 closed in 2024.
			back, backTo := time.Date(2024, 1, 1, 0, 0, 0, 0, ams).UTC(), from
			closed, _, err := q.Relapses(ctx, w.m, store.MeasureFilter{From: back, To: backTo, TeamID: w.teamA})
			if err != nil {
				t.Fatal(err)
			}
			check("closed in 2024", cases(store.CaseFilter{TeamID: w.teamA, ClosedFrom: back, ClosedTo: backTo}), closed)
			if closed != 2 {
				t.Errorf("the fixture closed %d cases in 2024; want 2", closed)
			}
			// Open ends: closed since 2025, closed before 2025.
			check("closed since 2025", cases(store.CaseFilter{TeamID: w.teamA, ClosedFrom: from}), 2)
			check("closed before 2025", cases(store.CaseFilter{TeamID: w.teamA, ClosedTo: from}), 2)
		})

		t.Run("sources", func(t *testing.T) {
			signals := func(f store.SignalFilter) int {
				t.Helper()
				f.Page = store.Page{Limit: store.MaxLimit}
				rows, total, err := q.Signals(ctx, w.m, policy.SignalScope(lead), f)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != total {
					t.Fatalf("%+v: %d rows, total %d", f, len(rows), total)
				}
				return total
			}
			outcome := func(d wijkregie.TriageDecision) store.SignalOutcome {
				switch {
				case d == wijkregie.DecisionSimple:
					return store.OutcomeSimple
				case d.OpensCase():
					return store.OutcomeCase
				case d == wijkregie.DecisionNone:
					return store.OutcomeNoAction
				}
				return store.OutcomeUntriaged
			}
			day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, ams).UTC() }
			seen := 0
			// 2025, and from 6 March to 1 July (edge days around whole
			// months), for the team and two postcode areas.
			for _, p := range [][2]time.Time{{day(2025, 1, 1), day(2026, 1, 1)}, {day(2025, 3, 6), day(2025, 7, 2)}} {
				for _, pc := range []string{"", "1011", "1012"} {
					mf := store.MeasureFilter{From: p[0], To: p[1], TeamID: w.teamA, Postcode: pc}
					sc, err := q.SourceFigures(ctx, w.m, mf)
					if err != nil {
						t.Fatal(err)
					}
					want := map[string]int{}
					total := 0
					for _, c := range sc {
						want[string(c.Source)+" "+string(outcome(c.Decision))] += c.Signals
						want[string(c.Source)] += c.Signals
						want[string(outcome(c.Decision))] += c.Signals
						total += c.Signals
					}
					base := store.SignalFilter{TeamID: w.teamA, ReceivedFrom: p[0], ReceivedTo: p[1], Postcode: pc}
					what := fmt.Sprintf("%s–%s %s", p[0].Format(time.DateOnly), p[1].Format(time.DateOnly), pc)
					check("signals "+what, signals(base), total)
					for _, src := range wijkregie.SourceKinds {
						f := base
						f.Source = src
						check(fmt.Sprintf("from %s %s", src, what), signals(f), want[string(src)])
						for _, o := range store.SignalOutcomes {
							f.Outcome = o
							check(fmt.Sprintf("from %s, %s %s", src, o, what), signals(f), want[string(src)+" "+string(o)])
						}
					}
					for _, o := range store.SignalOutcomes {
						f := base
						f.Outcome = o
						check(fmt.Sprintf("%s %s", o, what), signals(f), want[string(o)])
					}
					seen += total
				}
			}
			// The fixture's own figures, so that the pairs are not all 0:
			// s6, at 23:30 on 31 December 2024, is not of 2025.
			if seen == 0 {
				t.Error("the fixture's team A received no signals in the periods")
			}
			check("received on 31 December 2024", signals(store.SignalFilter{TeamID: w.teamA, ReceivedFrom: day(2024, 12, 31), ReceivedTo: day(2025, 1, 1)}), 1)
		})

		t.Run("backlogs", func(t *testing.T) {
			bl, err := q.Backlogs(ctx, w.m, w.teamA)
			if err != nil || len(bl) != 1 {
				t.Fatalf("backlogs %+v, %v", bl, err)
			}
			b := bl[0]
			check("waiting", cases(store.CaseFilter{TeamID: w.teamA, WithoutCoordinator: true}), b.Waiting)
			queue := func(overdue bool) int {
				t.Helper()
				rows, total, err := q.TriageQueue(ctx, w.m, policy.SignalScope(lead), store.QueueFilter{TeamID: w.teamA, OverdueOnly: overdue, Page: store.Page{Limit: store.MaxLimit}})
				if err != nil || len(rows) != total {
					t.Fatalf("triage queue: %d rows, total %d, %v", len(rows), total, err)
				}
				return total
			}
			check("triage", queue(false), b.Triage)
			check("triage late", queue(true), b.TriageLate)
			outreaches := func(tab store.OutreachTab) int {
				t.Helper()
				rows, total, err := q.OutreachList(ctx, w.m, store.OutreachFilter{TeamID: w.teamA, Tab: tab, Page: store.Page{Limit: store.MaxLimit}})
				if err != nil || len(rows) != total {
					t.Fatalf("outreaches: %d rows, total %d, %v", len(rows), total, err)
				}
				return total
			}
			check("outreaches", outreaches(store.OutreachDue)+outreaches(store.OutreachLate), b.Outreach)
			check("outreaches late", outreaches(store.OutreachLate), b.OutreachLate)
			if b.Waiting != 1 || b.TriageLate != 1 || b.OutreachLate != 2 {
				t.Errorf("the fixture's backlog: %+v", b)
			}
		})

		t.Run("deadlines", func(t *testing.T) {
			// As the app asks: from now to the start of the day four weeks on.
			today := wijkregie.Today(now)
			dutch := func(d time.Time) time.Time {
				return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, ams).UTC()
			}
			to := dutch(today.AddDate(0, 0, 28))
			dl, err := q.Deadlines(ctx, w.m, w.teamA, now, to)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, d := range dl {
				got[fmt.Sprint(d.Week, d.Kind)] += d.Due
			}
			total := 0
			for week := range 4 {
				from := dutch(today.AddDate(0, 0, 7*week))
				until := dutch(today.AddDate(0, 0, 7*week+7))
				if from.Before(now) {
					from = now
				}
				for _, k := range wijkregie.TaskKinds {
					rows, n, err := q.Tasks(ctx, w.m, policy.TaskScope(lead), store.TaskFilter{Kind: k, DueFrom: from, DueTo: until, Page: store.Page{Limit: store.MaxLimit}})
					if err != nil || len(rows) != n {
						t.Fatalf("tasks: %d rows, total %d, %v", len(rows), n, err)
					}
					check(fmt.Sprintf("week %d, %s", week, k), n, got[fmt.Sprint(week, k)])
					total += n
				}
				rows, n, err := q.OutreachList(ctx, w.m, store.OutreachFilter{TeamID: w.teamA, Tab: store.OutreachDue, DeadlineFrom: from, DeadlineTo: until,
					Page: store.Page{Limit: store.MaxLimit}})
				if err != nil || len(rows) != n {
					t.Fatalf("outreaches: %d rows, total %d, %v", len(rows), n, err)
				}
				check(fmt.Sprintf("week %d, vroegsignaal", week), n, got[fmt.Sprint(week, "vroegsignaal")])
				total += n
			}
			if total != 3 {
				t.Errorf("%d deadlines listed; the fixture has 3", total)
			}
		})
	})
}

// TestCaseListFilters: each filter of the case list alone, on cases made
// for it — the level, the postcode area, the organisations involved now
// (an ended involvement does not count), and the closures by period and
// reason — on both engines.
func TestCaseListFilters(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		w := buildMeasuresWorld(t, s)
		q := s.R()
		all := wijkregie.HouseholdScope{All: true}
		ids := func(f store.CaseFilter) []string {
			t.Helper()
			f.Page = store.Page{Limit: store.MaxLimit}
			rows, _, err := q.Cases(ctx, w.m, all, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rows {
				out = append(out, r.ID)
			}
			return out
		}
		n := func(k int) *int { return &k }
		c.Set(utc(2026, 3, 14, 9, 0))
		// C4's betrokkenen end one by one: two organisations, then one.
		mustTx(t, s, func(q *store.Q) error {
			return testdb.Exec(ctx, q, `UPDATE case_parties SET until_at = $2 WHERE municipality_id = $1 AND id = 'cp2'`, w.m, utc(2026, 1, 1, 0, 0))
		})
		ams, _ := time.LoadLocation("Europe/Amsterdam")
		for _, tc := range []struct {
			name string
			f    store.CaseFilter
			want []string
		}{
			{"veiligheid", store.CaseFilter{Level: wijkregie.LevelSafety}, []string{"c4"}},
			{"licht, open", store.CaseFilter{Level: wijkregie.LevelLight, Open: true}, []string{"c6", "c8"}},
			{"postcode 1012", store.CaseFilter{Postcode: "1012"}, []string{"c4", "c5", "c3"}},
			{"postcode 2022", store.CaseFilter{Postcode: "2022"}, []string{"c7"}},
			{"one organisation now", store.CaseFilter{Organisations: n(1)}, []string{"c4"}},
			{"none", store.CaseFilter{Organisations: n(0)}, []string{"c6", "c8"}},
			{"five or more", store.CaseFilter{Organisations: n(5)}, nil},
			{"with regisseur and plan", store.CaseFilter{WithPlan: true}, nil}, // the fixture's rows keep no has_active_plan
			{"closed in 2025 for verhuisd", store.CaseFilter{ClosedFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, ams), ClosedTo: time.Date(2026, 1, 1, 0, 0, 0, 0, ams),
				ClosureReason: "verhuisd"}, []string{"c7"}},
			{"closed for anders, any time", store.CaseFilter{ClosureReason: "anders"}, []string{"c5"}},
			// A closed filter asks for closed cases: with Open, none.
			{"open and closed", store.CaseFilter{Open: true, ClosureReason: "anders"}, nil},
		} {
			got := ids(tc.f)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("%s: %v; want %v", tc.name, got, tc.want)
			}
		}
	})
}
