package app

import (
	"context"
	"strings"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// actionReadNote is the audit action of a journal note shown to its
// reader: the note's text is personal data, so each one read is recorded.
const actionReadNote = "journaal.lezen"

// JournalView is the part of a case's journal the actor may read.
type JournalView struct {
	Case     *wijkregie.Case
	Notes    []wijkregie.Note // newest first; only those policy.SeesNote allows
	Users    map[string]*wijkregie.User
	CanWrite bool
}

// Journal returns the notes of a case the actor may read (policy
// ViewCase, then SeesNote per note — in SQL through policy.NoteScope, so
// the count and paging agree), with the total. Each note shown is
// audited.
func (s *Service) Journal(ctx context.Context, actor wijkregie.Actor, caseID string, page store.Page) (*JournalView, int, error) {
	subj, err := s.decidedCase(ctx, actor, policy.ViewCase, caseID)
	if err != nil {
		return nil, 0, err
	}
	r, c := s.store.R(), subj.Case
	notes, total, err := r.CaseNotesByAuthors(ctx, actor.MunicipalityID, c.ID, actor.UserID, policy.NoteScope(actor, subj, s.Now()),
		policy.NoteAuthorsOf(actor, subj, s.Now()), page)
	if err != nil {
		return nil, 0, err
	}
	v := &JournalView{Case: c, Notes: notes, CanWrite: c.Open() && policy.DecideCase(actor, policy.WriteNote, subj, s.Now()) == nil}
	ids := make([]string, 0, len(notes))
	for _, n := range notes {
		ids = append(ids, n.AuthorID)
	}
	if v.Users, err = r.UsersByID(ctx, actor.MunicipalityID, compact(ids)); err != nil {
		return nil, 0, err
	}
	events := make([]wijkregie.Event, 0, len(notes)+1)
	events = append(events, caseEvent(c.ID))
	for _, n := range notes {
		events = append(events, wijkregie.Event{Action: actionReadNote, SubjectKind: "notitie", SubjectID: n.ID, Purpose: PurposeTask})
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, 0, err
	}
	return v, total, nil
}

// AddNote writes a note in a case's journal (policy WriteNote); id,
// author and time are set here. A contact note moves the case's last
// contact day forward (never back), which the stagnation check reads.
func (s *Service) AddNote(ctx context.Context, actor wijkregie.Actor, caseID string, n *wijkregie.Note) (*wijkregie.Note, error) {
	if err := s.allow(actor, policy.WriteNote); err != nil {
		return nil, err
	}
	n.Text = strings.TrimSpace(n.Text)
	n.Date = dayOf(n.Date)
	if err := n.Validate(wijkregie.Today(s.Now())); err != nil {
		return nil, err
	}
	// The case's version is not asked for: a note changes nothing a
	// reader of the case decided on, and changeCase writes no new version.
	_, err := s.changeCase(ctx, actor, policy.WriteNote, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		n.MunicipalityID, n.CaseID, n.AuthorID = c.MunicipalityID, c.ID, actor.UserID
		return q.CreateNote(ctx, n)
	})
	if err != nil {
		return nil, err
	}
	return n, nil
}
