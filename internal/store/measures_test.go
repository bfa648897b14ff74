package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestDutchDayAgreesWithGo holds the SQL that counts Dutch calendar days
// against Go's Europe/Amsterdam, every 37 minutes over two years (both
// summer-time changes of each, and the hours around midnight), for both
// kinds of moment column, on both engines.
func TestDutchDayAgreesWithGo(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := t.Context()
		from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		step := 37 * time.Minute
		if testing.Short() {
			step = 7 * time.Hour
		}
		// Around each change, minute by minute too.
		var moments []time.Time
		for m := from; m.Before(to); m = m.Add(step) {
			moments = append(moments, m)
		}
		for _, c := range []time.Time{time.Date(2025, 3, 30, 1, 0, 0, 0, time.UTC), time.Date(2025, 10, 26, 1, 0, 0, 0, time.UTC),
			time.Date(2025, 3, 29, 23, 0, 0, 0, time.UTC), time.Date(2025, 10, 25, 22, 0, 0, 0, time.UTC)} {
			for d := -3 * time.Minute; d <= 3*time.Minute; d += time.Minute {
				moments = append(moments, c.Add(d))
			}
		}
		q := s.R()
		for _, m := range moments {
			l := m.In(ams)
			want := int(time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC).Sub(epoch).Hours() / 24)
			for _, naive := range []bool{false, true} {
				got, err := q.DutchDayForTest(ctx, m, naive)
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Fatalf("Dutch day of %s (naive %v) = %d, want %d", m.Format(time.RFC3339), naive, got, want)
				}
			}
		}
	})
}

// measuresWorld is the fixture the measures are computed from by hand: a
// municipality with team A (postcodes 1011, 1012) and team B (2022), its
// households, cases, assessments, plans, closures, signals, outreaches
// and tasks, each written with known moments (docs/uitkomsten.md,
// "Hoe de tests rekenen").
type measuresWorld struct {
	m, teamA, teamB string
	u1, u2, lead    string
}

// utc is a moment in UTC.
func utc(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
}

func buildMeasuresWorld(t *testing.T, s *store.Store) measuresWorld {
	t.Helper()
	ctx := context.Background()
	const m = "GM0777"
	newMunicipality(t, s, m)
	a := newTeam(t, s, m, "Team A", "1011", "1012")
	b := newTeam(t, s, m, "Team B", "2022")
	u1 := newUser(t, s, m, "u1@a.nl", wijkregie.RoleProfessional, a.ID, "")
	u2 := newUser(t, s, m, "u2@a.nl", wijkregie.RoleProfessional, a.ID, "")
	lead := newUser(t, s, m, "lead@a.nl", wijkregie.RoleTeamLead, a.ID, "")
	ub := newUser(t, s, m, "ub@b.nl", wijkregie.RoleProfessional, b.ID, "")
	o1 := newOrganisation(t, s, m, "GGZ Oost", wijkregie.OrganisationKind("ggz"))
	o2 := newOrganisation(t, s, m, "Woonstad", wijkregie.OrganisationKind("woningcorporatie"))
	partner := newUser(t, s, m, "p@woonstad.nl", wijkregie.RolePartner, "", o2.ID)

	h := map[int]*wijkregie.Household{}
	for i, pc := range map[int]string{1: "1011AA", 2: "1011AB", 3: "1012AA", 4: "1012AB", 5: "1011AC", 6: "2022BB", 7: "1011AD"} {
		team := a.ID
		if i == 6 {
			team = b.ID
		}
		h[i] = newHousehold(t, s, m, team, pc, i)
	}
	p := map[int]*wijkregie.Person{}
	for i := 1; i <= 6; i++ {
		p[i] = newPerson(t, s, m, fmt.Sprintf("Meet%d", i), "")
	}

	var stmts []func(q *store.Q) error
	exec := func(query string, args ...any) {
		stmts = append(stmts, func(q *store.Q) error { return testdb.Exec(ctx, q, query, args...) })
	}
	caseRow := func(id string, hh int, team, status, level string, opened, closed time.Time, reason, coord, relapseOf string) {
		var cl, co, rel any
		if !closed.IsZero() {
			cl = closed
		}
		if coord != "" {
			co = coord
		}
		if relapseOf != "" {
			rel = relapseOf
		}
		exec(`INSERT INTO cases (municipality_id, id, household_id, team_id, status, level, domains, opened_at, opened_by, closed_at,
closure_reason, coordinator_id, version, relapse_of) VALUES ($1, $2, $3, $4, $5, $6, 'financien', $7, $8, $9, $10, $11, 1, $12)`,
			m, id, h[hh].ID, team, status, level, opened, lead.ID, cl, reason, co, rel)
	}
	coordinator := func(caseID, user string, from, until time.Time) {
		var un any
		if !until.IsZero() {
			un = until
		}
		exec(`INSERT INTO case_coordinators (municipality_id, case_id, user_id, from_at, until_at, mandate_from, mandate_decide,
mandate_escalate_to, assigned_by) VALUES ($1, $2, $3, $4, $5, $4, 'alles', 'manager', $6)`, m, caseID, user, from, un, lead.ID)
	}
	assessment := func(id, caseID string, day time.Time, instrument string, scores ...any) {
		exec(`INSERT INTO assessments (municipality_id, id, case_id, moment, date, assessor_id, instrument, created_at)
VALUES ($1, $2, $3, 'tussenmeting', $4, $5, $6, $7)`, m, id, caseID, day, u1.ID, instrument, day)
		for i := 0; i < len(scores); i += 3 {
			exec(`INSERT INTO assessment_scores (municipality_id, assessment_id, person_id, domain, level, rationale)
VALUES ($1, $2, $3, $4, $5, 'reden')`, m, id, scores[i], scores[i+1], scores[i+2])
		}
	}
	plan := func(id, caseID, status string, created time.Time, agreed ...string) {
		exec(`INSERT INTO plans (municipality_id, id, case_id, status, variant, version, created_at, updated_at)
VALUES ($1, $2, $3, $4, 'licht', $5, $6, $6)`, m, id, caseID, status, max(1, len(agreed)), created)
		for i, ag := range agreed {
			doc := `{"variant":"licht"}`
			if ag != "" {
				doc = `{"variant":"licht","agreed_on":"` + ag + `"}`
			}
			exec(`INSERT INTO plan_versions (municipality_id, plan_id, version, document, saved_at, saved_by)
VALUES ($1, $2, $3, $4, $5, $6)`, m, id, i+1, doc, created.AddDate(0, 0, i), u1.ID)
		}
	}
	goal := func(planID, caseID, id, domain, owner, status string) {
		exec(`INSERT INTO plan_goals (municipality_id, plan_id, id, case_id, position, domain, owner, status, target_date)
VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8)`, m, planID, id, caseID, domain, owner, status, utc(2025, 6, 1, 0, 0))
	}
	closure := func(caseID, reason, cc, pr, ga string, rating int, closed time.Time) {
		var r any
		if rating != 0 {
			r = rating
		}
		exec(`INSERT INTO case_closures (municipality_id, case_id, reason, can_continue, problems_reduced, goals_achieved, rating,
summary, closed_at, closed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, 'klaar', $8, $9)`, m, caseID, reason, cc, pr, ga, r, closed, u1.ID)
	}
	level := func(caseID, id, from, to string, at time.Time) {
		exec(`INSERT INTO case_events (municipality_id, case_id, id, kind, from_value, to_value, at, by_user)
VALUES ($1, $2, $3, 'niveau', $4, $5, $6, $7)`, m, caseID, id, from, to, at, u1.ID)
	}
	signal := func(id string, hh int, team, source, status string, received, deadline time.Time) {
		exec(`INSERT INTO signals (municipality_id, id, kind, household_id, source_kind, domains, description, urgency, received_at,
triage_deadline, status, team_id, created_by, created_at) VALUES ($1, $2, 'hulpvraag', $3, $4, 'financien', 'zorg', 'normaal', $5, $6, $7, $8, $9, $5)`,
			m, id, h[hh].ID, source, received, deadline, status, team, u1.ID)
	}
	triage := func(signalID, decision string, at time.Time) {
		exec(`INSERT INTO triages (municipality_id, signal_id, decision, suggested, decided_by, decided_at)
VALUES ($1, $2, $3, $3, $4, $5)`, m, signalID, decision, u1.ID, at)
	}
	outreach := func(id string, hh int, team string, opened, deadline, firstContact, closed time.Time) {
		var fc, cl any
		status, outcome := "open", ""
		if !firstContact.IsZero() {
			fc = firstContact
		}
		if !closed.IsZero() {
			cl, status, outcome = closed, "afgerond", "geen-hulp-nodig"
		}
		exec(`INSERT INTO outreaches (municipality_id, id, household_id, team_id, status, deadline, opened_at, first_contact_at,
outcome, closed_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)`, m, id, h[hh].ID, team, status, deadline, opened, fc, outcome, cl)
	}
	task := func(id, kind, caseID, signalID, team, user string, due time.Time, done bool) {
		var c, sg, tm, us, dn any
		if caseID != "" {
			c = caseID
		}
		if signalID != "" {
			sg = signalID
		}
		if team != "" {
			tm = team
		}
		if user != "" {
			us = user
		}
		if done {
			dn = due
		}
		exec(`INSERT INTO tasks (municipality_id, id, kind, case_id, signal_id, team_id, user_id, due_at, created_at, done_at, version)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, 1)`, m, id, kind, c, sg, tm, us, due, dn)
	}
	const zrm = wijkregie.DomainsVersion

	// C1: closed in 2025 (doelen bereikt), three assessments, a plan
	// first agreed on 3 March, three goals, a rating of 8, scaled up and
	// down.
	caseRow("c1", 1, a.ID, "afgesloten", "licht", utc(2025, 2, 3, 10, 0), utc(2025, 6, 10, 12, 0), "doelen-bereikt", "", "")
	coordinator("c1", u1.ID, utc(2025, 2, 4, 9, 0), utc(2025, 6, 10, 12, 0))
	assessment("a1", "c1", utc(2025, 2, 5, 0, 0), zrm, p[1].ID, "financien", 2, p[1].ID, "huisvesting", 3, p[2].ID, "financien", 1)
	assessment("a2", "c1", utc(2025, 4, 1, 0, 0), zrm, p[1].ID, "financien", 3)
	assessment("a3", "c1", utc(2025, 6, 9, 0, 0), zrm, p[1].ID, "financien", 4, p[1].ID, "huisvesting", 3, p[2].ID, "financien", 1)
	// An assessment of the older matrix does not compare.
	assessment("a0", "c1", utc(2025, 6, 9, 0, 0), "zrm-2008", p[1].ID, "justitie", 5)
	plan("pl1", "c1", "afgesloten", utc(2025, 2, 20, 9, 0), "", "2025-03-03", "2025-05-01")
	goal("pl1", "c1", "g1", "financien", "gezin", "bereikt")
	goal("pl1", "c1", "g2", "huisvesting", "professional", "deels-bereikt")
	goal("pl1", "c1", "g3", "financien", "netwerk", "niet-bereikt")
	closure("c1", "doelen-bereikt", "ja", "ja", "deels", 8, utc(2025, 6, 10, 12, 0))
	level("c1", "e1", "licht", "intensief", utc(2025, 3, 1, 10, 0))
	level("c1", "e2", "intensief", "licht", utc(2025, 5, 1, 10, 0))

	// C2: closed in 2025 (afgeschaald), one score down, a plan never
	// agreed, a goal reached and one left open, no rating.
	caseRow("c2", 2, a.ID, "afgesloten", "intensief", utc(2025, 3, 10, 9, 0), utc(2025, 11, 20, 9, 0), "afgeschaald", "", "")
	assessment("a4", "c2", utc(2025, 3, 12, 0, 0), zrm, p[3].ID, "werk-opleiding", 2)
	assessment("a5", "c2", utc(2025, 11, 19, 0, 0), zrm, p[3].ID, "werk-opleiding", 1)
	plan("pl2", "c2", "afgesloten", utc(2025, 3, 20, 9, 0), "")
	goal("pl2", "c2", "g4", "werk-opleiding", "gezin", "bereikt")
	goal("pl2", "c2", "g5", "werk-opleiding", "gezin", "open")
	closure("c2", "afgeschaald", "nee", "deels", "nee", 0, utc(2025, 11, 20, 9, 0))

	// C3 closed in 2024 and C4 its relapse in 2025 (open, veiligheid,
	// two organisations); C5 closed in 2024 without a new case.
	caseRow("c3", 3, a.ID, "afgesloten", "licht", utc(2024, 3, 1, 9, 0), utc(2024, 5, 15, 9, 0), "hulp-geweigerd", "", "")
	caseRow("c4", 3, a.ID, "uitvoering", "veiligheid", utc(2025, 1, 20, 9, 0), time.Time{}, "", u1.ID, "c3")
	coordinator("c4", u1.ID, utc(2025, 1, 21, 9, 0), time.Time{})
	plan("pl4", "c4", "actief", utc(2025, 2, 1, 9, 0), "2025-02-10")
	level("c4", "e3", "licht", "veiligheid", utc(2025, 7, 1, 10, 0))
	exec(`INSERT INTO case_parties (municipality_id, case_id, id, user_id, organisation_id, role, from_at, added_by)
VALUES ($1, 'c4', 'cp1', NULL, $2, 'hulpverlener', $3, $4), ($1, 'c4', 'cp2', $5, NULL, 'hulpverlener', $3, $4),
       ($1, 'c4', 'cp3', NULL, $2, 'adviseur', $3, $4)`, m, o1.ID, utc(2025, 2, 1, 9, 0), u1.ID, partner.ID)
	caseRow("c5", 4, a.ID, "afgesloten", "licht", utc(2024, 6, 1, 9, 0), utc(2024, 8, 1, 9, 0), "anders", "", "")

	// C6 waits for a regisseur; C8 has one and no plan; C7 is team B's.
	caseRow("c6", 5, a.ID, "aangemeld", "licht", utc(2025, 12, 1, 10, 0), time.Time{}, "", "", "")
	caseRow("c8", 7, a.ID, "intake", "licht", utc(2025, 6, 1, 9, 0), time.Time{}, "", u2.ID, "")
	coordinator("c8", u2.ID, utc(2025, 6, 2, 9, 0), time.Time{})
	caseRow("c7", 6, b.ID, "afgesloten", "licht", utc(2025, 4, 1, 9, 0), utc(2025, 9, 1, 9, 0), "verhuisd", "", "")
	assessment("a7", "c7", utc(2025, 4, 2, 0, 0), zrm, p[6].ID, "financien", 3)
	assessment("a8", "c7", utc(2025, 8, 30, 0, 0), zrm, p[6].ID, "financien", 5)
	closure("c7", "verhuisd", "ja", "ja", "ja", 6, utc(2025, 9, 1, 9, 0))

	// Signals: two days in winter (23:30 Dutch time is still 5 March),
	// none in summer (00:30 Dutch time on 1 July is already 1 July), one
	// waiting past its deadline, and team B's.
	signal("s1", 1, a.ID, "zelf", "casus", utc(2025, 2, 1, 9, 0), utc(2025, 2, 7, 16, 0))
	triage("s1", "meervoudig", utc(2025, 2, 3, 10, 0))
	signal("s2", 2, a.ID, "huisarts", "enkelvoudig", utc(2025, 3, 5, 22, 30), utc(2025, 3, 6, 16, 0))
	triage("s2", "enkelvoudig", utc(2025, 3, 7, 8, 0))
	signal("s3", 3, a.ID, "huisarts", "geen-actie", utc(2025, 6, 30, 22, 30), utc(2025, 7, 7, 16, 0))
	triage("s3", "geen-actie", utc(2025, 7, 1, 7, 0))
	signal("s4", 4, a.ID, "school", "nieuw", utc(2025, 12, 20, 10, 0), utc(2025, 12, 29, 16, 0))
	signal("s5", 6, b.ID, "zelf", "nieuw", utc(2025, 5, 1, 10, 0), utc(2025, 5, 8, 16, 0))
	// Received in 2024: outside the period.
	signal("s6", 1, a.ID, "politie", "geen-actie", utc(2024, 12, 31, 22, 30), utc(2025, 1, 7, 16, 0))

	// Outreaches: first contact after 2 days (in term), after 41 (late),
	// none by a passed deadline; one opened in 2026, due in April.
	outreach("o1", 1, a.ID, utc(2025, 4, 1, 8, 0), utc(2025, 4, 29, 16, 0), utc(2025, 4, 3, 0, 0), utc(2025, 4, 10, 9, 0))
	outreach("o2", 2, a.ID, utc(2025, 5, 10, 8, 0), utc(2025, 6, 7, 16, 0), utc(2025, 6, 20, 0, 0), time.Time{})
	outreach("o3", 3, a.ID, utc(2025, 12, 15, 8, 0), utc(2026, 1, 12, 16, 0), time.Time{}, time.Time{})
	outreach("o4", 4, a.ID, utc(2026, 3, 10, 8, 0), utc(2026, 4, 7, 16, 0), time.Time{}, time.Time{})

	// Tasks due in the coming weeks (the clock reads 14 March 2026).
	task("t1", "evaluatie", "c4", "", "", u1.ID, utc(2026, 3, 20, 10, 0), false)
	task("t2", "triage", "", "s4", a.ID, "", utc(2026, 3, 16, 16, 0), false)
	task("t3", "evaluatie", "c8", "", a.ID, u2.ID, utc(2026, 3, 17, 16, 0), true)
	task("t4", "evaluatie", "c7", "", b.ID, ub.ID, utc(2026, 3, 18, 16, 0), false)

	// Ratings family members gave in Mijn Plan after a closure: two of
	// C1's in 2025, one of C2's in 2026, one of team B's C7 in 2025.
	rating := func(caseID string, person, mark int, cc, ga string, youthSerious, wmoQuality int, at time.Time) {
		exec(`INSERT INTO mijnplan_ratings (municipality_id, case_id, person_id, rating, can_continue, goals_achieved,
youth_taken_seriously, wmo_quality_good, rated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			m, caseID, p[person].ID, mark, cc, ga, youthSerious, wmoQuality, at)
	}
	rating("c1", 1, 8, "", "ja", 5, 2, utc(2025, 6, 20, 10, 0))
	rating("c1", 2, 6, "nee", "", 0, 3, utc(2025, 7, 1, 10, 0))
	rating("c2", 3, 9, "ja", "ja", 4, 4, utc(2026, 1, 5, 10, 0))
	rating("c7", 6, 4, "", "", 1, 1, utc(2025, 9, 10, 10, 0))

	mustTx(t, s, func(q *store.Q) error {
		for _, st := range stmts {
			if err := st(q); err != nil {
				return err
			}
		}
		return nil
	})
	return measuresWorld{m: m, teamA: a.ID, teamB: b.ID, u1: u1.ID, u2: u2.ID, lead: lead.ID}
}

// year2025 is 2025 in Dutch time, as the app turns the days van–tot into
// instants.
func year2025(team, postcode string) store.MeasureFilter {
	ams, _ := time.LoadLocation("Europe/Amsterdam")
	return store.MeasureFilter{From: time.Date(2025, 1, 1, 0, 0, 0, 0, ams).UTC(), To: time.Date(2026, 1, 1, 0, 0, 0, 0, ams).UTC(),
		TeamID: team, Postcode: postcode}
}

// TestMeasuresByHand computes every measure of the fixture by hand (the
// comments give the sums) and compares, on both engines.
func TestMeasuresByHand(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		w := buildMeasuresWorld(t, s)
		q := s.R()
		a := year2025(w.teamA, "")

		t.Run("zrm", func(t *testing.T) {
			z, err := q.ZRMFigures(ctx, w.m, a)
			if err != nil {
				t.Fatal(err)
			}
			// C1: person 1 financiën 2→4 (+2; the interim 3 is neither
			// first nor last), huisvesting 3→3, person 2 financiën 1→1;
			// C2: werk 2→1. The 2008 matrix's justitie has one score.
			want := []store.ZRMChange{{Domain: "financien", Delta: 0, Scores: 1}, {Domain: "financien", Delta: 2, Scores: 1},
				{Domain: "huisvesting", Delta: 0, Scores: 1}, {Domain: "werk-opleiding", Delta: -1, Scores: 1}}
			if diff := cmp.Diff(want, z.Changes, sortChanges); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(map[string]int{"": 2, "financien": 1, "huisvesting": 1, "werk-opleiding": 1}, z.Families); diff != "" {
				t.Errorf("families (-want +got):\n%s", diff)
			}
			// The municipality adds team B's C7: financiën 3→5.
			z, err = q.ZRMFigures(ctx, w.m, year2025("", ""))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(map[string]int{"": 3, "financien": 2, "huisvesting": 1, "werk-opleiding": 1}, z.Families); diff != "" {
				t.Errorf("municipality's families (-want +got):\n%s", diff)
			}
			// Postcode 1011 holds C1 and C2; 1012 none closed in 2025.
			z, err = q.ZRMFigures(ctx, w.m, year2025(w.teamA, "1012"))
			if err != nil {
				t.Fatal(err)
			}
			if len(z.Changes) != 0 || z.Families[""] != 0 {
				t.Errorf("postcode 1012: %+v, want nothing", z)
			}
		})

		t.Run("goals", func(t *testing.T) {
			g, err := q.GoalFigures(ctx, w.m, a)
			if err != nil {
				t.Fatal(err)
			}
			// The open goal g5 has no outcome.
			want := []store.GoalCount{{"financien", "gezin", "bereikt", 1}, {"financien", "netwerk", "niet-bereikt", 1},
				{"huisvesting", "professional", "deels-bereikt", 1}, {"werk-opleiding", "gezin", "bereikt", 1}}
			if diff := cmp.Diff(want, g.Counts, cmpopts.SortSlices(func(x, y store.GoalCount) bool { return x.Domain+string(x.Owner) < y.Domain+string(y.Owner) })); diff != "" {
				t.Errorf("goals (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(map[string]int{"": 2, "financien": 1, "huisvesting": 1, "werk-opleiding": 1}, g.FamiliesByDomain); diff != "" {
				t.Errorf("families by domain (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(map[string]int{"": 2, "gezin": 2, "netwerk": 1, "professional": 1}, g.FamiliesByOwner); diff != "" {
				t.Errorf("families by owner (-want +got):\n%s", diff)
			}
		})

		t.Run("timeliness", func(t *testing.T) {
			ts, err := q.Timings(ctx, w.m, a)
			if err != nil {
				t.Fatal(err)
			}
			want := []store.Timing{
				// s1 2 days (in term), s2 2 (late), s3 0 (in term); s4
				// untriaged past its deadline: judged, late. Median 2.
				{Measure: store.TimeTriage, Measured: 3, SumDays: 4, Median: 2, Judged: 4, Within: 2},
				// o1 2 days (in term), o2 41 (late), o3 none past its
				// deadline; o4 opened in 2026. Median (2 + 41) / 2.
				{Measure: store.TimeFirstContact, Measured: 2, SumDays: 43, Median: 21.5, Judged: 3, Within: 1},
				// C1 opened 3 Feb, first agreed 3 Mar: 28; C4 20 Jan → 10
				// Feb: 21; C2 never agreed, C6 and C8 no plan. Median 24.5.
				{Measure: store.TimePlan, Measured: 2, SumDays: 49, Median: 24.5},
			}
			if diff := cmp.Diff(want, ts); diff != "" {
				t.Errorf("timings (-want +got):\n%s", diff)
			}
			// The municipality adds team B's s5: judged (its deadline
			// passed), late, not measured.
			ts, err = q.Timings(ctx, w.m, year2025("", ""))
			if err != nil {
				t.Fatal(err)
			}
			if got := ts[0]; got.Measured != 3 || got.Judged != 5 || got.Within != 2 {
				t.Errorf("municipality's triage = %+v, want 3 measured, 5 judged, 2 within", got)
			}
		})

		t.Run("signals by month and by day", func(t *testing.T) {
			// Whole months come from signal_months, the days around them
			// and the signals waiting from signal_facts. 6 March – 1 July
			// (Dutch days): s2 (5 March, 23:30 Dutch) falls before it;
			// April–June are whole; s3 (1 July, 00:30 Dutch) falls in
			// the tail, decided that day within its term; team B's s5
			// (May) waits.
			ams, _ := time.LoadLocation("Europe/Amsterdam")
			period := func(team string, from, to time.Time) store.MeasureFilter {
				return store.MeasureFilter{From: time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, ams).UTC(),
					To: time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, ams).UTC(), TeamID: team}
			}
			split := period(w.teamA, utc(2025, 3, 6, 0, 0), utc(2025, 7, 2, 0, 0))
			sc, err := q.SourceFigures(ctx, w.m, split)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]store.SourceCount{{Source: "huisarts", Decision: "geen-actie", Signals: 1}}, sc); diff != "" {
				t.Errorf("team A, 6 March – 1 July (-want +got):\n%s", diff)
			}
			ts, err := q.Timings(ctx, w.m, split)
			if err != nil {
				t.Fatal(err)
			}
			if got := ts[0]; got.Measured != 1 || got.SumDays != 0 || got.Judged != 1 || got.Within != 1 {
				t.Errorf("team A's triage, 6 March – 1 July: %+v, want s3 alone, the same day, within", got)
			}
			split.TeamID = ""
			sc, err = q.SourceFigures(ctx, w.m, split)
			if err != nil {
				t.Fatal(err)
			}
			want := []store.SourceCount{{Source: "huisarts", Decision: "geen-actie", Signals: 1}, {Source: "zelf", Decision: "", Signals: 1}}
			if diff := cmp.Diff(want, sc, cmpopts.SortSlices(func(x, y store.SourceCount) bool { return x.Source < y.Source })); diff != "" {
				t.Errorf("the municipality, 6 March – 1 July (-want +got):\n%s", diff)
			}
			// February – June, whole months only: s1 (2 days, within)
			// and s2 (2 days, late).
			ts, err = q.Timings(ctx, w.m, period(w.teamA, utc(2025, 2, 1, 0, 0), utc(2025, 7, 1, 0, 0)))
			if err != nil {
				t.Fatal(err)
			}
			if got := ts[0]; got.Measured != 2 || got.SumDays != 4 || got.Median != 2 || got.Judged != 2 || got.Within != 1 {
				t.Errorf("team A's triage, February – June: %+v, want 2 measured, 4 days, median 2, 1 within", got)
			}
		})

		t.Run("one-one-one", func(t *testing.T) {
			// At the end of 2025 C4 (regisseur and plan), C8 (regisseur,
			// no plan) and C6 (none) are open; C4 has two organisations
			// (GGZ Oost twice, Woonstad through its partner's user).
			o, err := q.OneOneOne(ctx, w.m, a.To, a)
			if err != nil {
				t.Fatal(err)
			}
			want := &store.OneOneOne{Both: 1, CoordinatorOnly: 1, NoCoordinator: 1, Organisations: map[int]int{0: 2, 2: 1}}
			if diff := cmp.Diff(want, o); diff != "" {
				t.Errorf("one-one-one (-want +got):\n%s", diff)
			}
			// The municipality's is counted another way (every table read
			// once and joined); team B has no case open then.
			o, err = q.OneOneOne(ctx, w.m, a.To, year2025("", ""))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, o); diff != "" {
				t.Errorf("the municipality's one-one-one (-want +got):\n%s", diff)
			}
			// On 1 March 2025 C1 (regisseur from 4 February, plan from
			// 20 February) and C4 were open, each with both.
			o, err = q.OneOneOne(ctx, w.m, utc(2025, 3, 1, 0, 0), a)
			if err != nil {
				t.Fatal(err)
			}
			want = &store.OneOneOne{Both: 2, Organisations: map[int]int{0: 1, 2: 1}}
			if diff := cmp.Diff(want, o); diff != "" {
				t.Errorf("on 1 March (-want +got):\n%s", diff)
			}
			// On 3 February C1 had just opened: no regisseur yet.
			o, err = q.OneOneOne(ctx, w.m, utc(2025, 2, 3, 12, 0), a)
			if err != nil {
				t.Fatal(err)
			}
			if o.Both != 1 || o.NoCoordinator != 1 {
				t.Errorf("on 3 February: %+v, want C4 with both and C1 without a regisseur", o)
			}
		})

		t.Run("relapse", func(t *testing.T) {
			// 2024: C3 (followed by C4) and C5 closed.
			ams, _ := time.LoadLocation("Europe/Amsterdam")
			f := store.MeasureFilter{From: time.Date(2024, 1, 1, 0, 0, 0, 0, ams), To: time.Date(2025, 1, 1, 0, 0, 0, 0, ams), TeamID: w.teamA}
			closed, relapsed, err := q.Relapses(ctx, w.m, f)
			if err != nil {
				t.Fatal(err)
			}
			if closed != 2 || relapsed != 1 {
				t.Errorf("relapses = %d of %d, want 1 of 2", relapsed, closed)
			}
		})

		t.Run("closures", func(t *testing.T) {
			cf, err := q.ClosureFigures(ctx, w.m, a)
			if err != nil {
				t.Fatal(err)
			}
			want := &store.ClosureFigures{
				Reasons: map[string]int{"doelen-bereikt": 1, "afgeschaald": 1},
				Answers: map[string]map[wijkregie.Answer3]int{"kanZonderHulp": {"ja": 1, "nee": 1}, "problemenVerminderd": {"ja": 1, "deels": 1},
					"doelenBereikt": {"deels": 1, "nee": 1}},
				Ratings: map[string]int{"8": 1, "": 1},
			}
			if diff := cmp.Diff(want, cf); diff != "" {
				t.Errorf("closures (-want +got):\n%s", diff)
			}
		})

		t.Run("resident ratings", func(t *testing.T) {
			r, err := q.ResidentRatings(ctx, w.m, a)
			if err != nil {
				t.Fatal(err)
			}
			// C1's two members: marks 8 and 6 (sum 14, one family);
			// C2's rating falls in 2026. Unanswered questions (0, '')
			// count nowhere.
			want := &store.ResidentRatings{Marks: [10]int{5: 1, 7: 1}, Families: 1, MarkSum: 14,
				Agreement: map[string][3]int{}, Outcomes: map[string]map[wijkregie.Answer3]int{}}
			for _, rq := range wijkregie.RatingQuestions {
				want.Agreement[rq.Column] = [3]int{}
			}
			want.Agreement["youth_taken_seriously"] = [3]int{0, 0, 1}
			want.Agreement["wmo_quality_good"] = [3]int{1, 1, 0}
			for _, o := range []string{"kanZonderHulp", "problemenVerminderd", "doelenBereikt"} {
				want.Outcomes[o] = map[wijkregie.Answer3]int{"ja": 0, "deels": 0, "nee": 0}
			}
			want.Outcomes["kanZonderHulp"]["nee"] = 1
			want.Outcomes["doelenBereikt"]["ja"] = 1
			if diff := cmp.Diff(want, r); diff != "" {
				t.Errorf("team A's ratings of 2025 (-want +got):\n%s", diff)
			}
			// The municipality adds team B's 4; postcode 1012 has none.
			r, err = q.ResidentRatings(ctx, w.m, year2025("", ""))
			if err != nil {
				t.Fatal(err)
			}
			if r.Families != 2 || r.MarkSum != 18 || r.Marks[3] != 1 || r.Agreement["wmo_quality_good"] != [3]int{2, 1, 0} {
				t.Errorf("municipality's ratings = %+v, want two families, sum 18, one 4, wmo quality 2/1/0", r)
			}
			r, err = q.ResidentRatings(ctx, w.m, year2025(w.teamA, "1012"))
			if err != nil {
				t.Fatal(err)
			}
			if r.Families != 0 || r.MarkSum != 0 {
				t.Errorf("postcode 1012: %+v, want nothing", r)
			}
		})

		t.Run("levels", func(t *testing.T) {
			l, err := q.LevelChanges(ctx, w.m, a)
			if err != nil {
				t.Fatal(err)
			}
			want := []store.LevelChange{{"intensief", "licht", 1}, {"licht", "intensief", 1}, {"licht", "veiligheid", 1}}
			if diff := cmp.Diff(want, l, cmpopts.SortSlices(func(x, y store.LevelChange) bool { return x.From+x.To < y.From+y.To })); diff != "" {
				t.Errorf("level changes (-want +got):\n%s", diff)
			}
		})

		t.Run("sources", func(t *testing.T) {
			sc, err := q.SourceFigures(ctx, w.m, a)
			if err != nil {
				t.Fatal(err)
			}
			// s6 came in on 31 December 2024 at 23:30 Dutch time: 2024.
			want := []store.SourceCount{{"huisarts", "enkelvoudig", 1}, {"huisarts", "geen-actie", 1}, {"school", "", 1}, {"zelf", "meervoudig", 1}}
			if diff := cmp.Diff(want, sc, cmpopts.SortSlices(func(x, y store.SourceCount) bool {
				return string(x.Source)+string(x.Decision) < string(y.Source)+string(y.Decision)
			})); diff != "" {
				t.Errorf("sources (-want +got):\n%s", diff)
			}
		})

		t.Run("workload", func(t *testing.T) {
			c.Set(utc(2026, 3, 14, 9, 0))
			loads, err := q.LevelLoads(ctx, w.m, w.teamA, true)
			if err != nil {
				t.Fatal(err)
			}
			// Open: C4 veiligheid (u1), C6 licht (none), C8 licht (u2).
			want := []store.LevelLoad{
				{TeamID: w.teamA, Level: "licht", Cases: 2}, {TeamID: w.teamA, Level: "veiligheid", Cases: 1},
				{TeamID: w.teamA, UserID: w.u1, Name: "u1", Level: "veiligheid", Cases: 1},
				{TeamID: w.teamA, UserID: w.u2, Name: "u2", Level: "licht", Cases: 1},
				{TeamID: w.teamA, UserID: w.lead, Name: "lead", Level: "", Cases: 0},
			}
			if diff := cmp.Diff(want, loads, cmpopts.SortSlices(func(x, y store.LevelLoad) bool {
				return x.UserID+string(x.Level) < y.UserID+string(y.Level)
			})); diff != "" {
				t.Errorf("caseloads (-want +got):\n%s", diff)
			}
			bl, err := q.Backlogs(ctx, w.m, "")
			if err != nil {
				t.Fatal(err)
			}
			// C6 waits since 1 December 2025: 103 days on 14 March 2026.
			// Triage: s4 (late); team B's s5 (late). Outreach: o2, o3
			// late, o4 due.
			wantBl := []store.Backlog{
				{TeamID: w.teamA, Waiting: 1, WaitDaysSum: 103, WaitDaysMedian: 103, WaitDaysMax: 103, Triage: 1, TriageLate: 1, Outreach: 3, OutreachLate: 2},
				{TeamID: w.teamB, Triage: 1, TriageLate: 1},
			}
			if diff := cmp.Diff(wantBl, bl, cmpopts.SortSlices(func(x, y store.Backlog) bool { return x.TeamID < y.TeamID })); diff != "" {
				t.Errorf("backlogs (-want +got):\n%s", diff)
			}
			now := c.Now()
			dl, err := q.Deadlines(ctx, w.m, w.teamA, now, now.AddDate(0, 0, 28))
			if err != nil {
				t.Fatal(err)
			}
			// Week 0 (14–20 March): t2 on the 16th, t1 (u1's, held, of team
			// A through u1) on the 20th; t3 is done. Week 3 (4–10 April):
			// o4 on the 7th.
			wantDl := []store.DeadlineCount{{w.teamA, 0, "evaluatie", 1}, {w.teamA, 0, "triage", 1}, {w.teamA, 3, "vroegsignaal", 1}}
			if diff := cmp.Diff(wantDl, dl, cmpopts.SortSlices(func(x, y store.DeadlineCount) bool { return fmt.Sprint(x.Week, x.Kind) < fmt.Sprint(y.Week, y.Kind) })); diff != "" {
				t.Errorf("deadlines (-want +got):\n%s", diff)
			}
		})
	})
}

var sortChanges = cmpopts.SortSlices(func(x, y store.ZRMChange) bool {
	return x.Domain < y.Domain || x.Domain == y.Domain && x.Delta < y.Delta
})

// TestSignalFactsFollowTheirSignal holds migration 0028's triggers to the
// signal they describe, on both engines: a signal received at 23:30 UTC
// on 10 June counts on the Dutch 11 June; its triage the next Dutch day
// is one day, within its term; a signal moved to another team counts
// there; a triage taken back leaves it untriaged; a deleted signal counts
// nowhere.
func TestSignalFactsFollowTheirSignal(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		other := newTeam(t, s, ct.m, "Team Oost", "2022")
		sig := newTeamSignal(t, s, ct.m, ct.household, ct.team, ct.pro.ID, utc(2025, 6, 10, 23, 30), wijkregie.SignalNew)
		ams, _ := time.LoadLocation("Europe/Amsterdam")
		june11 := func(team string) store.MeasureFilter {
			return store.MeasureFilter{From: time.Date(2025, 6, 11, 0, 0, 0, 0, ams).UTC(), To: time.Date(2025, 6, 12, 0, 0, 0, 0, ams).UTC(), TeamID: team}
		}
		june := func(team string) store.MeasureFilter {
			return store.MeasureFilter{From: time.Date(2025, 6, 1, 0, 0, 0, 0, ams).UTC(), To: time.Date(2025, 7, 1, 0, 0, 0, 0, ams).UTC(), TeamID: team}
		}
		// The day is read from signal_facts, the whole month from
		// signal_months: each step must show the same in both.
		sources := func(team string) []store.SourceCount {
			t.Helper()
			sc, err := s.R().SourceFigures(ctx, ct.m, june11(team))
			if err != nil {
				t.Fatal(err)
			}
			month, err := s.R().SourceFigures(ctx, ct.m, june(team))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(sc, month); diff != "" {
				t.Errorf("11 June and the whole of June differ (-day +month):\n%s", diff)
			}
			return sc
		}
		if got := sources(ct.team); len(got) != 1 || got[0].Signals != 1 || got[0].Decision != "" {
			t.Fatalf("before triage: %+v, want one untriaged signal on 11 June", got)
		}
		c.Set(utc(2025, 6, 12, 8, 0))
		mustTx(t, s, func(q *store.Q) error {
			return q.CreateTriage(ctx, &wijkregie.Triage{MunicipalityID: ct.m, SignalID: sig.ID, Decision: wijkregie.DecisionNone,
				Reason: "Geen zorgen.", Suggested: wijkregie.DecisionNone, DecidedBy: ct.pro.ID})
		})
		ts, err := s.R().Timings(ctx, ct.m, june11(ct.team))
		if err != nil {
			t.Fatal(err)
		}
		if got := ts[0]; got.Measured != 1 || got.SumDays != 1 || got.Judged != 1 || got.Within != 1 {
			t.Errorf("triage after a day: %+v, want one measured, one day, within its term", got)
		}
		if got := sources(ct.team); len(got) != 1 || got[0].Decision != wijkregie.DecisionNone {
			t.Errorf("after triage: %+v, want decided geen-actie", got)
		}
		mustTx(t, s, func(q *store.Q) error {
			return testdb.Exec(ctx, q, `UPDATE signals SET team_id = $3 WHERE municipality_id = $1 AND id = $2`, ct.m, sig.ID, other.ID)
		})
		if got, moved := sources(ct.team), sources(other.ID); len(got) != 0 || len(moved) != 1 {
			t.Errorf("moved to another team: old %+v, new %+v; want it in the new team only", got, moved)
		}
		mustTx(t, s, func(q *store.Q) error {
			return testdb.Exec(ctx, q, `DELETE FROM triages WHERE municipality_id = $1 AND signal_id = $2`, ct.m, sig.ID)
		})
		if got := sources(other.ID); len(got) != 1 || got[0].Decision != "" {
			t.Errorf("triage taken back: %+v, want untriaged", got)
		}
		mustTx(t, s, func(q *store.Q) error {
			if err := testdb.Exec(ctx, q, `DELETE FROM tasks WHERE municipality_id = $1 AND signal_id = $2`, ct.m, sig.ID); err != nil {
				return err
			}
			return testdb.Exec(ctx, q, `DELETE FROM signals WHERE municipality_id = $1 AND id = $2`, ct.m, sig.ID)
		})
		if got := sources(""); len(got) != 0 {
			t.Errorf("signal deleted: %+v, want nothing", got)
		}
	})
}

// TestZRMChangeCountedAtClosure holds migration 0029's trigger, on both
// engines: a case's ZRM change counts from its closure on, a closure
// taken back takes it along, and an assessment scored after the closure
// does not change what was counted (the change is the one the case
// closed with).
func TestZRMChangeCountedAtClosure(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		w := buildMeasuresWorld(t, s)
		q := s.R()
		year := year2025(w.teamA, "")
		before, err := q.ZRMFigures(ctx, w.m, year)
		if err != nil {
			t.Fatal(err)
		}
		mustTx(t, s, func(q *store.Q) error {
			return testdb.Exec(ctx, q, `DELETE FROM case_closures WHERE municipality_id = $1 AND case_id = 'c2'`, w.m)
		})
		z, err := q.ZRMFigures(ctx, w.m, year)
		if err != nil {
			t.Fatal(err)
		}
		// C2's werk 2→1 goes with its closure.
		if z.Families[""] != before.Families[""]-1 || z.Families["werk-opleiding"] != 0 {
			t.Errorf("closure taken back: families %v, want one fewer and no werk-opleiding (before %v)", z.Families, before.Families)
		}
		mustTx(t, s, func(q *store.Q) error {
			return testdb.Exec(ctx, q, `INSERT INTO case_closures (municipality_id, case_id, reason, can_continue, problems_reduced, goals_achieved,
summary, closed_at, closed_by) VALUES ($1, 'c2', 'afgeschaald', 'ja', 'ja', 'ja', 'klaar', $2, $3)`, w.m, utc(2025, 11, 20, 9, 0), w.u1)
		})
		z, err = q.ZRMFigures(ctx, w.m, year)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(before, z); diff != "" {
			t.Errorf("closed again (-before +now):\n%s", diff)
		}
	})
}
