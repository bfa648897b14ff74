package api

import (
	"net/http"
	"strconv"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
)

// A network partner's own work (policy/partner.go): /partnerwerk lists the
// families it is involved with, what it may see of each and the plan goals
// assigned to its organisation that it may work on; …/voortgang records
// its progress on one of those goals as a new version of the plan.

// PartnerCasus is one family on a partner's portal.
type PartnerCasus struct {
	Casus      string          `json:"casus"`
	Huishouden string          `json:"huishouden"`
	Adres      Adres           `json:"adres"`
	Team       string          `json:"team"`
	Regisseur  *PartnerContact `json:"regisseur"`
	Toegang    Toegang         `json:"toegang"`
	Doelen     []Doel          `json:"doelen"`
	Planversie *int            `json:"planversie"`
}

// PartnerContact is whom a partner reaches about a family: the regisseur.
type PartnerContact struct {
	ID    string `json:"id"`
	Naam  string `json:"naam"`
	Email string `json:"email"`
}

// Toegang is what a partner may see and do on one family, and whether
// some of it rests on a legal ground rather than consent.
type Toegang struct {
	InformatieDelen bool     `json:"informatieDelen"`
	Overleg         bool     `json:"overleg"`
	PlanDomeinen    []string `json:"planDomeinen"`
	AlleDomeinen    bool     `json:"alleDomeinen"`
	OpGrondslag     bool     `json:"opGrondslag"`
}

// Voortgang is the body of a partner's progress on a goal: the goal's
// status and, by id, the status of its actions. Actions not named keep
// theirs.
type Voortgang struct {
	Status string          `json:"status"`
	Acties []ActieStatusIn `json:"acties"`
}

// ActieStatusIn sets the status of one action of the goal.
type ActieStatusIn struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// PartnerDoel is a goal as a partner updated it, with the plan version
// its update made: the ETag of the next update is that version's tag.
type PartnerDoel struct {
	Doel
	Planversie int `json:"planversie"`
}

// planTag is the entity tag of a plan version as the partner's progress
// compares it. A partner need not be allowed to read the whole plan, so
// its tag cannot be the hash of the plan's representation; every save is
// a new version, so the version number alone tells versions apart.
func planTag(version int) string { return `"plan-v` + strconv.Itoa(version) + `"` }

// planTagVersion reads the version out of an If-Match value; a value that
// names no plan version can match none (412).
func planTagVersion(ifm string) (int, error) {
	s := strings.TrimSpace(ifm)
	if !strings.HasPrefix(s, `"plan-v`) || !strings.HasSuffix(s, `"`) {
		return 0, errStaleIfMatch
	}
	n, err := strconv.Atoi(s[len(`"plan-v`) : len(s)-1])
	if err != nil || n < 1 {
		return 0, errStaleIfMatch
	}
	return n, nil
}

func toegang(a policy.PartnerAccess) Toegang {
	return Toegang{InformatieDelen: a.Share, Overleg: a.Consult, PlanDomeinen: orEmpty(a.PlanDomains), AlleDomeinen: a.AllPlanDomains,
		OpGrondslag: a.ByGround}
}

func partnerCasus(pc *app.PartnerCase) PartnerCasus {
	c := pc.Case
	out := PartnerCasus{Casus: c.Case.ID, Huishouden: c.Case.HouseholdID, Adres: adres(c.Address), Team: c.Case.TeamID,
		Toegang: toegang(pc.Access), Doelen: make([]Doel, len(pc.Goals))}
	if u := pc.Coordinator; u != nil {
		out.Regisseur = &PartnerContact{ID: u.ID, Naam: u.Name, Email: u.Email}
	}
	for i := range pc.Goals {
		out.Doelen[i] = doel(&pc.Goals[i])
	}
	if len(pc.Goals) > 0 {
		v := pc.PlanVersion
		out.Planversie = &v
	}
	return out
}

// doel is one goal as the plan shows it.
func doel(g *wijkregie.Goal) Doel {
	d := Doel{ID: g.ID, Domein: g.Domain, Omschrijving: g.Description, GoedGenoeg: g.SuccessCriterion, Streefdatum: day(g.TargetDate),
		Eigenaar: string(g.Owner), Organisatie: orNil(g.OrganisationID), Status: string(g.Status), Acties: make([]Actie, len(g.Actions))}
	for j, a := range g.Actions {
		d.Acties[j] = Actie{ID: a.ID, Wat: a.What, Wie: a.Who, Start: day(a.Start), Wanneer: day(a.Due), Status: string(a.Status)}
	}
	return d
}

// partnerWork is the partner's portal.
func (h *Handler) partnerWork(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	work, err := h.svc.PartnerWork(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	all := make([]PartnerCasus, len(work))
	for i := range work {
		all[i] = partnerCasus(&work[i])
	}
	return writeList(w, r, pageOf(all, p), p, len(all))
}

// updateGoalProgress records a partner's progress on a goal over the plan
// version If-Match names. A goal the partner may not work on is 404, as
// if it did not exist; a plan saved meanwhile is 412.
func (h *Handler) updateGoalProgress(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in Voortgang
	if err := decode(w, r, &in); err != nil {
		return err
	}
	u := app.GoalUpdate{Status: wijkregie.GoalStatus(in.Status), Actions: map[string]wijkregie.ActionStatus{}}
	var v wijkregie.Invalid
	for _, a := range in.Acties {
		if _, twice := u.Actions[a.ID]; twice {
			v.Field("acties", "veld.keuze")
			break
		}
		u.Actions[a.ID] = wijkregie.ActionStatus(a.Status)
	}
	if err := v.Err(); err != nil {
		return err
	}
	version, err := planTagVersion(ifm)
	if err != nil {
		return err
	}
	goalID := r.PathValue("doel")
	saved, err := h.svc.UpdatePartnerGoal(r.Context(), request.Actor(r), r.PathValue("id"), goalID, version, u)
	if err != nil {
		return staleAsPrecondition(err, "fout.plan.gewijzigd")
	}
	for i := range saved.Goals {
		if saved.Goals[i].ID == goalID {
			w.Header().Set("ETag", planTag(saved.Version))
			return writeJSON(w, http.StatusOK, PartnerDoel{Doel: doel(&saved.Goals[i]), Planversie: saved.Version})
		}
	}
	return wijkregie.NotFound()
}
