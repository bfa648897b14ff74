package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
)

// The Zelfredzaamheid-Matrix of a case: the household grid (persons ×
// the 13 domains of ZRM 2017) with each level as colour, number and text
// and the change since the previous assessment as symbol and text, so it
// never relies on colour; the earlier assessments; and the form for a new
// one, where every domain starts niet beoordeeld — scoring a domain is a
// deliberate choice (the privacy regulator found scoring everything by
// default excessive; zrm.md).

// zrmCell is one person's level on one domain; Level 0 is niet beoordeeld.
type zrmCell struct {
	Domain    string
	Level     int
	Target    int // 0: no target level
	Rationale string
	Change    zrmChange
}

// zrmChange is a level's change since the previous assessment that scored
// the person on the domain.
type zrmChange struct {
	Kind string // "hoger", "lager", "gelijk", "nieuw"; "" when not scored
	Diff int    // the size of the change, without sign
	From int    // the earlier level; 0 for "nieuw"
}

// zrmRow is one person's row of the grid.
type zrmRow struct {
	PersonID string
	Name     string // "" for someone no longer in the household
	Cells    []zrmCell
}

// Scored returns the cells with a level, for the summaries.
func (r zrmRow) Scored() []zrmCell {
	var out []zrmCell
	for _, c := range r.Cells {
		if c.Level > 0 {
			out = append(out, c)
		}
	}
	return out
}

// changeOf describes the change of a score.
func changeOf(c wijkregie.ScoreChange) zrmChange {
	switch {
	case c.From == 0:
		return zrmChange{Kind: "nieuw"}
	case c.To > c.From:
		return zrmChange{Kind: "hoger", Diff: c.To - c.From, From: c.From}
	case c.To < c.From:
		return zrmChange{Kind: "lager", Diff: c.From - c.To, From: c.From}
	}
	return zrmChange{Kind: "gelijk", From: c.From}
}

// zrmRows lays an assessment out as the grid: a row per person (the
// household's current members, then anyone else the assessment scored,
// with no name: they have left the household) and a cell per domain in
// the instrument's order.
func zrmRows(persons []wijkregie.Person, a *wijkregie.Assessment, changes []wijkregie.ScoreChange) []zrmRow {
	if a == nil {
		return nil
	}
	var rows []zrmRow
	seen := map[string]bool{}
	for _, p := range persons {
		rows = append(rows, zrmRow{PersonID: p.ID, Name: p.FullName()})
		seen[p.ID] = true
	}
	for _, s := range a.Scores {
		if !seen[s.PersonID] {
			rows = append(rows, zrmRow{PersonID: s.PersonID})
			seen[s.PersonID] = true
		}
	}
	for i := range rows {
		for _, d := range wijkregie.Domains {
			cell := zrmCell{Domain: d.Code}
			if s := a.Score(rows[i].PersonID, d.Code); s != nil {
				cell.Level, cell.Target, cell.Rationale = s.Level, s.Target, s.Rationale
				for _, c := range changes {
					if c.PersonID == s.PersonID && c.Domain == d.Code {
						cell.Change = changeOf(c)
					}
				}
			}
			rows[i].Cells = append(rows[i].Cells, cell)
		}
	}
	return rows
}

// zrmView is the grid page: one assessment (the latest, or an earlier one
// chosen from the list) with the list of all.
type zrmView struct {
	Case      *wijkregie.Case
	Domains   []string
	Shown     *wijkregie.Assessment // nil while the case has none
	Latest    bool                  // Shown is the latest
	Assessor  string
	Rows      []zrmRow
	History   []zrmHistoryRow // newest first
	CanAssess bool
}

type zrmHistoryRow struct {
	ID       string
	Moment   wijkregie.AssessmentMoment
	Date     time.Time
	Assessor string
	Scored   int // scores in it: persons × domains assessed
	Shown    bool
}

func (h *Handler) assessments(w http.ResponseWriter, r *http.Request) error {
	return h.zrmPage(w, r, "")
}

func (h *Handler) assessment(w http.ResponseWriter, r *http.Request) error {
	return h.zrmPage(w, r, r.PathValue("meting"))
}

// zrmPage renders the grid of the assessment with the id, or of the
// latest for "".
func (h *Handler) zrmPage(w http.ResponseWriter, r *http.Request, id string) error {
	v, err := h.svc.Assessments(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	view := zrmView{Case: v.Case, Domains: wijkregie.DomainCodes(), CanAssess: v.CanAssess}
	shown := len(v.Assessments) - 1
	if id != "" {
		shown = slices.IndexFunc(v.Assessments, func(a wijkregie.Assessment) bool { return a.ID == id })
		if shown < 0 {
			return wijkregie.NotFound()
		}
	}
	for i := len(v.Assessments) - 1; i >= 0; i-- {
		a := v.Assessments[i]
		view.History = append(view.History, zrmHistoryRow{ID: a.ID, Moment: a.Moment, Date: a.Date,
			Assessor: h.assessorName(v.Users, a.AssessorID), Scored: len(a.Scores), Shown: i == shown})
	}
	title := "titel.zrm"
	if shown >= 0 {
		a := &v.Assessments[shown]
		view.Shown, view.Latest = a, shown == len(v.Assessments)-1
		view.Assessor = h.assessorName(v.Users, a.AssessorID)
		// The first assessment has nothing to change from; the grid says
		// nothing rather than "first assessment" in every cell.
		var changes []wijkregie.ScoreChange
		if shown > 0 {
			changes = wijkregie.Changes(v.Assessments[:shown+1])
		}
		view.Rows = zrmRows(v.Persons, a, changes)
		if id != "" {
			title = "titel.zrm.meting"
		}
	}
	return h.render(w, r, http.StatusOK, "zrm", newPage(r, title, "casussen", view))
}

func (h *Handler) assessorName(users map[string]*wijkregie.User, id string) string {
	if u := users[id]; u != nil {
		return u.Name
	}
	return h.t("leeg.onbekend")
}

// zrmFormView is the form for a new assessment.
type zrmFormView struct {
	Case         *wijkregie.Case
	Moment, Date input
	Persons      []zrmPersonForm
	Summary      []summaryItem
	Message      string // catalogue key of a message about the whole form
}

type zrmPersonForm struct {
	ID, Name string
	Domains  []zrmDomainForm
}

// zrmDomainForm is one domain of one person: open when it is one of the
// case's worries, was scored in the latest assessment or already has
// input; folded away otherwise.
type zrmDomainForm struct {
	ID, Name                 string
	Open                     bool
	Previous                 int // the level in the latest assessment; 0: not scored then
	Level, Rationale, Target input
}

// zrmField names a form field of one person's domain:
// zrm-<person>-<domain>-<part>.
func zrmField(personID, domain, part string) string {
	return "zrm-" + personID + "-" + domain + "-" + part
}

func (h *Handler) newAssessment(w http.ResponseWriter, r *http.Request) error {
	return h.zrmForm(w, r, http.StatusOK, nil)
}

// zrmForm renders the assessment form; f is the form as posted, nil for a
// new one (moment intake for a case's first assessment, else tussenmeting,
// dated today, every domain niet beoordeeld).
func (h *Handler) zrmForm(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	v, err := h.svc.Assessments(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	if !v.CanAssess {
		if !v.Case.Open() {
			return wijkregie.Conflict("fout.casus.gesloten")
		}
		return wijkregie.Forbidden()
	}
	if f == nil {
		f = newForm("", nil)
		f.Values.Set("moment", string(wijkregie.MomentIntake))
		if len(v.Assessments) > 0 {
			f.Values.Set("moment", string(wijkregie.MomentInterim))
		}
		// The closure page links here for the final assessment.
		if m := wijkregie.AssessmentMoment(r.URL.Query().Get("moment")); m.Valid() {
			f.Values.Set("moment", string(m))
		}
		f.Values.Set("datum", h.today())
	}
	b := newBuilder(h, f)
	view := zrmFormView{Case: v.Case, Message: f.Message}
	view.Moment = b.choice("moment", "select", h.t("zrm.label.moment"), "", h.enumOptions("zrm.moment.", "keuze.kies", strs(wijkregie.AssessmentMoments)))
	view.Moment.Required = true
	view.Date = b.field("datum", "date", h.t("zrm.label.datum"), "")
	view.Date.Hint, view.Date.Required = h.t("zrm.hint.datum"), true
	levels := []option{{Value: "0", Text: h.t("zrm.niveau.0")}}
	targets := []option{{Value: "", Text: h.t("zrm.keuze.geen_doelniveau")}}
	for n := wijkregie.ZRMMinLevel; n <= wijkregie.ZRMMaxLevel; n++ {
		text := h.t("zrm.keuze.niveau", "niveau", n, "naam", h.t("zrm.niveau."+strconv.Itoa(n)))
		levels = append(levels, option{Value: strconv.Itoa(n), Text: text})
		targets = append(targets, option{Value: strconv.Itoa(n), Text: text})
	}
	latest := v.Latest()
	for _, p := range v.Persons {
		pf := zrmPersonForm{ID: p.ID, Name: p.FullName()}
		for _, d := range wijkregie.Domains {
			name := h.t("domein." + d.Code)
			ctx := h.t("zrm.context", "naam", pf.Name, "domein", name)
			level := zrmField(p.ID, d.Code, "niveau")
			if f.Value(level) == "" {
				f.Values.Set(level, "0")
			}
			df := zrmDomainForm{ID: "zrm-" + p.ID + "-" + d.Code, Name: name,
				Level:     b.choice(level, "select", h.t("zrm.label.niveau"), ctx, levels),
				Rationale: b.field(zrmField(p.ID, d.Code, "toelichting"), "textarea", h.t("zrm.label.toelichting"), ctx),
				Target:    b.choice(zrmField(p.ID, d.Code, "doelniveau"), "select", h.t("zrm.label.doelniveau"), ctx, targets)}
			df.Rationale.Hint = h.t("zrm.hint.toelichting")
			if latest != nil {
				if s := latest.Score(p.ID, d.Code); s != nil {
					df.Previous = s.Level
				}
			}
			df.Open = slices.Contains(v.Case.Domains, d.Code) || df.Previous > 0 || f.Value(level) != "0" ||
				df.Rationale.Value != "" || df.Target.Value != "" || df.Level.Error != "" || df.Rationale.Error != "" || df.Target.Error != ""
			pf.Domains = append(pf.Domains, df)
		}
		view.Persons = append(view.Persons, pf)
	}
	view.Summary = b.summary()
	p := newPage(r, "titel.zrm.nieuw", "casussen", view)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "zrm-nieuw", p)
}

// maxPersons bounds the persons a posted assessment may name; a household
// is far smaller.
const maxPersons = 50

func (h *Handler) assess(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", nil)
	a := &wijkregie.Assessment{Instrument: wijkregie.DomainsVersion}
	f.Values.Set("moment", formValue(r, "moment"))
	f.Values.Set("datum", formValue(r, "datum"))
	a.Moment = wijkregie.AssessmentMoment(f.Value("moment"))
	a.Date, _ = dateInput(f.Value("datum")) // a bad date is a zero one, which Validate names
	// fields[i] is the form's name of Scores[i], to put its errors beside it.
	var fields []string
	var persons []string
	for _, pid := range r.PostForm["persoon"] {
		if !wijkregie.ValidID(pid) || slices.Contains(persons, pid) || len(persons) == maxPersons {
			continue
		}
		persons = append(persons, pid)
		for _, d := range wijkregie.Domains {
			level, rationale, target := zrmField(pid, d.Code, "niveau"), zrmField(pid, d.Code, "toelichting"), zrmField(pid, d.Code, "doelniveau")
			for _, n := range []string{level, rationale, target} {
				f.Values.Set(n, formValue(r, n))
			}
			if f.Value(level) == "" || f.Value(level) == "0" {
				// Niet beoordeeld. Text left under it would be lost
				// without a word, so it is pointed out instead.
				if f.Value(rationale) != "" || (f.Value(target) != "" && f.Value(target) != "0") {
					f.Errors = append(f.Errors, wijkregie.FieldError{Name: level, Message: "zrm.veld.niet_beoordeeld"})
				}
				continue
			}
			s := wijkregie.Score{PersonID: pid, Domain: d.Code, Level: number(f.Value(level)), Rationale: f.Value(rationale)}
			if t := f.Value(target); t != "" && t != "0" {
				s.Target = number(t)
			}
			a.Scores = append(a.Scores, s)
			fields = append(fields, level)
		}
	}
	rename := func(name string) string {
		if m := indexPath.FindStringSubmatch(name); m != nil && strings.HasPrefix(name, "scores[") {
			i, _ := strconv.Atoi(m[1])
			if i < len(fields) {
				base := strings.TrimSuffix(fields[i], "niveau")
				switch part := name[strings.Index(name, "].")+2:]; part {
				case "toelichting", "doelniveau":
					return base + part
				}
				return fields[i] // niveau, and persoon or domein: beside the level
			}
		}
		return name
	}
	var err error
	if len(f.Errors) > 0 {
		// Name everything else that is wrong too, as the use case would.
		err = a.Validate(persons, h.todayDate())
	} else {
		_, err = h.svc.Assess(r.Context(), request.Actor(r), r.PathValue("id"), a)
	}
	if err != nil {
		errs, msg, ok := fieldErrors(err, rename)
		if !ok {
			return err
		}
		f.Errors = append(f.Errors, errs...)
		f.Message = msg
	}
	if f.Invalid() {
		return h.zrmForm(w, r, http.StatusUnprocessableEntity, f)
	}
	return h.redirect(w, r, "/casussen/"+r.PathValue("id")+"/zrm", "melding.zrm.opgeslagen")
}

// number reads a whole number from a form; anything else is -1, which
// the domain's validation refuses with its own message.
func number(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
