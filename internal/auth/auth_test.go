package auth

import (
	"strings"
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
		if !th.Allowed("a", now) {
			t.Fatalf("attempt %d refused; want 3 allowed", i+1)
		}
		th.Fail("a", now)
	}
	if th.Allowed("a", now.Add(59*time.Second)) {
		t.Error("fourth attempt within the window allowed")
	}
	if !th.Allowed("b", now) {
		t.Error("other key refused")
	}
	if !th.Allowed("a", now.Add(time.Minute)) {
		t.Error("attempt after the window refused")
	}
	th.Fail("c", now)
	th.Reset("c")
	if !th.Allowed("c", now) || len(th.fails["c"]) != 0 {
		t.Error("Reset kept failures")
	}
}
