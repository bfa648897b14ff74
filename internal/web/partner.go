package web

import (
	"net/http"
	"strconv"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// A network partner's pages (policy/partner.go): on the case page, what
// it sees of the family and on what basis, and the goals of its
// organisation with a form for its progress; on the home page, its
// families and goals ("Mijn werk als netwerkpartner"). What it may see is
// decided in internal/app; these pages only say so.

// partnerRoutes are the partner's forms.
func (h *Handler) partnerRoutes() []route.Route {
	return []route.Route{
		{Pattern: "POST /casussen/{id}/plan/doelen/{doel}/voortgang", Action: policy.WorkPartnerGoal, Handle: h.updatePartnerGoal},
	}
}

const goalPrefixHead = "doel-"

func goalPrefix(goalID string) string { return goalPrefixHead + goalID + "-" }

var goalFields = []field{{"status", "partner.label.status"}, {"gereed", "partner.label.acties"}}

// partnerSection is the case page's part for a partner; nil for the team.
type partnerSection struct {
	Known       bool   // it sees only that the family is known and who the regisseur is
	Regisseur   string // name
	Contact     string // e-mail
	Sees        []string
	ByGround    bool
	Grounds     []string // its own current grounds, in words
	Goals       []goalRow
	PlanVersion int
}

// goalRow is one goal of the partner's organisation with its form.
type goalRow struct {
	wijkregie.Goal
	DomainText string
	Form       *form
	Options    []option
	Actions    []actionRow
}

// actionRow is one action of a goal, ticked when done.
type actionRow struct {
	wijkregie.Action
	ID   string // the checkbox's element id
	Done bool
}

// partnerSection builds the partner's part of the case page.
func (h *Handler) partnerSection(r *http.Request, cv *app.CaseView, failed *form) *partnerSection {
	if request.Actor(r).Role != wijkregie.RolePartner {
		return nil
	}
	a := cv.Partner
	sec := &partnerSection{Known: a.Known(), ByGround: a.ByGround, PlanVersion: cv.PartnerPlanVersion}
	if cur := cv.Current(); cur != nil {
		if u := cv.Users[cur.UserID]; u != nil {
			sec.Regisseur, sec.Contact = u.Name, u.Email
		}
	}
	sec.Sees = h.partnerSees(a)
	now := h.svc.Now()
	for _, g := range cv.Grounds {
		if g.CurrentAt(now) {
			sec.Grounds = append(sec.Grounds, h.t("partner.toegang.grond", "grondslag", h.label("partner.grondslag.", g.Ground), "toelichting", g.Justification))
		}
	}
	for _, g := range cv.PartnerGoals {
		row := goalRow{Goal: g, DomainText: h.label("domein.", g.Domain)}
		row.Form = newForm(goalPrefix(g.ID), goalFields)
		row.Form.Values.Set("status", string(g.Status))
		for _, act := range g.Actions {
			if act.Status == wijkregie.ActionDone {
				row.Form.Values.Add("gereed", act.ID)
			}
		}
		if failed != nil && failed.Prefix == row.Form.Prefix {
			row.Form = failed
		}
		for _, st := range wijkregie.GoalStatuses {
			row.Options = append(row.Options, option{Value: string(st), Text: h.label("doel.status.", st)})
		}
		for _, act := range g.Actions {
			row.Actions = append(row.Actions, actionRow{Action: act, ID: row.Form.ID("gereed-" + act.ID), Done: row.Form.Checked("gereed", act.ID)})
		}
		sec.Goals = append(sec.Goals, row)
	}
	return sec
}

// partnerSees says in words what the access lets the partner see and do.
func (h *Handler) partnerSees(a policy.PartnerAccess) []string {
	var out []string
	if a.Share {
		out = append(out, h.t("partner.toegang.delen"))
	}
	if a.Consult {
		out = append(out, h.t("partner.toegang.overleg"))
	}
	switch {
	case a.AllPlanDomains:
		out = append(out, h.t("partner.toegang.plan_alle"))
	case len(a.PlanDomains) > 0:
		var ds []string
		for _, d := range a.PlanDomains {
			ds = append(ds, h.label("domein.", d))
		}
		out = append(out, h.t("partner.toegang.plan", "domeinen", strings.Join(ds, ", ")))
	}
	return out
}

// updatePartnerGoal saves the partner's progress on one goal over the plan
// version the page showed. Ticked actions are done; an action that was
// done and is no longer ticked is started again.
func (h *Handler) updatePartnerGoal(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx, actor, id, goalID := r.Context(), request.Actor(r), r.PathValue("id"), r.PathValue("doel")
	f := readForm(r, goalPrefix(goalID), goalFields)
	f.Values["gereed"] = r.PostForm["gereed"]
	n, err := strconv.Atoi(formValue(r, "planversie"))
	if err != nil || n < 1 {
		n = -1
	}
	u := app.GoalUpdate{Status: wijkregie.GoalStatus(f.Value("status")), Actions: map[string]wijkregie.ActionStatus{}}
	for _, a := range r.PostForm["gereed"] {
		u.Actions[a] = wijkregie.ActionDone
	}
	for _, a := range r.PostForm["was-gereed"] {
		if _, still := u.Actions[a]; !still {
			u.Actions[a] = wijkregie.ActionStarted
		}
	}
	_, err = h.svc.UpdatePartnerGoal(ctx, actor, id, goalID, n, u)
	return h.caseChanged(w, r, f, err, "partner.melding.voortgang")
}

// partnerHome is the partner's home page: its families and its goals.
type partnerHome struct {
	Name  string
	Cases []partnerHomeCase
}

// partnerHomeCase is one family on the partner's home page.
type partnerHomeCase struct {
	app.PartnerCase
	Team      string
	Regisseur string
	Contact   string
	Sees      []string
	Known     bool
	Goals     []goalLine
}

// goalLine is a goal on the home page, in words.
type goalLine struct {
	wijkregie.Goal
	DomainText string
}

func (h *Handler) partnerHomePage(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), request.Actor(r)
	work, err := h.svc.PartnerWork(ctx, actor)
	if err != nil {
		return err
	}
	v := partnerHome{}
	if u := request.User(r); u != nil {
		v.Name = u.Name
	}
	teams := map[string]string{}
	for _, pc := range work {
		row := partnerHomeCase{PartnerCase: pc, Known: pc.Access.Known(), Sees: h.partnerSees(pc.Access)}
		if tid := pc.Case.Case.TeamID; tid != "" {
			if _, ok := teams[tid]; !ok {
				teams[tid] = ""
				if t, err := h.svc.Team(ctx, actor, tid); err == nil {
					teams[tid] = t.Name
				} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
					return err
				}
			}
			row.Team = teams[tid]
		}
		if u := pc.Coordinator; u != nil {
			row.Regisseur, row.Contact = u.Name, u.Email
		}
		for _, g := range pc.Goals {
			row.Goals = append(row.Goals, goalLine{Goal: g, DomainText: h.label("domein.", g.Domain)})
		}
		v.Cases = append(v.Cases, row)
	}
	return h.render(w, r, http.StatusOK, "partner-start", newPage(r, "partner.titel.start", "start", v))
}
