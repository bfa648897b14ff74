package auth

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var fast = Params{Memory: 64, Time: 1, Threads: 1}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash = %q; want a PHC argon2id string", h)
	}
	if !CheckPassword(h, "correct horse battery") {
		t.Error("right password rejected")
	}
	if CheckPassword(h, "correct horse batterY") {
		t.Error("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery", fast)
	if h2 == h {
		t.Error("two hashes of one password are equal; want a fresh salt each time")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$x$y$z$w", h[:len(h)-5] + "!!!!!"} {
		if CheckPassword(bad, "correct horse battery") {
			t.Errorf("CheckPassword(%q) = true; want false for a malformed hash", bad)
		}
	}
	if CheckNoUser("anything") {
		t.Error("CheckNoUser = true")
	}
}

func TestSecrets(t *testing.T) {
	s := NewSessionSecret("GM0363")
	if m, ok := ParseSessionSecret(s); !ok || m != "GM0363" {
		t.Errorf("ParseSessionSecret(%q) = %q, %v", s, m, ok)
	}
	tok := NewToken("GM0363")
	if m, ok := ParseToken(tok); !ok || m != "GM0363" {
		t.Errorf("ParseToken(%q) = %q, %v", tok, m, ok)
	}
	for _, bad := range []string{"", "GM0363", "GM0363.short", "XX0363." + strings.Repeat("a", 43), "wr_GM036_" + strings.Repeat("a", 43), "wr_GM0363_" + strings.Repeat("a", 42)} {
		if _, ok := ParseSessionSecret(bad); ok {
			t.Errorf("ParseSessionSecret(%q) ok", bad)
		}
		if _, ok := ParseToken(bad); ok {
			t.Errorf("ParseToken(%q) ok", bad)
		}
	}
	if HashSecret(s) == HashSecret(NewSessionSecret("GM0363")) {
		t.Error("two secrets hash alike")
	}
}

func TestThrottle(t *testing.T) {
	th := NewThrottle(3, time.Minute)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if !th.Reserve("a", now) {
			t.Fatalf("attempt %d refused; want 3 allowed", i+1)
		}
	}
	if th.Reserve("a", now.Add(59*time.Second)) {
		t.Error("fourth attempt within the window allowed")
	}
	if !th.Reserve("b", now) {
		t.Error("other key refused")
	}
	if !th.Reserve("a", now.Add(time.Minute)) {
		t.Error("attempt after the window refused")
	}
	th.Reserve("c", now)
	th.Reset("c")
	if len(th.fails["c"]) != 0 {
		t.Error("Reset kept failures")
	}
	th.Reserve("d", now)
	th.Reserve("d", now)
	th.Release("d")
	if got := len(th.fails["d"]); got != 1 {
		t.Errorf("after two reservations and a release, %d attempts count; want 1", got)
	}
}

// TestThrottleParallel proves the check and the count are one step: of many
// simultaneous attempts, exactly max get through.
func TestThrottleParallel(t *testing.T) {
	th := NewThrottle(5, time.Minute)
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var ok atomic.Int32
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if th.Reserve("a", now) {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	if got := ok.Load(); got != 5 {
		t.Errorf("%d of 50 parallel attempts passed; want 5", got)
	}
}
