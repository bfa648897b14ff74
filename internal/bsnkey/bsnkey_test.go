package bsnkey

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// newRing makes a keyring of n new keys.
func newRing(t *testing.T, keys ...Key) *Keyring {
	t.Helper()
	r, err := New(keys...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func newKey(t *testing.T) Key {
	t.Helper()
	k, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenRoundTrip(t *testing.T) {
	r := newRing(t, newKey(t))
	for _, bsn := range []string{"111222333", "999900006", ""} {
		s, err := r.Seal("GM0363", bsn)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(s, r.Current()+":") || strings.Contains(s, bsn) && bsn != "" {
			t.Errorf("Seal(%q) = %q; want %q and no digits of the BSN", bsn, s, r.Current()+":…")
		}
		got, err := r.Open("GM0363", s)
		if err != nil || got != bsn {
			t.Errorf("Open(Seal(%q)) = %q, %v", bsn, got, err)
		}
	}
	// The nonce is random: one BSN sealed twice looks different, so equal
	// ciphertexts do not show equal BSNs.
	a, _ := r.Seal("GM0363", "111222333")
	b, _ := r.Seal("GM0363", "111222333")
	if a == b {
		t.Errorf("two seals of one BSN are equal (%q)", a)
	}
}

func TestOpenRefuses(t *testing.T) {
	k := newKey(t)
	r := newRing(t, k)
	sealed, err := r.Seal("GM0363", "111222333")
	if err != nil {
		t.Fatal(err)
	}
	id, body, _ := strings.Cut(sealed, ":")
	raw, _ := base64.RawStdEncoding.DecodeString(body)
	flip := func(i int) string {
		c := bytes.Clone(raw)
		c[i] ^= 1
		return id + ":" + base64.RawStdEncoding.EncodeToString(c)
	}
	// A key with the id of k but another secret: what a lost key
	// "restored" by generating a new one with the old name would be.
	other := newKey(t)
	other.id = k.id
	for _, tc := range []struct {
		name   string
		ring   *Keyring
		m      string
		sealed string
		want   error
	}{
		{"another municipality", r, "GM0344", sealed, ErrDamaged},
		{"unknown key id", newRing(t, newKey(t)), "GM0363", sealed, ErrUnknownKey},
		{"same id, other key", newRing(t, other), "GM0363", sealed, ErrDamaged},
		{"nonce changed", r, "GM0363", flip(0), ErrDamaged},
		{"ciphertext changed", r, "GM0363", flip(len(raw) / 2), ErrDamaged},
		{"tag changed", r, "GM0363", flip(len(raw) - 1), ErrDamaged},
		{"cut short", r, "GM0363", sealed[:len(sealed)-4], ErrDamaged},
		{"no key id", r, "GM0363", body, ErrDamaged},
		{"not base64", r, "GM0363", id + ":!!!", ErrDamaged},
		{"empty", r, "GM0363", "", ErrDamaged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.ring.Open(tc.m, tc.sealed)
			if !errors.Is(err, tc.want) || got != "" {
				t.Errorf("Open = %q, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestHash(t *testing.T) {
	a, b := newKey(t), newKey(t)
	ra, rb := newRing(t, a), newRing(t, b)
	h := ra.Hash("GM0363", "111222333")
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(h) {
		t.Errorf("Hash = %q; want 64 hexadecimal digits", h)
	}
	if got := ra.Hash("GM0363", "111222333"); got != h {
		t.Errorf("Hash is not stable: %q, then %q", h, got)
	}
	for _, other := range []struct{ name, got string }{
		{"another BSN", ra.Hash("GM0363", "111222334")},
		{"another municipality", ra.Hash("GM0344", "111222333")},
		{"another key", rb.Hash("GM0363", "111222333")},
		// The separator keeps municipality and BSN apart.
		{"shifted digits", ra.Hash("GM03631", "11222333")},
	} {
		if other.got == h {
			t.Errorf("%s gives the same hash", other.name)
		}
	}
	// The hash sub-key is not the sealing key: the hash is no function of
	// anything Seal reveals, and differs from an unkeyed SHA-256.
	rot := newRing(t, b, a)
	if hs := rot.Hashes("GM0363", "111222333"); len(hs) != 2 || hs[0] != rb.Hash("GM0363", "111222333") || hs[1] != h {
		t.Errorf("Hashes on ring (b, a) = %v; want b's hash, then a's", hs)
	}
	if rot.Hash("GM0363", "111222333") != rb.Hash("GM0363", "111222333") {
		t.Error("Hash does not use the current (first) key")
	}
}

func TestRotationRing(t *testing.T) {
	a, b := newKey(t), newKey(t)
	old := newRing(t, a)
	sealed, _ := old.Seal("GM0363", "111222333")
	rot := newRing(t, b, a)
	if got, err := rot.Open("GM0363", sealed); err != nil || got != "111222333" {
		t.Errorf("the ring (b, a) opens a's text: %q, %v", got, err)
	}
	again, _ := rot.Seal("GM0363", "111222333")
	if KeyID(again) != b.ID() || KeyID(sealed) != a.ID() {
		t.Errorf("KeyID = %q, %q; want %q (current) and %q", KeyID(again), KeyID(sealed), b.ID(), a.ID())
	}
	if _, err := newRing(t, b).Open("GM0363", again); err != nil {
		t.Errorf("b alone opens what the ring (b, a) sealed: %v", err)
	}
	if _, err := New(a, a); !errors.Is(err, ErrMalformed) {
		t.Errorf("New with one id twice = %v; want ErrMalformed", err)
	}
	if _, err := New(); !errors.Is(err, ErrNoKey) {
		t.Errorf("New() = %v; want ErrNoKey", err)
	}
	if got := rot.IDs(); len(got) != 2 || got[0] != b.ID() || got[1] != a.ID() || rot.Current() != b.ID() {
		t.Errorf("IDs, Current = %v, %q", got, rot.Current())
	}
}

// TestKnownAnswer pins the derivation and the hash, so a change to either
// (which would make every stored hash unfindable) cannot pass unnoticed.
func TestKnownAnswer(t *testing.T) {
	secret, _ := base64.StdEncoding.DecodeString("wAvhKyMTXx5jr89Euexcc4Fn8zkqugQFzxKvlysS0Po=")
	r := newRing(t, Key{id: "80637a42", secret: secret})
	if got, want := r.Hash("GM0363", "111222333"), knownHash; got != want {
		t.Errorf("Hash = %q; want %q", got, want)
	}
	if got, err := r.Open("GM0363", knownSealed); err != nil || got != "111222333" {
		t.Errorf("Open(known) = %q, %v", got, err)
	}
	if Weak(secret) == "" {
		t.Error("the published test key is not refused as weak")
	}
}

const (
	knownHash   = "e4a62e6bdfa4e489b21c69acbbf5496eea1c85ea2a71cc762326ffef52529948"
	knownSealed = "80637a42:iDN684hAeSk4YONd60d+37Kx4d21o77NGjad0TDxemJQR9Z8FA"
)

func TestWeakKeys(t *testing.T) {
	good := newKey(t).secret
	seq := make([]byte, 32)
	for i := range seq {
		seq[i] = byte(i % 8)
	}
	for _, tc := range []struct {
		name   string
		secret []byte
		weak   bool
	}{
		{"random", good, false},
		{"longer random", append(bytes.Clone(good), good[:8]...), false},
		{"too short", good[:31], true},
		{"empty", nil, true},
		{"zeros", make([]byte, 32), true},
		{"one byte repeated", bytes.Repeat([]byte{0xa5}, 32), true},
		{"eight values", seq, true},
		{"a passphrase", []byte("correct horse battery staple 123"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if why := Weak(tc.secret); (why != "") != tc.weak {
				t.Errorf("Weak = %q; want weak %v", why, tc.weak)
			}
			_, err := NewKey("k1", tc.secret)
			if tc.weak != errors.Is(err, ErrWeak) {
				t.Errorf("NewKey = %v; want ErrWeak: %v", err, tc.weak)
			}
		})
	}
}

// TestDocumentedKeysAreRefused: every key line the documentation shows is
// refused, so copying the example into production fails at start.
func TestDocumentedKeysAreRefused(t *testing.T) {
	line := regexp.MustCompile(`(?m)^\s*([A-Za-z0-9-]{1,32}) ([A-Za-z0-9+/]{43}=)\s*$`)
	found := 0
	for _, doc := range []string{"../../README.md", "../../docs/privacy.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range line.FindAllStringSubmatch(string(b), -1) {
			found++
			if _, err := Parse(m[0]); !errors.Is(err, ErrWeak) {
				t.Errorf("%s shows key %s, and Parse accepts it (%v); add it to publishedKeys", doc, m[1], err)
			}
		}
	}
	if found == 0 {
		t.Error("the documentation shows no key line; the test looks in the wrong place")
	}
}

func TestParse(t *testing.T) {
	a, b := newKey(t), newKey(t)
	for _, tc := range []struct {
		name string
		text string
		ids  []string
		err  error
	}{
		{"one key", a.Line() + "\n", []string{a.ID()}, nil},
		{"comments and blanks", "# current\n\n  " + b.Line() + "  # new\n# old:\n" + a.Line(), []string{b.ID(), a.ID()}, nil},
		{"semicolons, as in an environment variable", b.Line() + ";" + a.Line(), []string{b.ID(), a.ID()}, nil},
		{"CRLF", a.Line() + "\r\n", []string{a.ID()}, nil},
		{"empty", "# nothing\n", nil, ErrNoKey},
		{"key without id", base64.StdEncoding.EncodeToString(a.secret), nil, ErrMalformed},
		{"three fields", a.Line() + " extra", nil, ErrMalformed},
		{"not base64", "k1 abc$", nil, ErrMalformed},
		{"bad id", "k_1 " + base64.StdEncoding.EncodeToString(a.secret), nil, ErrMalformed},
		{"same id twice", a.Line() + "\n" + a.Line(), nil, ErrMalformed},
		{"weak", "k1 " + base64.StdEncoding.EncodeToString(make([]byte, 32)), nil, ErrWeak},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse(tc.text)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("Parse = %v, %v; want %v", r, err, tc.err)
				}
				if strings.Contains(err.Error(), base64.StdEncoding.EncodeToString(a.secret)) {
					t.Errorf("the error quotes the key: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := r.IDs(); strings.Join(got, ",") != strings.Join(tc.ids, ",") {
				t.Errorf("IDs = %v; want %v", got, tc.ids)
			}
		})
	}
}

func TestSecretsDoNotPrint(t *testing.T) {
	k := newKey(t)
	r := newRing(t, k)
	secret := base64.StdEncoding.EncodeToString(k.secret)
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v", r, r, r), fmt.Sprintf("%#v %+v", k, k)} {
		if strings.Contains(s, secret) || !strings.Contains(s, k.ID()) {
			t.Errorf("printed %q; want the id and no secret", s)
		}
	}
}

func TestLoadFileMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits on Windows")
	}
	k := newKey(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		mode os.FileMode
		ok   bool
	}{{0o600, true}, {0o400, true}, {0o644, false}, {0o640, false}, {0o604, false}, {0o620, false}} {
		path := filepath.Join(dir, fmt.Sprintf("sleutel-%04o", tc.mode))
		if err := os.WriteFile(path, []byte(k.Line()+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, tc.mode); err != nil {
			t.Fatal(err)
		}
		r, err := Load(path)
		if tc.ok && (err != nil || r.Current() != k.ID()) {
			t.Errorf("Load with mode %04o = %v; want the key", tc.mode, err)
		}
		if !tc.ok && (!errors.Is(err, ErrExposed) || !strings.Contains(err.Error(), fmt.Sprintf("%04o", tc.mode))) {
			t.Errorf("Load with mode %04o = %v; want ErrExposed naming the mode", tc.mode, err)
		}
	}
	if _, err := Load(filepath.Join(dir, "ontbreekt")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file = %v; want ErrNotExist", err)
	}
}

func TestLoadOrCreate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bsn-sleutel")
	// Several processes starting at once end with one key.
	var wg sync.WaitGroup
	rings := make([]*Keyring, 4)
	created := make([]bool, 4)
	for i := range rings {
		wg.Go(func() {
			var err error
			rings[i], created[i], err = LoadOrCreate(path)
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	n := 0
	for i, r := range rings {
		if created[i] {
			n++
		}
		if r != nil && r.Current() != rings[0].Current() {
			t.Errorf("ring %d has key %s, ring 0 %s", i, r.Current(), rings[0].Current())
		}
	}
	if n != 1 {
		t.Errorf("%d callers created the file; want 1", n)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm() != 0o600 {
		t.Errorf("the new key file has mode %04o; want 0600", info.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(b), "# wijkregie: BSN-sleutel") {
		t.Errorf("the new key file does not say what it is:\n%s", b)
	}
	again, made, err := LoadOrCreate(path)
	if err != nil || made || again.Current() != rings[0].Current() {
		t.Errorf("LoadOrCreate of an existing file = %v, %v, %v; want its key, not created", again, made, err)
	}
}
