package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// receiving is a second municipality on the platform with a team, its
// lead and a professional, each with an API token.
type receiving struct {
	id, team  string
	lead, pro other
}

func (f *fixture) receiving(t *testing.T) receiving {
	t.Helper()
	ctx := context.Background()
	r := receiving{id: "GM9905"}
	var lead, pro *wijkregie.User
	err := f.s.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateMunicipality(ctx, &wijkregie.Municipality{ID: r.id, Name: "Kustdorp"}); err != nil {
			return err
		}
		tm := &wijkregie.Team{MunicipalityID: r.id, Name: "Wijkteam Kust", Areas: []string{"4000-4099"}, Active: true}
		if err := q.CreateTeam(ctx, tm); err != nil {
			return err
		}
		r.team = tm.ID
		lead = &wijkregie.User{MunicipalityID: r.id, Email: "lead@kustdorp.example", Name: "K. Leider", Role: wijkregie.RoleTeamLead, TeamID: tm.ID, Active: true}
		pro = &wijkregie.User{MunicipalityID: r.id, Email: "pro@kustdorp.example", Name: "K. Regisseur", Role: wijkregie.RoleProfessional, TeamID: tm.ID, Active: true}
		for _, u := range []*wijkregie.User{lead, pro} {
			if err := q.CreateUser(ctx, u, ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		u  *wijkregie.User
		to *other
	}{{lead, &r.lead}, {pro, &r.pro}} {
		tok, _, err := f.svc.CreateToken(ctx, wijkregie.ActorOf(x.u), x.u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		*x.to = other{x.u, tok}
	}
	return r
}

// reachableMember adds to the household a member with a BSN, a phone
// number and an email address, and returns the BSN's digits.
func (f *fixture) reachableMember(t *testing.T, householdID string) string {
	t.Helper()
	ctx := context.Background()
	for n := 999999990; n > 999990000; n-- {
		b, err := wijkregie.ParseBSN(fmt.Sprint(n))
		if err != nil {
			continue
		}
		err = f.s.Tx(ctx, func(q *store.Q) error {
			p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, BSN: b, GivenName: "Bereik", FamilyName: "Baar",
				BirthDate: time.Date(1985, 3, 4, 0, 0, 0, 0, time.UTC), Phone: "0612345678", Email: "bereik@thuis.example"}
			if err := q.CreatePerson(ctx, p); err != nil {
				return err
			}
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: householdID, PersonID: p.ID,
				Relation: wijkregie.RelationParent, From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)})
		})
		if wijkregie.ErrorCode(err) == wijkregie.ECONFLICT {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		return b.Digits()
	}
	t.Fatal("no free test BSN")
	return ""
}

// TestHandoverAPI is the "Done when" through the API, on both
// stores: the regisseur offers the case to a team of another
// municipality; that team's lead finds and reads the offer, accepts it
// with a regisseur of their team over the ETag they read; the case
// continues there with every plan version; the sender completes the
// handover and the sending case closes as verhuisd. Refusals, invalid
// steps, stale and missing tags, and the household's move.
func TestHandoverAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		w := &work{fixture: f, t: t}
		fam := f.newFamily(t, 77, "meervoudig", "intensief")
		f.assign(t, fam.kase)
		cp := "/api/v1/casussen/" + fam.kase
		f.do(pro, "POST", cp+"/plan", w.planBody()).want(t, http.StatusCreated)
		tag := f.do(pro, "GET", cp+"/plan", nil).want(t, http.StatusOK).header.Get("ETag")
		body := w.planBody()
		body["toelichting"] = "Tweede versie."
		f.do(pro, "PUT", cp+"/plan", body, "If-Match", tag).want(t, http.StatusOK)
		var versions api.List[map[string]any]
		f.do(pro, "GET", cp+"/plan/versies", nil).want(t, http.StatusOK).decode(t, &versions)
		rcv := f.receiving(t)
		bsn := f.reachableMember(t, fam.household)

		// Nothing to see yet; bad offers name their fields.
		var co api.CasusOverdracht
		f.do(pro, "GET", cp+"/overdracht", nil).want(t, http.StatusOK).decode(t, &co)
		if !co.MagAanbieden || co.Lopend != nil || len(co.Overdrachten) != 0 {
			t.Errorf("before any offer: %+v", co)
		}
		wantParams(t, f.do(pro, "POST", cp+"/overdracht", map[string]any{"soort": "gemeente", "gemeente": "GM0000"}), "team", "reden", "gemeente")
		f.do(partner, "POST", cp+"/overdracht", map[string]any{}).want(t, http.StatusForbidden)

		var o api.OverdrachtDetail
		res := f.do(pro, "POST", cp+"/overdracht", map[string]any{"soort": "gemeente", "gemeente": rcv.id, "team": rcv.team,
			"reden": "Het gezin verhuist naar Kustdorp.", "overlapDagen": 10}).want(t, http.StatusCreated)
		res.decode(t, &o)
		if res.header.Get("Location") != "/api/v1/overdrachten/"+o.ID || o.Status != "aangeboden" || o.OverlapDagen != 10 ||
			o.Ontvanger.GemeenteNaam == nil || *o.Ontvanger.GemeenteNaam != "Kustdorp" || o.Aanbod != nil {
			t.Errorf("offer %+v (Location %s)", o, res.header.Get("Location"))
		}
		f.do(pro, "POST", cp+"/overdracht", map[string]any{"soort": "extern", "ontvanger": "Elders", "reden": "x"}).want(t, http.StatusConflict)
		op := "/api/v1/overdrachten/" + o.ID

		// Only the sender and the receiving lead see it.
		f.do(partner, "GET", op, nil).want(t, http.StatusForbidden)
		f.as(rcv.pro, "GET", op, nil).want(t, http.StatusNotFound)
		f.do(lead, "POST", op+"/acceptatie", map[string]any{"regisseur": f.users[pro].ID}, "If-Match", `"x"`).want(t, http.StatusForbidden)

		var l api.List[api.OverdrachtInLijst]
		f.as(rcv.lead, "GET", "/api/v1/overdrachten?richting=ontvangen", nil).want(t, http.StatusOK).decode(t, &l)
		if len(l.Resultaten) != 1 || l.Resultaten[0].ID != o.ID || l.Resultaten[0].Richting != "ontvangen" {
			t.Errorf("the receiver's list %+v", l.Resultaten)
		}
		wantParams(t, f.as(rcv.lead, "GET", "/api/v1/overdrachten?richting=elders", nil), "richting")
		var got api.OverdrachtDetail
		res = f.as(rcv.lead, "GET", op, nil).want(t, http.StatusOK)
		res.decode(t, &got)
		etag := res.header.Get("ETag")
		if got.Aanbod == nil || len(got.Aanbod.PlanVersions) != len(versions.Resultaten) || len(got.Kandidaten) != 2 ||
			!got.Mogelijk.Accepteren || !got.Mogelijk.Afwijzen || got.Mogelijk.Intrekken {
			t.Fatalf("the receiver reads %+v", got)
		}
		// The offer names the members, not how to identify or reach them,
		// nor the signal's own words.
		for _, leak := range []string{bsn, bsn[6:] + `"`, "0612345678", "bereik@thuis.example", "Zorgen over thuis."} {
			if strings.Contains(string(res.body), leak) {
				t.Errorf("the offer holds %q", leak)
			}
		}
		if !strings.Contains(string(res.body), `"voornaam":"Bereik"`) {
			t.Error("the offer lacks the member by name")
		}
		// The tag is the record's: a second read, which builds the offer
		// again, has the same one.
		if again := f.as(rcv.lead, "GET", op, nil).header.Get("ETag"); again != etag {
			t.Errorf("ETag %s then %s", etag, again)
		}

		acc := op + "/acceptatie"
		f.as(rcv.lead, "POST", acc, map[string]any{"regisseur": rcv.pro.user.ID}).want(t, http.StatusPreconditionRequired)
		f.as(rcv.lead, "POST", acc, map[string]any{"regisseur": rcv.pro.user.ID}, "If-Match", `"verouderd"`).want(t, http.StatusPreconditionFailed)
		wantParams(t, f.as(rcv.lead, "POST", acc, map[string]any{"regisseur": f.users[pro].ID}, "If-Match", etag), "regisseur")
		// The step reads the record for its checks, not the family: no
		// read of the case or its members is audited for it.
		reads := func() int {
			recs, _, err := f.s.R().Audit(context.Background(), demo.MunicipalityID, store.AuditFilter{UserID: rcv.lead.user.ID, Page: store.Page{Limit: store.MaxLimit}})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range recs {
				if r.Action == "casus.lezen" || r.Action == "persoon.lezen" {
					n++
				}
			}
			return n
		}
		before := reads()
		res = f.as(rcv.lead, "POST", acc, map[string]any{"regisseur": rcv.pro.user.ID}, "If-Match", etag).want(t, http.StatusOK)
		if n := reads() - before; n != 0 {
			t.Errorf("accepting audited %d reads of the case and its members; want 0", n)
		}
		res.decode(t, &got)
		if got.Status != "geaccepteerd" || got.OntvangenCasus == nil || got.Aanbod != nil || got.Ontvanger.Regisseur == nil {
			t.Fatalf("accepted %+v", got)
		}
		p := f.as(rcv.lead, "POST", acc, map[string]any{"regisseur": rcv.pro.user.ID}, "If-Match", res.header.Get("ETag")).want(t, http.StatusConflict).problem(t)
		if !strings.Contains(p.Detail, "overdracht") && p.Detail == "" {
			t.Errorf("conflict without a message: %+v", p)
		}

		// The case continues there with every plan version.
		np := "/api/v1/casussen/" + *got.OntvangenCasus
		var there api.List[map[string]any]
		f.as(rcv.pro, "GET", np+"/plan/versies", nil).want(t, http.StatusOK).decode(t, &there)
		if len(there.Resultaten) != len(versions.Resultaten) {
			t.Errorf("%d plan versions there; want %d", len(there.Resultaten), len(versions.Resultaten))
		}
		f.as(rcv.pro, "GET", np+"/gebeurtenissen", nil).want(t, http.StatusOK)
		f.do(pro, "GET", np, nil).want(t, http.StatusNotFound)

		// The sender completes; the sending case closes as verhuisd.
		var sender api.OverdrachtDetail
		res = f.do(pro, "GET", op, nil).want(t, http.StatusOK)
		res.decode(t, &sender)
		if !sender.Mogelijk.Afronden || sender.Aanbod != nil {
			t.Errorf("the sender may %+v", sender.Mogelijk)
		}
		wantParams(t, f.do(pro, "POST", op+"/afronding", map[string]any{}, "If-Match", res.header.Get("ETag")), "problemenVerminderd", "doelenBereikt")
		f.do(pro, "POST", op+"/afronding", map[string]any{"problemenVerminderd": "deels", "doelenBereikt": "deels"},
			"If-Match", res.header.Get("ETag")).want(t, http.StatusOK).decode(t, &got)
		if got.Status != "afgerond" {
			t.Errorf("completed %+v", got.Status)
		}
		var c api.Casus
		f.do(lead, "GET", cp, nil).want(t, http.StatusOK).decode(t, &c)
		if c.Status != string(wijkregie.CaseClosed) {
			t.Errorf("sending case %s", c.Status)
		}
		f.do(pro, "POST", op+"/intrekking", nil, "If-Match", f.do(pro, "GET", op, nil).header.Get("ETag")).want(t, http.StatusConflict)
	})
}

// TestHouseholdMoveAPI: the address is read with its ETag and replaced
// over it; a move out of the case team's area shows as the case's
// proposal; a partner may not move the family.
func TestHouseholdMoveAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		fam := f.newFamily(t, 78, "meervoudig", "licht")
		f.assign(t, fam.kase)
		ap := "/api/v1/huishoudens/" + fam.household + "/adres"
		res := f.do(pro, "GET", ap, nil).want(t, http.StatusOK)
		tag := res.header.Get("ETag")
		noord := map[string]any{"straat": "Duinroosweg", "huisnummer": 4, "postcode": "2585 ab", "woonplaats": "Duinhaven"}
		f.do(pro, "PUT", ap, noord).want(t, http.StatusPreconditionRequired)
		f.do(partner, "PUT", ap, noord, "If-Match", tag).want(t, http.StatusForbidden)
		wantParams(t, f.do(pro, "PUT", ap, map[string]any{"straat": "X", "huisnummer": 1, "postcode": "12", "woonplaats": "Y"}, "If-Match", tag), "postcode")
		var a api.Adres
		f.do(pro, "PUT", ap, noord, "If-Match", tag).want(t, http.StatusOK).decode(t, &a)
		if a.Postcode != "2585AB" {
			t.Errorf("moved to %+v", a)
		}
		f.do(pro, "PUT", ap, noord, "If-Match", tag).want(t, http.StatusPreconditionFailed)
		var co api.CasusOverdracht
		f.do(pro, "GET", "/api/v1/casussen/"+fam.kase+"/overdracht", nil).want(t, http.StatusOK).decode(t, &co)
		if co.Voorstel == nil || co.Voorstel.BuitenGemeente || co.Voorstel.TeamNaam == nil || *co.Voorstel.TeamNaam != "Wijkteam Noord" {
			t.Errorf("proposal %+v", co.Voorstel)
		}
	})
}
