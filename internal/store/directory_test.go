package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// Municipalities, teams and organisations: the directory.

func TestMunicipalityRoundTrip(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		zwolle := &wijkregie.Municipality{ID: "GM0193", Name: "Zwolle"}
		mustTx(t, s, func(q *store.Q) error { return q.CreateMunicipality(ctx, zwolle) })
		c.Advance(time.Second)
		almere := &wijkregie.Municipality{ID: "GM0034", Name: "Almere"}
		mustTx(t, s, func(q *store.Q) error { return q.CreateMunicipality(ctx, almere) })
		if want := onClock(start); !zwolle.CreatedAt.Equal(want) {
			t.Errorf("CreatedAt = %v, want the store clock %v", zwolle.CreatedAt, want)
		}

		got, err := s.R().Municipality(ctx, "GM0193")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, zwolle); diff != "" {
			t.Errorf("Municipality (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		all, err := s.R().Municipalities(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(all, []wijkregie.Municipality{*almere, *zwolle}); diff != "" {
			t.Errorf("Municipalities, by name (-got +want):\n%s", diff)
		}
		wantUTC(t, all)

		// A new tenant starts an empty, valid audit chain.
		if n, err := s.R().AuditLength(ctx, "GM0034"); err != nil || n != 0 {
			t.Errorf("AuditLength of a new municipality = %d, %v; want 0, nil", n, err)
		}
		if brk, n, err := s.R().VerifyAudit(ctx, "GM0034", nil); brk != nil || n != 0 || err != nil {
			t.Errorf("VerifyAudit of a new municipality = %+v, %d, %v; want nil, 0, nil", brk, n, err)
		}
	})
}

func TestMunicipalityErrors(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0193")
		err := tryTx(s, func(q *store.Q) error {
			return q.CreateMunicipality(ctx, &wijkregie.Municipality{ID: "GM0193", Name: "Nog eens Zwolle"})
		})
		wantFields(t, err, "code")
		err = tryTx(s, func(q *store.Q) error {
			return q.CreateMunicipality(ctx, &wijkregie.Municipality{ID: "0193", Name: " "})
		})
		wantFields(t, err, "code", "naam")
		_, err = s.R().Municipality(ctx, "GM9999")
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

func TestTeamRoundTripAndUpdate(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		zuid := newTeam(t, s, "GM0001", "Zuid", "1011-1018", "1020")
		noord := newTeam(t, s, "GM0001", "Noord") // no areas yet: read back as nil
		if !zuid.Active || !wijkregie.ValidID(zuid.ID) || !zuid.CreatedAt.Equal(onClock(start)) {
			t.Errorf("CreateTeam set Active=%v ID=%q CreatedAt=%v; want active, an id and the store clock", zuid.Active, zuid.ID, zuid.CreatedAt)
		}

		got, err := s.R().Team(ctx, "GM0001", zuid.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, zuid); diff != "" {
			t.Errorf("Team (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		teams, err := s.R().Teams(ctx, "GM0001")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(teams, []wijkregie.Team{*noord, *zuid}); diff != "" {
			t.Errorf("Teams, by name (-got +want):\n%s", diff)
		}

		zuid.Name, zuid.Areas, zuid.Active = "Zuid-Oost", []string{"1100"}, false
		mustTx(t, s, func(q *store.Q) error { return q.UpdateTeam(ctx, zuid) })
		got, err = s.R().Team(ctx, "GM0001", zuid.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, zuid); diff != "" {
			t.Errorf("Team after UpdateTeam (-got +want):\n%s", diff)
		}
	})
}

func TestTeamErrors(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		zuid := newTeam(t, s, "GM0001", "Zuid")
		noord := newTeam(t, s, "GM0001", "Noord")

		err := tryTx(s, func(q *store.Q) error {
			return q.CreateTeam(ctx, &wijkregie.Team{MunicipalityID: "GM0001", Name: "Zuid"})
		})
		wantFields(t, err, "naam")
		err = tryTx(s, func(q *store.Q) error {
			return q.CreateTeam(ctx, &wijkregie.Team{MunicipalityID: "GM0001", Name: "West", Areas: []string{"1018-1011"}})
		})
		wantFields(t, err, "werkgebied")

		noord.Name = "Zuid"
		err = tryTx(s, func(q *store.Q) error { return q.UpdateTeam(ctx, noord) })
		wantFields(t, err, "naam")

		err = tryTx(s, func(q *store.Q) error {
			return q.UpdateTeam(ctx, &wijkregie.Team{MunicipalityID: "GM0001", ID: wijkregie.NewID(start), Name: "Oost"})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
		_, err = s.R().Team(ctx, "GM0001", wijkregie.NewID(start))
		wantCode(t, err, wijkregie.ENOTFOUND)

		// The refused changes changed nothing.
		got, err := s.R().Team(ctx, "GM0001", zuid.ID)
		if err != nil || got.Name != "Zuid" {
			t.Errorf("Team after refused changes = %+v, %v; want Zuid unchanged", got, err)
		}
	})
}

func TestOrganisationRoundTripAndUpdate(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		o := &wijkregie.Organisation{MunicipalityID: "GM0001", Name: "Huisartsenpraktijk De Linde", Kind: wijkregie.OrgHuisarts,
			Phone: "010-1234567", Email: "praktijk@delinde.example"}
		mustTx(t, s, func(q *store.Q) error { return q.CreateOrganisation(ctx, o) })
		bare := newOrganisation(t, s, "GM0001", "Basisschool Het Anker", wijkregie.OrgSchool)
		if !o.Active || !wijkregie.ValidID(o.ID) || !o.CreatedAt.Equal(onClock(start)) {
			t.Errorf("CreateOrganisation set Active=%v ID=%q CreatedAt=%v; want active, an id and the store clock", o.Active, o.ID, o.CreatedAt)
		}

		got, err := s.R().Organisation(ctx, "GM0001", o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, o); diff != "" {
			t.Errorf("Organisation (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		all, err := s.R().Organisations(ctx, "GM0001")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(all, []wijkregie.Organisation{*bare, *o}); diff != "" {
			t.Errorf("Organisations, by name (-got +want):\n%s", diff)
		}

		o.Name, o.Kind, o.Phone, o.Email, o.Active = "Gezondheidscentrum De Linde", wijkregie.OrgOverig, "", "", false
		mustTx(t, s, func(q *store.Q) error { return q.UpdateOrganisation(ctx, o) })
		got, err = s.R().Organisation(ctx, "GM0001", o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, o); diff != "" {
			t.Errorf("Organisation after update (-got +want):\n%s", diff)
		}
	})
}

func TestOrganisationErrors(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		newOrganisation(t, s, "GM0001", "GGD", wijkregie.OrgGemeente)
		other := newOrganisation(t, s, "GM0001", "Woonstad", wijkregie.OrgWoningcorporatie)

		err := tryTx(s, func(q *store.Q) error {
			return q.CreateOrganisation(ctx, &wijkregie.Organisation{MunicipalityID: "GM0001", Name: "GGD", Kind: wijkregie.OrgGGZ})
		})
		wantFields(t, err, "naam")
		err = tryTx(s, func(q *store.Q) error {
			return q.CreateOrganisation(ctx, &wijkregie.Organisation{MunicipalityID: "GM0001", Name: "X", Kind: "bakker", Email: "geen-adres"})
		})
		wantFields(t, err, "soort", "email")

		other.Name = "GGD"
		err = tryTx(s, func(q *store.Q) error { return q.UpdateOrganisation(ctx, other) })
		wantFields(t, err, "naam")
		err = tryTx(s, func(q *store.Q) error {
			return q.UpdateOrganisation(ctx, &wijkregie.Organisation{MunicipalityID: "GM0001", ID: wijkregie.NewID(start), Name: "Y", Kind: wijkregie.OrgOverig})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
		_, err = s.R().Organisation(ctx, "GM0001", wijkregie.NewID(start))
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}
