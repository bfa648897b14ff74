package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"net/url"
	"strings"
	"time"
)

// The second factor is a time-based one-time password (TOTP, RFC 6238):
// HMAC-SHA1 over the number of 30-second steps since the Unix epoch,
// truncated to six digits (HOTP, RFC 4226). Those are the defaults every
// authenticator app (FreeOTP, Google Authenticator, Microsoft
// Authenticator, 1Password) implements, so the user can pick any.
const (
	TOTPStep   = 30 * time.Second
	TOTPDigits = 6
	// totpSecretSize is 160 bits, the HMAC-SHA1 block's natural key length
	// and what RFC 4226 section 4 recommends.
	totpSecretSize = 20
	// totpSkew is how many steps before and after now a code may be of:
	// a phone's clock a little off, or a code typed as it changed.
	totpSkew = 1
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a new random TOTP secret.
func NewTOTPSecret() []byte {
	b := make([]byte, totpSecretSize)
	rand.Read(b) // never fails (crypto/rand, Go 1.24)
	return b
}

// TOTPStepAt returns the time step of t.
func TOTPStepAt(t time.Time) int64 { return t.Unix() / int64(TOTPStep/time.Second) }

// HOTP returns the one-time password of key at counter with digits digits
// (RFC 4226 section 5.3: dynamic truncation of HMAC-SHA1).
func HOTP(key []byte, counter uint64, digits int) string {
	mac := hmac.New(sha1.New, key)
	var c [8]byte
	binary.BigEndian.PutUint64(c[:], counter)
	mac.Write(c[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	s := make([]byte, digits)
	v %= mod
	for i := digits - 1; i >= 0; i-- {
		s[i] = byte('0' + v%10)
		v /= 10
	}
	return string(s)
}

// TOTP returns the six-digit code of key at t.
func TOTP(key []byte, t time.Time) string { return HOTP(key, uint64(TOTPStepAt(t)), TOTPDigits) }

// CheckTOTP reports whether code is key's code of a step near now that is
// later than after, the last step a code was accepted for: a code works
// once, so one seen over a shoulder or in a proxy's log cannot be played
// again. It returns the step matched, which the caller stores as the new
// after. Spaces in code are ignored, as apps show "123 456".
func CheckTOTP(key []byte, code string, now time.Time, after int64) (int64, bool) {
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != TOTPDigits {
		return 0, false
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	cur := TOTPStepAt(now)
	for step := cur - totpSkew; step <= cur+totpSkew; step++ {
		if step <= after || step < 0 {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(HOTP(key, uint64(step), TOTPDigits)), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

// EncodeTOTPSecret returns key in base32 without padding, as authenticator
// apps take it.
func EncodeTOTPSecret(key []byte) string { return b32.EncodeToString(key) }

// DecodeTOTPSecret reverses EncodeTOTPSecret.
func DecodeTOTPSecret(s string) ([]byte, error) { return b32.DecodeString(s) }

// GroupTOTPSecret writes an encoded secret in groups of four, so that a
// user typing it into an app loses their place less easily.
func GroupTOTPSecret(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// TOTPURI returns the otpauth:// URI of key (the Key Uri Format that apps
// read from a QR code or a link): the issuer names the service, account
// the user within it.
func TOTPURI(issuer, account string, key []byte) string {
	q := url.Values{}
	q.Set("secret", EncodeTOTPSecret(key))
	q.Set("issuer", issuer)
	q.Set("algorithm", "SHA1")
	q.Set("digits", "6")
	q.Set("period", "30")
	label := url.PathEscape(issuer) + ":" + url.PathEscape(account)
	return "otpauth://totp/" + label + "?" + q.Encode()
}
