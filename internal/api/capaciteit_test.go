package api_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// wantCodes checks a 400's invalidParams by name and code, in order.
func wantCodes(t *testing.T, r *response, want ...[2]string) {
	t.Helper()
	p := r.want(t, http.StatusBadRequest).problem(t)
	var got [][2]string
	for _, ip := range p.InvalidParams {
		got = append(got, [2]string{ip.Name, ip.Code})
		if ip.Reason == "" || ip.Reason == ip.Code {
			t.Errorf("invalid param %+v has no Dutch reason", ip)
		}
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("invalidParams (-got +want):\n%s", diff)
	}
}

// TestCapacityAPI: the lead reads the team's capacities (none set yet)
// and replaces them with If-Match; a negative, too large, quarter or
// non-number value, a professional left out, named twice or not of the
// team are 400 naming the field; a stale or missing If-Match is 412 or
// 428; another team's lead, a professional and beheer get 403, an
// unknown team 404.
func TestCapacityAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		testdb.ClearCapacities(t, s, f.users[wijkregie.RoleTeamLead].MunicipalityID, f.users[wijkregie.RoleTeamLead].TeamID)
		const lead = wijkregie.RoleTeamLead
		team := f.users[lead].TeamID
		path := "/api/v1/teams/" + team + "/capaciteit"

		r := f.do(lead, "GET", path, nil).want(t, http.StatusOK)
		f.conforms(t, r, "Capaciteit")
		var got api.Capaciteit
		r.decode(t, &got)
		if got.Team != team || got.UrenPerFte != 36 || got.NormPerFte != 30 || len(got.Medewerkers) < 3 {
			t.Fatalf("capacity %+v", got)
		}
		for _, m := range got.Medewerkers {
			if m.UrenPerWeek != nil || m.Fte != nil || m.VastgelegdDoor != nil || (m.Rol != "professional" && m.Rol != "teamleider") {
				t.Errorf("before any is set: %+v", m)
			}
		}
		tag := r.header.Get("ETag")
		// The body as read, read-only fields and all, with new hours.
		var body map[string]any
		r.decode(t, &body)
		members := body["medewerkers"].([]any)
		hours := func(vs ...any) map[string]any {
			b := maps.Clone(body)
			ms := make([]any, len(members))
			for i, m := range members {
				mm := maps.Clone(m.(map[string]any))
				if i < len(vs) {
					mm["urenPerWeek"] = vs[i]
				}
				ms[i] = mm
			}
			b["medewerkers"] = ms
			return b
		}

		f.do(lead, "PUT", path, hours(32.5)).want(t, http.StatusPreconditionRequired)
		f.do(lead, "PUT", path, hours(32.5), "If-Match", `"verouderd"`).want(t, http.StatusPreconditionFailed)
		f.do(lead, "PUT", path, `{"medewerkers": [`, "If-Match", tag).want(t, http.StatusBadRequest)
		f.do(lead, "PUT", path, "urenPerWeek=3", "If-Match", tag, "Content-Type", "text/plain").want(t, http.StatusUnsupportedMediaType)

		// Negative, too large, not a number: each named, all at once.
		wantCodes(t, f.do(lead, "PUT", path, hours(-1, 41, "acht"), "If-Match", tag),
			[2]string{"medewerkers[0].urenPerWeek", "veld.capaciteit.bereik"},
			[2]string{"medewerkers[1].urenPerWeek", "veld.capaciteit.bereik"},
			[2]string{"medewerkers[2].urenPerWeek", "veld.capaciteit.getal"})
		wantCodes(t, f.do(lead, "PUT", path, hours(32.25, true, 1000), "If-Match", tag),
			[2]string{"medewerkers[0].urenPerWeek", "veld.capaciteit.halve_uren"},
			[2]string{"medewerkers[1].urenPerWeek", "veld.capaciteit.getal"},
			[2]string{"medewerkers[2].urenPerWeek", "veld.capaciteit.bereik"})
		// A number beyond any float, and one who is not a professional of
		// the team; the others left out.
		first := members[0].(map[string]any)["medewerker"].(string)
		wantCodes(t, f.do(lead, "PUT", path, `{"medewerkers": [{"medewerker": "`+first+`", "urenPerWeek": 1e999}, {"medewerker": "x", "urenPerWeek": 8}]}`, "If-Match", tag),
			[2]string{"medewerkers", "veld.capaciteit.alle_medewerkers"},
			[2]string{"medewerkers[0].urenPerWeek", "veld.capaciteit.bereik"},
			[2]string{"medewerkers[1].medewerker", "veld.capaciteit.geen_teamlid"})
		// A professional left out, one named twice, a stranger, one without hours.
		short := hours()
		short["medewerkers"] = members[:len(members)-1]
		wantCodes(t, f.do(lead, "PUT", path, short, "If-Match", tag), [2]string{"medewerkers", "veld.capaciteit.alle_medewerkers"})
		twice := hours()
		stranger := maps.Clone(members[0].(map[string]any))
		stranger["medewerker"] = f.users[wijkregie.RolePolicy].ID
		noHours := maps.Clone(members[1].(map[string]any))
		delete(noHours, "urenPerWeek")
		twice["medewerkers"] = append(slices.Clone(members), members[0], stranger, noHours)
		n := len(members)
		wantCodes(t, f.do(lead, "PUT", path, twice, "If-Match", tag),
			[2]string{"medewerkers[" + itoa(n+2) + "].urenPerWeek", "veld.verplicht"},
			[2]string{"medewerkers[" + itoa(n) + "].medewerker", "veld.capaciteit.dubbel"},
			[2]string{"medewerkers[" + itoa(n+1) + "].medewerker", "veld.capaciteit.geen_teamlid"})
		wantCodes(t, f.do(lead, "PUT", path, map[string]any{}, "If-Match", tag), [2]string{"medewerkers", "veld.verplicht"})
		wantCodes(t, f.do(lead, "PUT", path, map[string]any{"medewerkers": []any{}, "onbekend": 1}, "If-Match", tag),
			[2]string{"onbekend", "veld.onbekend"})
		if r := f.do(lead, "GET", path, nil).want(t, http.StatusOK); r.header.Get("ETag") != tag {
			t.Error("a refused replacement changed the capacity")
		}

		// Refused: another team, a professional, beheer; unknown team.
		var teams struct {
			Resultaten []api.Team `json:"resultaten"`
		}
		f.do(lead, "GET", "/api/v1/teams", nil).want(t, http.StatusOK).decode(t, &teams)
		for _, tm := range teams.Resultaten {
			if tm.ID != team {
				f.do(lead, "GET", "/api/v1/teams/"+tm.ID+"/capaciteit", nil).want(t, http.StatusForbidden)
				f.do(lead, "PUT", "/api/v1/teams/"+tm.ID+"/capaciteit", hours(1), "If-Match", tag).want(t, http.StatusForbidden)
				break
			}
		}
		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleAdmin, wijkregie.RolePolicy} {
			f.do(role, "GET", path, nil).want(t, http.StatusForbidden)
			f.do(role, "PUT", path, hours(1), "If-Match", tag).want(t, http.StatusForbidden)
		}
		f.do(lead, "GET", "/api/v1/teams/"+wijkregie.NewID(s.Now())+"/capaciteit", nil).want(t, http.StatusNotFound)

		// The replacement: 32,5 hours, 0 hours, the rest not set.
		vs := []any{32.5, 0}
		for range members[2:] {
			vs = append(vs, nil)
		}
		r = f.do(lead, "PUT", path, hours(vs...), "If-Match", tag).want(t, http.StatusOK)
		f.conforms(t, r, "Capaciteit")
		r.decode(t, &got)
		one, second := got.Medewerkers[0], got.Medewerkers[1]
		if one.UrenPerWeek == nil || *one.UrenPerWeek != 32.5 || *one.Fte != 0.9 || *one.CapaciteitPunten != 27.08 ||
			one.VastgelegdDoor == nil || *one.VastgelegdDoor != f.users[lead].ID || one.VastgelegdOp == nil {
			t.Errorf("32,5 hours: %+v", one)
		}
		if second.UrenPerWeek == nil || *second.UrenPerWeek != 0 || *second.CapaciteitPunten != 0 || got.Medewerkers[2].UrenPerWeek != nil {
			t.Errorf("0 hours and not set: %+v, %+v", second, got.Medewerkers[2])
		}
		if again := f.do(lead, "GET", path, nil).want(t, http.StatusOK); string(again.body) != string(r.body) || again.header.Get("ETag") != r.header.Get("ETag") {
			t.Errorf("GET after PUT = %s; want %s", again.body, r.body)
		}
		f.do(lead, "PUT", path, hours(vs...), "If-Match", tag).want(t, http.StatusPreconditionFailed)
		// The workload reads it: the first professional's hours.
		var rep struct {
			Tabellen []struct {
				ID    string `json:"id"`
				Rijen []struct {
					Sleutel string `json:"sleutel"`
					Cellen  []struct {
						Weergave string `json:"weergave"`
					} `json:"cellen"`
				} `json:"rijen"`
			} `json:"tabellen"`
		}
		f.do(lead, "GET", "/api/v1/rapportages/werklast", nil).want(t, http.StatusOK).decode(t, &rep)
		found := false
		for _, tb := range rep.Tabellen {
			for _, row := range tb.Rijen {
				if tb.ID == "caseload-per-medewerker" && row.Sleutel == one.Medewerker {
					found = len(row.Cellen) == 8 && row.Cellen[5].Weergave == "32,5" && row.Cellen[6].Weergave == "0,90"
				}
			}
		}
		if !found {
			b, _ := json.Marshal(rep)
			t.Errorf("the workload does not show 32,5 hours: %.600s", b)
		}
	})
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
