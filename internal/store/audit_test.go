package store_test

import (
	"context"
	"testing"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func newMunicipality(t *testing.T, s *store.Store, id string) {
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
