// Package bsnkey holds the key material that protects the BSN at rest, and
// its cryptography: the BSN is stored sealed (AES-256-GCM) and found
// through a keyed hash (HMAC-SHA256), so a copy of the database without the
// key reveals no BSN (issue 5, "BSN and secrets"; docs/privacy.md).
//
// A Keyring holds one or more keys; the first is current: it seals every
// new BSN and makes every stored hash. The others are older keys, kept
// during a rotation so that what they sealed can still be opened and found
// until it is sealed again with the current one. Standard library only.
package bsnkey

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Size is the length of a key in bytes: 256 bits, as AES-256 takes.
const Size = 32

// A key's two sub-keys are derived from it with HMAC-SHA256 under distinct
// labels, so the key that encrypts is never the key that hashes: knowing
// or misusing one says nothing about the other.
const (
	labelSeal = "wijkregie bsn seal v1"
	labelHash = "wijkregie bsn hash v1"
	// labelAD precedes the municipality in the data the seal authenticates.
	labelAD = "wijkregie bsn v1\x00"
)

// idPattern is what a key id may look like: short, and free of the
// characters that mean something in the stored text (":"), in the key file
// (white space, "#") and in a SQL LIKE pattern ("%", "_"), so the store can
// select by "id:%".
var idPattern = regexp.MustCompile(`^[A-Za-z0-9-]{1,32}$`)

// Key is one key: its id, written before everything it seals, and its
// secret. Its String shows the id only, so a key printed by mistake shows
// no secret.
type Key struct {
	id     string
	secret []byte
}

// ID is the key's id.
func (k Key) ID() string { return k.id }

// Line is the key as a line of a key file: "id base64key".
func (k Key) Line() string { return k.id + " " + base64.StdEncoding.EncodeToString(k.secret) }

// String names the key without its secret.
func (k Key) String() string { return "bsnkey.Key(" + k.id + ")" }

// GoString is String, for %#v.
func (k Key) GoString() string { return k.String() }

// Generate makes a new key: 32 bytes from crypto/rand and a random id of
// eight hexadecimal digits.
func Generate() (Key, error) {
	var id [4]byte
	secret := make([]byte, Size)
	if _, err := rand.Read(id[:]); err != nil {
		return Key{}, err
	}
	if _, err := rand.Read(secret); err != nil {
		return Key{}, err
	}
	return Key{id: hex.EncodeToString(id[:]), secret: secret}, nil
}

// The ways a key can be refused.
var (
	ErrWeak      = errors.New("weak key")
	ErrMalformed = errors.New("malformed key")
	ErrNoKey     = errors.New("no key")
)

// NewKey makes a key from its id and secret, refusing a malformed id and a
// weak secret (see Weak).
func NewKey(id string, secret []byte) (Key, error) {
	if !idPattern.MatchString(id) {
		return Key{}, fmt.Errorf("%w: id %q: use 1 to 32 letters, digits or hyphens", ErrMalformed, id)
	}
	if why := Weak(secret); why != "" {
		return Key{}, fmt.Errorf("%w: key %s: %s", ErrWeak, id, why)
	}
	return Key{id: id, secret: bytes.Clone(secret)}, nil
}

// publishedKeys are keys that have been published, in this repository's
// documentation and tests: whoever reads them can open what they seal.
// Each is kept as the SHA-256 of the key.
var publishedKeys = map[string]string{
	// docs/privacy.md and README.md show it as the key file's format.
	"9ea2b4b312d9500e7d0c86e18842323e0b48dc22471adddec31bf148ccd0ad5d": "the example key of the documentation",
	// TestKnownAnswer pins Seal's and Hash's output with it.
	"696c4dc4bcc3ac183246e8513da138bb8f3bfa47b5beece91a9aa1dc0d7694e3": "the test key of this package",
}

// Weak says why secret is not fit to be a key, or "" when it is: shorter
// than Size; one byte repeated; few distinct bytes (32 random bytes have
// about 30, and fewer than 16 happens by chance less than once in 10^15); nothing but printable ASCII (a password or a phrase, base64-coded,
// is not a random key: 32 random bytes are all printable once in about
// 10^14); or a published example or test key.
func Weak(secret []byte) string {
	if len(secret) < Size {
		return fmt.Sprintf("%d bytes, at least %d are needed", len(secret), Size)
	}
	distinct := map[byte]bool{}
	printable := true
	for _, b := range secret {
		distinct[b] = true
		if b < 0x20 || b > 0x7e {
			printable = false
		}
	}
	switch {
	case len(distinct) == 1:
		return "every byte is the same"
	case len(distinct) < 16:
		return fmt.Sprintf("only %d distinct bytes: not random", len(distinct))
	case printable:
		return "only printable characters: a password or phrase, not random bytes"
	}
	sum := sha256.Sum256(secret)
	if what, ok := publishedKeys[hex.EncodeToString(sum[:])]; ok {
		return "it is " + what + ", which anyone can read"
	}
	return ""
}

// ring is one key with its derived sub-keys.
type ring struct {
	Key
	aead cipher.AEAD
	mac  []byte
}

func derive(master []byte, label string) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(label))
	return m.Sum(nil)
}

func prepare(k Key) (*ring, error) {
	block, err := aes.NewCipher(derive(k.secret, labelSeal))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &ring{Key: k, aead: aead, mac: derive(k.secret, labelHash)}, nil
}

// Keyring is the keys in use, the current one first. It is safe for
// concurrent use. Its String shows the ids only.
type Keyring struct {
	keys []*ring
	byID map[string]*ring
}

// New makes a keyring of keys, the first current. Ids must differ.
func New(keys ...Key) (*Keyring, error) {
	if len(keys) == 0 {
		return nil, ErrNoKey
	}
	r := &Keyring{byID: map[string]*ring{}}
	for _, k := range keys {
		if k.id == "" || len(k.secret) == 0 {
			return nil, fmt.Errorf("%w: an empty key", ErrMalformed)
		}
		if r.byID[k.id] != nil {
			return nil, fmt.Errorf("%w: key id %s appears twice", ErrMalformed, k.id)
		}
		p, err := prepare(k)
		if err != nil {
			return nil, err
		}
		r.keys = append(r.keys, p)
		r.byID[k.id] = p
	}
	return r, nil
}

// Random is a keyring of one new key, for a store that has no key yet and
// for tests.
func Random() (*Keyring, error) {
	k, err := Generate()
	if err != nil {
		return nil, err
	}
	return New(k)
}

// Current is the id of the current key.
func (r *Keyring) Current() string { return r.keys[0].id }

// IDs are the ids of the keys, the current one first.
func (r *Keyring) IDs() []string {
	out := make([]string, len(r.keys))
	for i, k := range r.keys {
		out[i] = k.id
	}
	return out
}

// String names the keys without their secrets.
func (r *Keyring) String() string { return "bsnkey.Keyring(" + strings.Join(r.IDs(), ", ") + ")" }

// GoString is String, for %#v.
func (r *Keyring) GoString() string { return r.String() }

func additionalData(municipalityID string) []byte { return []byte(labelAD + municipalityID) }

// Seal encrypts bsn with the current key: "<keyid>:<base64(nonce|ciphertext)>".
// The municipality is authenticated with it, so a sealed BSN copied to
// another municipality's row does not open there. The nonce is random (96
// bits); NIST SP 800-38D allows 2^32 seals under one key that way, far more
// than a municipality's residents.
func (r *Keyring) Seal(municipalityID, bsn string) (string, error) {
	k := r.keys[0]
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(bsn)+k.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := k.aead.Seal(nonce, nonce, []byte(bsn), additionalData(municipalityID))
	return k.id + ":" + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// ErrUnknownKey is Open's error for text sealed with a key the ring lacks.
var ErrUnknownKey = errors.New("sealed with a key that is not in the keyring")

// ErrDamaged is Open's error for text that does not open: changed, cut,
// sealed for another municipality, or sealed with another key of the same
// id.
var ErrDamaged = errors.New("sealed BSN does not open: damaged, of another municipality or of another key")

// KeyID returns the id of the key that sealed text, "" when text is not
// sealed text.
func KeyID(sealed string) string {
	id, _, ok := strings.Cut(sealed, ":")
	if !ok {
		return ""
	}
	return id
}

// Open decrypts text that Seal made, with whichever key of the ring its id
// names.
func (r *Keyring) Open(municipalityID, sealed string) (string, error) {
	id, body, ok := strings.Cut(sealed, ":")
	if !ok {
		return "", ErrDamaged
	}
	k := r.byID[id]
	if k == nil {
		return "", fmt.Errorf("%w: key %q", ErrUnknownKey, id)
	}
	raw, err := base64.RawStdEncoding.DecodeString(body)
	if err != nil || len(raw) < k.aead.NonceSize()+k.aead.Overhead() {
		return "", ErrDamaged
	}
	n := k.aead.NonceSize()
	plain, err := k.aead.Open(nil, raw[:n], raw[n:], additionalData(municipalityID))
	if err != nil {
		return "", ErrDamaged
	}
	return string(plain), nil
}

// Hash is the keyed hash of a municipality's BSN under the current key, in
// hexadecimal: the same BSN gives the same hash within a municipality (so
// the store can find it and keep it unique), a different one in another
// municipality (so two municipalities' dumps cannot be linked), and without
// the key no BSN can be tried against it: there are only about 10^8 BSNs,
// so an unkeyed hash would be reversed in seconds.
func (r *Keyring) Hash(municipalityID, bsn string) string {
	return hashWith(r.keys[0], municipalityID, bsn)
}

// Hashes are the hashes of a BSN under every key of the ring, the current
// first: during a rotation a record may still carry an older key's hash.
func (r *Keyring) Hashes(municipalityID, bsn string) []string {
	out := make([]string, len(r.keys))
	for i, k := range r.keys {
		out[i] = hashWith(k, municipalityID, bsn)
	}
	return out
}

func hashWith(k *ring, municipalityID, bsn string) string {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte(municipalityID))
	m.Write([]byte{0})
	m.Write([]byte(bsn))
	return hex.EncodeToString(m.Sum(nil))
}
