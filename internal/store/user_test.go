package store_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

func TestUserRoundTrip(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		team := newTeam(t, s, "GM0001", "Zuid")
		org := newOrganisation(t, s, "GM0001", "Schuldhulp Zuid", wijkregie.OrgSchuldhulp)
		u := &wijkregie.User{MunicipalityID: "GM0001", Email: "  Anna.de.Vries@Wijkteam.example ", Name: "Anna de Vries",
			Role: wijkregie.RoleProfessional, TeamID: team.ID, OrganisationID: org.ID, Expertise: []string{"jeugd", "schulden"}}
		mustTx(t, s, func(q *store.Q) error { return q.CreateUser(ctx, u, "argon2id$geheim") })
		if u.Email != "anna.de.vries@wijkteam.example" || !u.Active || !wijkregie.ValidID(u.ID) || !u.CreatedAt.Equal(onClock(start)) {
			t.Errorf("CreateUser set Email=%q Active=%v ID=%q CreatedAt=%v; want the normalised address, active, an id and the store clock",
				u.Email, u.Active, u.ID, u.CreatedAt)
		}
		// NULL team and organisation, no expertise: read back as zero values.
		admin := newUser(t, s, "GM0001", "beheer@gemeente.example", wijkregie.RoleAdmin, "", "")

		got, err := s.R().User(ctx, "GM0001", u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, u); diff != "" {
			t.Errorf("User (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		got, err = s.R().User(ctx, "GM0001", admin.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, admin); diff != "" {
			t.Errorf("User without team or organisation (-got +want):\n%s", diff)
		}

		got, hash, err := s.R().UserByEmail(ctx, "GM0001", "ANNA.de.vries@wijkteam.example ")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, u); diff != "" {
			t.Errorf("UserByEmail (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		if hash != "argon2id$geheim" {
			t.Errorf("UserByEmail hash = %q, want %q", hash, "argon2id$geheim")
		}
		_, _, err = s.R().UserByEmail(ctx, "GM0001", "niemand@wijkteam.example")
		wantCode(t, err, wijkregie.ENOTFOUND)
		_, err = s.R().User(ctx, "GM0001", wijkregie.NewID(start))
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

func TestUserErrors(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		team := newTeam(t, s, "GM0001", "Zuid")
		newUser(t, s, "GM0001", "anna@wijkteam.example", wijkregie.RoleProfessional, team.ID, "")
		create := func(u wijkregie.User) error {
			u.MunicipalityID = "GM0001"
			return tryTx(s, func(q *store.Q) error { return q.CreateUser(ctx, &u, "h") })
		}

		// The unique index decides, after normalisation: case does not matter.
		err := create(wijkregie.User{Email: "Anna@WIJKTEAM.example", Name: "Anna twee", Role: wijkregie.RoleAdmin})
		wantFields(t, err, "email")
		err = create(wijkregie.User{Email: "bert@wijkteam.example", Name: "Bert", Role: wijkregie.RoleProfessional, TeamID: wijkregie.NewID(start)})
		wantFields(t, err, "team")
		err = create(wijkregie.User{Email: "cor@partner.example", Name: "Cor", Role: wijkregie.RolePartner, OrganisationID: wijkregie.NewID(start)})
		wantFields(t, err, "organisatie")
		// A real team and an unknown organisation: the organisation is named,
		// on PostgreSQL too, where a failed statement ends the transaction.
		err = create(wijkregie.User{Email: "dirk@wijkteam.example", Name: "Dirk", Role: wijkregie.RoleProfessional, TeamID: team.ID, OrganisationID: wijkregie.NewID(start)})
		wantFields(t, err, "organisatie")
		// A team of another municipality is unknown here.
		newMunicipality(t, s, "GM0002")
		other := newTeam(t, s, "GM0002", "Elders")
		err = create(wijkregie.User{Email: "eva@wijkteam.example", Name: "Eva", Role: wijkregie.RoleProfessional, TeamID: other.ID})
		wantFields(t, err, "team")
		err = create(wijkregie.User{Email: "geen-adres", Name: "", Role: "koning"})
		wantFields(t, err, "email", "naam", "rol")
	})
}

func TestUpdateUserAndSetPassword(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		zuid := newTeam(t, s, "GM0001", "Zuid")
		noord := newTeam(t, s, "GM0001", "Noord")
		u := newUser(t, s, "GM0001", "anna@wijkteam.example", wijkregie.RoleProfessional, zuid.ID, "")

		changed := *u
		changed.Name, changed.Role, changed.TeamID, changed.Expertise, changed.Active = "Anna Jansen", wijkregie.RoleTeamLead, noord.ID, []string{"ggz"}, false
		changed.Email = "ander@wijkteam.example" // the login name stays what it was
		mustTx(t, s, func(q *store.Q) error { return q.UpdateUser(ctx, &changed) })
		got, err := s.R().User(ctx, "GM0001", u.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := changed
		want.Email = u.Email
		if diff := cmp.Diff(got, &want); diff != "" {
			t.Errorf("User after UpdateUser (-got +want):\n%s", diff)
		}

		changed.TeamID = wijkregie.NewID(start)
		err = tryTx(s, func(q *store.Q) error { return q.UpdateUser(ctx, &changed) })
		wantFields(t, err, "team")
		ghost := want
		ghost.ID = wijkregie.NewID(start)
		err = tryTx(s, func(q *store.Q) error { return q.UpdateUser(ctx, &ghost) })
		wantCode(t, err, wijkregie.ENOTFOUND)

		mustTx(t, s, func(q *store.Q) error { return q.SetPassword(ctx, "GM0001", u.ID, "argon2id$nieuw") })
		if _, hash, err := s.R().UserByEmail(ctx, "GM0001", u.Email); err != nil || hash != "argon2id$nieuw" {
			t.Errorf("hash after SetPassword = %q, %v; want %q", hash, err, "argon2id$nieuw")
		}
		err = tryTx(s, func(q *store.Q) error { return q.SetPassword(ctx, "GM0001", wijkregie.NewID(start), "x") })
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

func TestUsersFiltersAndPages(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		zuid := newTeam(t, s, "GM0001", "Zuid")
		noord := newTeam(t, s, "GM0001", "Noord")
		org := newOrganisation(t, s, "GM0001", "GGZ Oost", wijkregie.OrgGGZ)
		// Names sort as the e-mail addresses: a1 < a2 < … .
		var zuidPros, noordPros []string
		for i := range 5 {
			zuidPros = append(zuidPros, newUser(t, s, "GM0001", fmt.Sprintf("a%d@zuid.example", i), wijkregie.RoleProfessional, zuid.ID, "").ID)
		}
		for i := range 3 {
			noordPros = append(noordPros, newUser(t, s, "GM0001", fmt.Sprintf("b%d@noord.example", i), wijkregie.RoleProfessional, noord.ID, "").ID)
		}
		lead := newUser(t, s, "GM0001", "c-lead@zuid.example", wijkregie.RoleTeamLead, zuid.ID, "").ID
		partner := newUser(t, s, "GM0001", "d-partner@ggz.example", wijkregie.RolePartner, "", org.ID).ID
		admin := newUser(t, s, "GM0001", "e-admin@gemeente.example", wijkregie.RoleAdmin, "", "").ID
		all := append(append(append([]string{}, zuidPros...), noordPros...), lead, partner, admin)

		userID := func(u wijkregie.User) string { return u.ID }
		for _, tc := range []struct {
			name      string
			f         store.UserFilter
			want      []string
			wantTotal int
		}{
			{"no filter", store.UserFilter{}, all, 11},
			{"role", store.UserFilter{Role: wijkregie.RoleProfessional}, append(append([]string{}, zuidPros...), noordPros...), 8},
			{"team", store.UserFilter{TeamID: zuid.ID}, append(append([]string{}, zuidPros...), lead), 6},
			{"role and team", store.UserFilter{Role: wijkregie.RoleTeamLead, TeamID: zuid.ID}, []string{lead}, 1},
			{"role nobody has", store.UserFilter{Role: wijkregie.RoleInspection}, []string{}, 0},
			{"first page", store.UserFilter{Page: store.Page{Limit: 4}}, all[:4], 11},
			{"second page", store.UserFilter{Page: store.Page{Offset: 4, Limit: 4}}, all[4:8], 11},
			{"last page", store.UserFilter{Page: store.Page{Offset: 8, Limit: 4}}, all[8:], 11},
			{"past the end", store.UserFilter{Page: store.Page{Offset: 20, Limit: 4}}, []string{}, 11},
			{"filtered page", store.UserFilter{Role: wijkregie.RoleProfessional, Page: store.Page{Offset: 3, Limit: 3}}, []string{zuidPros[3], zuidPros[4], noordPros[0]}, 8},
			{"limit too large is clamped", store.UserFilter{Page: store.Page{Limit: store.MaxLimit + 1}}, all, 11},
			{"negative offset is the start", store.UserFilter{Page: store.Page{Offset: -3, Limit: 2}}, all[:2], 11},
		} {
			users, total, err := s.R().Users(ctx, "GM0001", tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if diff := cmp.Diff(ids(users, userID), tc.want); diff != "" || total != tc.wantTotal {
				t.Errorf("%s: Users total = %d, want %d; ids (-got +want):\n%s", tc.name, total, tc.wantTotal, diff)
			}
			wantUTC(t, users)
		}
	})
}

func TestUsersByID(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		newMunicipality(t, s, "GM0002")
		team := newTeam(t, s, "GM0001", "Noord")
		a := newUser(t, s, "GM0001", "a@wijkteam.example", wijkregie.RoleProfessional, team.ID, "")
		b := newUser(t, s, "GM0001", "b@wijkteam.example", wijkregie.RoleAdmin, "", "")
		other := newUser(t, s, "GM0002", "c@wijkteam.example", wijkregie.RoleAdmin, "", "")
		got, err := s.R().UsersByID(ctx, "GM0001", []string{a.ID, b.ID, other.ID, wijkregie.NewID(start)})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[a.ID] == nil || got[a.ID].Email != a.Email || got[b.ID] == nil || got[other.ID] != nil {
			t.Errorf("UsersByID = %v; want exactly a and b of GM0001", got)
		}
		if got, err := s.R().UsersByID(ctx, "GM0001", nil); err != nil || len(got) != 0 {
			t.Errorf("UsersByID(nil) = %v, %v; want empty", got, err)
		}
	})
}
