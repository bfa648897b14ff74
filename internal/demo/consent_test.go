package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestDemoConsents: the documented professional's families hold the
// registry's faces — GGZ Kustland's consent for the plan in geestelijke
// gezondheid on the case it works on, one withdrawn, one for a child of
// 12 to 15 given by the child and a parent, one for the documented
// partner's practice — each valid by the age rules on the day it was
// given.
func TestDemoConsents(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, s, demo.Options{Households: 20, PasswordParams: cheap}); err != nil {
			t.Fatal(err)
		}
		r := s.R()
		pro, _, err := r.UserByEmail(ctx, demo.MunicipalityID, demo.Accounts()[0].Email)
		if err != nil {
			t.Fatal(err)
		}
		partner, _, err := r.UserByEmail(ctx, demo.MunicipalityID, demo.Accounts()[2].Email)
		if err != nil {
			t.Fatal(err)
		}
		orgs, err := r.Organisations(ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]string{}
		for _, o := range orgs {
			names[o.ID] = o.Name
		}
		hs, _, err := r.Households(ctx, demo.MunicipalityID, wijkregie.HouseholdScope{UserID: pro.ID}, store.Page{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		var all []wijkregie.Consent
		for _, h := range hs {
			cs, err := r.HouseholdConsents(ctx, demo.MunicipalityID, h.ID, wijkregie.ConsentScope{All: true})
			if err != nil {
				t.Fatal(err)
			}
			ms, ps, err := r.HouseholdMembers(ctx, demo.MunicipalityID, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			var parents []string
			born := map[string]time.Time{}
			for i, m := range ms {
				born[ps[i].ID] = ps[i].BirthDate
				if m.Relation == wijkregie.RelationParent {
					parents = append(parents, m.PersonID)
				}
			}
			for _, c := range cs {
				probe := c
				if err := probe.Validate(born[c.PersonID], parents, c.GivenOn); err != nil {
					t.Errorf("demo consent %s breaks the rules: %v", c.ID, err)
				}
				if c.RecordedBy != pro.ID || c.RecordedAt.After(time.Now()) {
					t.Errorf("demo consent %s recorded by %s at %s", c.ID, c.RecordedBy, c.RecordedAt)
				}
			}
			all = append(all, cs...)
		}
		has := func(what string, match func(c wijkregie.Consent) bool) {
			t.Helper()
			if !slices.ContainsFunc(all, match) {
				t.Errorf("the professional's families have no %s: %d consents", what, len(all))
			}
		}
		now := time.Now()
		has("consent for GGZ Kustland's plan work", func(c wijkregie.Consent) bool {
			return names[c.OrganisationID] == "GGZ Kustland" && c.Purpose == wijkregie.ConsentCarryOutPlan &&
				slices.Equal(c.Domains, []string{"geestelijke-gezondheid"}) && c.StatusAt(now) == wijkregie.ConsentActive
		})
		has("withdrawn consent", func(c wijkregie.Consent) bool {
			return c.StatusAt(now) == wijkregie.ConsentWithdrawn && c.WithdrawnReason != "" && c.WithdrawnAt.After(c.RecordedAt)
		})
		// A child of 12 to 15 gives consent with a parent; should the
		// years leave the families none, a younger child's parent does.
		has("consent of a child given by a parent", func(c wijkregie.Consent) bool {
			return slices.ContainsFunc(c.GivenBy, func(g wijkregie.ConsentGiver) bool { return g.Capacity == wijkregie.GiverParent })
		})
		has("consent the partner sees", func(c wijkregie.Consent) bool { return c.OrganisationID == partner.OrganisationID })
		has("consent for the partner's plan work", func(c wijkregie.Consent) bool {
			return c.OrganisationID == partner.OrganisationID && c.Purpose == wijkregie.ConsentCarryOutPlan
		})

		// The documented partner, tried as a new user: one family whose
		// goal for its practice it works on, and one it only knows of.
		svc := app.New(s, app.Options{PasswordParams: cheap})
		work, err := svc.PartnerWork(ctx, wijkregie.ActorOf(partner))
		if err != nil {
			t.Fatal(err)
		}
		var goals, known int
		for _, pc := range work {
			goals += len(pc.Goals)
			if pc.Access.Known() {
				known++
			}
		}
		if goals == 0 || known == 0 {
			t.Errorf("the demo partner's portal: %d cases, %d goals to work on, %d known only; want a goal and a family known only", len(work), goals, known)
		}
	})
}
