package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func newMunicipality(t testing.TB, s *store.Store, id string) {
	t.Helper()
	err := s.Tx(context.Background(), func(q *store.Q) error {
		return q.CreateMunicipality(context.Background(), &wijkregie.Municipality{ID: id, Name: "Gemeente " + id})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAuditChainCatchesTampering(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newMunicipality(t, s, "GM0001")
		actor := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RoleProfessional}
		for i := 0; i < 5; i++ {
			if err := s.Tx(ctx, func(q *store.Q) error {
				return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: "p1", PersonID: "p1"}))
			}); err != nil {
				t.Fatal(err)
			}
		}
		brk, n, err := s.R().VerifyAudit(ctx, "GM0001", nil)
		if err != nil || brk != nil || n != 5 {
			t.Fatalf("VerifyAudit = %+v, %d, %v; want nil, 5, nil", brk, n, err)
		}
		// An ordinary update is refused by the append-only trigger.
		err = s.Tx(ctx, func(q *store.Q) error { return testdb.Exec(ctx, q, `UPDATE audit_log SET user_id = 'x' WHERE seq = 3`) })
		if err == nil {
			t.Fatal("update of audit_log succeeded; want the append-only trigger to refuse it")
		}
		// Whoever goes around the trigger is caught by the chain.
		testdb.Tamper(t, s, `UPDATE audit_log SET user_id = 'iemand-anders' WHERE municipality_id = 'GM0001' AND seq = 3`)
		brk, _, err = s.R().VerifyAudit(ctx, "GM0001", nil)
		if err != nil {
			t.Fatal(err)
		}
		if brk == nil || brk.Seq != 3 {
			t.Fatalf("VerifyAudit after tampering = %+v; want a break at seq 3", brk)
		}
	})
}

// appendEvents appends one audit record per event, each in its own
// transaction, advancing the clock a second between them.
func appendEvents(t *testing.T, s *store.Store, c *clock, actor wijkregie.Actor, events ...wijkregie.Event) []wijkregie.AuditRecord {
	t.Helper()
	var out []wijkregie.AuditRecord
	for _, e := range events {
		r := actor.Record(e)
		mustTx(t, s, func(q *store.Q) error { return q.AppendAudit(context.Background(), r) })
		c.Advance(time.Second)
		out = append(out, r)
	}
	return out
}

func TestAppendAuditRoundTrip(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		actor := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RolePartner, OrganisationID: "o1"}
		var recs []wijkregie.AuditRecord
		mustTx(t, s, func(q *store.Q) error {
			recs = []wijkregie.AuditRecord{
				actor.Record(wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: "p1", PersonID: "p1", Purpose: "uitvoering-taak"}),
				actor.Record(wijkregie.Event{Action: "huishouden.lezen", SubjectKind: "huishouden", SubjectID: "h1", Result: wijkregie.AuditDenied}),
			}
			return q.AppendAudit(ctx, recs...)
		})
		// The store fills in sequence, time and chain, in the records passed.
		prev := wijkregie.GenesisHash
		for i, r := range recs {
			if r.Seq != int64(i+1) || !r.At.Equal(onClock(start)) || r.PrevHash != prev || r.Hash != r.ComputeHash() {
				t.Errorf("record %d: Seq=%d At=%v PrevHash=%.8s Hash=%.8s; want seq %d at the store clock, chained", i, r.Seq, r.At, r.PrevHash, r.Hash, i+1)
			}
			prev = r.Hash
		}

		got, total, err := s.R().Audit(ctx, "GM0001", store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, []wijkregie.AuditRecord{recs[1], recs[0]}); diff != "" || total != 2 {
			t.Errorf("Audit total = %d, want 2; records, newest first (-got +want):\n%s", total, diff)
		}
		wantUTC(t, got)
		if n, err := s.R().AuditLength(ctx, "GM0001"); err != nil || n != 2 {
			t.Errorf("AuditLength = %d, %v; want 2, nil", n, err)
		}
		if brk, n, err := s.R().VerifyAudit(ctx, "GM0001", nil); brk != nil || n != 2 || err != nil {
			t.Errorf("VerifyAudit = %+v, %d, %v; want nil, 2, nil", brk, n, err)
		}
	})
}

func TestAppendAuditErrors(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		for _, r := range []wijkregie.AuditRecord{
			{UserID: "u1", Action: "x"},
			{MunicipalityID: "GM0001", UserID: "u1"},
			{MunicipalityID: "GM0001", Action: "x"},
		} {
			if err := tryTx(s, func(q *store.Q) error { return q.AppendAudit(ctx, r) }); err == nil {
				t.Errorf("AppendAudit(%+v) = nil; want a refusal", r)
			}
		}
		err := tryTx(s, func(q *store.Q) error {
			return q.AppendAudit(ctx, wijkregie.AuditRecord{MunicipalityID: "GM9999", UserID: "u1", Action: "x"})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
		_, err = s.R().AuditLength(ctx, "GM9999")
		wantCode(t, err, wijkregie.ENOTFOUND)

		// A record whose transaction fails is gone with it; the chain holds.
		refused := errors.New("geweigerd")
		err = tryTx(s, func(q *store.Q) error {
			if err := q.AppendAudit(ctx, wijkregie.AuditRecord{MunicipalityID: "GM0001", UserID: "u1", Action: "x"}); err != nil {
				return err
			}
			return refused
		})
		if !errors.Is(err, refused) {
			t.Fatalf("Tx = %v, want %v", err, refused)
		}
		if n, err := s.R().AuditLength(ctx, "GM0001"); err != nil || n != 0 {
			t.Errorf("AuditLength after a rolled-back append = %d, %v; want 0, nil", n, err)
		}
		if brk, _, err := s.R().VerifyAudit(ctx, "GM0001", nil); brk != nil || err != nil {
			t.Errorf("VerifyAudit = %+v, %v; want nil, nil", brk, err)
		}
	})
}

func TestAuditFiltersAndPages(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		anna := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "anna", Role: wijkregie.RoleProfessional}
		bert := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "bert", Role: wijkregie.RoleTeamLead}
		read := func(p string) wijkregie.Event {
			return wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: p, PersonID: p}
		}
		appendEvents(t, s, c, anna, read("p1"), read("p2"))                                            // seq 1, 2
		appendEvents(t, s, c, bert, read("p1"), wijkregie.Event{Action: "start.bekijken"}, read("p1")) // seq 3, 4, 5
		appendEvents(t, s, c, anna, read("p1"))                                                        // seq 6

		seqs := func(rs []wijkregie.AuditRecord) []int64 {
			var out []int64
			for _, r := range rs {
				out = append(out, r.Seq)
			}
			return out
		}
		for _, tc := range []struct {
			name  string
			f     store.AuditFilter
			want  []int64
			total int
		}{
			{"all, newest first", store.AuditFilter{}, []int64{6, 5, 4, 3, 2, 1}, 6},
			{"person", store.AuditFilter{PersonID: "p1"}, []int64{6, 5, 3, 1}, 4},
			{"user", store.AuditFilter{UserID: "bert"}, []int64{5, 4, 3}, 3},
			{"person and user", store.AuditFilter{PersonID: "p1", UserID: "anna"}, []int64{6, 1}, 2},
			{"nobody", store.AuditFilter{PersonID: "p9"}, nil, 0},
			{"page", store.AuditFilter{Page: store.Page{Offset: 2, Limit: 3}}, []int64{4, 3, 2}, 6},
			{"filtered page", store.AuditFilter{PersonID: "p1", Page: store.Page{Offset: 3, Limit: 3}}, []int64{1}, 4},
		} {
			got, total, err := s.R().Audit(ctx, "GM0001", tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if diff := cmp.Diff(seqs(got), tc.want); diff != "" || total != tc.total {
				t.Errorf("%s: Audit total = %d, want %d; seqs (-got +want):\n%s", tc.name, total, tc.total, diff)
			}
		}
	})
}

func TestVerifyAuditFindsMissingAndTruncatedRecords(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		actor := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RoleAdmin}
		for range 6 {
			appendEvents(t, s, c, actor, wijkregie.Event{Action: "medewerker.wijzigen"})
		}
		var seen int64
		brk, n, err := s.R().VerifyAudit(ctx, "GM0001", func(k int64) { seen += k })
		if brk != nil || n != 6 || err != nil || seen != 6 {
			t.Fatalf("VerifyAudit = %+v, %d, %v with progress %d; want nil, 6, nil with progress 6", brk, n, err, seen)
		}

		testdb.Tamper(t, s, `DELETE FROM audit_log WHERE municipality_id = 'GM0001' AND seq = 6`)
		brk, n, err = s.R().VerifyAudit(ctx, "GM0001", nil)
		if err != nil || n != 5 || brk == nil || *brk != (store.ChainBreak{Seq: 6, Reason: "truncated"}) {
			t.Errorf("VerifyAudit after cutting the last record = %+v, %d, %v; want a truncated break at 6 after 5", brk, n, err)
		}

		testdb.Tamper(t, s, `DELETE FROM audit_log WHERE municipality_id = 'GM0001' AND seq = 3`)
		brk, n, err = s.R().VerifyAudit(ctx, "GM0001", nil)
		if err != nil || n != 2 || brk == nil || *brk != (store.ChainBreak{Seq: 3, Reason: "missing"}) {
			t.Errorf("VerifyAudit after removing record 3 = %+v, %d, %v; want a missing break at 3 after 2", brk, n, err)
		}

		_, _, err = s.R().VerifyAudit(ctx, "GM9999", nil)
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

// TestAppendAuditLongRun appends runs longer than one INSERT carries on
// either engine, mixed with another municipality's records, and checks
// that every record is there, numbered without gaps, and both chains hold.
func TestAppendAuditLongRun(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newMunicipality(t, s, "GM0001")
		newMunicipality(t, s, "GM0002")
		one := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RoleProfessional}
		two := wijkregie.Actor{MunicipalityID: "GM0002", UserID: "u2", Role: wijkregie.RoleProfessional}
		var recs []wijkregie.AuditRecord
		for i := range 600 {
			a := one
			if i >= 300 && i < 310 {
				a = two // a run of the other municipality in the middle
			}
			recs = append(recs, a.Record(wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: fmt.Sprint("p", i)}))
		}
		if err := s.Tx(ctx, func(q *store.Q) error { return q.AppendAudit(ctx, recs...) }); err != nil {
			t.Fatal(err)
		}
		for _, m := range []struct {
			id   string
			want int64
		}{{"GM0001", 590}, {"GM0002", 10}} {
			brk, n, err := s.R().VerifyAudit(ctx, m.id, nil)
			if err != nil || brk != nil || n != m.want {
				t.Errorf("VerifyAudit(%s) = %+v, %d, %v; want an intact chain of %d", m.id, brk, n, err, m.want)
			}
		}
		if recs[599].Seq != 590 || recs[309].Seq != 10 || recs[310].PrevHash != recs[299].Hash {
			t.Errorf("sequence numbers %d, %d or the chain across the other run is wrong", recs[599].Seq, recs[309].Seq)
		}
	})
}
