package demo_test

import (
	"context"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestSignalHistory loads a demo with a signal history and checks its
// shape: the number asked for (beside the story signals), triaged in the
// statuses a signal without a case can have, and a queue for every team.
func TestSignalHistory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const households, signals = 300, 3000
		if _, err := demo.Load(ctx, s, demo.Options{Households: households, Signals: signals, PasswordParams: cheap}); err != nil {
			t.Fatal(err)
		}
		var all []wijkregie.Signal
		for {
			page, total, err := s.R().Signals(ctx, demo.MunicipalityID, wijkregie.SignalScope{All: true}, store.SignalFilter{Page: store.Page{Offset: len(all), Limit: store.MaxLimit}})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, page...)
			if len(all) >= total || len(page) == 0 {
				break
			}
		}
		if len(all) < signals || len(all) > signals+100 {
			t.Fatalf("%d signals; want %d and the few story signals", len(all), signals)
		}
		status := map[wijkregie.SignalStatus]int{}
		persons := 0
		for _, sig := range all {
			status[sig.Status]++
			if sig.PersonID != "" {
				persons++
			}
			if sig.HouseholdID == "" || sig.TeamID == "" || sig.CreatedBy == "" {
				t.Fatalf("signal %s lacks its household, team or registrant", sig.ID)
			}
			if sig.Status != wijkregie.SignalNew && !sig.ReceivedAt.Before(sig.TriageDeadline) {
				t.Errorf("signal %s: received %v, deadline %v", sig.ID, sig.ReceivedAt, sig.TriageDeadline)
			}
		}
		// The history makes no cases; only the story's few signals may be in one.
		if status[wijkregie.SignalInCase] > len(all)-signals {
			t.Errorf("%d signals in a case; the history makes no cases", status[wijkregie.SignalInCase])
		}
		for _, st := range []wijkregie.SignalStatus{wijkregie.SignalNew, wijkregie.SignalClosed, wijkregie.SignalSimple, wijkregie.SignalNoAction} {
			if status[st] == 0 {
				t.Errorf("no signals in status %s: %v", st, status)
			}
		}
		if persons < len(all)/2 || persons == len(all) {
			t.Errorf("%d of %d signals name a person; want most, not all", persons, len(all))
		}
		teams, err := s.R().Teams(ctx, demo.MunicipalityID)
		if err != nil {
			t.Fatal(err)
		}
		for _, team := range teams {
			if _, n, err := s.R().TriageQueue(ctx, demo.MunicipalityID, wijkregie.SignalScope{All: true}, store.QueueFilter{TeamID: team.ID}); err != nil || n == 0 {
				t.Errorf("team %s: %d signals waiting, %v; want some", team.Name, n, err)
			}
		}
	})
}

func TestSignalHistoryRefusesTooMany(t *testing.T) {
	s := testdb.SQLite(t, testdb.Options{})
	if _, err := demo.Load(context.Background(), s, demo.Options{Households: 1, Signals: demo.MaxSignals + 1, PasswordParams: cheap}); err == nil {
		t.Fatal("Load accepted more than MaxSignals signals")
	}
}
