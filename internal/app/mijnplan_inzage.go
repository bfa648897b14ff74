package app

import (
	"context"
	"fmt"
)

// Mijn Plan in a person's inzage (AVG art. 15): the messages they wrote to
// their regisseur with when each was read, the ratings they gave, and
// what they did in Mijn Plan (an action added or marked done, a consent
// given or withdrawn). What they changed in the plan and the consents is
// in those sections already; this says it was them, through Mijn Plan.

// InzageMijnPlan is the person's use of Mijn Plan.
type InzageMijnPlan struct {
	Messages []InzageMijnPlanMessage `json:"berichten"`
	Ratings  []InzageMijnPlanRating  `json:"beoordelingen"`
	Acts     []InzageMijnPlanAct     `json:"handelingen"`
}

// InzageMijnPlanMessage is a message to the regisseur.
type InzageMijnPlanMessage struct {
	Case   string     `json:"casus"`
	Text   string     `json:"tekst"`
	SentAt string     `json:"verstuurdOp"`
	ReadAt string     `json:"gelezenOp,omitempty"`
	ReadBy *InzageWho `json:"gelezenDoor,omitempty"`
}

// InzageMijnPlanRating is a rating of the help at closure.
type InzageMijnPlanRating struct {
	Case            string         `json:"casus"`
	Score           int            `json:"cijfer"`
	GoalsAchieved   string         `json:"doelenBereikt,omitempty"`
	ProblemsReduced string         `json:"problemenMinder,omitempty"`
	CanContinue     string         `json:"kanVerderZonderHulp,omitempty"`
	Answers         map[string]int `json:"antwoorden"`
	Remark          string         `json:"opmerking,omitempty"`
	RatedAt         string         `json:"gegevenOp"`
}

// InzageMijnPlanAct is one thing the person did in Mijn Plan.
type InzageMijnPlanAct struct {
	Case        string `json:"casus"`
	Kind        string `json:"soort"`
	Subject     string `json:"betreft"`
	PlanVersion int    `json:"planversie,omitempty"`
	At          string `json:"op"`
}

// mijnPlan reads the Mijn Plan rows of the person's records ids.
func (r *inzageReader) mijnPlan(ctx context.Context, ids []string) (*InzageMijnPlan, error) {
	out := &InzageMijnPlan{Messages: []InzageMijnPlanMessage{}, Ratings: []InzageMijnPlanRating{}, Acts: []InzageMijnPlanAct{}}
	for _, id := range ids {
		ms, err := r.q.PersonResidentMessages(ctx, r.mid, id, "")
		if err != nil {
			return nil, err
		}
		for i := len(ms) - 1; i >= 0; i-- { // oldest first, as every section
			m := ms[i]
			x := InzageMijnPlanMessage{Case: m.CaseID, Text: m.Text, SentAt: ts(m.SentAt), ReadAt: ts(m.ReadAt)}
			if m.ReadBy != "" {
				w, err := r.whoLoaded(ctx, m.ReadBy)
				if err != nil {
					return nil, err
				}
				x.ReadBy = &w
			}
			out.Messages = append(out.Messages, x)
		}
		rs, err := r.q.PersonRatings(ctx, r.mid, id)
		if err != nil {
			return nil, err
		}
		for _, rt := range rs {
			x := InzageMijnPlanRating{Case: rt.CaseID, Score: rt.Score, GoalsAchieved: string(rt.GoalsAchieved), ProblemsReduced: string(rt.ProblemsReduced),
				CanContinue: string(rt.CanContinue), Answers: map[string]int{}, Remark: rt.Remark, RatedAt: ts(rt.RatedAt)}
			for k, a := range rt.Answers {
				x.Answers[k] = int(a)
			}
			out.Ratings = append(out.Ratings, x)
		}
		as, err := r.q.PersonResidentActs(ctx, r.mid, id)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			out.Acts = append(out.Acts, InzageMijnPlanAct{Case: a.CaseID, Kind: string(a.Kind), Subject: a.SubjectID, PlanVersion: a.PlanVersion, At: ts(a.At)})
		}
	}
	return out, nil
}

// size is the number of rows the section holds, for the summary.
func (m *InzageMijnPlan) size() int {
	if m == nil {
		return 0
	}
	return len(m.Messages) + len(m.Ratings) + len(m.Acts)
}

// mijnPlan writes the section in the PDF.
func (w *inzageWriter) mijnPlan(m *InzageMijnPlan) {
	f := w.f
	f.Heading(2, w.t("inzage.sectie.mijnplan"))
	f.Paragraph(w.t("mijnplan.inzage.uitleg"))
	if m == nil {
		m = &InzageMijnPlan{}
	}
	var rows [][]string
	for _, x := range m.Messages {
		read := w.t("mijnplan.inzage.ongelezen")
		if x.ReadAt != "" {
			read = w.at(x.ReadAt)
			if x.ReadBy != nil {
				read += ", " + w.who(*x.ReadBy)
			}
		}
		rows = append(rows, []string{w.at(x.SentAt), x.Text, read})
	}
	w.table([]float64{1.3, 3.6, 2}, []string{"inzage.kop.wanneer", "mijnplan.inzage.bericht", "mijnplan.inzage.gelezen"}, rows)
	rows = nil
	for _, x := range m.Ratings {
		rows = append(rows, []string{w.at(x.RatedAt), fmt.Sprint(x.Score), w.label("antwoord.", x.GoalsAchieved), x.Remark})
	}
	w.table([]float64{1.3, 0.8, 1.4, 3.4}, []string{"inzage.kop.wanneer", "mijnplan.inzage.cijfer", "mijnplan.inzage.doelen", "mijnplan.inzage.opmerking"}, rows)
	rows = nil
	for _, x := range m.Acts {
		rows = append(rows, []string{w.at(x.At), w.label("mijnplan.handeling.", x.Kind)})
	}
	w.table([]float64{1.3, 5.6}, []string{"inzage.kop.wanneer", "inzage.kop.wat"}, rows)
}
