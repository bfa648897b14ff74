package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// emergencyFor records an emergency access of the user to the case,
// taken now.
func emergencyFor(t *testing.T, s *store.Store, c *wijkregie.Case, userID string) *wijkregie.EmergencyAccess {
	t.Helper()
	e, err := wijkregie.NewEmergencyAccess(c.MunicipalityID, c.ID, c.HouseholdID, userID, "Crisisdienst: de regisseur is ziek en moeder belt.", s.Now())
	if err != nil {
		t.Fatal(err)
	}
	mustTx(t, s, func(q *store.Q) error { return q.CreateEmergencyAccess(context.Background(), e) })
	return e
}

// TestEmergencyAccessReadsBack: an access is stored whole, unreviewed, at
// version 1, with its window to the microsecond in UTC; one of another
// municipality, or an unknown one, is not found; a case that does not
// exist is refused.
func TestEmergencyAccessReadsBack(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		e := emergencyFor(t, s, c, ct.pro2.ID)
		if e.Version != 1 || !wijkregie.ValidID(e.ID) || !e.Start.Equal(kept(start)) || !e.End.Equal(kept(start).Add(8*time.Hour)) {
			t.Errorf("created %+v; want version 1, an id, now plus 8 hours", e)
		}
		got, err := s.R().EmergencyAccess(ctx, ct.m, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, e); diff != "" {
			t.Errorf("reads back changed (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		if got.Reviewed() {
			t.Error("a new access reads back reviewed")
		}
		if _, err := s.R().EmergencyAccess(ctx, "GM0002", e.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("another municipality's: %v; want not found", err)
		}
		if _, err := s.R().EmergencyAccess(ctx, ct.m, wijkregie.NewID(start)); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("an unknown one: %v; want not found", err)
		}
		bad := *e
		bad.CaseID = wijkregie.NewID(start)
		wantCode(t, tryTx(s, func(q *store.Q) error { return q.CreateEmergencyAccess(ctx, &bad) }), wijkregie.ENOTFOUND)
	})
}

// TestEmergencyAccessList: those still to review come first, each group
// newest first; the filter keeps one group; pages and the total agree;
// another municipality's never show.
func TestEmergencyAccessList(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		other := newCaseTeam(t, s, "GM0002")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		oc := other.newCaseOn(t, s, other.household, wijkregie.CaseRegistered, "")
		privacy := newUser(t, s, ct.m, "privacy@GM0001.example", wijkregie.RolePrivacy, "", "")
		var all []*wijkregie.EmergencyAccess
		for range 4 {
			all = append(all, emergencyFor(t, s, c, ct.pro2.ID))
			clk.Advance(time.Hour)
		}
		emergencyFor(t, s, oc, other.pro2.ID)
		// The oldest and the third are reviewed.
		for _, e := range []*wijkregie.EmergencyAccess{all[0], all[2]} {
			if err := e.Review(privacy.ID, wijkregie.VerdictJustified, "", s.Now()); err != nil {
				t.Fatal(err)
			}
			mustTx(t, s, func(q *store.Q) error { return q.ReviewEmergencyAccess(ctx, e) })
		}
		list := func(f store.EmergencyFilter) ([]string, int) {
			t.Helper()
			es, total, err := s.R().EmergencyAccesses(ctx, ct.m, f)
			if err != nil {
				t.Fatal(err)
			}
			wantUTC(t, es)
			return ids(es, func(e wijkregie.EmergencyAccess) string { return e.ID }), total
		}
		yes, no := true, false
		for _, tt := range []struct {
			name  string
			f     store.EmergencyFilter
			want  []string
			total int
		}{
			{"all", store.EmergencyFilter{}, []string{all[3].ID, all[1].ID, all[2].ID, all[0].ID}, 4},
			{"to review", store.EmergencyFilter{Reviewed: &no}, []string{all[3].ID, all[1].ID}, 2},
			{"reviewed", store.EmergencyFilter{Reviewed: &yes}, []string{all[2].ID, all[0].ID}, 2},
			{"second page", store.EmergencyFilter{Page: store.Page{Offset: 1, Limit: 2}}, []string{all[1].ID, all[2].ID}, 4},
		} {
			got, total := list(tt.f)
			if diff := cmp.Diff(got, tt.want); diff != "" || total != tt.total {
				t.Errorf("%s: total %d, want %d (-got +want):\n%s", tt.name, total, tt.total, diff)
			}
		}
	})
}

// TestEmergencyAccessReviewOnce: the review is written over the version
// read and only once; a second review, or one over a stale version, is a
// conflict that writes nothing.
func TestEmergencyAccessReviewOnce(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		privacy := newUser(t, s, ct.m, "privacy@GM0001.example", wijkregie.RolePrivacy, "", "")
		e := emergencyFor(t, s, c, ct.pro2.ID)
		clk.Advance(24 * time.Hour)
		first, second := *e, *e
		if err := first.Review(privacy.ID, wijkregie.VerdictUnjustified, "Geen spoed: de regisseur was bereikbaar.", s.Now()); err != nil {
			t.Fatal(err)
		}
		mustTx(t, s, func(q *store.Q) error { return q.ReviewEmergencyAccess(ctx, &first) })
		if first.Version != 2 {
			t.Errorf("version after the review %d; want 2", first.Version)
		}
		got, err := s.R().EmergencyAccess(ctx, ct.m, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, &first); diff != "" {
			t.Errorf("the review reads back changed (-got +want):\n%s", diff)
		}
		// Another privacy officer had the page open on the old version.
		if err := second.Review(privacy.ID, wijkregie.VerdictJustified, "", s.Now()); err != nil {
			t.Fatal(err)
		}
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.ReviewEmergencyAccess(ctx, &second) }), "fout.noodtoegang.al_beoordeeld")
		// A stale version of an unreviewed access is a change meanwhile.
		other := emergencyFor(t, s, c, ct.pro2.ID)
		stale := *other
		stale.Version = 7
		if err := stale.Review(privacy.ID, wijkregie.VerdictJustified, "", s.Now()); err != nil {
			t.Fatal(err)
		}
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.ReviewEmergencyAccess(ctx, &stale) }), "fout.noodtoegang.gewijzigd")
		if got, _ := s.R().EmergencyAccess(ctx, ct.m, other.ID); got.Reviewed() {
			t.Error("a refused review was written")
		}
	})
}

// TestCurrentEmergencyAccess: a user's access to a case holds from its
// start until its end, not for another user or case.
func TestCurrentEmergencyAccess(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		e := emergencyFor(t, s, c, ct.pro2.ID)
		for _, tt := range []struct {
			name       string
			user, kase string
			at         time.Time
			want       bool
		}{
			{"at the start", ct.pro2.ID, c.ID, e.Start, true},
			{"just before the end", ct.pro2.ID, c.ID, e.End.Add(-time.Microsecond), true},
			{"at the end", ct.pro2.ID, c.ID, e.End, false},
			{"before", ct.pro2.ID, c.ID, e.Start.Add(-time.Second), false},
			{"another user", ct.pro.ID, c.ID, e.Start, false},
			{"another case", ct.pro2.ID, wijkregie.NewID(start), e.Start, false},
		} {
			got, err := s.R().CurrentEmergencyAccess(ctx, ct.m, tt.user, tt.kase, tt.at)
			switch {
			case tt.want && (err != nil || got.ID != e.ID):
				t.Errorf("%s: %v, %v; want the access", tt.name, got, err)
			case !tt.want && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
				t.Errorf("%s: %v, %v; want not found", tt.name, got, err)
			}
		}
	})
}

// TestEmergencyAuditTrail: the trail holds the user's records on the
// case, the household, its members (past ones too) and the case's notes,
// within the window, oldest first; not another user's, not another
// household's, not before or after.
func TestEmergencyAuditTrail(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct := newCaseTeam(t, s, "GM0001")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseRegistered, "")
		mother, former := newPerson(t, s, ct.m, "Jansen", ""), newPerson(t, s, ct.m, "Jansen", "")
		stranger := newPerson(t, s, ct.m, "Pietersen", "")
		addMember(t, s, ct.m, ct.household, mother.ID, wijkregie.RelationParent, day(2020, 1, 1), time.Time{})
		addMember(t, s, ct.m, ct.household, former.ID, wijkregie.RelationChild, day(2020, 1, 1), day(2025, 6, 30))
		note := newNote(t, s, c, ct.lead.ID, wijkregie.NoteProgress, day(2026, 3, 13), wijkregie.VisibleToInvolved)
		otherHousehold := newHousehold(t, s, ct.m, ct.team, "2581AA", 2).ID
		pro2 := wijkregie.Actor{MunicipalityID: ct.m, UserID: ct.pro2.ID, Role: wijkregie.RoleProfessional, TeamID: ct.team}
		pro := wijkregie.Actor{MunicipalityID: ct.m, UserID: ct.pro.ID, Role: wijkregie.RoleProfessional, TeamID: ct.team}
		log := func(a wijkregie.Actor, evs ...wijkregie.Event) {
			t.Helper()
			recs := make([]wijkregie.AuditRecord, len(evs))
			for i, ev := range evs {
				recs[i] = a.Record(ev)
			}
			mustTx(t, s, func(q *store.Q) error { return q.AppendAudit(ctx, recs...) })
		}
		readCase := wijkregie.Event{Action: "casus.lezen", SubjectKind: "casus", SubjectID: c.ID}
		log(pro2, readCase) // before the window
		clk.Advance(time.Minute)
		e := emergencyFor(t, s, c, ct.pro2.ID)
		log(pro2, wijkregie.Event{Action: "nood-toegang.aanvragen", SubjectKind: "casus", SubjectID: c.ID, Purpose: "nood-toegang"})
		clk.Advance(time.Minute)
		log(pro2, readCase,
			wijkregie.Event{Action: "huishouden.lezen", SubjectKind: "huishouden", SubjectID: ct.household},
			wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: mother.ID, PersonID: mother.ID},
			wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: former.ID, PersonID: former.ID},
			wijkregie.Event{Action: "journaal.lezen", SubjectKind: "notitie", SubjectID: note.ID},
			wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: stranger.ID, PersonID: stranger.ID},
			wijkregie.Event{Action: "huishouden.lezen", SubjectKind: "huishouden", SubjectID: otherHousehold},
			wijkregie.Event{Action: "huishoudens.zoeken", SubjectKind: "huishouden"})
		log(pro, readCase) // another user
		clk.Advance(8 * time.Hour)
		log(pro2, readCase) // after the window
		trail, total, err := s.R().EmergencyAuditTrail(ctx, e, store.Page{})
		if err != nil {
			t.Fatal(err)
		}
		wantUTC(t, trail)
		type row struct{ Action, Subject, Person string }
		var got []row
		for _, r := range trail {
			if r.UserID != ct.pro2.ID {
				t.Errorf("record %d of another user %s", r.Seq, r.UserID)
			}
			got = append(got, row{r.Action, r.SubjectID, r.PersonID})
		}
		want := []row{
			{"nood-toegang.aanvragen", c.ID, ""},
			{"casus.lezen", c.ID, ""},
			{"huishouden.lezen", ct.household, ""},
			{"persoon.lezen", mother.ID, mother.ID},
			{"persoon.lezen", former.ID, former.ID},
			{"journaal.lezen", note.ID, ""},
		}
		if diff := cmp.Diff(got, want); diff != "" || total != len(want) {
			t.Errorf("trail of %d (-got +want):\n%s", total, diff)
		}
		page, total, err := s.R().EmergencyAuditTrail(ctx, e, store.Page{Offset: 4, Limit: 1})
		if err != nil || total != len(want) || len(page) != 1 || page[0].SubjectID != former.ID {
			t.Errorf("page 5 of 1: %v of %d (%v); want the former member's record of %d", page, total, err, len(want))
		}
	})
}
