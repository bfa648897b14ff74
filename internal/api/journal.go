package api

import (
	"net/http"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
)

// Notitie is a line of a case's journal: a contact with the family or a
// step of progress. A note is never changed; a correction is a new note.
// Who reads it besides its author follows zichtbaarheid.
type Notitie struct {
	ID            string    `json:"id"`
	Soort         string    `json:"soort"`
	Contactvorm   *string   `json:"contactvorm"`
	Datum         string    `json:"datum"`
	Tekst         string    `json:"tekst"`
	Zichtbaarheid string    `json:"zichtbaarheid"`
	Auteur        string    `json:"auteur"`
	AuteurNaam    string    `json:"auteurNaam"`
	AangemaaktOp  time.Time `json:"aangemaaktOp"`
}

// NotitieNieuw is the body of a new note.
type NotitieNieuw struct {
	Soort         string `json:"soort"`
	Contactvorm   string `json:"contactvorm"`
	Datum         string `json:"datum"`
	Tekst         string `json:"tekst"`
	Zichtbaarheid string `json:"zichtbaarheid"`
}

func notitie(n *wijkregie.Note, users map[string]*wijkregie.User) Notitie {
	out := Notitie{ID: n.ID, Soort: string(n.Kind), Contactvorm: orNil(string(n.Mode)), Datum: dayOf(n.Date), Tekst: n.Text,
		Zichtbaarheid: string(n.Visibility), Auteur: n.AuthorID, AangemaaktOp: utc(n.CreatedAt)}
	if u, ok := users[n.AuthorID]; ok && u != nil {
		out.AuteurNaam = u.Name
	}
	return out
}

// listNotes pages the notes of a case the actor may read, newest first;
// the use case filters them in SQL, so the count and pages agree with
// what is shown.
func (h *Handler) listNotes(w http.ResponseWriter, r *http.Request) error {
	var iv wijkregie.Invalid
	p := parsePage(r, &iv)
	if err := iv.Err(); err != nil {
		return err
	}
	v, total, err := h.svc.Journal(r.Context(), request.Actor(r), r.PathValue("id"), p.store())
	if err != nil {
		return err
	}
	out := make([]Notitie, len(v.Notes))
	for i := range v.Notes {
		out[i] = notitie(&v.Notes[i], v.Users)
	}
	return writeList(w, r, out, p, total)
}

// createNote writes a note. It has no address of its own: a note is read
// in its journal, as far as its visibility allows.
func (h *Handler) createNote(w http.ResponseWriter, r *http.Request) error {
	var in NotitieNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var v wijkregie.Invalid
	n := &wijkregie.Note{Kind: wijkregie.NoteKind(in.Soort), Mode: wijkregie.ContactMode(strings.TrimSpace(in.Contactvorm)),
		Date: dateIn(&v, "datum", in.Datum), Text: in.Tekst, Visibility: wijkregie.Visibility(in.Zichtbaarheid)}
	if err := invalidWith(&v, func() error { return n.Validate(h.today()) }); err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	saved, err := h.svc.AddNote(ctx, actor, r.PathValue("id"), n)
	if err != nil {
		return err
	}
	author := map[string]*wijkregie.User{}
	if u, err := h.svc.User(ctx, actor, saved.AuthorID); err == nil {
		author[u.ID] = u
	}
	return writeResource(w, r, http.StatusCreated, notitie(saved, author))
}
