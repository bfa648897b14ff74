// Package auth holds the secrets of logging in: password hashes, session and
// API token secrets, and login throttling. It knows nothing of HTTP or SQL.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost settings. Defaults follow OWASP's password
// storage advice (argon2id, 19 MiB, 2 iterations, 1 lane); tests may lower
// them to stay fast.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams are the production costs.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// HashPassword returns an argon2id hash in the PHC string format, which
// carries its own parameters and salt so costs can rise later without
// breaking stored hashes.
func HashPassword(password string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// CheckPassword reports whether password matches hash, in constant time. An
// empty or malformed hash (a user without a password) never matches.
func CheckPassword(hash, password string) bool {
	ok, err := checkPassword(hash, password)
	return err == nil && ok
}

func checkPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, errBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when a login names no known user, so the
// answer takes as long as for a known one and does not reveal which
// addresses have accounts.
var dummyHash, _ = HashPassword("wijkregie-dummy-password", DefaultParams)

// CheckNoUser spends the time a real check would take, and fails.
func CheckNoUser(password string) bool {
	CheckPassword(dummyHash, password)
	return false
}
