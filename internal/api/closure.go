package api

import (
	"net/http"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
)

// Afsluiting is how a case ended, along the national youth outcome set
// (kan verder zonder hulp, problemen verminderd, afgesproken doelen
// bereikt), with the reason, each goal's final status, the final
// assessment and the family's rating and words.
type Afsluiting struct {
	Reden               string            `json:"reden"`
	KanZonderHulp       string            `json:"kanZonderHulp"`
	ProblemenVerminderd string            `json:"problemenVerminderd"`
	DoelenBereikt       string            `json:"doelenBereikt"`
	Doelen              map[string]string `json:"doelen"`
	Eindmeting          *string           `json:"eindmeting"`
	Waardering          *int              `json:"waardering"`
	Opmerking           string            `json:"opmerking"`
	Samenvatting        string            `json:"samenvatting"`
	AfgeslotenOp        time.Time         `json:"afgeslotenOp"`
	AfgeslotenDoor      string            `json:"afgeslotenDoor"`
}

// AfsluitingNieuw is the body of a closure. doelen gives the final status
// of every goal still open in the plan, by goal id.
type AfsluitingNieuw struct {
	Reden               string            `json:"reden"`
	KanZonderHulp       string            `json:"kanZonderHulp"`
	ProblemenVerminderd string            `json:"problemenVerminderd"`
	DoelenBereikt       string            `json:"doelenBereikt"`
	Doelen              map[string]string `json:"doelen"`
	Eindmeting          string            `json:"eindmeting"`
	Waardering          *int              `json:"waardering"`
	Opmerking           string            `json:"opmerking"`
	Samenvatting        string            `json:"samenvatting"`
}

func afsluiting(c *wijkregie.Closure) Afsluiting {
	out := Afsluiting{Reden: c.Reason, KanZonderHulp: string(c.CanContinue), ProblemenVerminderd: string(c.ProblemsReduced),
		DoelenBereikt: string(c.GoalsAchieved), Doelen: map[string]string{}, Eindmeting: orNil(c.FinalAssessmentID),
		Waardering: nonZero(c.Rating), Opmerking: c.Remark, Samenvatting: c.Summary, AfgeslotenOp: utc(c.ClosedAt),
		AfgeslotenDoor: c.ClosedBy}
	for id, st := range c.GoalStatuses {
		out.Doelen[id] = string(st)
	}
	return out
}

func (h *Handler) getClosure(w http.ResponseWriter, r *http.Request) error {
	c, err := h.svc.CaseClosure(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, afsluiting(c))
}

// createClosure closes the case with its outcome. If-Match carries the
// case's ETag (GET /casussen/{id}), as for the case's other changes: the
// closer must have seen the case as it is.
func (h *Handler) createClosure(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in AfsluitingNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c := &wijkregie.Closure{Reason: in.Reden, CanContinue: wijkregie.Answer3(in.KanZonderHulp),
		ProblemsReduced: wijkregie.Answer3(in.ProblemenVerminderd), GoalsAchieved: wijkregie.Answer3(in.DoelenBereikt),
		FinalAssessmentID: strings.TrimSpace(in.Eindmeting), Remark: in.Opmerking, Summary: in.Samenvatting,
		GoalStatuses: map[string]wijkregie.GoalStatus{}}
	var v wijkregie.Invalid
	if in.Waardering != nil {
		c.Rating = *in.Waardering
		if c.Rating == 0 {
			// 0 is the domain's "no rating"; a client that sends it
			// means a mark, and 0 is none.
			v.Field("waardering", "veld.afsluiting.waardering")
		}
	}
	for id, st := range in.Doelen {
		c.GoalStatuses[id] = wijkregie.GoalStatus(st)
	}
	if c.FinalAssessmentID != "" && !wijkregie.ValidID(c.FinalAssessmentID) {
		v.Field("eindmeting", "veld.afsluiting.eindmeting")
	}
	// Which goals are still open is the use case's to know; here every
	// goal the body names is checked.
	if err := invalidWith(&v, func() error { return c.Validate(nil) }); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	if err := changeOver(ifm, h.currentCase(r), "fout.casus.gewijzigd", func(version int) error {
		_, err := h.svc.CloseCase(ctx, actor, id, version, c)
		return err
	}); err != nil {
		return err
	}
	saved, err := h.svc.CaseClosure(ctx, actor, id)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/casussen/"+id+"/afsluiting", afsluiting(saved))
}
