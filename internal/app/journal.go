package app

import (
	"context"

	"wijkregie"
	"wijkregie/internal/store"
)

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
	panic("unimplemented: issue 4 core")
}

// AddNote writes a note in a case's journal (policy WriteNote); id,
// author and time are set here. A contact note moves the case's last
// contact day forward (never back), which the stagnation check reads.
func (s *Service) AddNote(ctx context.Context, actor wijkregie.Actor, caseID string, n *wijkregie.Note) (*wijkregie.Note, error) {
	panic("unimplemented: issue 4 core")
}
