package app

import (
	"context"
)

// The outreaches in a person's inzage (AVG art. 15): those of the
// households the person belonged to while the outreach ran, with every
// contact attempt — the team came to the door unasked, and the person may
// know when, how and who. What the creditors reported is the arrears'
// own section (the reports matched to the person); the outcome says what
// the creditors were told.

// InzageOutreach is an outreach to one of the person's households.
type InzageOutreach struct {
	ID           string          `json:"id"`
	HouseholdID  string          `json:"huishouden"`
	Team         string          `json:"team,omitempty"`
	Status       string          `json:"status"`
	Threatening  bool            `json:"dreigend"`
	Deadline     string          `json:"termijn"`
	OpenedAt     string          `json:"geopendOp"`
	FirstContact string          `json:"eersteContactOp,omitempty"`
	Reached      string          `json:"bereiktOp,omitempty"`
	AssignedTo   *InzageWho      `json:"toegewezenAan,omitempty"`
	Outcome      string          `json:"resultaat,omitempty"`
	OutcomeNote  string          `json:"toelichting,omitempty"`
	Reduced      string          `json:"teruggemeldResultaat,omitempty"`
	ClosedAt     string          `json:"afgerondOp,omitempty"`
	ClosedBy     *InzageWho      `json:"afgerondDoor,omitempty"`
	Attempts     []InzageAttempt `json:"contactpogingen"`
}

// InzageAttempt is one attempt to reach the household.
type InzageAttempt struct {
	Date    string    `json:"datum"`
	Part    string    `json:"dagdeel"`
	Kind    string    `json:"soort"`
	Reached bool      `json:"bereikt"`
	Note    string    `json:"toelichting,omitempty"`
	By      InzageWho `json:"door"`
}

// outreaches reads the outreaches of the households hids that ran while
// the person was a member (periods), the earliest first.
func (r *inzageReader) outreaches(ctx context.Context, hids []string, periods map[string][]period) ([]InzageOutreach, error) {
	out := []InzageOutreach{}
	os, err := r.q.HouseholdOutreaches(ctx, r.mid, hids)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, o := range os {
		if overlaps(periods[o.HouseholdID], o.OpenedAt, o.ClosedAt) {
			ids = append(ids, o.ID)
		}
	}
	cs, err := r.q.OutreachesContacts(ctx, r.mid, ids)
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		if !overlaps(periods[o.HouseholdID], o.OpenedAt, o.ClosedAt) {
			continue
		}
		if err := r.load(ctx, o.AssignedTo, o.ClosedBy); err != nil {
			return nil, err
		}
		io := InzageOutreach{ID: o.ID, HouseholdID: o.HouseholdID, Team: r.teams[o.TeamID], Status: string(o.Status), Threatening: o.Threatening,
			Deadline: ts(o.Deadline), OpenedAt: ts(o.OpenedAt), FirstContact: day(o.FirstContactAt), Reached: day(o.ReachedAt),
			Outcome: string(o.Outcome), OutcomeNote: o.OutcomeNote, ClosedAt: ts(o.ClosedAt), Attempts: []InzageAttempt{}}
		if o.AssignedTo != "" {
			w := r.who(o.AssignedTo)
			io.AssignedTo = &w
		}
		if o.Outcome != "" {
			io.Reduced = string(o.Outcome.Reduced())
		}
		if o.ClosedBy != "" {
			w := r.who(o.ClosedBy)
			io.ClosedBy = &w
		}
		for _, c := range cs {
			if c.OutreachID != o.ID {
				continue
			}
			by, err := r.whoLoaded(ctx, c.RecordedBy)
			if err != nil {
				return nil, err
			}
			io.Attempts = append(io.Attempts, InzageAttempt{Date: day(c.On), Part: string(c.PartOfDay), Kind: string(c.Kind), Reached: c.Reached,
				Note: c.Note, By: by})
		}
		out = append(out, io)
	}
	return out, nil
}

// outreaches sets the outreaches in the PDF: per outreach its dates and
// outcome, then its attempts as a table.
func (w *inzageWriter) outreaches(os []InzageOutreach) {
	f := w.f
	f.Heading(2, w.t("inzage.sectie.vroegsignalen"))
	f.Paragraph(w.t("inzage.vroegsignaal.uitleg"))
	if len(os) == 0 {
		w.table(nil, nil, nil)
	}
	for _, o := range os {
		f.Heading(3, w.t("inzage.vroegsignaal.kop", "datum", w.at(o.OpenedAt)))
		var assigned, closed, outcome, reduced string
		if o.AssignedTo != nil {
			assigned = w.who(*o.AssignedTo)
		}
		if o.ClosedAt != "" {
			closed = w.at(o.ClosedAt)
			if o.ClosedBy != nil {
				closed += ", " + w.who(*o.ClosedBy)
			}
		}
		if o.Outcome != "" {
			outcome = w.label("vroegsignaal.resultaat.", o.Outcome)
			reduced = w.label("vroegsignaal.teruggemeld.", o.Reduced)
		}
		threat := ""
		if o.Threatening {
			threat = w.yes(true)
		}
		w.fields("inzage.veld.team", o.Team, "inzage.veld.status", w.label("vroegsignaal.stand.", o.Status),
			"inzage.vroegsignaal.dreigend", threat, "inzage.vroegsignaal.termijn", w.at(o.Deadline),
			"inzage.vroegsignaal.eerste_contact", w.date(o.FirstContact), "inzage.vroegsignaal.bereikt", w.date(o.Reached),
			"inzage.vroegsignaal.toegewezen", assigned, "inzage.vroegsignaal.resultaat", outcome, "inzage.veld.toelichting", o.OutcomeNote,
			"inzage.vroegsignaal.teruggemeld", reduced, "inzage.vroegsignaal.afgerond", closed)
		var rows [][]string
		for _, a := range o.Attempts {
			rows = append(rows, []string{w.date(a.Date) + ", " + w.label("vroegsignaal.dagdeel.", a.Part), w.label("vroegsignaal.contactsoort.", a.Kind),
				w.yes(a.Reached), a.Note, w.who(a.By)})
		}
		w.table([]float64{1.7, 1.4, 0.8, 2.3, 1.8}, []string{"inzage.kop.wanneer", "inzage.vroegsignaal.kolom.hoe", "inzage.vroegsignaal.kolom.bereikt",
			"inzage.kop.toelichting", "inzage.kop.wie"}, rows)
	}
}
