package wijkregie

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func rdate(s string) time.Time { d, _ := ParseDate(s); return d }

func TestRightsDeadline(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2025-01-15", "2025-02-15"},
		{"2025-01-31", "2025-02-28"},
		{"2024-01-31", "2024-02-29"},
		{"2025-12-31", "2026-01-31"},
	} {
		if got := RightsDeadline(rdate(c.in)); !got.Equal(rdate(c.want)) {
			t.Errorf("RightsDeadline(%s) = %s; want %s", c.in, got.Format(time.DateOnly), c.want)
		}
	}
}

func fieldNames(err error) []string {
	var e *Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name)
	}
	return out
}

func TestRightsRequestValidate(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	r := &RightsRequest{Kind: "iets", ReceivedOn: rdate("2025-03-11"), EarlyDestruction: true}
	got := fieldNames(r.Validate(now))
	want := []string{"persoon", "soort", "ontvangenOp", "verzoek", "vroegtijdigeVernietiging"}
	if !slices.Equal(got, want) {
		t.Errorf("fields %v; want %v", got, want)
	}
	ok := &RightsRequest{PersonID: "p", Kind: RightErasure, ReceivedOn: rdate("2025-03-10"), Request: "wis mij", EarlyDestruction: true}
	if err := ok.Validate(now); err != nil {
		t.Errorf("valid request: %v", err)
	}
}

func TestRightsRequestDecideAndExtend(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	r := &RightsRequest{Kind: RightErasure, ReceivedOn: rdate("2025-03-01"), Deadline: RightsDeadline(rdate("2025-03-01")), Status: RightsReceived, EarlyDestruction: true}
	if got := fieldNames(r.Decide("", "", "", "u", now)); !slices.Equal(got, []string{"besluit", "reden", "afweging"}) {
		t.Errorf("empty decision: fields %v", got)
	}
	if got := fieldNames(r.Extend(" ", now)); !slices.Equal(got, []string{"verlengingReden"}) {
		t.Errorf("extension without reason: %v", got)
	}
	if !r.CanExtend(now) || !r.CanExtend(rdate("2025-04-01").Add(21*time.Hour)) || r.CanExtend(rdate("2025-04-02")) {
		t.Error("an open request may be extended until the end of its first term, not after")
	}
	if err := r.Extend("veel dossiers", now); err != nil {
		t.Fatal(err)
	}
	if r.CanExtend(now) {
		t.Error("an extended request may be extended again")
	}
	if !r.Due().Equal(rdate("2025-06-01")) {
		t.Errorf("extended due %s; want 2025-06-01", r.Due().Format(time.DateOnly))
	}
	if err := r.Extend("nog eens", now); ErrorCode(err) != ECONFLICT {
		t.Errorf("second extension: %v; want a conflict", err)
	}
	if r.Overdue(rdate("2025-06-01").Add(20 * time.Hour)) {
		t.Error("overdue on its due day")
	}
	if !r.Overdue(rdate("2025-06-02").Add(12 * time.Hour)) {
		t.Error("not overdue the day after")
	}
	if err := r.Decide(RightsGranted, "dossier vernietigd", "geen belang van een ander", "u", now); err != nil {
		t.Fatal(err)
	}
	if r.Overdue(rdate("2026-01-01")) {
		t.Error("a decided request is overdue")
	}
	if err := r.Decide(RightsRefused, "x", "y", "u", now); ErrorCode(err) != ECONFLICT {
		t.Errorf("second decision: %v; want a conflict", err)
	}
}

func TestDecideErasure(t *testing.T) {
	until := rdate("2040-01-01")
	youth := RetainedCase{CaseID: "c1", Youth: true, Until: until}
	social := RetainedCase{CaseID: "c2", Until: rdate("2030-01-01")}
	for _, c := range []struct {
		name      string
		f         ErasureFacts
		early     bool
		opposed   bool
		allowed   bool
		reasons   []string
		destroyed []string
	}{
		{"nothing to keep", ErasureFacts{}, false, false, true, nil, nil},
		{"open case", ErasureFacts{OpenCases: 1}, false, false, false, []string{ErasureOpenCase}, nil},
		{"meldcode", ErasureFacts{Meldcode: true, RetainedCases: []RetainedCase{youth}}, true, false, false, []string{ErasureMeldcode}, nil},
		{"signal pending", ErasureFacts{PendingSignals: 2}, false, false, false, []string{ErasurePendingSignal}, nil},
		{"consent proof", ErasureFacts{ConsentForOthers: 1}, false, false, false, []string{ErasureConsentProof}, nil},
		{"youth file in term", ErasureFacts{RetainedCases: []RetainedCase{youth}}, false, false, false, []string{ErasureYouthFile}, nil},
		{"social file in term", ErasureFacts{RetainedCases: []RetainedCase{youth, social}}, true, false, false, []string{ErasureRetention}, nil},
		{"early destruction", ErasureFacts{RetainedCases: []RetainedCase{youth}}, true, false, true, nil, []string{"c1"}},
		{"early destruction opposed", ErasureFacts{RetainedCases: []RetainedCase{youth}}, true, true, false, []string{ErasureWeightyOther}, nil},
	} {
		v := DecideErasure(c.f, c.early, c.opposed)
		if v.Allowed != c.allowed || !slices.Equal(v.Reasons, c.reasons) || !slices.Equal(v.Cases, c.destroyed) {
			t.Errorf("%s: %+v; want allowed %v, reasons %v, cases %v", c.name, v, c.allowed, c.reasons, c.destroyed)
		}
	}
}

func TestNoticeSentValidate(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	n := &NoticeSent{SentOn: rdate("2025-03-11"), Method: "duif"}
	if got := fieldNames(n.Validate(now)); !slices.Equal(got, []string{"verzondenOp", "wijze"}) {
		t.Errorf("fields %v", got)
	}
	if !NeedsNotice(&Signal{SourceKind: SourceNeighbour}) || NeedsNotice(&Signal{SourceKind: SourceSelf}) {
		t.Error("NeedsNotice: a neighbour's signal needs one, the person's own does not")
	}
}
