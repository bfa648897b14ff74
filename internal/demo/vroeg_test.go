package demo_test

import (
	"context"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestDemoArrears: a fresh demo holds the creditors' delivery of vroeg.go
// on both engines: five outreaches, one bundling three creditors, one
// threatening, one joined to the documented professional's case (who was
// told), and one in another team.
func TestDemoArrears(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		load(t, s, 60, 1)
		pro, _, err := s.R().UserByEmail(ctx, demo.MunicipalityID, demo.Accounts()[0].Email)
		if err != nil || pro.Role != wijkregie.RoleProfessional {
			t.Fatalf("the documented professional: %v", err)
		}
		var hids []string
		for _, h := range households(t, s, wijkregie.HouseholdScope{All: true}) {
			hids = append(hids, h.ID)
		}
		os, err := s.R().HouseholdOutreaches(ctx, demo.MunicipalityID, hids)
		if err != nil {
			t.Fatal(err)
		}
		if len(os) != 5 {
			t.Fatalf("%d outreaches; want 5", len(os))
		}
		var bundled, threatening, joined, otherTeam int
		for _, o := range os {
			arr, err := s.R().OutreachArrears(ctx, demo.MunicipalityID, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(arr) == 3 {
				bundled++
			}
			if o.Threatening {
				threatening++
			}
			if o.CaseID != "" && o.AssignedTo == pro.ID {
				joined++
			}
			if o.TeamID != pro.TeamID {
				otherTeam++
			}
		}
		if bundled != 1 || threatening != 1 || joined != 1 || otherTeam != 1 {
			t.Errorf("outreaches: %d bundling three, %d threatening, %d joined to the professional's case, %d of another team; want one each",
				bundled, threatening, joined, otherTeam)
		}
		ns, _, _, err := s.R().Notifications(ctx, demo.MunicipalityID, pro.ID, store.Page{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		told := 0
		for _, n := range ns {
			if n.Kind == wijkregie.NotificationOutreach {
				told++
			}
		}
		if told != 1 {
			t.Errorf("the professional was told of %d outreaches; want 1", told)
		}
	})
}
