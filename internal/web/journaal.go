package web

import (
	"net/http"
	"strings"

	"wijkregie"
	"wijkregie/internal/request"
)

// The journal of a case: contacts with the family and steps of progress,
// each with who may read it. Notes are never changed; a correction is a
// new note.

// noteFields are the note form's fields in page order.
var noteFields = []field{
	{"soort", "journaal.label.soort"}, {"contactvorm", "journaal.label.contactvorm"}, {"datum", "journaal.label.datum"},
	{"tekst", "journaal.label.tekst"}, {"zichtbaarheid", "journaal.label.zichtbaarheid"},
}

// journalView is the journal page: the notes the actor may read, newest
// first, and the form for a new one.
type journalView struct {
	Case         *wijkregie.Case
	Rows         []noteRow
	Pager        pager
	Form         *form // nil for those who may not write
	Kinds        []option
	Modes        []option
	Visibilities []option
}

type noteRow struct {
	wijkregie.Note
	Author     string
	Paragraphs []string // the text's lines, so that they show as written
}

// paragraphs splits a text a person wrote into its non-empty lines.
func paragraphs(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (h *Handler) journal(w http.ResponseWriter, r *http.Request) error {
	return h.journalPage(w, r, http.StatusOK, r.PathValue("id"), nil)
}

// journalPage renders the journal with the status; f is the note form as
// posted (nil: a new contact today, for the team).
func (h *Handler) journalPage(w http.ResponseWriter, r *http.Request, status int, id string, f *form) error {
	ctx, actor := r.Context(), request.Actor(r)
	pg, n := pageParam(r)
	jv, total, err := h.svc.Journal(ctx, actor, id, pg)
	if err != nil {
		return err
	}
	v := journalView{Case: jv.Case, Pager: newPager(r, n, total)}
	for _, note := range jv.Notes {
		v.Rows = append(v.Rows, noteRow{Note: note, Author: h.userNamed(jv.Users, note.AuthorID), Paragraphs: paragraphs(note.Text)})
	}
	if jv.CanWrite {
		if f == nil {
			f = newForm("", noteFields)
			f.Values.Set("soort", string(wijkregie.NoteContact))
			f.Values.Set("datum", h.today())
			f.Values.Set("zichtbaarheid", string(wijkregie.VisibleToTeam))
		}
		v.Form = f
		v.Kinds = h.codeOptions("journaal.soort.", strs(wijkregie.NoteKinds))
		v.Modes = h.enumOptions("contactvorm.", "journaal.keuze.geen_contactvorm", strs(wijkregie.ContactModes))
		// Each level says who reads it: the choice is deliberate.
		for _, vis := range wijkregie.Visibilities {
			v.Visibilities = append(v.Visibilities, option{Value: string(vis), Text: h.t("journaal.zichtbaarheid." + string(vis))})
		}
	}
	p := newPage(r, "titel.journaal", "casussen", v)
	if f != nil && f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "journaal", p)
}

func (h *Handler) addNote(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := readForm(r, "", noteFields)
	n := &wijkregie.Note{Kind: wijkregie.NoteKind(f.Value("soort")), Date: parseDay(f.Value("datum")),
		Text: f.Value("tekst"), Visibility: wijkregie.Visibility(f.Value("zichtbaarheid"))}
	// A mode chosen before the user settled on progress is left out, as
	// the other fields of a decision not taken are on the triage form.
	if n.Kind == wijkregie.NoteContact {
		n.Mode = wijkregie.ContactMode(f.Value("contactvorm"))
	}
	if _, err := h.svc.AddNote(r.Context(), request.Actor(r), id, n); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.journalPage(w, r, status, id, f)
		}
		return err
	}
	return h.redirect(w, r, "/casussen/"+id+"/journaal", "melding.journaal.toegevoegd")
}
