package web

import (
	"cmp"
	"net/http"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The team's side of Mijn Plan on the case page: the family's messages to
// the regisseur, with a read mark, and its ratings of the help at
// closure (docs/mijnplan.md, "Berichten" and "Beoordeling").

// mijnPlanCaseRoutes is the read mark.
func (h *Handler) mijnPlanCaseRoutes() []route.Route {
	return []route.Route{
		{Pattern: "POST /casussen/{id}/mijnplan/gelezen", Action: policy.MarkMijnPlanMessageRead, Handle: h.markMijnPlanMessageRead},
	}
}

// mijnPlanCaseBlock is the case page's block of the family's messages
// and ratings.
type mijnPlanCaseBlock struct {
	CaseID   string
	Messages []mijnPlanCaseMessage
	Ratings  []mijnPlanCaseRating
	CanMark  bool
	Unread   int
}

type mijnPlanCaseMessage struct {
	ID     string
	From   string
	Sent   string
	Text   string
	Read   string // who read it when; "" while unread
	Unread bool
}

type mijnPlanCaseRating struct {
	From     string
	Score    int
	Outcomes string
	Remark   string
	Rated    string
}

// mijnPlanCaseBlock reads the block for the case page, for those who see
// the case's content; nil for the others, and when the family has sent
// nothing.
func (h *Handler) mijnPlanCaseBlock(r *http.Request, cv *app.CaseView) (*mijnPlanCaseBlock, error) {
	actor := request.Actor(r)
	if !policy.SeesCaseContent(actor) || !policy.Allows(actor, policy.ReadMijnPlanMessages) {
		return nil, nil
	}
	v, err := h.svc.CaseMijnPlanRead(r.Context(), actor, cv.Case.ID)
	switch code := wijkregie.ErrorCode(err); {
	case code == wijkregie.EFORBIDDEN || code == wijkregie.ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, err
	}
	if len(v.Messages) == 0 && len(v.Ratings) == 0 {
		return nil, nil
	}
	b := &mijnPlanCaseBlock{CaseID: cv.Case.ID, CanMark: v.CanMark}
	for _, m := range v.Messages {
		x := mijnPlanCaseMessage{ID: m.ID, From: v.Names[m.PersonID], Sent: h.formatTime(m.SentAt), Text: m.Text, Unread: m.ReadAt.IsZero()}
		if x.Unread {
			b.Unread++
		} else {
			x.Read = h.t("mijnplan.casus.gelezen_door", "naam", v.Names[m.ReadBy], "moment", h.formatTime(m.ReadAt))
		}
		b.Messages = append(b.Messages, x)
	}
	for _, rt := range v.Ratings {
		b.Ratings = append(b.Ratings, mijnPlanCaseRating{From: v.Names[rt.PersonID], Score: rt.Score, Remark: rt.Remark, Rated: h.formatDate(rt.RatedAt),
			Outcomes: h.t("mijnplan.casus.uitkomst", "doelen", h.label("antwoord.", cmp.Or(string(rt.GoalsAchieved), "-")),
				"minder", h.label("antwoord.", cmp.Or(string(rt.ProblemsReduced), "-")), "zelf", h.label("antwoord.", cmp.Or(string(rt.CanContinue), "-")))})
	}
	return b, nil
}

// markMijnPlanMessageRead marks the posted message read and goes back to
// it on the case page.
func (h *Handler) markMijnPlanMessageRead(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := h.svc.MarkMijnPlanMessageRead(r.Context(), request.Actor(r), id, formValue(r, "bericht")); err != nil {
		return err
	}
	return h.redirect(w, r, "/casussen/"+id+"#mijnplan-berichten", "melding.mijnplan.gelezen")
}
