package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// TestCapacityStore: a team's capacities on both engines — its active
// professionals and leads by name, each with the hours set or none; a
// set replaces the one before and says who and when; clearing makes it
// not set again; a bad value and an unknown user are refused; the totals
// per team are known only when every member has one; the norm's settings
// are kept with the others.
func TestCapacityStore(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		const m = "GM0001"
		newMunicipality(t, s, m)
		centrum, noord := newTeam(t, s, m, "Centrum", "1011"), newTeam(t, s, m, "Noord", "1021")
		anna := newUser(t, s, m, "anna@wijkteam.example", wijkregie.RoleProfessional, centrum.ID, "")
		bert := newUser(t, s, m, "bert@wijkteam.example", wijkregie.RoleTeamLead, centrum.ID, "")
		gone := newUser(t, s, m, "gone@wijkteam.example", wijkregie.RoleProfessional, centrum.ID, "")
		gone.Active = false
		mustTx(t, s, func(q *store.Q) error { return q.UpdateUser(ctx, gone) })
		org := newOrganisation(t, s, m, "GGZ", wijkregie.OrgGGZ)
		newUser(t, s, m, "cor@ggz.example", wijkregie.RolePartner, "", org.ID)
		noordPro := newUser(t, s, m, "dirk@wijkteam.example", wijkregie.RoleProfessional, noord.ID, "")

		type row struct {
			User    string
			Minutes int
			Set     bool
			SetBy   string
			SetAt   time.Time
		}
		read := func(team string) []row {
			t.Helper()
			ms, err := s.R().TeamCapacities(ctx, m, team)
			if err != nil {
				t.Fatal(err)
			}
			var out []row
			for _, mc := range ms {
				r := row{User: mc.User.Name}
				if mc.Capacity != nil {
					r.Minutes, r.Set, r.SetBy, r.SetAt = mc.Capacity.Minutes, true, mc.Capacity.SetBy, mc.Capacity.SetAt
					if mc.Capacity.UserID != mc.User.ID || mc.Capacity.MunicipalityID != m {
						t.Errorf("capacity of %s names %s in %s", mc.User.ID, mc.Capacity.UserID, mc.Capacity.MunicipalityID)
					}
				}
				out = append(out, r)
			}
			return out
		}
		// Neither the inactive professional nor the partner is a member.
		if diff := cmp.Diff(read(centrum.ID), []row{{User: "anna"}, {User: "bert"}}); diff != "" {
			t.Errorf("before (-got +want):\n%s", diff)
		}

		set := func(u *wijkregie.User, minutes int) error {
			return tryTx(s, func(q *store.Q) error {
				return q.SetCapacity(ctx, &wijkregie.Capacity{MunicipalityID: m, UserID: u.ID, Minutes: minutes, SetBy: bert.ID})
			})
		}
		if err := set(anna, 32*60+30); err != nil {
			t.Fatal(err)
		}
		first := onClock(c.Now())
		c.Advance(time.Hour)
		if err := set(bert, 8*60); err != nil {
			t.Fatal(err)
		}
		second := onClock(c.Now())
		want := []row{{User: "anna", Minutes: 1950, Set: true, SetBy: bert.ID, SetAt: first}, {User: "bert", Minutes: 480, Set: true, SetBy: bert.ID, SetAt: second}}
		if diff := cmp.Diff(read(centrum.ID), want); diff != "" {
			t.Errorf("after setting (-got +want):\n%s", diff)
		}
		// Setting again replaces: one row, the new value and moment.
		c.Advance(time.Hour)
		if err := set(anna, 0); err != nil {
			t.Fatal(err)
		}
		want[0].Minutes, want[0].SetAt = 0, onClock(c.Now())
		if diff := cmp.Diff(read(centrum.ID), want); diff != "" {
			t.Errorf("after replacing (-got +want):\n%s", diff)
		}
		ms, err := s.R().TeamCapacities(ctx, m, centrum.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantUTC(t, ms[0].Capacity.SetAt)

		// Out of range, not a half hour, an unknown user.
		for _, bad := range []int{-30, 40*60 + 30, 45} {
			if err := set(anna, bad); wijkregie.ErrorCode(err) != wijkregie.EINVALID {
				t.Errorf("%d minutes: %v, want invalid", bad, err)
			} else {
				wantFields(t, err, "urenPerWeek")
			}
		}
		ghost := &wijkregie.User{ID: wijkregie.NewID(c.Now())}
		wantCode(t, set(ghost, 60), wijkregie.ENOTFOUND)
		if diff := cmp.Diff(read(centrum.ID), want); diff != "" {
			t.Errorf("a refused change changed (-got +want):\n%s", diff)
		}

		// Totals: Centrum has both set, Noord none; one team alone.
		totals := func(team string) []store.TeamCapacityTotal {
			t.Helper()
			got, err := s.R().CapacityTotals(ctx, m, team)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		byTeam := func(ts []store.TeamCapacityTotal) map[string]store.TeamCapacityTotal {
			out := map[string]store.TeamCapacityTotal{}
			for _, x := range ts {
				out[x.TeamID] = x
			}
			return out
		}
		got := byTeam(totals(""))
		wantTotals := map[string]store.TeamCapacityTotal{
			centrum.ID: {TeamID: centrum.ID, Members: 2, Set: 2, Minutes: 480},
			noord.ID:   {TeamID: noord.ID, Members: 1, Set: 0, Minutes: 0},
		}
		if diff := cmp.Diff(got, wantTotals); diff != "" {
			t.Errorf("totals (-got +want):\n%s", diff)
		}
		if !got[centrum.ID].Known() || got[noord.ID].Known() {
			t.Errorf("known: Centrum %v, Noord %v", got[centrum.ID].Known(), got[noord.ID].Known())
		}
		if diff := cmp.Diff(totals(noord.ID), []store.TeamCapacityTotal{wantTotals[noord.ID]}); diff != "" {
			t.Errorf("Noord's total (-got +want):\n%s", diff)
		}

		// Clearing: not set again, and again is no error.
		for range 2 {
			mustTx(t, s, func(q *store.Q) error { return q.ClearCapacity(ctx, m, anna.ID) })
		}
		want[0] = row{User: "anna"}
		if diff := cmp.Diff(read(centrum.ID), want); diff != "" {
			t.Errorf("after clearing (-got +want):\n%s", diff)
		}
		if got := byTeam(totals(""))[centrum.ID]; got.Known() || got.Set != 1 || got.Minutes != 480 {
			t.Errorf("Centrum after clearing: %+v", got)
		}
		// A professional who moves to another team takes the hours along.
		if err := set(noordPro, 36*60); err != nil {
			t.Fatal(err)
		}
		noordPro.TeamID = centrum.ID
		mustTx(t, s, func(q *store.Q) error { return q.UpdateUser(ctx, noordPro) })
		if got := byTeam(totals(""))[centrum.ID]; got.Members != 3 || got.Minutes != 480+36*60 {
			t.Errorf("Centrum with Dirk: %+v", got)
		}

		// The norm's settings: the defaults, then what beheer saves.
		st, err := s.R().Settings(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		if st.FTEHours != 36 || st.NormPerFTE != 30 {
			t.Errorf("default norm %d h, %d points", st.FTEHours, st.NormPerFTE)
		}
		st.FTEHours, st.NormPerFTE, st.UpdatedBy = 38, 42, bert.ID
		mustTx(t, s, func(q *store.Q) error { return q.SaveSettings(ctx, &st) })
		st.FTEHours = 41
		err = tryTx(s, func(q *store.Q) error { return q.SaveSettings(ctx, &st) })
		wantFields(t, err, "urenPerFte")
		if st, err = s.R().Settings(ctx, m); err != nil || st.FTEHours != 38 || st.NormPerFTE != 42 || st.Version != 1 {
			t.Errorf("saved norm: %d h, %d points, version %d, %v", st.FTEHours, st.NormPerFTE, st.Version, err)
		}
	})
}
