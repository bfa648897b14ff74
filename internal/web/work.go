package web

import (
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/route"
)

// Working the case: the journal, Mijn taken with the terms behind them,
// the Meldcode route, closing a case with its outcome, and the team
// lead's overview whose every number links to the list behind it. The
// pages decide nothing about access: the route's action and internal/app
// do.

// workRoutes are the journal, Mijn taken, Meldcode, closure and team
// overview pages.
func (h *Handler) workRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /casussen/{id}/journaal", Action: policy.ViewCase, Handle: h.journal},
		{Pattern: "POST /casussen/{id}/journaal", Action: policy.WriteNote, Handle: h.addNote},

		{Pattern: "GET /taken", Action: policy.ViewTasks, Handle: h.tasks},
		{Pattern: "GET /taken/{id}", Action: policy.ViewTasks, Handle: h.task},
		{Pattern: "POST /taken/{id}/opschorten", Action: policy.ChangeTask, Handle: h.suspendTask},
		{Pattern: "POST /taken/{id}/hervatten", Action: policy.ChangeTask, Handle: h.resumeTask},
		{Pattern: "POST /taken/{id}/verlengen", Action: policy.ChangeTask, Handle: h.extendTask},
		{Pattern: "POST /taken/{id}/afronden", Action: policy.ChangeTask, Handle: h.completeTask},

		{Pattern: "GET /casussen/{id}/meldcode", Action: policy.ViewCase, Handle: h.meldcode},
		{Pattern: "POST /casussen/{id}/meldcode/stap", Action: policy.WorkMeldcode, Handle: h.meldcodeStep},
		{Pattern: "POST /casussen/{id}/meldcode/vraag", Action: policy.WorkMeldcode, Handle: h.meldcodeAnswer},
		{Pattern: "POST /casussen/{id}/meldcode/consultatie", Action: policy.WorkMeldcode, Handle: h.meldcodeConsultation},
		{Pattern: "POST /casussen/{id}/meldcode/melding", Action: policy.WorkMeldcode, Handle: h.meldcodeReport},
		{Pattern: "POST /casussen/{id}/meldcode/veiligheidsplan", Action: policy.WorkMeldcode, Handle: h.meldcodeSafetyPlan},

		{Pattern: "GET /casussen/{id}/afsluiten", Action: policy.CloseCase, Handle: h.closeForm},
		{Pattern: "POST /casussen/{id}/afsluiten", Action: policy.CloseCase, Handle: h.closeCase},

		{Pattern: "GET /overzicht", Action: policy.ViewTeamOverview, Handle: h.overview},
	}
}

// userNamed names a user from a view's map of users, or says it is
// unknown.
func (h *Handler) userNamed(users map[string]*wijkregie.User, id string) string {
	if u := users[id]; u != nil {
		return u.Name
	}
	if id == "" {
		return ""
	}
	return h.t("leeg.onbekend")
}

// taskKind says in words what a task is for; a Meldcode task names its
// step.
func (h *Handler) taskKind(t *wijkregie.Task) string {
	if t.Kind == wijkregie.TaskMeldcode {
		return h.t("taak.soort.meldcode", "stap", t.Step)
	}
	return h.label("taak.soort.", t.Kind)
}

// parseDay reads a date field; a bad or empty date is the zero time, which
// the domain's validation names.
func parseDay(s string) time.Time {
	d, err := wijkregie.ParseDate(s)
	if err != nil {
		return time.Time{}
	}
	return d
}
