package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// sessionsOf sets up a municipality with two users and returns them.
func sessionsOf(t *testing.T, s *store.Store) (anna, bert *wijkregie.User) {
	t.Helper()
	newMunicipality(t, s, "GM0001")
	return newUser(t, s, "GM0001", "anna@gemeente.example", wijkregie.RoleAdmin, "", ""),
		newUser(t, s, "GM0001", "bert@gemeente.example", wijkregie.RoleAdmin, "", "")
}

func newSession(t *testing.T, s *store.Store, userID, hash string, created time.Time, idle time.Duration) *store.Session {
	t.Helper()
	sess := &store.Session{MunicipalityID: "GM0001", IDHash: hash, UserID: userID, CreatedAt: created, LastSeenAt: created, ExpiresAt: created.Add(idle)}
	mustTx(t, s, func(q *store.Q) error { return q.CreateSession(t.Context(), sess) })
	return sess
}

func TestSessionRoundTripAndExpiry(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		anna, _ := sessionsOf(t, s)
		// The caller's times are not in UTC and finer than a microsecond; the
		// store keeps them in UTC to the microsecond on both engines.
		created := start.Add(-time.Hour)
		sess := newSession(t, s, anna.ID, "hash-1", created, 2*time.Hour)
		want := &store.Session{MunicipalityID: "GM0001", IDHash: "hash-1", UserID: anna.ID,
			CreatedAt: kept(created), LastSeenAt: kept(created), ExpiresAt: kept(created.Add(2 * time.Hour))}

		got, err := s.R().Session(ctx, "GM0001", "hash-1", start)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("Session (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		// Valid up to, not at, its expiry.
		if _, err := s.R().Session(ctx, "GM0001", "hash-1", want.ExpiresAt.Add(-time.Microsecond)); err != nil {
			t.Errorf("Session a microsecond before expiry: %v; want found", err)
		}
		_, err = s.R().Session(ctx, "GM0001", "hash-1", want.ExpiresAt)
		wantCode(t, err, wijkregie.ENOTFOUND)
		_, err = s.R().Session(ctx, "GM0001", "geen-sessie", start)
		wantCode(t, err, wijkregie.ENOTFOUND)

		// Touching moves the idle expiry.
		seen, expires := sess.ExpiresAt.Add(-time.Minute), sess.ExpiresAt.Add(time.Hour)
		mustTx(t, s, func(q *store.Q) error { return q.TouchSession(ctx, "GM0001", "hash-1", seen, expires) })
		got, err = s.R().Session(ctx, "GM0001", "hash-1", sess.ExpiresAt)
		if err != nil {
			t.Fatalf("Session after TouchSession, at the old expiry: %v", err)
		}
		want.LastSeenAt, want.ExpiresAt = kept(seen), kept(expires)
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("Session after TouchSession (-got +want):\n%s", diff)
		}

		mustTx(t, s, func(q *store.Q) error { return q.DeleteSession(ctx, "GM0001", "hash-1") })
		_, err = s.R().Session(ctx, "GM0001", "hash-1", start)
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

func TestDeleteUserAndExpiredSessions(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		anna, bert := sessionsOf(t, s)
		newSession(t, s, anna.ID, "anna-1", start, time.Hour)
		newSession(t, s, anna.ID, "anna-2", start, 3*time.Hour)
		newSession(t, s, bert.ID, "bert-1", start, time.Hour)
		newSession(t, s, bert.ID, "bert-2", start, 2*time.Hour)
		newSession(t, s, bert.ID, "bert-3", start, 3*time.Hour)
		live := func(at time.Time) []string {
			t.Helper()
			var out []string
			for _, h := range []string{"anna-1", "anna-2", "bert-1", "bert-2", "bert-3"} {
				_, err := s.R().Session(ctx, "GM0001", h, at)
				switch wijkregie.ErrorCode(err) {
				case "":
					out = append(out, h)
				case wijkregie.ENOTFOUND:
				default:
					t.Fatal(err)
				}
			}
			return out
		}

		mustTx(t, s, func(q *store.Q) error { return q.DeleteUserSessions(ctx, "GM0001", anna.ID) })
		if diff := cmp.Diff(live(start), []string{"bert-1", "bert-2", "bert-3"}); diff != "" {
			t.Errorf("sessions after DeleteUserSessions(anna) (-got +want):\n%s", diff)
		}

		// Expired at or before now: bert-1 (at +1h exactly) and bert-2 (+2h)
		// at +2h; bert-3 lives on.
		var n int64
		mustTx(t, s, func(q *store.Q) error {
			var err error
			n, err = q.DeleteExpiredSessions(ctx, "GM0001", start.Add(2*time.Hour))
			return err
		})
		if n != 2 {
			t.Errorf("DeleteExpiredSessions removed %d, want 2", n)
		}
		if diff := cmp.Diff(live(start), []string{"bert-3"}); diff != "" {
			t.Errorf("sessions after DeleteExpiredSessions (-got +want):\n%s", diff)
		}
	})
}

func TestTokens(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		anna, bert := sessionsOf(t, s)
		newToken := func(userID, name, hash string) *store.Token {
			t.Helper()
			tok := &store.Token{MunicipalityID: "GM0001", UserID: userID, Name: name, Hash: hash}
			mustTx(t, s, func(q *store.Q) error { return q.CreateToken(ctx, tok) })
			c.Advance(time.Minute) // so "newest first" has one answer
			return tok
		}
		first := newToken(anna.ID, "koppeling", "th-1")
		second := newToken(anna.ID, "rapportage", "th-2")
		bertsToken := newToken(bert.ID, "bert", "th-3")
		if !wijkregie.ValidID(first.ID) || !first.CreatedAt.Equal(onClock(start)) {
			t.Errorf("CreateToken set ID=%q CreatedAt=%v; want an id and the store clock", first.ID, first.CreatedAt)
		}

		// Never used, never revoked: NULLs read back as zero times.
		got, err := s.R().TokenByHash(ctx, "GM0001", "th-1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, first); diff != "" {
			t.Errorf("TokenByHash (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		used := start.Add(90 * time.Minute)
		mustTx(t, s, func(q *store.Q) error { return q.TouchToken(ctx, "GM0001", first.ID, used) })
		first.LastUsedAt = kept(used)
		got, err = s.R().TokenByHash(ctx, "GM0001", "th-1")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, first); diff != "" {
			t.Errorf("TokenByHash after TouchToken (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		// Revoked: gone for TokenByHash at once, still listed.
		revokedAt := onClock(c.Now())
		mustTx(t, s, func(q *store.Q) error { return q.RevokeToken(ctx, "GM0001", anna.ID, first.ID) })
		first.RevokedAt = revokedAt
		_, err = s.R().TokenByHash(ctx, "GM0001", "th-1")
		wantCode(t, err, wijkregie.ENOTFOUND)
		err = tryTx(s, func(q *store.Q) error { return q.RevokeToken(ctx, "GM0001", anna.ID, first.ID) })
		wantCode(t, err, wijkregie.ENOTFOUND)
		// One user cannot revoke another's token.
		err = tryTx(s, func(q *store.Q) error { return q.RevokeToken(ctx, "GM0001", anna.ID, bertsToken.ID) })
		wantCode(t, err, wijkregie.ENOTFOUND)
		if _, err := s.R().TokenByHash(ctx, "GM0001", "th-3"); err != nil {
			t.Errorf("Bert's token after Anna tried to revoke it: %v", err)
		}

		list, err := s.R().Tokens(ctx, "GM0001", anna.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(list, []store.Token{*second, *first}); diff != "" {
			t.Errorf("Tokens, newest first (-got +want):\n%s", diff)
		}
		wantUTC(t, list)
		_, err = s.R().TokenByHash(ctx, "GM0001", "geen-token")
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}
