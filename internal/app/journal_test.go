package app_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// userByEmail returns a demo user.
func (f *fixture) userByEmail(t *testing.T, email string) *wijkregie.User {
	t.Helper()
	u, _, err := f.s.R().UserByEmail(f.ctx, demo.MunicipalityID, email)
	if err != nil {
		t.Fatalf("user %s: %v", email, err)
	}
	return u
}

// journalCase is a case of the documented professional's team with the
// professional as regisseur, and the documented partner and the others
// given involved.
func journalCase(t *testing.T, f *fixture, others ...string) *wijkregie.Case {
	t.Helper()
	pro, partner := f.users[wijkregie.RoleProfessional], f.users[wijkregie.RolePartner]
	h, _ := f.newHousehold(t, pro.TeamID, append([]string{pro.ID, partner.ID}, others...)...)
	c := &wijkregie.Case{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, TeamID: pro.TeamID, Status: wijkregie.CaseIntake,
		Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: pro.ID, CoordinatorID: pro.ID}
	if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateCase(f.ctx, c) }); err != nil {
		t.Fatal(err)
	}
	return c
}

// journalNote is a note dated today.
func journalNote(kind wijkregie.NoteKind, v wijkregie.Visibility, text string) *wijkregie.Note {
	n := &wijkregie.Note{Kind: kind, Date: start, Text: text, Visibility: v}
	if kind == wijkregie.NoteContact {
		n.Mode = wijkregie.ContactHomeVisit
	}
	return n
}

// TestJournal: every reader of the case reads exactly the notes
// policy.SeesNote allows them, in the page and in the total; each note
// read is audited; a note of "alleen ik" never reaches anyone else.
func TestJournal(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		colleague := wijkregie.ActorOf(f.userByEmail(t, "m.bakkali@duinhaven.example"))
		c := journalCase(t, f, colleague.UserID)
		pro, lead, partner := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead), f.actor(wijkregie.RolePartner)
		noord := wijkregie.ActorOf(f.userByEmail(t, "y.tahiri@duinhaven.example"))

		var notes []*wijkregie.Note
		write := func(a wijkregie.Actor, n *wijkregie.Note) {
			t.Helper()
			f.clock.Advance(time.Minute) // the newest first, on a day of several notes
			got, err := f.svc.AddNote(f.ctx, a, c.ID, n)
			if err != nil {
				t.Fatalf("AddNote by %s: %v", a.Role, err)
			}
			notes = append(notes, got)
		}
		var events []entry
		events = f.audited(t, func() { write(pro, journalNote(wijkregie.NoteProgress, wijkregie.VisibleToTeam, "Plan besproken")) })
		if diff := diffEntries(events, []entry{rec(pro, string(policy.WriteNote), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("audit of a note written (-got +want):\n%s", diff)
		}
		write(colleague, journalNote(wijkregie.NoteProgress, wijkregie.VisibleToMe, "Eigen werkaantekening"))
		write(partner, journalNote(wijkregie.NoteContact, wijkregie.VisibleToInvolved, "Op het spreekuur geweest"))
		write(lead, journalNote(wijkregie.NoteProgress, wijkregie.VisibleToMe, "Voor het teamoverleg"))
		write(pro, journalNote(wijkregie.NoteContact, wijkregie.VisibleToTeam, "Huisbezoek"))
		if notes[0].ID == "" || notes[0].AuthorID != pro.UserID || notes[0].CaseID != c.ID || !notes[0].Date.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("note as written: %+v", notes[0])
		}

		// A note is no edit of the case: its version stays, so nobody's
		// open form goes stale; a contact is the case's last contact.
		got, err := f.s.R().Case(f.ctx, demo.MunicipalityID, c.ID)
		if err != nil || got.Version != c.Version || !got.LastContact.Equal(notes[4].Date) {
			t.Errorf("case after the notes: version %d (was %d), last contact %v, %v", got.Version, c.Version, got.LastContact, err)
		}

		for _, r := range []struct {
			name   string
			reader wijkregie.Actor
			want   []int // indexes into notes, newest first
		}{
			{"regisseur", pro, []int{4, 2, 0}},
			{"colleague", colleague, []int{4, 2, 1, 0}},
			{"team lead", lead, []int{4, 3, 2, 0}},
			{"partner", partner, []int{2}},
		} {
			var view *app.JournalView
			var total int
			events := f.audited(t, func() {
				var err error
				if view, total, err = f.svc.Journal(f.ctx, r.reader, c.ID, store.Page{}); err != nil {
					t.Fatalf("Journal for the %s: %v", r.name, err)
				}
			})
			var gotIDs, wantIDs []string
			wantEvents := []entry{rec(r.reader, string(policy.ViewCase), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}
			for _, n := range view.Notes {
				gotIDs = append(gotIDs, n.ID)
				if !policy.SeesNote(r.reader, &n, &policy.CaseSubject{Case: c}, f.svc.Now()) {
					t.Errorf("the %s reads note %q, which SeesNote refuses", r.name, n.Text)
				}
			}
			for _, i := range r.want {
				wantIDs = append(wantIDs, notes[i].ID)
				wantEvents = append(wantEvents, rec(r.reader, "journaal.lezen", "notitie", notes[i].ID, "", app.PurposeTask, wijkregie.AuditAllowed))
			}
			if !slices.Equal(gotIDs, wantIDs) || total != len(r.want) {
				t.Errorf("the %s reads %v (total %d); want %v", r.name, gotIDs, total, wantIDs)
			}
			if diff := diffEntries(events, wantEvents); diff != "" {
				t.Errorf("audit of the %s's read (-got +want):\n%s", r.name, diff)
			}
			if !view.CanWrite || view.Users[notes[r.want[0]].AuthorID] == nil {
				t.Errorf("the %s: can write %v, authors %v", r.name, view.CanWrite, view.Users)
			}
		}
		// Paging keeps the total: the colleague's second page.
		view, total, err := f.svc.Journal(f.ctx, colleague, c.ID, store.Page{Limit: 2, Offset: 2})
		if err != nil || total != 4 || len(view.Notes) != 2 || view.Notes[0].ID != notes[1].ID {
			t.Errorf("second page: %d notes of %d, %v", len(view.Notes), total, err)
		}

		// Outside the case's scope: not found, and the refusal audited.
		events = f.audited(t, func() {
			if _, _, err := f.svc.Journal(f.ctx, noord, c.ID, store.Page{}); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("Journal for another team's professional: %v; want not found", err)
			}
			if _, err := f.svc.AddNote(f.ctx, noord, c.ID, journalNote(wijkregie.NoteProgress, wijkregie.VisibleToTeam, "x")); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("AddNote by another team's professional: %v; want not found", err)
			}
		})
		if diff := diffEntries(events, []entry{
			rec(noord, string(policy.ViewCase), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied),
			rec(noord, string(policy.WriteNote), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied),
		}); diff != "" {
			t.Errorf("audit of the refusals (-got +want):\n%s", diff)
		}
	})
}

// TestAddNoteBadInput: each bad note names its field; a closed case takes
// no notes.
func TestAddNoteBadInput(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		c := journalCase(t, f)
		pro := f.actor(wijkregie.RoleProfessional)
		for _, tc := range []struct {
			name  string
			edit  func(n *wijkregie.Note)
			field string
		}{
			{"no text", func(n *wijkregie.Note) { n.Text = "  " }, "tekst"},
			{"tomorrow", func(n *wijkregie.Note) { n.Date = start.AddDate(0, 0, 1) }, "datum"},
			{"no date", func(n *wijkregie.Note) { n.Date = time.Time{} }, "datum"},
			{"contact without mode", func(n *wijkregie.Note) { n.Mode = "" }, "contactvorm"},
			{"unknown visibility", func(n *wijkregie.Note) { n.Visibility = "iedereen" }, "zichtbaarheid"},
			{"unknown kind", func(n *wijkregie.Note) { n.Kind = "roddel"; n.Mode = "" }, "soort"},
		} {
			n := journalNote(wijkregie.NoteContact, wijkregie.VisibleToTeam, "Huisbezoek")
			tc.edit(n)
			_, err := f.svc.AddNote(f.ctx, pro, c.ID, n)
			if code(err) != wijkregie.EINVALID || !invalidField(err, tc.field) {
				t.Errorf("%s: %v; want invalid field %s", tc.name, err, tc.field)
			}
		}
		if _, total, err := f.svc.Journal(f.ctx, pro, c.ID, store.Page{}); err != nil || total != 0 {
			t.Errorf("journal after the refusals: %d notes, %v; want none", total, err)
		}
		closed := *c
		closed.Status, closed.ClosedAt, closed.ClosureReason = wijkregie.CaseClosed, start, wijkregie.ClosureMoved
		if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.UpdateCase(f.ctx, &closed) }); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.AddNote(f.ctx, pro, c.ID, journalNote(wijkregie.NoteProgress, wijkregie.VisibleToTeam, "Na afsluiting")); code(err) != wijkregie.ECONFLICT {
			t.Errorf("a note on a closed case: %v; want a conflict", err)
		}
	})
}

// invalidField reports whether err is a validation error naming field.
func invalidField(err error, field string) bool {
	var e *wijkregie.Error
	if !errors.As(err, &e) {
		return false
	}
	for _, f := range e.Fields {
		if f.Name == field {
			return true
		}
	}
	return false
}
