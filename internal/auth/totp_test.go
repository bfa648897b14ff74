package auth

import (
	"strings"
	"testing"
	"time"
)

// TestTOTPVectors checks HOTP over time steps against the SHA-1 test
// vectors of RFC 6238, appendix B (eight digits, key "12345678901234567890").
func TestTOTPVectors(t *testing.T) {
	key := []byte("12345678901234567890")
	tests := []struct {
		unix int64
		want string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	}
	for _, tt := range tests {
		step := TOTPStepAt(time.Unix(tt.unix, 0))
		if got := HOTP(key, uint64(step), 8); got != tt.want {
			t.Errorf("TOTP at %d = %s; want %s", tt.unix, got, tt.want)
		}
		// Six digits are the last six of eight (the same truncation, a
		// smaller modulus).
		if got := TOTP(key, time.Unix(tt.unix, 0)); got != tt.want[2:] {
			t.Errorf("six-digit TOTP at %d = %s; want %s", tt.unix, got, tt.want[2:])
		}
	}
}

// TestHOTPVectors checks RFC 4226 appendix D.
func TestHOTPVectors(t *testing.T) {
	key := []byte("12345678901234567890")
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for i, w := range want {
		if got := HOTP(key, uint64(i), 6); got != w {
			t.Errorf("HOTP(%d) = %s; want %s", i, got, w)
		}
	}
}

func TestCheckTOTP(t *testing.T) {
	key := NewTOTPSecret()
	now := time.Date(2026, 3, 2, 9, 0, 10, 0, time.UTC)
	cur := TOTPStepAt(now)
	code := TOTP(key, now)
	step, ok := CheckTOTP(key, code, now, 0)
	if !ok || step != cur {
		t.Fatalf("CheckTOTP(current code) = %d, %v; want %d, true", step, ok, cur)
	}
	// Used once: the same code, or an older one, is refused after.
	if _, ok := CheckTOTP(key, code, now, cur); ok {
		t.Error("the same code was accepted twice")
	}
	if _, ok := CheckTOTP(key, TOTP(key, now.Add(-TOTPStep)), now, cur); ok {
		t.Error("the previous step's code was accepted after the current one")
	}
	// One step either side is accepted; two are not.
	for _, d := range []time.Duration{-TOTPStep, TOTPStep} {
		if _, ok := CheckTOTP(key, TOTP(key, now.Add(d)), now, 0); !ok {
			t.Errorf("code of %v away refused", d)
		}
	}
	for _, d := range []time.Duration{-2 * TOTPStep, 2 * TOTPStep} {
		if _, ok := CheckTOTP(key, TOTP(key, now.Add(d)), now, 0); ok {
			t.Errorf("code of %v away accepted", d)
		}
	}
	// Spaces are ignored; anything else that is not six digits fails.
	if _, ok := CheckTOTP(key, code[:3]+" "+code[3:], now, 0); !ok {
		t.Error("code with a space refused")
	}
	for _, bad := range []string{"", "12345", "1234567", "12345a", "ｌ23456"} {
		if _, ok := CheckTOTP(key, bad, now, 0); ok {
			t.Errorf("CheckTOTP(%q) accepted", bad)
		}
	}
	// Another key's code fails.
	if _, ok := CheckTOTP(NewTOTPSecret(), code, now, 0); ok {
		t.Error("a code of another key was accepted")
	}
}

func TestTOTPEncoding(t *testing.T) {
	key := []byte("12345678901234567890")
	enc := EncodeTOTPSecret(key)
	if enc != "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" {
		t.Errorf("EncodeTOTPSecret = %s", enc)
	}
	if back, err := DecodeTOTPSecret(enc); err != nil || string(back) != string(key) {
		t.Errorf("DecodeTOTPSecret = %q, %v", back, err)
	}
	if got := GroupTOTPSecret("ABCDEFGHIJ"); got != "ABCD EFGH IJ" {
		t.Errorf("GroupTOTPSecret = %q", got)
	}
	uri := TOTPURI("Wijkregie", "beheer@example.nl", key)
	if !strings.HasPrefix(uri, "otpauth://totp/Wijkregie:beheer@example.nl?") || !strings.Contains(uri, "secret="+enc) ||
		!strings.Contains(uri, "issuer=Wijkregie") || !strings.Contains(uri, "digits=6") || !strings.Contains(uri, "period=30") {
		t.Errorf("TOTPURI = %s", uri)
	}
	if len(NewTOTPSecret()) != 20 || string(NewTOTPSecret()) == string(NewTOTPSecret()) {
		t.Error("NewTOTPSecret is not 20 random bytes")
	}
}
