package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// A secret (session cookie or API token) carries the municipality it belongs
// to in the clear, so the server can look it up within that tenant alone:
// "GM0363.<random>" for sessions, "wr_GM0363_<random>" for API tokens. Only
// a SHA-256 hash of the whole secret is stored; 256 random bits make a
// slow hash unnecessary.

// NewSessionSecret returns a new session secret for a municipality.
func NewSessionSecret(municipalityID string) string {
	return municipalityID + "." + random()
}

// ParseSessionSecret returns the municipality a session secret names.
func ParseSessionSecret(secret string) (municipalityID string, ok bool) {
	m, rest, ok := strings.Cut(secret, ".")
	return m, ok && validTenant(m) && len(rest) == 43
}

// TokenPrefix starts every API token, so secret scanners can spot leaked
// ones.
const TokenPrefix = "wr_"

// NewToken returns a new API token secret for a municipality.
func NewToken(municipalityID string) string {
	return TokenPrefix + municipalityID + "_" + random()
}

// ParseToken returns the municipality an API token names.
func ParseToken(token string) (municipalityID string, ok bool) {
	rest, ok := strings.CutPrefix(token, TokenPrefix)
	if !ok {
		return "", false
	}
	m, secret, ok := strings.Cut(rest, "_")
	return m, ok && validTenant(m) && len(secret) == 43
}

// HashSecret returns the stored form of a session or token secret.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func validTenant(m string) bool {
	if len(m) != 6 || m[:2] != "GM" {
		return false
	}
	for _, c := range m[2:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
