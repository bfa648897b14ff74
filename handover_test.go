package wijkregie_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"wijkregie"
)

func offered(kind wijkregie.HandoverKind) *wijkregie.Handover {
	return &wijkregie.Handover{MunicipalityID: "GM0001", CaseID: "c", Kind: kind, Status: wijkregie.HandoverOffered, FromTeamID: "t1",
		ToMunicipalityID: "GM0002", ToTeamID: "t2", ToName: "Elders", Reason: "Verhuisd.", OverlapDays: 14}
}

func fieldsOf(err error) []string {
	var e *wijkregie.Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name)
	}
	slices.Sort(out)
	return out
}

// TestHandoverValidate names every field in error, per kind.
func TestHandoverValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    wijkregie.Handover
		want []string
	}{
		{"valid team", wijkregie.Handover{MunicipalityID: "GM0001", CaseID: "c", Kind: wijkregie.HandoverTeam, FromTeamID: "t1", ToTeamID: "t2", Reason: "x", OverlapDays: 14}, nil},
		{"team to its own team", wijkregie.Handover{CaseID: "c", Kind: wijkregie.HandoverTeam, FromTeamID: "t1", ToTeamID: "t1", Reason: "x"}, []string{"team"}},
		{"gemeente without anything", wijkregie.Handover{CaseID: "c", Kind: wijkregie.HandoverMunicipality}, []string{"gemeente", "reden", "team"}},
		{"gemeente to its own", wijkregie.Handover{MunicipalityID: "GM0001", CaseID: "c", Kind: wijkregie.HandoverMunicipality, ToMunicipalityID: "GM0001", ToTeamID: "t", Reason: "x"}, []string{"gemeente"}},
		{"extern without a name", wijkregie.Handover{CaseID: "c", Kind: wijkregie.HandoverExternal, Reason: "x"}, []string{"ontvanger"}},
		{"unknown kind, overlap too long", wijkregie.Handover{CaseID: "c", Kind: "x", Reason: "x", OverlapDays: 91}, []string{"overlapDagen", "soort"}},
		{"no case, negative overlap", wijkregie.Handover{Kind: wijkregie.HandoverExternal, ToName: "E", Reason: "x", OverlapDays: -1}, []string{"casus", "overlapDagen"}},
	} {
		if got := fieldsOf(tc.h.Validate()); !slices.Equal(got, tc.want) {
			t.Errorf("%s: fields %v; want %v", tc.name, got, tc.want)
		}
	}
}

// TestHandoverCourse: every step from every status, as the course allows
// it; a step it does not is the conflict fout.overdracht.overgang and
// changes nothing.
func TestHandoverCourse(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	steps := map[string]func(h *wijkregie.Handover) error{
		"accept":   func(h *wijkregie.Handover) error { return h.Accept("lead", "pro", now) },
		"decline":  func(h *wijkregie.Handover) error { return h.Decline("lead", "Geen plek.", now) },
		"withdraw": func(h *wijkregie.Handover) error { return h.Withdraw("pro", now) },
		"complete": func(h *wijkregie.Handover) error { return h.Complete("pro", now) },
	}
	allowed := map[wijkregie.HandoverKind]map[wijkregie.HandoverStatus][]string{
		wijkregie.HandoverTeam:         {wijkregie.HandoverOffered: {"accept", "decline", "withdraw"}, wijkregie.HandoverAccepted: {"complete"}},
		wijkregie.HandoverMunicipality: {wijkregie.HandoverOffered: {"accept", "decline", "withdraw"}, wijkregie.HandoverAccepted: {"complete"}},
		wijkregie.HandoverExternal:     {wijkregie.HandoverOffered: {"withdraw", "complete"}},
	}
	for _, kind := range wijkregie.HandoverKinds {
		for _, st := range wijkregie.HandoverStatuses {
			for name, step := range steps {
				h := offered(kind)
				h.Status = st
				before := *h
				err := step(h)
				if slices.Contains(allowed[kind][st], name) {
					if err != nil {
						t.Errorf("%s %s from %s: %v", kind, name, st, err)
					}
					continue
				}
				var e *wijkregie.Error
				if !errors.As(err, &e) || e.Code != wijkregie.ECONFLICT || e.Message != "fout.overdracht.overgang" {
					t.Errorf("%s %s from %s: %v; want the conflict fout.overdracht.overgang", kind, name, st, err)
				}
				if *h != before {
					t.Errorf("%s %s from %s changed the handover", kind, name, st)
				}
			}
		}
	}
	h := offered(wijkregie.HandoverTeam)
	if err := h.Accept("lead", "pro", now); err != nil || h.Status != wijkregie.HandoverAccepted || !h.OverlapUntil.Equal(now.AddDate(0, 0, 14)) ||
		!h.OverlapRunning(now.AddDate(0, 0, 13)) || h.OverlapRunning(now.AddDate(0, 0, 14)) || !h.Open() {
		t.Errorf("accepted %+v, %v", h, err)
	}
	h = offered(wijkregie.HandoverTeam)
	if got := fieldsOf(h.Accept("lead", "", now)); !slices.Equal(got, []string{"regisseur"}) || h.Status != wijkregie.HandoverOffered {
		t.Errorf("accept without a regisseur: %v", got)
	}
	if got := fieldsOf(h.Decline("lead", "  ", now)); !slices.Equal(got, []string{"reden"}) || h.Status != wijkregie.HandoverOffered {
		t.Errorf("decline without a reason: %v", got)
	}
	for _, st := range wijkregie.HandoverStatuses {
		if st.Open() != (st == wijkregie.HandoverOffered || st == wijkregie.HandoverAccepted) {
			t.Errorf("%s open: %v", st, st.Open())
		}
	}
	if !slices.Contains(wijkregie.TaskKinds, wijkregie.TaskHandover) || wijkregie.KindOf("overdracht.accepteren") != wijkregie.KindTransfer {
		t.Error("the handover's task kind or audit kinds are not registered")
	}
}
