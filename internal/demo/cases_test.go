package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// allCases reads every case in scope, page by page.
func allCases(t testing.TB, q *store.Q, scope wijkregie.HouseholdScope, f store.CaseFilter) []store.CaseSummary {
	t.Helper()
	var out []store.CaseSummary
	for {
		f.Page = store.Page{Offset: len(out), Limit: store.MaxLimit}
		page, total, err := q.Cases(context.Background(), demo.MunicipalityID, scope, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if len(page) == 0 || len(out) >= total {
			return out
		}
	}
}

// TestDemoCases: the demo's households and cases follow the model: one
// open case per household with a regisseur, and that case names the same
// regisseur under an explicit mandate; the cases are spread over the
// course and the levels; the documented professional holds a few,
// with an opschaling and a doorzettingsbesluit.
func TestDemoCases(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		load(t, s, 60, 1)
		ctx := context.Background()
		r := s.R()
		cases := allCases(t, r, wijkregie.HouseholdScope{All: true}, store.CaseFilter{})
		byHousehold := map[string][]store.CaseSummary{}
		statuses, levels := map[wijkregie.CaseStatus]int{}, map[wijkregie.CaseLevel]int{}
		organisationParties := 0
		for _, c := range cases {
			byHousehold[c.HouseholdID] = append(byHousehold[c.HouseholdID], c)
			statuses[c.Status]++
			levels[c.Level]++
			as, err := r.Assignments(ctx, demo.MunicipalityID, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			current := len(as) > 0 && as[len(as)-1].Until.IsZero()
			switch {
			case c.Status == wijkregie.CaseClosed:
				if !slices.Contains(wijkregie.ClosureReasons, c.ClosureReason) || c.ClosedAt.IsZero() || current {
					t.Errorf("closed case %s: reason %q, closed at %s, current regisseur %v", c.ID, c.ClosureReason, c.ClosedAt, current)
				}
			case c.Status == wijkregie.CaseRegistered:
				if c.CoordinatorID != "" || current {
					t.Errorf("case %s is aangemeld with regisseur %q", c.ID, c.CoordinatorID)
				}
			default:
				if !current || as[len(as)-1].UserID != c.CoordinatorID {
					t.Fatalf("open case %s names regisseur %s; assignments %+v", c.ID, c.CoordinatorID, as)
				}
				if m := as[len(as)-1].Mandate; m.Decide != wijkregie.DefaultMandate || !strings.Contains(m.EscalateTo, "teamleider") {
					t.Errorf("case %s: mandate %+v; want the standard powers and the team lead to escalate to", c.ID, m)
				}
			}
			if c.Level == wijkregie.LevelSafety {
				if _, err := r.Meldcode(ctx, demo.MunicipalityID, c.ID); err != nil {
					t.Errorf("safety case %s has no Meldcode route: %v", c.ID, err)
				}
			}
			ps, err := r.Parties(ctx, demo.MunicipalityID, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if p.OrganisationID != "" {
					organisationParties++
				}
			}
		}
		for _, st := range wijkregie.CaseStatuses {
			if st != wijkregie.CaseHandedOver && statuses[st] == 0 {
				t.Errorf("no case in status %s (%v)", st, statuses)
			}
		}
		for _, l := range wijkregie.CaseLevels {
			if levels[l] == 0 {
				t.Errorf("no case at level %s (%v)", l, levels)
			}
		}
		if organisationParties == 0 {
			t.Error("no case names a partner organisation among its betrokkenen")
		}

		// A household has a current regisseur exactly when its open case
		// has one, and it is the same person.
		for _, h := range households(t, s, wijkregie.HouseholdScope{All: true}) {
			invs, err := r.Involvements(ctx, demo.MunicipalityID, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			coordinator := ""
			for _, inv := range invs {
				if inv.Kind == wijkregie.InvolvementCoordinator {
					coordinator = inv.UserID
				}
			}
			open := ""
			for _, c := range byHousehold[h.ID] {
				if c.Open() {
					if open != "" {
						t.Errorf("household %s has two open cases", h.ID)
					}
					open = c.CoordinatorID
				}
			}
			if coordinator != open {
				t.Errorf("household %s: regisseur involvement %q, open case's regisseur %q", h.ID, coordinator, open)
			}
		}

		// The documented professional's cases, and their team lead's view.
		users := map[wijkregie.Role]*wijkregie.User{}
		for _, a := range demo.Accounts() {
			u, _, err := r.UserByEmail(ctx, demo.MunicipalityID, a.Email)
			if err != nil {
				t.Fatal(err)
			}
			users[a.Role] = u
		}
		pro, lead := wijkregie.ActorOf(users[wijkregie.RoleProfessional]), wijkregie.ActorOf(users[wijkregie.RoleTeamLead])
		own := allCases(t, r, policy.Scope(pro), store.CaseFilter{CoordinatorID: pro.UserID, Open: true})
		if len(own) < 3 {
			t.Fatalf("the professional is regisseur of %d open cases; want a few", len(own))
		}
		escalations, enforcements := 0, 0
		for _, c := range own {
			es, err := r.Escalations(ctx, demo.MunicipalityID, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			en, err := r.Enforcements(ctx, demo.MunicipalityID, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			escalations += len(es)
			enforcements += len(en)
		}
		if escalations == 0 || enforcements == 0 {
			t.Errorf("the professional's cases hold %d opschalingen and %d doorzettingsbesluiten; want some of each", escalations, enforcements)
		}
		team := allCases(t, r, policy.Scope(lead), store.CaseFilter{TeamID: lead.TeamID})
		for _, c := range own {
			if !slices.ContainsFunc(team, func(x store.CaseSummary) bool { return x.ID == c.ID }) {
				t.Errorf("the team lead does not see the professional's case %s", c.ID)
			}
		}
		waiting := 0
		for _, c := range team {
			if c.Status == wijkregie.CaseRegistered {
				waiting++
			}
		}
		if waiting == 0 {
			t.Error("no case of the team waits for the team lead's regisseur")
		}
	})
}

// TestDemoTriage: the demo holds signals in every triage state, each
// triaged one with its decision, and the professional's team has a queue
// with signals past, at and before their deadline.
func TestDemoTriage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		load(t, s, 60, 1)
		ctx := context.Background()
		r := s.R()
		sigs, _, err := r.Signals(ctx, demo.MunicipalityID, wijkregie.SignalScope{All: true}, store.SignalFilter{Page: store.Page{Limit: store.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		statuses := map[wijkregie.SignalStatus]int{}
		decisions := map[wijkregie.TriageDecision]int{}
		referral := false
		for _, sg := range sigs {
			statuses[sg.Status]++
			if !sg.Status.Triaged() {
				continue
			}
			tr, err := r.Triage(ctx, demo.MunicipalityID, sg.ID)
			if err != nil {
				t.Fatalf("triaged signal %s (%s) has no decision: %v", sg.ID, sg.Status, err)
			}
			decisions[tr.Decision]++
			if err := tr.Validate(); err != nil {
				t.Errorf("triage of %s: %v", sg.ID, err)
			}
			if tr.Suggested == "" || len(tr.SuggestedWhy) == 0 || tr.DecidedBy == "" {
				t.Errorf("triage of %s keeps no suggestion or decider: %+v", sg.ID, tr)
			}
			switch tr.Decision {
			case wijkregie.DecisionSimple:
				if tr.ServiceID != "" {
					sv, err := r.Service(ctx, demo.MunicipalityID, tr.ServiceID)
					referral = err == nil && sv.Active
				}
				if tr.CaseID != "" {
					t.Errorf("enkelvoudig signal %s went into case %s", sg.ID, tr.CaseID)
				}
			case wijkregie.DecisionMultiple, wijkregie.DecisionSafety:
				c, err := r.Case(ctx, demo.MunicipalityID, tr.CaseID)
				if err != nil {
					t.Fatalf("signal %s in case %q: %v", sg.ID, tr.CaseID, err)
				}
				if c.Open() != (sg.Status == wijkregie.SignalInCase) {
					t.Errorf("signal %s is %s in a case that is %s", sg.ID, sg.Status, c.Status)
				}
				if tr.Decision == wijkregie.DecisionSafety && c.Level != wijkregie.LevelSafety {
					t.Errorf("veiligheid signal %s in a case at level %s", sg.ID, c.Level)
				}
			}
		}
		for _, st := range wijkregie.SignalStatuses {
			if statuses[st] == 0 {
				t.Errorf("no signal in status %s (%v)", st, statuses)
			}
		}
		for _, d := range wijkregie.TriageDecisions {
			if decisions[d] == 0 {
				t.Errorf("no signal triaged %s (%v)", d, decisions)
			}
		}
		if !referral {
			t.Error("no signal referred to a service of the sociale kaart")
		}

		pro, _, err := r.UserByEmail(ctx, demo.MunicipalityID, demo.Accounts()[0].Email)
		if err != nil {
			t.Fatal(err)
		}
		actor := wijkregie.ActorOf(pro)
		queue, total, err := r.TriageQueue(ctx, demo.MunicipalityID, policy.SignalScope(actor), store.QueueFilter{TeamID: actor.TeamID})
		if err != nil || total < 4 {
			t.Fatalf("the professional's queue: %d signals, %v; want a few", total, err)
		}
		now := r.Now()
		overdue, today, later := 0, 0, 0
		for _, sg := range queue {
			switch d := sg.TriageDeadline; {
			case d.Before(now):
				overdue++
			case d.Before(now.Add(24 * time.Hour)):
				today++
			default:
				later++
			}
		}
		if overdue == 0 || today+later == 0 {
			t.Errorf("queue: %d overdue, %d due within a day, %d later; want signals past and before their deadline", overdue, today, later)
		}
	})
}

// TestDemoCaseHistory: a demo case has a past that fits how far it has
// come: opened before today (longer ago the further it is), every event
// and assignment in order between its opening and now, and a closed case
// closed after it opened.
func TestDemoCaseHistory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		load(t, s, 60, 1)
		ctx := context.Background()
		r := s.R()
		now := s.Now()
		minAge := map[wijkregie.CaseStatus]time.Duration{
			wijkregie.CaseIntake: 10 * 24 * time.Hour, wijkregie.CasePlan: 50 * 24 * time.Hour,
			wijkregie.CaseExecution: 120 * 24 * time.Hour, wijkregie.CaseScaleDown: 200 * 24 * time.Hour,
		}
		for _, c := range allCases(t, r, wijkregie.HouseholdScope{All: true}, store.CaseFilter{}) {
			if age := now.Sub(c.OpenedAt); age < minAge[c.Status] {
				t.Errorf("case %s in %s opened %s ago; want at least %s", c.ID, c.Status, age, minAge[c.Status])
			}
			if c.Status == wijkregie.CaseClosed && !c.ClosedAt.After(c.OpenedAt) {
				t.Errorf("closed case %s closed %s, opened %s", c.ID, c.ClosedAt, c.OpenedAt)
			}
			evs, err := r.CaseEvents(ctx, demo.MunicipalityID, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			as, err := r.Assignments(ctx, demo.MunicipalityID, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			var ts []time.Time
			for _, e := range evs {
				ts = append(ts, e.At)
			}
			for _, a := range as {
				ts = append(ts, a.From)
			}
			for _, at := range ts {
				if at.Before(c.OpenedAt) || at.After(now) {
					t.Errorf("case %s: a record at %s, outside %s – %s", c.ID, at, c.OpenedAt, now)
				}
			}
		}
	})
}
