package store_test

import (
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestSecondFactorRoundTrip(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		anna, bert := sessionsOf(t, s)
		if _, err := s.R().SecondFactor(ctx, "GM0001", anna.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Fatalf("SecondFactor before any = %v; want not found", err)
		}
		secret := []byte("12345678901234567890")
		mustTx(t, s, func(q *store.Q) error {
			return q.PutSecondFactor(ctx, &store.SecondFactor{MunicipalityID: "GM0001", UserID: anna.ID, Secret: secret})
		})
		f, err := s.R().SecondFactor(ctx, "GM0001", anna.ID)
		if err != nil || string(f.Secret) != string(secret) || f.Confirmed() || f.LastStep != 0 || !near(f.CreatedAt, start) {
			t.Fatalf("SecondFactor = %+v, %v; want the secret, unconfirmed, made at %s", f, err, start)
		}
		// The stored secret is sealed: the table holds neither the bytes
		// nor their base32.
		var sealed string
		mustTx(t, s, func(q *store.Q) error {
			rows, err := store.QueryForTest(ctx, q, `SELECT secret_sealed FROM second_factors WHERE user_id = $1`, anna.ID)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				if err := rows.Scan(&sealed); err != nil {
					return err
				}
			}
			return rows.Err()
		})
		if strings.Contains(sealed, string(secret)) || strings.Contains(sealed, "GEZDGNBV") || !strings.HasPrefix(sealed, s.BSNKeys().Current()+":") {
			t.Errorf("stored secret %q is not sealed with the current key", sealed)
		}
		// A sealed secret copied to another user does not open there.
		mustTx(t, s, func(q *store.Q) error {
			return testdb.Exec(ctx, q, `INSERT INTO second_factors (municipality_id, user_id, secret_sealed, created_at, last_step)
SELECT municipality_id, $1, secret_sealed, created_at, 0 FROM second_factors WHERE user_id = $2`, bert.ID, anna.ID)
		})
		if _, err := s.R().SecondFactor(ctx, "GM0001", bert.ID); err == nil {
			t.Error("a secret copied to another user opened")
		}

		// A step confirms; the same or an older step is refused.
		c.Advance(time.Minute)
		mustTx(t, s, func(q *store.Q) error { return q.UseSecondFactorStep(ctx, "GM0001", anna.ID, 100) })
		f, _ = s.R().SecondFactor(ctx, "GM0001", anna.ID)
		if !f.Confirmed() || !near(f.ConfirmedAt, start.Add(time.Minute)) || f.LastStep != 100 {
			t.Errorf("after a step: %+v; want confirmed at %s, step 100", f, start.Add(time.Minute))
		}
		for _, step := range []int64{100, 99} {
			err := s.Tx(ctx, func(q *store.Q) error { return q.UseSecondFactorStep(ctx, "GM0001", anna.ID, step) })
			if wijkregie.ErrorCode(err) != wijkregie.ECONFLICT {
				t.Errorf("UseSecondFactorStep(%d) again = %v; want conflict", step, err)
			}
		}
		c.Advance(time.Minute)
		mustTx(t, s, func(q *store.Q) error { return q.UseSecondFactorStep(ctx, "GM0001", anna.ID, 101) })
		if f, _ = s.R().SecondFactor(ctx, "GM0001", anna.ID); !near(f.ConfirmedAt, start.Add(time.Minute)) || f.LastStep != 101 {
			t.Errorf("a later step: %+v; want the first confirmation kept, step 101", f)
		}

		// Setting up again starts over.
		mustTx(t, s, func(q *store.Q) error {
			return q.PutSecondFactor(ctx, &store.SecondFactor{MunicipalityID: "GM0001", UserID: anna.ID, Secret: []byte("another secret")})
		})
		if f, _ = s.R().SecondFactor(ctx, "GM0001", anna.ID); f.Confirmed() || f.LastStep != 0 || string(f.Secret) != "another secret" {
			t.Errorf("after setting up again: %+v", f)
		}
		mustTx(t, s, func(q *store.Q) error { return q.DeleteSecondFactor(ctx, "GM0001", anna.ID) })
		if _, err := s.R().SecondFactor(ctx, "GM0001", anna.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("SecondFactor after delete = %v; want not found", err)
		}
	})
}

func TestSessionSecondFactor(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		anna, _ := sessionsOf(t, s)
		newSession(t, s, anna.ID, "hash-1", start, time.Hour)
		if until, err := s.R().SessionSecondFactor(ctx, "GM0001", "hash-1"); err != nil || !until.IsZero() {
			t.Fatalf("SessionSecondFactor of a new session = %s, %v; want zero", until, err)
		}
		want := start.Add(15 * time.Minute)
		mustTx(t, s, func(q *store.Q) error { return q.SetSessionSecondFactor(ctx, "GM0001", "hash-1", want) })
		if until, err := s.R().SessionSecondFactor(ctx, "GM0001", "hash-1"); err != nil || !near(until, want) {
			t.Errorf("SessionSecondFactor = %s, %v; want %s", until, err, want)
		}
		mustTx(t, s, func(q *store.Q) error { return q.SetSessionSecondFactor(ctx, "GM0001", "hash-1", time.Time{}) })
		if until, _ := s.R().SessionSecondFactor(ctx, "GM0001", "hash-1"); !until.IsZero() {
			t.Errorf("after clearing: %s; want zero", until)
		}
		err := s.Tx(ctx, func(q *store.Q) error { return q.SetSessionSecondFactor(ctx, "GM0001", "no-such", want) })
		if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("SetSessionSecondFactor of no session = %v; want not found", err)
		}
	})
}

// near reports whether two instants agree to the microsecond, as far as
// the store keeps them.
func near(a, b time.Time) bool { return a.Sub(b).Abs() < time.Microsecond }
