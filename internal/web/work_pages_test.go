package web_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// workCases are open cases of the demo professional that the work
// pages use, chosen by what they hold, so that the demo may grow.
type workCases struct {
	fresh   string // without a plan or a Meldcode route, not at level veiligheid
	planned string // with a plan that has an open goal, and no running route
	shared  string // one the demo partner is betrokkene of
	all     []store.CaseSummary
}

func (e *env) workCases(t *testing.T) workCases {
	t.Helper()
	ctx := context.Background()
	pro, partner := e.actor(wijkregie.RoleProfessional), e.actor(wijkregie.RolePartner)
	cs, _, err := e.svc.Cases(ctx, pro, store.CaseFilter{CoordinatorID: pro.UserID, Open: true})
	if err != nil {
		t.Fatal(err)
	}
	w := workCases{all: cs}
	for _, c := range cs {
		running := false
		switch mv, err := e.svc.Meldcode(ctx, pro, c.ID); {
		case err == nil:
			running = mv.Route.Open()
		case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
			t.Fatal(err)
		}
		pv, err := e.svc.Plan(ctx, pro, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		openGoal := false
		if pv.Plan != nil {
			for _, g := range pv.Plan.Goals {
				openGoal = openGoal || g.Status == wijkregie.GoalOpen
			}
		}
		switch {
		case w.fresh == "" && pv.Plan == nil && !running && c.Level != wijkregie.LevelSafety:
			w.fresh = c.ID
		case w.planned == "" && openGoal && !running:
			w.planned = c.ID
		}
		if _, err := e.svc.Case(ctx, partner, c.ID); err == nil && w.shared == "" {
			w.shared = c.ID
		}
	}
	if w.fresh == "" || w.planned == "" || w.shared == "" {
		t.Fatalf("the demo professional's cases lack one the work tests need: %+v", w)
	}
	return w
}

// toSafety scales a case up to veiligheid, which starts its Meldcode
// route at step 1.
func (e *env) toSafety(t *testing.T, id string) {
	t.Helper()
	n, _ := strconv.Atoi(e.caseVersion(t, id))
	if _, err := e.svc.ScaleCase(context.Background(), e.actor(wijkregie.RoleProfessional), id, n, wijkregie.LevelSafety,
		"De politie meldt huiselijk geweld."); err != nil {
		t.Fatalf("scaling %s up: %v", id, err)
	}
}

// amsterdam is the time zone of the users' dates.
var amsterdam = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return l
}()

// day is today plus n days in Dutch civil time, as a date input holds it.
func day(n int) string { return time.Now().In(amsterdam).AddDate(0, 0, n).Format(time.DateOnly) }

// dueOn is the due moment of a term that runs out on the day today+n.
func dueOn(n int) time.Time {
	d, _ := wijkregie.ParseDate(day(n))
	return wijkregie.EndOfDay(d)
}

// newTask stores an open task of the user on a case, as the plan and the
// Meldcode route make them, and returns it.
func (e *env) newTask(t *testing.T, role wijkregie.Role, caseID string, kind wijkregie.TaskKind, due time.Time, legal bool) *wijkregie.Task {
	t.Helper()
	u := e.users[role]
	task := &wijkregie.Task{MunicipalityID: u.MunicipalityID, Kind: kind, CaseID: caseID, TeamID: u.TeamID, UserID: u.ID, Due: due, Legal: legal}
	if err := e.store.Tx(context.Background(), func(q *store.Q) error { return q.CreateTask(context.Background(), task) }); err != nil {
		t.Fatalf("task %s on %s: %v", kind, caseID, err)
	}
	return task
}

// caseVersion is the current version of a case, as its forms post it.
func (e *env) caseVersion(t *testing.T, id string) string {
	t.Helper()
	cv, err := e.svc.Case(context.Background(), e.actor(wijkregie.RoleProfessional), id)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(cv.Case.Version)
}

// routeVersion is the current version of a case's Meldcode route.
func (e *env) routeVersion(t *testing.T, id string) string {
	t.Helper()
	mv, err := e.svc.Meldcode(context.Background(), e.actor(wijkregie.RoleProfessional), id)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(mv.Route.Version)
}

// fieldError returns the message beside a field: the error text the
// page shows for it, or "".
func fieldError(body, id string) string {
	if len(elements(body, "", "id", id+"-fout")) != 1 {
		return ""
	}
	return text(inner(body, elements(body, "", "id", id+"-fout")[0]))
}

// wantFieldError checks the message beside a field, as a screen reader
// reads it.
func wantFieldError(t *testing.T, e *env, body, id, key string) {
	t.Helper()
	if got, want := fieldError(body, id), e.t("formulier.fout")+" "+e.t(key); got != want {
		t.Errorf("message beside %s = %q; want %q", id, got, want)
	}
}

// TestWorkPagesByRole visits the work pages as every demo role: the roles
// that may see them get the page with what every page has; the others a
// refusal.
func TestWorkPagesByRole(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	wc := e.workCases(t)
	e.toSafety(t, wc.fresh)
	task := e.newTask(t, wijkregie.RoleProfessional, wc.fresh, wijkregie.TaskEvaluation, dueOn(3), false)
	const (
		pro     = wijkregie.RoleProfessional
		lead    = wijkregie.RoleTeamLead
		partner = wijkregie.RolePartner
	)
	pages := []struct {
		path string
		ok   []wijkregie.Role
		nav  string
	}{
		{"/taken", []wijkregie.Role{pro, lead}, ""},
		{"/taken?soort=evaluatie&te-laat=ja", []wijkregie.Role{pro, lead}, ""},
		{"/taken/" + task.ID, []wijkregie.Role{pro, lead}, ""},
		{"/overzicht", []wijkregie.Role{lead}, ""},
		{"/casussen/" + wc.fresh + "/journaal", []wijkregie.Role{pro, lead}, "/casussen"},
		{"/casussen/" + wc.shared + "/journaal", []wijkregie.Role{pro, lead, partner}, "/casussen"},
		{"/casussen/" + wc.fresh + "/meldcode", []wijkregie.Role{pro, lead}, "/casussen"},
		{"/casussen/" + wc.planned + "/afsluiten", []wijkregie.Role{pro, lead}, "/casussen"},
		{"/casussen?zonder=plan&stagnatie=ja&herhaling=ja", []wijkregie.Role{pro, lead, partner}, "/casussen"},
	}
	for _, role := range wijkregie.Roles {
		c := e.as(t, role)
		for _, pg := range pages {
			r := c.get(t, pg.path)
			if !contains(pg.ok, role) {
				if r.status != http.StatusForbidden && r.status != http.StatusNotFound {
					t.Errorf("GET %s as %s = %d; want a refusal", pg.path, role, r.status)
				}
				continue
			}
			if r.status != http.StatusOK {
				t.Errorf("GET %s as %s = %d; want 200", pg.path, role, r.status)
				continue
			}
			checkPage(t, e, pg.path, r)
			if pg.nav != "" {
				cur := elements(r.body, "a", "aria-current", "page")
				if len(cur) != 1 || cur[0].attrs["href"] != pg.nav {
					t.Errorf("GET %s as %s: menu marks %v; want %s", pg.path, role, cur, pg.nav)
				}
			}
		}
		// The home page offers Mijn taken to the team, the overview to
		// its lead.
		home := c.get(t, "/")
		tasks, overview := len(elements(home.body, "a", "href", "/taken")) > 0, len(elements(home.body, "a", "href", "/overzicht")) > 0
		if tasks != (role == pro || role == lead) || overview != (role == lead) {
			t.Errorf("home of %s: Mijn taken %v, Teamoverzicht %v", role, tasks, overview)
		}
	}
}
