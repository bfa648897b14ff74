package formguard

import (
	"encoding/base64"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func newTokens() *Tokens {
	return NewTokens([]byte("een sleutel van twee-en-dertig.."), 3*time.Second, 2*time.Hour, 4)
}

func TestTokenAges(t *testing.T) {
	tk := newTokens()
	tok := tk.Issue("GM9901", t0)
	tests := []struct {
		after time.Duration
		want  error
	}{
		{-time.Minute, ErrInvalid}, // issued in the future: not by us
		{0, ErrTooSoon},
		{2999 * time.Millisecond, ErrTooSoon},
		{3 * time.Second, nil},
		{time.Hour, nil},
		{2 * time.Hour, nil},
		{2*time.Hour + time.Millisecond, ErrExpired},
		{48 * time.Hour, ErrExpired},
	}
	for _, tt := range tests {
		if got := tk.Check("GM9901", tok, t0.Add(tt.after)); !errors.Is(got, tt.want) && !(got == nil && tt.want == nil) {
			t.Errorf("Check %s after issue = %v; want %v", tt.after, got, tt.want)
		}
	}
	if tk.InUse() != 0 {
		t.Errorf("Check used %d tokens; want none", tk.InUse())
	}
}

func TestTokenOnce(t *testing.T) {
	tk := newTokens()
	tok := tk.Issue("GM9901", t0)
	at := t0.Add(time.Minute)
	if err := tk.Use("GM9901", tok, at); err != nil {
		t.Fatalf("first Use = %v", err)
	}
	if err := tk.Use("GM9901", tok, at.Add(time.Second)); !errors.Is(err, ErrUsed) {
		t.Errorf("second Use = %v; want ErrUsed", err)
	}
	if err := tk.Check("GM9901", tok, at.Add(time.Second)); !errors.Is(err, ErrUsed) {
		t.Errorf("Check after Use = %v; want ErrUsed", err)
	}
	// Past its life it is expired, not used, and no longer remembered
	// once the set needs room.
	if err := tk.Use("GM9901", tok, t0.Add(3*time.Hour)); !errors.Is(err, ErrExpired) {
		t.Errorf("Use after expiry = %v; want ErrExpired", err)
	}
	// Forget makes it usable again (a store failure after Use).
	tk.Forget(tok)
	if err := tk.Use("GM9901", tok, at.Add(2*time.Second)); err != nil {
		t.Errorf("Use after Forget = %v", err)
	}
}

func TestTokenTampered(t *testing.T) {
	tk := newTokens()
	tok := tk.Issue("GM9901", t0)
	at := t0.Add(time.Minute)
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) != tokenLen {
		t.Fatalf("token %q decodes to %d bytes, %v", tok, len(raw), err)
	}
	for i := range raw {
		bad := append([]byte(nil), raw...)
		bad[i] ^= 0x80
		if err := tk.Check("GM9901", base64.RawURLEncoding.EncodeToString(bad), at); !errors.Is(err, ErrInvalid) {
			t.Errorf("byte %d altered: %v; want ErrInvalid", i, err)
		}
	}
	for name, bad := range map[string]string{
		"empty": "", "short": tok[:10], "long": tok + "AAAA", "not base64": tok[:len(tok)-1] + "*",
		"padded": base64.URLEncoding.EncodeToString(raw),
	} {
		if err := tk.Check("GM9901", bad, at); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v; want ErrInvalid", name, err)
		}
	}
	if err := tk.Check("GM9902", tok, at); !errors.Is(err, ErrInvalid) {
		t.Errorf("another scope: %v; want ErrInvalid", err)
	}
	other := NewTokens([]byte("een andere sleutel van 32 bytes."), 3*time.Second, 2*time.Hour, 4)
	if err := other.Check("GM9901", tok, at); !errors.Is(err, ErrInvalid) {
		t.Errorf("another key: %v; want ErrInvalid", err)
	}
	if a, b := tk.Issue("GM9901", t0), tk.Issue("GM9901", t0); a == b {
		t.Errorf("two tokens of one moment are the same: %s", a)
	}
}

// TestTokensBounded: the used set never grows past its capacity; when it
// is full of live tokens, Use refuses; expired ones make room.
func TestTokensBounded(t *testing.T) {
	tk := newTokens() // capacity 4
	at := t0.Add(time.Minute)
	for i := range 4 {
		if err := tk.Use("GM9901", tk.Issue("GM9901", t0), at); err != nil {
			t.Fatalf("token %d: %v", i, err)
		}
	}
	if err := tk.Use("GM9901", tk.Issue("GM9901", t0), at); !errors.Is(err, ErrFull) {
		t.Errorf("fifth live token = %v; want ErrFull", err)
	}
	later := t0.Add(2*time.Hour + time.Second) // the first four have expired
	if err := tk.Use("GM9901", tk.Issue("GM9901", later.Add(-time.Minute)), later); err != nil {
		t.Errorf("after the others expired: %v", err)
	}
	if n := tk.InUse(); n != 1 {
		t.Errorf("%d tokens remembered; want 1", n)
	}
}

// TestTokenUseRace: one token used by many at once is accepted once.
func TestTokenUseRace(t *testing.T) {
	tk := NewTokens([]byte("k"), 0, time.Hour, 100)
	tok := tk.Issue("s", t0)
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for range 20 {
		wg.Go(func() {
			if tk.Use("s", tok, t0.Add(time.Second)) == nil {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if ok != 1 {
		t.Errorf("%d uses accepted; want 1", ok)
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(10, Limit{Max: 5, Per: time.Hour}, Limit{Max: 20, Per: 24 * time.Hour})
	now := t0
	for i := range 5 {
		if w, ok := l.Reserve("a", now); !ok {
			t.Fatalf("event %d refused, wait %s", i+1, w)
		}
		now = now.Add(time.Minute)
	}
	// The sixth in the hour waits until the first leaves it.
	if w := l.Wait("a", now); w != t0.Add(time.Hour).Sub(now) {
		t.Errorf("Wait = %s; want %s", w, t0.Add(time.Hour).Sub(now))
	}
	if w, ok := l.Reserve("a", now); ok || w != 55*time.Minute {
		t.Errorf("sixth Reserve = %s, %v; want 55m, refused", w, ok)
	}
	if w := l.Wait("b", now); w != 0 {
		t.Errorf("another key waits %s; want 0", w)
	}
	// Release takes one back.
	l.Release("a", t0.Add(4*time.Minute))
	if _, ok := l.Reserve("a", now); !ok {
		t.Errorf("after Release: refused")
	}
	if _, ok := l.Reserve("a", now); ok {
		t.Errorf("the slot Release freed was given twice")
	}
	if _, ok := l.Reserve("a", t0.Add(time.Hour)); !ok {
		t.Errorf("an hour after the first: refused")
	}
}

func TestLimiterDay(t *testing.T) {
	l := NewLimiter(10, Limit{Max: 5, Per: time.Hour}, Limit{Max: 20, Per: 24 * time.Hour})
	now := t0
	for i := range 20 {
		if w, ok := l.Reserve("a", now); !ok {
			t.Fatalf("event %d refused, wait %s", i+1, w)
		}
		now = now.Add(15 * time.Minute) // four an hour
	}
	w, ok := l.Reserve("a", now)
	if want := t0.Add(24 * time.Hour).Sub(now); ok || w != want {
		t.Errorf("21st of the day = %s, %v; want %s, refused", w, ok, want)
	}
	if _, ok := l.Reserve("a", t0.Add(24*time.Hour)); !ok {
		t.Errorf("a day after the first: refused")
	}
}

// TestLimiterBounded: keys are forgotten when their events are old, and
// a full limiter refuses new keys instead of growing.
func TestLimiterBounded(t *testing.T) {
	l := NewLimiter(3, Limit{Max: 1, Per: time.Hour})
	for i := range 3 {
		if _, ok := l.Reserve(fmt.Sprint(i), t0); !ok {
			t.Fatalf("key %d refused", i)
		}
	}
	if w, ok := l.Reserve("3", t0.Add(time.Minute)); ok || w != time.Hour {
		t.Errorf("a fourth key while three are busy = %s, %v; want 1h, refused", w, ok)
	}
	if _, ok := l.Reserve("3", t0.Add(time.Hour)); !ok {
		t.Errorf("a fourth key once the others are old: refused")
	}
	l.mu.Lock()
	n := len(l.hits)
	l.mu.Unlock()
	if n != 1 {
		t.Errorf("%d keys remembered; want 1", n)
	}
}

func TestClientKey(t *testing.T) {
	for addr, want := range map[string]string{
		"192.0.2.7":            "192.0.2.7",
		"::ffff:192.0.2.7":     "192.0.2.7",
		"2001:db8:1:2::10":     "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"2001:db8:1:3::10":     "2001:db8:1:3::/64",
		"geen-adres":           "geen-adres",
		"[2001:db8::1]:8080":   "[2001:db8::1]:8080",
	} {
		if got := ClientKey(addr); got != want {
			t.Errorf("ClientKey(%q) = %q; want %q", addr, got, want)
		}
	}
}
