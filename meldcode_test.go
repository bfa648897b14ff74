package wijkregie_test

import (
	"errors"
	"testing"
	"time"

	"wijkregie"
)

// answers makes answers to questions 1, 2, … in order.
func answers(yes ...bool) []wijkregie.MeldcodeAnswer {
	var out []wijkregie.MeldcodeAnswer
	for i, y := range yes {
		out = append(out, wijkregie.MeldcodeAnswer{Question: i + 1, Yes: y})
	}
	return out
}

// TestNextQuestion follows the afwegingskader's decision logic
// (Meldcode 2019, afwegingsvragen 1–5).
func TestNextQuestion(t *testing.T) {
	tests := []struct {
		name    string
		answers []wijkregie.MeldcodeAnswer
		next    int
		outcome wijkregie.MeldcodeOutcome
	}{
		{"none yet", nil, 1, wijkregie.OutcomeOpen},
		{"1 no: no suspicion", answers(false), 0, wijkregie.OutcomeNoSuspicion},
		{"1 yes", answers(true), 2, wijkregie.OutcomeOpen},
		{"2 yes: acute unsafety, report", answers(true, true), 0, wijkregie.OutcomeReport},
		{"2 no", answers(true, false), 3, wijkregie.OutcomeOpen},
		{"3 no: no effective help, report", answers(true, false, false), 0, wijkregie.OutcomeReport},
		{"3 yes", answers(true, false, true), 4, wijkregie.OutcomeOpen},
		{"4 no: help not accepted, report", answers(true, false, true, false), 0, wijkregie.OutcomeReport},
		{"4 yes: organise help, 5 at the review", answers(true, false, true, true), 5, wijkregie.OutcomeHelp},
		{"5 no: report", answers(true, false, true, true, false), 0, wijkregie.OutcomeReport},
		{"5 yes: lasting safety", answers(true, false, true, true, true), 0, wijkregie.OutcomeLastingSafe},
	}
	for _, tt := range tests {
		next, out := wijkregie.NextQuestion(tt.answers)
		if next != tt.next || out != tt.outcome {
			t.Errorf("%s: NextQuestion = %d, %q; want %d, %q", tt.name, next, out, tt.next, tt.outcome)
		}
	}
}

// TestMeldcodeSettle: the one rule of when a route closes. "Geen
// vermoeden" at once; otherwise once step 5 is done and the outcome
// settled (a report recorded, or lasting safety); help keeps it open
// until question 5.
func TestMeldcodeSettle(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	report := &wijkregie.VeiligThuisReport{Date: at, Reference: "VT-1"}
	tests := []struct {
		name    string
		step    int // the step due; 6 once step 5 is done
		answers []wijkregie.MeldcodeAnswer
		report  *wijkregie.VeiligThuisReport
		outcome wijkregie.MeldcodeOutcome
		closes  bool
	}{
		{"still weighing", 4, answers(true), nil, wijkregie.OutcomeOpen, false},
		{"no suspicion closes at once", 4, answers(false), nil, wijkregie.OutcomeNoSuspicion, true},
		{"report due, not made", 4, answers(true, true), nil, wijkregie.OutcomeReport, false},
		{"report made, step 5 not done", 5, answers(true, true), report, wijkregie.OutcomeReport, false},
		{"report made, step 5 done", 6, answers(true, false, false), report, wijkregie.OutcomeReport, true},
		{"report due after step 5, not made", 6, answers(true, false, true, true, false), nil, wijkregie.OutcomeReport, false},
		{"help organised: open until question 5", 6, answers(true, false, true, true), nil, wijkregie.OutcomeHelp, false},
		{"help organised, reported meanwhile: still open", 6, answers(true, false, true, true), report, wijkregie.OutcomeHelp, false},
		{"lasting safety, step 5 not done", 5, answers(true, false, true, true, true), nil, wijkregie.OutcomeLastingSafe, false},
		{"lasting safety, step 5 done", 6, answers(true, false, true, true, true), nil, wijkregie.OutcomeLastingSafe, true},
	}
	for _, tt := range tests {
		r := &wijkregie.MeldcodeRoute{Step: tt.step, Answers: tt.answers, Report: tt.report}
		closed := r.Settle(at)
		if closed != tt.closes || r.Outcome != tt.outcome || r.Open() == tt.closes {
			t.Errorf("%s: Settle = %t, outcome %q, open %t; want %t, %q", tt.name, closed, r.Outcome, r.Open(), tt.closes, tt.outcome)
		}
		if tt.closes && !r.ClosedAt.Equal(at) {
			t.Errorf("%s: closed at %v; want %v", tt.name, r.ClosedAt, at)
		}
		if r.Settle(at.Add(time.Hour)) || (tt.closes && !r.ClosedAt.Equal(at)) {
			t.Errorf("%s: settling again changed the route: closed at %v", tt.name, r.ClosedAt)
		}
	}
}

// wantInvalid fails unless err is invalid naming field with message.
func wantInvalid(t *testing.T, err error, field, message string) {
	t.Helper()
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID || len(e.Fields) != 1 || e.Fields[0].Name != field || e.Fields[0].Message != message {
		t.Errorf("error %v; want invalid %s: %s", err, field, message)
	}
}

// TestMeldcodeRecordStep: steps in order; step 5 waits for the
// afwegingskader's outcome and, for a report, for the report.
func TestMeldcodeRecordStep(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	step := func(n int) wijkregie.MeldcodeStep {
		return wijkregie.MeldcodeStep{Step: n, Date: day, By: "u", Rationale: "waarom"}
	}
	r := &wijkregie.MeldcodeRoute{Step: 1}
	wantInvalid(t, r.RecordStep(step(2)), "stap", "veld.meldcode.volgorde")
	wantInvalid(t, r.RecordStep(wijkregie.MeldcodeStep{Step: 1, Date: day, Rationale: " "}), "toelichting", "veld.verplicht")
	for n := 1; n <= 4; n++ {
		if err := r.RecordStep(step(n)); err != nil {
			t.Fatalf("step %d: %v", n, err)
		}
	}
	wantInvalid(t, r.RecordStep(step(5)), "stap", "veld.meldcode.afweging_eerst")
	r.Answers = answers(true, true)
	wantInvalid(t, r.RecordStep(step(5)), "stap", "veld.meldcode.melding_eerst")
	if err := r.RecordReport(wijkregie.VeiligThuisReport{Date: day, Reference: "VT-7", ConsentRefused: true}); err != nil {
		t.Fatal(err)
	}
	if r.Report.LegalBasis != wijkregie.LegalBasisMeldrecht {
		t.Errorf("report without consent: legal basis %q; want %q", r.Report.LegalBasis, wijkregie.LegalBasisMeldrecht)
	}
	if err := r.RecordReport(wijkregie.VeiligThuisReport{Date: day, Reference: "VT-8"}); wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
		t.Errorf("a second report: %v; want a conflict", err)
	}
	if err := r.RecordStep(step(5)); err != nil || r.Step != 6 || len(r.Steps) != 5 {
		t.Fatalf("step 5 after the report: %v, step %d with %d steps", err, r.Step, len(r.Steps))
	}
	wantInvalid(t, r.RecordStep(step(6)), "stap", "veld.meldcode.volgorde")
	if !r.Settle(day) {
		t.Error("the reported route with step 5 done did not close")
	}
}

// TestMeldcodeAnswer: the afwegingskader waits for steps 1–3 and asks
// only the question its logic asks next.
func TestMeldcodeAnswer(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	ans := func(q int, yes bool) wijkregie.MeldcodeAnswer {
		return wijkregie.MeldcodeAnswer{Question: q, Yes: yes, Date: day, By: "u", Rationale: "omdat"}
	}
	r := &wijkregie.MeldcodeRoute{Step: 3}
	wantInvalid(t, r.Answer(ans(1, true)), "vraag", "veld.meldcode.stappen_eerst")
	r.Step = 4
	wantInvalid(t, r.Answer(ans(2, true)), "vraag", "veld.meldcode.vraag_volgorde")
	if err := r.Answer(ans(1, false)); err != nil {
		t.Fatal(err)
	}
	if r.Outcome != wijkregie.OutcomeNoSuspicion {
		t.Errorf("outcome %q after question 1 no", r.Outcome)
	}
	wantInvalid(t, r.Answer(ans(2, false)), "vraag", "veld.meldcode.vraag_volgorde")
}
