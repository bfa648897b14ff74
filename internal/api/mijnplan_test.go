package api_test

import (
	"net/http"
	"testing"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestMijnPlanAPI: the regisseur and the team's lead read the family's
// messages from Mijn Plan (with who read them), a partner involved with
// the family is refused; after closure the lead reads the ratings, with
// every answer by question; each read is audited.
func TestMijnPlanAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		fam := f.newFamily(t, 72, "meervoudig", "licht")
		f.assign(t, fam.kase)
		f.do(pro, "POST", "/api/v1/casussen/"+fam.kase+"/betrokkenen", map[string]any{"medewerker": f.users[partner].ID, "rol": "hulpverlener"}).
			want(t, http.StatusCreated)
		mum := wijkregie.Actor{MunicipalityID: demo.MunicipalityID, UserID: fam.mother, Role: wijkregie.RoleResident}
		ctx := t.Context()
		m, err := f.svc.SendMijnPlanMessage(ctx, mum, "Kunt u mij bellen?")
		if err != nil {
			t.Fatal(err)
		}
		path := "/api/v1/casussen/" + fam.kase + "/berichten"
		var list struct {
			Resultaten []api.MijnPlanBericht `json:"resultaten"`
		}
		f.do(pro, "GET", path, nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Resultaten) != 1 || list.Resultaten[0].ID != m.ID || list.Resultaten[0].Tekst != "Kunt u mij bellen?" ||
			list.Resultaten[0].Persoon != fam.mother || list.Resultaten[0].GelezenOp != nil {
			t.Errorf("messages %+v", list.Resultaten)
		}
		if _, err := f.svc.MarkMijnPlanMessageRead(ctx, wijkregie.ActorOf(f.users[pro]), fam.kase, m.ID); err != nil {
			t.Fatal(err)
		}
		f.do(lead, "GET", path, nil).want(t, http.StatusOK).decode(t, &list)
		if len(list.Resultaten) != 1 || list.Resultaten[0].GelezenOp == nil || *list.Resultaten[0].GelezenDoor != f.users[pro].ID {
			t.Errorf("after the read mark: %+v", list.Resultaten)
		}
		f.do(partner, "GET", path, nil).want(t, http.StatusForbidden)
		f.do(partner, "GET", "/api/v1/casussen/"+fam.kase+"/beoordelingen", nil).want(t, http.StatusForbidden)

		c, err := f.s.R().Case(ctx, demo.MunicipalityID, fam.kase)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CloseCase(ctx, wijkregie.ActorOf(f.users[pro]), c.ID, c.Version, &wijkregie.Closure{Reason: wijkregie.ClosureGoalsMet,
			CanContinue: wijkregie.AnswerYes, ProblemsReduced: wijkregie.AnswerPartly, GoalsAchieved: wijkregie.AnswerYes, Summary: "Klaar"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RateMijnPlan(ctx, mum, &wijkregie.Rating{Score: 7, CanContinue: wijkregie.AnswerPartly,
			Answers: map[string]wijkregie.Agreement{"wmoSnelGeholpen": 4}}); err != nil {
			t.Fatal(err)
		}
		var ratings struct {
			Resultaten []api.Beoordeling `json:"resultaten"`
		}
		f.do(lead, "GET", "/api/v1/casussen/"+fam.kase+"/beoordelingen", nil).want(t, http.StatusOK).decode(t, &ratings)
		if len(ratings.Resultaten) != 1 || ratings.Resultaten[0].Cijfer != 7 || ratings.Resultaten[0].KanVerderZonderHulp != "deels" ||
			ratings.Resultaten[0].Antwoorden["wmoSnelGeholpen"] != 4 || ratings.Resultaten[0].Naam == "" {
			t.Errorf("ratings %+v", ratings.Resultaten)
		}
	})
}
