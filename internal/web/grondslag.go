package web

import (
	"net/http"
	"slices"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The case page's section Grondslag: the legal ground the team's work
// with the family rests on, and the partners that take part in it on a
// legal ground instead of consent ("Delen met partners op grond van de
// wet"). The regisseur and the team lead record both; who may is decided
// in internal/app (CaseView.CanRecordGround).

// groundRoutes are the forms of the section.
func (h *Handler) groundRoutes() []route.Route {
	return []route.Route{
		{Pattern: "POST /casussen/{id}/grondslag", Action: policy.RecordGround, Handle: h.recordCaseGround},
		{Pattern: "POST /casussen/{id}/deelgrondslagen", Action: policy.RecordGround, Handle: h.recordSharingGround},
		{Pattern: "POST /casussen/{id}/deelgrondslagen/{grondslag}/beeindigen", Action: policy.RecordGround, Handle: h.endSharingGround},
	}
}

// Form prefixes of the section.
const (
	groundPrefix      = "grondslag-"
	sharingPrefix     = "deelgrondslag-"
	endSharingPrefixH = "einde-grondslag-"
)

func endSharingPrefix(id string) string { return endSharingPrefixH + id + "-" }

var (
	groundFields     = []field{{"grondslag", "partner.label.grondslag"}, {"toelichting", "partner.label.toelichting"}}
	sharingFields    = []field{{"organisatie", "partner.label.organisatie"}, {"grondslag", "partner.label.grondslag"}, {"doelen", "partner.label.doelen"}, {"toelichting", "partner.label.toelichting_deel"}}
	endSharingFields = []field{{"reden", "partner.label.reden_einde"}}
)

// groundSection is the section as the team sees it; nil for a partner.
type groundSection struct {
	Ground  string // the ground in words; "" while none is recorded
	Note    string
	Sharing []sharingRow

	// The forms, for the regisseur and the team lead only.
	Form                *form
	Add                 *form
	GroundOptions       []option
	OrganisationOptions []option
	PurposeChecks       []option
}

// sharingRow is a partner's ground as the table shows it.
type sharingRow struct {
	ID           string
	Organisation string
	Ground       string
	Purposes     string
	Reason       string
	Recorded     string // by whom and when
	Ended        string // "" while it holds
	End          *form  // the confirm-and-reason form, while it holds
}

// groundSection builds the section for the team; failed is a form of the
// case page that came back with errors.
func (h *Handler) groundSection(r *http.Request, cv *app.CaseView, failed *form) *groundSection {
	if request.Actor(r).Role == wijkregie.RolePartner {
		return nil
	}
	c := cv.Case
	sec := &groundSection{Note: c.LegalGroundNote}
	if c.LegalGround != "" {
		sec.Ground = h.label("partner.grondslag.", c.LegalGround)
	}
	pick := func(prefix string, fields []field) *form {
		if failed != nil && failed.Prefix == prefix {
			return failed
		}
		return newForm(prefix, fields)
	}
	for _, g := range cv.Grounds {
		row := sharingRow{ID: g.ID, Organisation: h.orgName(cv, g.OrganisationID), Ground: h.label("partner.grondslag.", g.Ground),
			Reason: g.Justification, Recorded: h.t("partner.deel.vastgelegd", "naam", h.actorName(r, cv, g.RecordedBy), "tijd", h.formatTime(g.RecordedAt))}
		var ps []string
		for _, p := range g.Purposes {
			ps = append(ps, h.label("toestemming.doel.", p))
		}
		row.Purposes = strings.Join(ps, ", ")
		if !g.EndedAt.IsZero() {
			row.Ended = h.t("partner.deel.beeindigd", "naam", h.actorName(r, cv, g.EndedBy), "tijd", h.formatTime(g.EndedAt), "reden", g.EndReason)
		} else if cv.CanRecordGround {
			row.End = pick(endSharingPrefix(g.ID), endSharingFields)
		}
		sec.Sharing = append(sec.Sharing, row)
	}
	if !cv.CanRecordGround {
		return sec
	}
	sec.Form = pick(groundPrefix, groundFields)
	if sec.Form != failed {
		sec.Form.Values.Set("grondslag", string(c.LegalGround))
		sec.Form.Values.Set("toelichting", c.LegalGroundNote)
	}
	sec.Add = pick(sharingPrefix, sharingFields)
	sec.GroundOptions = h.enumOptions("partner.grondslag.", "keuze.kies", strs(wijkregie.CaseGrounds))
	orgs := make([]option, 0, len(cv.Organisations))
	for id, name := range cv.Organisations {
		orgs = append(orgs, option{Value: id, Text: name})
	}
	slices.SortFunc(orgs, func(a, b option) int { return strings.Compare(a.Text, b.Text) })
	sec.OrganisationOptions = append([]option{{Value: "", Text: h.t("keuze.kies")}}, orgs...)
	for _, p := range wijkregie.ConsentPurposes {
		sec.PurposeChecks = append(sec.PurposeChecks, option{Value: string(p), Text: h.label("toestemming.doel.", p)})
	}
	return sec
}

// actorName names the user who recorded something on the case: from the
// case's own users, else looked up; unknown when it may not be.
func (h *Handler) actorName(r *http.Request, cv *app.CaseView, id string) string {
	if u := cv.Users[id]; u != nil {
		return u.Name
	}
	if u, err := h.svc.User(r.Context(), request.Actor(r), id); err == nil {
		return u.Name
	}
	return h.t("leeg.onbekend")
}

func (h *Handler) recordCaseGround(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, groundPrefix, groundFields)
	_, err := h.svc.RecordCaseGround(r.Context(), request.Actor(r), r.PathValue("id"), version(r), wijkregie.LegalGround(f.Value("grondslag")),
		f.Value("toelichting"))
	return h.caseChanged(w, r, f, err, "partner.melding.grondslag")
}

func (h *Handler) recordSharingGround(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, sharingPrefix, sharingFields)
	f.Values["doelen"] = r.PostForm["doelen"]
	g := &wijkregie.SharingGround{OrganisationID: f.Value("organisatie"), Ground: wijkregie.LegalGround(f.Value("grondslag")),
		Justification: f.Value("toelichting")}
	for _, p := range r.PostForm["doelen"] {
		g.Purposes = append(g.Purposes, wijkregie.ConsentPurpose(p))
	}
	_, err := h.svc.RecordSharingGround(r.Context(), request.Actor(r), r.PathValue("id"), g)
	return h.caseChanged(w, r, f, err, "partner.melding.deelgrondslag")
}

func (h *Handler) endSharingGround(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	gid := r.PathValue("grondslag")
	f := readForm(r, endSharingPrefix(gid), endSharingFields)
	_, err := h.svc.EndSharingGround(r.Context(), request.Actor(r), r.PathValue("id"), gid, f.Value("reden"))
	return h.caseChanged(w, r, f, err, "partner.melding.deelgrondslag_einde")
}
