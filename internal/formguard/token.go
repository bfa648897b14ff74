// Package formguard keeps a form that needs no login usable for people and
// costly for machines, without a third party (no CAPTCHA service, nothing
// loaded from elsewhere): a signed, time-limited, single-use token in the
// form (Tokens), and a limit on submissions per client address (Limiter).
// Both live in the process, as the login throttle does (internal/auth):
// with several instances each keeps its own, which multiplies the
// allowance by the number of instances but never lets it grow without
// bound.
package formguard

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"sync"
	"time"
)

// Why a token is refused. The form answers each in words a person
// understands, with the input kept and a new token.
var (
	// ErrInvalid: no token, a malformed or altered one, one signed with
	// another key, or one issued for another form.
	ErrInvalid = errors.New("formguard: invalid token")
	// ErrTooSoon: sent back faster than a person fills in a form.
	ErrTooSoon = errors.New("formguard: token used too soon")
	// ErrExpired: the form stood open longer than a token lives.
	ErrExpired = errors.New("formguard: token expired")
	// ErrUsed: the token was already used for a submission.
	ErrUsed = errors.New("formguard: token already used")
	// ErrFull: so many tokens were used within their lifetime that no
	// more can be remembered; refusing is the safe side of that bound.
	ErrFull = errors.New("formguard: too many tokens in use")
)

// A token is base64url of: the issue time (Unix milliseconds, 8 bytes), a
// random nonce (16 bytes) and an HMAC-SHA256 over both and the form's
// scope (32 bytes). It holds nothing the client did not already know.
const (
	timeLen  = 8
	nonceLen = 16
	macLen   = sha256.Size
	tokenLen = timeLen + nonceLen + macLen
)

// clockSkew is how far in the future an issue time may lie: instances of
// one deployment may disagree on the time by a little.
const clockSkew = 30 * time.Second

// macLabel separates this use of the key from any other.
const macLabel = "wijkregie formguard token v1\x00"

// Tokens issues and checks form tokens. It is safe for concurrent use.
type Tokens struct {
	key      []byte
	minAge   time.Duration
	maxAge   time.Duration
	capacity int

	mu   sync.Mutex
	used map[[nonceLen]byte]time.Time // nonce → when its token expires
}

// NewTokens returns tokens signed with key, accepted from minAge after
// they were issued until maxAge, each once. At most capacity used tokens
// are remembered until they expire; beyond that Use refuses (ErrFull).
func NewTokens(key []byte, minAge, maxAge time.Duration, capacity int) *Tokens {
	return &Tokens{key: append([]byte(nil), key...), minAge: minAge, maxAge: maxAge, capacity: capacity,
		used: make(map[[nonceLen]byte]time.Time)}
}

// Issue returns a new token for the form named scope (for instance the
// municipality it reports to), issued at now.
func (t *Tokens) Issue(scope string, now time.Time) string {
	var b [tokenLen]byte
	binary.BigEndian.PutUint64(b[:timeLen], uint64(now.UnixMilli()))
	rand.Read(b[timeLen : timeLen+nonceLen])
	copy(b[timeLen+nonceLen:], t.mac(scope, b[:timeLen+nonceLen]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (t *Tokens) mac(scope string, body []byte) []byte {
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte(macLabel))
	m.Write([]byte(scope))
	m.Write([]byte{0})
	m.Write(body)
	return m.Sum(nil)
}

// parse checks a token's form, signature and age, and returns its nonce
// and when it expires.
func (t *Tokens) parse(scope, token string, now time.Time) (nonce [nonceLen]byte, expires time.Time, err error) {
	if base64.RawURLEncoding.DecodedLen(len(token)) != tokenLen {
		return nonce, expires, ErrInvalid
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != tokenLen {
		return nonce, expires, ErrInvalid
	}
	if !hmac.Equal(b[timeLen+nonceLen:], t.mac(scope, b[:timeLen+nonceLen])) {
		return nonce, expires, ErrInvalid
	}
	ms := binary.BigEndian.Uint64(b[:timeLen])
	if ms > 1<<62 {
		return nonce, expires, ErrInvalid
	}
	issued := time.UnixMilli(int64(ms))
	age := now.Sub(issued)
	switch {
	case age < -clockSkew:
		return nonce, expires, ErrInvalid
	case age < t.minAge:
		return nonce, expires, ErrTooSoon
	case age > t.maxAge:
		return nonce, expires, ErrExpired
	}
	copy(nonce[:], b[timeLen:timeLen+nonceLen])
	return nonce, issued.Add(t.maxAge), nil
}

// Check reports whether the token would be accepted for scope at now,
// without using it: nil, or why not.
func (t *Tokens) Check(scope, token string, now time.Time) error {
	nonce, _, err := t.parse(scope, token, now)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if exp, ok := t.used[nonce]; ok && now.Before(exp) {
		return ErrUsed
	}
	return nil
}

// Use accepts the token for scope at now and remembers it as used until
// it expires, so it is accepted only once; or says why not.
func (t *Tokens) Use(scope, token string, now time.Time) error {
	nonce, expires, err := t.parse(scope, token, now)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if exp, ok := t.used[nonce]; ok && now.Before(exp) {
		return ErrUsed
	}
	if len(t.used) >= t.capacity {
		t.sweep(now)
		if len(t.used) >= t.capacity {
			return ErrFull
		}
	}
	t.used[nonce] = expires
	return nil
}

// Forget makes a used token usable again, for a submission that failed
// after Use through no fault of the sender (the store did not answer):
// they may send the same form again.
func (t *Tokens) Forget(token string) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != tokenLen {
		return
	}
	var nonce [nonceLen]byte
	copy(nonce[:], b[timeLen:timeLen+nonceLen])
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.used, nonce)
}

// InUse is the number of used tokens remembered.
func (t *Tokens) InUse() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.used)
}

// sweep forgets the used tokens that have expired: they are refused as
// expired anyway.
func (t *Tokens) sweep(now time.Time) {
	for n, exp := range t.used {
		if !now.Before(exp) {
			delete(t.used, n)
		}
	}
}
