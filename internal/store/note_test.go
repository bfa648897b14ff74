package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// newNote writes a journal note on a case and returns it.
func newNote(t *testing.T, s *store.Store, c *wijkregie.Case, author string, kind wijkregie.NoteKind, day time.Time, v wijkregie.Visibility) *wijkregie.Note {
	t.Helper()
	n := &wijkregie.Note{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: kind, Date: day, Text: "Gesprek met moeder", Visibility: v, AuthorID: author}
	if kind == wijkregie.NoteContact {
		n.Mode = wijkregie.ContactHomeVisit
	}
	mustTx(t, s, func(q *store.Q) error { return q.CreateNote(t.Context(), n) })
	return n
}

// TestJournalVisibility: a reader gets their own notes and the
// visibilities the policy gives them, in the page and in its total alike,
// the latest day first; nobody else's "alleen ik" note ever appears.
func TestJournalVisibility(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseIntake, ct.pro.ID)
		team := newNote(t, s, c, ct.pro.ID, wijkregie.NoteProgress, day(2026, 3, 10), wijkregie.VisibleToTeam)
		clk.Advance(time.Minute)
		private := newNote(t, s, c, ct.pro2.ID, wijkregie.NoteProgress, day(2026, 3, 12), wijkregie.VisibleToMe)
		clk.Advance(time.Minute)
		all := newNote(t, s, c, ct.lead.ID, wijkregie.NoteContact, day(2026, 3, 11), wijkregie.VisibleToInvolved)
		clk.Advance(time.Minute)
		mine := newNote(t, s, c, ct.pro.ID, wijkregie.NoteProgress, day(2026, 3, 11), wijkregie.VisibleToMe)

		got, total, err := s.R().CaseNotes(ctx, ct.m, c.ID, ct.pro.ID, policy.NoteScope(wijkregie.ActorOf(ct.pro), &policy.CaseSubject{Case: c}, start), store.Page{})
		if err != nil {
			t.Fatal(err)
		}
		// Same day: the later written first.
		if diff := cmp.Diff(ids(got, func(n wijkregie.Note) string { return n.ID }), []string{mine.ID, all.ID, team.ID}); diff != "" || total != 3 {
			t.Errorf("the regisseur's journal (total %d) (-got +want):\n%s", total, diff)
		}
		if diff := cmp.Diff(got[1], *all); diff != "" {
			t.Errorf("note reads back changed (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		// The author of the private note sees it; paging keeps the total.
		got, total, err = s.R().CaseNotes(ctx, ct.m, c.ID, ct.pro2.ID, policy.NoteScope(wijkregie.ActorOf(ct.pro2), &policy.CaseSubject{Case: c}, start), store.Page{Limit: 1, Offset: 0})
		if err != nil || total != 3 || len(got) != 1 || got[0].ID != private.ID {
			t.Errorf("pro2's first page: %v (total %d), %v; want the private note of 3", ids(got, func(n wijkregie.Note) string { return n.ID }), total, err)
		}
		// A reader with no visibility at all gets only their own.
		got, total, err = s.R().CaseNotes(ctx, ct.m, c.ID, ct.lead.ID, nil, store.Page{})
		if err != nil || total != 1 || len(got) != 1 || got[0].ID != all.ID {
			t.Errorf("own notes only: %d notes (total %d), %v; want the lead's one", len(got), total, err)
		}
		// Another municipality reads nothing of it.
		newMunicipality(t, s, "GM0002")
		got, total, err = s.R().CaseNotes(ctx, "GM0002", c.ID, ct.pro.ID, wijkregie.Visibilities, store.Page{})
		if err != nil || total != 0 || len(got) != 0 {
			t.Errorf("another municipality: %d notes (total %d), %v", len(got), total, err)
		}
		// A note on a case that does not exist is not found.
		err = tryTx(s, func(q *store.Q) error {
			return q.CreateNote(ctx, &wijkregie.Note{MunicipalityID: ct.m, CaseID: wijkregie.NewID(start), Kind: wijkregie.NoteProgress,
				Date: day(2026, 3, 1), Text: "x", Visibility: wijkregie.VisibleToTeam, AuthorID: ct.pro.ID})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

// TestContactNoteMovesLastContact: a contact note moves the case's last
// contact forward, never back; a progress note does not; and the case's
// version stays, so nobody's open form on the case goes stale.
func TestContactNoteMovesLastContact(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, _ *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseIntake, ct.pro.ID)
		lastContact := func() time.Time {
			t.Helper()
			got, err := s.R().Case(ctx, ct.m, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != c.Version {
				t.Errorf("case version %d after a note; want %d", got.Version, c.Version)
			}
			return got.LastContact
		}
		newNote(t, s, c, ct.pro.ID, wijkregie.NoteProgress, day(2026, 3, 5), wijkregie.VisibleToTeam)
		if got := lastContact(); !got.IsZero() {
			t.Errorf("last contact after a progress note = %v; want none", got)
		}
		for _, step := range []struct{ note, want time.Time }{
			{day(2026, 3, 5), day(2026, 3, 5)},
			{day(2026, 3, 9), day(2026, 3, 9)},
			{day(2026, 3, 2), day(2026, 3, 9)}, // an older contact written later: never back
		} {
			newNote(t, s, c, ct.pro2.ID, wijkregie.NoteContact, step.note, wijkregie.VisibleToMe)
			if got := lastContact(); !got.Equal(step.want) || got.Location() != time.UTC {
				t.Errorf("after a contact on %s: last contact %v; want %v", step.note.Format(time.DateOnly), got, step.want)
			}
		}
		// A change of the case over the version read before the contacts
		// (the note raised no version) keeps the contact noted meanwhile.
		c.Status = wijkregie.CasePlan
		mustTx(t, s, func(q *store.Q) error { return q.UpdateCase(ctx, c) })
		if got, err := s.R().Case(ctx, ct.m, c.ID); err != nil || got.Status != wijkregie.CasePlan || !got.LastContact.Equal(day(2026, 3, 9)) {
			t.Errorf("after a change of the case: %+v, %v; want it changed, last contact still 9 March", got, err)
		}
	})
}
