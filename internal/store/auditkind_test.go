package store_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/store"
)

// TestAuditSearchAndKind stores searches with their criteria and counts,
// reads them back, filters the log by NEN 7513 kind and verifies the
// chain over records with and without a search.
func TestAuditSearchAndKind(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		newMunicipality(t, s, "GM0001")
		actor := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RoleProfessional}
		appendEvents(t, s, c, actor,
			wijkregie.Event{Action: "personen.zoeken", SubjectKind: "persoon", Search: wijkregie.SearchOf("bsn"), Results: 1},
			wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: "p1", PersonID: "p1"},
			wijkregie.Event{Action: "taken.bekijken", SubjectKind: "taak", Search: wijkregie.SearchAll, Results: 7},
			wijkregie.Event{Action: "taken.bekijken", SubjectKind: "taak", SubjectID: "t1"},
			wijkregie.Event{Action: "casus.openen", SubjectKind: "casus", SubjectID: "c1"},
			wijkregie.Event{Action: "triage.bekijken", SubjectKind: "team"},
			// An import and a report's export describe their counts or
			// period in Search, and stay an import and an export.
			wijkregie.Event{Action: "betalingsachterstanden.importeren", SubjectKind: "levering", SubjectID: "l1", Search: wijkregie.SearchOf("gelezen=3")},
			wijkregie.Event{Action: "rapportage.exporteren", SubjectKind: "rapportage", SubjectID: "GM0001", Search: "van=2026-01-01 tot=2026-03-31"},
		)
		all, total, err := s.R().Audit(ctx, "GM0001", store.AuditFilter{})
		if err != nil || total != 8 {
			t.Fatalf("Audit = %d records, %v; want 8", total, err)
		}
		if got := all[7]; got.Search != "bsn" || got.Results != 1 {
			t.Errorf("first record's search = %q, %d; want bsn, 1", got.Search, got.Results)
		}
		if got := all[6]; got.Search != "" || got.Results != 0 {
			t.Errorf("a read's search = %q, %d; want none", got.Search, got.Results)
		}
		tests := []struct {
			kind wijkregie.AuditKind
			want []int64
		}{
			{wijkregie.KindSearch, []int64{6, 3, 1}},
			{wijkregie.KindRead, []int64{4, 2}},
			{wijkregie.KindCreate, []int64{7, 5}},
			{wijkregie.KindExport, []int64{8}},
			{wijkregie.KindDelete, nil},
			{wijkregie.KindTransfer, nil}, // a kind without actions matches nothing
		}
		for _, tt := range tests {
			recs, n, err := s.R().Audit(ctx, "GM0001", store.AuditFilter{Kind: tt.kind})
			if err != nil {
				t.Fatalf("Audit(kind %s): %v", tt.kind, err)
			}
			var got []int64
			for _, r := range recs {
				got = append(got, r.Seq)
				if r.Kind() != tt.kind {
					t.Errorf("kind %s gave record %d of kind %s", tt.kind, r.Seq, r.Kind())
				}
			}
			if n != len(tt.want) || len(got) != len(tt.want) {
				t.Errorf("Audit(kind %s) = %v (total %d); want %v", tt.kind, got, n, tt.want)
				continue
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("Audit(kind %s) = %v; want %v", tt.kind, got, tt.want)
					break
				}
			}
		}
		brk, n, err := s.R().VerifyAudit(ctx, "GM0001", nil)
		if err != nil || brk != nil || n != 8 {
			t.Fatalf("VerifyAudit = %+v, %d, %v; want nil, 6, nil", brk, n, err)
		}
	})
}
