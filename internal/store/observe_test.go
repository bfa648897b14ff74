package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

func TestObserveNamesEachQuery(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]int{}
	errs := map[string]int{}
	s, err := store.Open(context.Background(), store.Options{DataDir: t.TempDir(), Observe: func(op string, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		seen[op]++
		if err != nil {
			errs[op]++
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	newMunicipality(t, s, "GM0001")
	if _, _, err := s.R().Households(ctx, "GM0001", wijkregie.HouseholdScope{All: true}, store.Page{}); err != nil {
		t.Fatal(err)
	}
	err = s.Tx(ctx, func(q *store.Q) error {
		return q.CreateMunicipality(ctx, &wijkregie.Municipality{ID: "GM0001", Name: "Dubbel"})
	})
	if wijkregie.ErrorCode(err) != wijkregie.EINVALID {
		t.Fatalf("second municipality with the same code: %v; want invalid", err)
	}
	for _, op := range []string{"Households", "CreateMunicipality", "tx"} {
		if seen[op] == 0 {
			t.Errorf("no timing for %q; got %v", op, seen)
		}
	}
	if errs["tx"] != 0 {
		t.Errorf("a refused change counted as %d store errors; want 0", errs["tx"])
	}
	if errs["CreateMunicipality"] != 1 {
		t.Errorf("the failed insert counted %d errors; want 1", errs["CreateMunicipality"])
	}
}
