package bsnkey

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Parse reads keys in the key file's format: one key a line, "id
// base64key", the current key first; "#" starts a comment, blank lines are
// skipped. A ";" separates keys as a line break does, so an environment
// variable can hold several on one line. No error quotes a key.
func Parse(text string) (*Keyring, error) {
	var keys []Key
	lines := strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == ';' })
	for i, line := range lines {
		if c := strings.IndexByte(line, '#'); c >= 0 {
			line = line[:c]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			return nil, fmt.Errorf("%w: entry %d: want \"id base64key\"", ErrMalformed, i+1)
		}
		secret, err := base64.StdEncoding.DecodeString(f[1])
		if err != nil {
			return nil, fmt.Errorf("%w: key %s: not base64", ErrMalformed, safeID(f[0]))
		}
		k, err := NewKey(f[0], secret)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%w: the text holds no key", ErrNoKey)
	}
	return New(keys...)
}

// safeID is an id fit to quote in an error: a well-formed one, or a
// placeholder (a secret pasted in the wrong place must not be echoed).
func safeID(id string) string {
	if idPattern.MatchString(id) && len(id) <= 16 {
		return id
	}
	return "(id not shown)"
}

// ErrExposed is Load's error for a key file that others than its owner may
// read or change.
var ErrExposed = errors.New("the key file may be read or changed by others than its owner")

// Load reads a key file. The file must give no permission to group or
// others (mode 0600 or 0400): a key anyone on the machine can read protects
// nothing. Symbolic links are followed, as a mounted secret is often one.
func Load(path string) (*Keyring, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkMode(info); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := Parse(string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

func checkMode(info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%w: not a regular file", ErrMalformed)
	}
	// Windows has no such mode bits; its access lists are the
	// administrator's to set.
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%w (mode %04o; make it 0600)", ErrExposed, info.Mode().Perm())
	}
	return nil
}

// fileHeader opens a key file that LoadOrCreate writes: whoever finds the
// file learns what it is and what losing it means, in the administrators'
// language.
const fileHeader = `# wijkregie: BSN-sleutel. Geheim: alleen leesbaar voor wijkregie (0600).
# Maak een back-up op een andere plek dan die van de database: zonder deze
# sleutel zijn de opgeslagen BSN's niet meer te lezen of te vinden.
# Roteren: zet een nieuwe sleutel (wijkregie bsn-sleutel nieuw) bovenaan,
# draai wijkregie bsn-sleutel roteren en haal daarna de oude regel weg.
# Zie docs/privacy.md.
`

// LoadOrCreate loads the key file at path, or, when there is none, writes
// one with a new key (mode 0600) and loads that; created reports the
// latter. Two processes creating it at once end with the same key: the key
// is written whole to a temporary file first and then linked to path,
// which fails if path exists, so nobody ever reads a half-written file and
// the one that loses reads the winner's.
func LoadOrCreate(path string) (r *Keyring, created bool, err error) {
	r, err = Load(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return r, false, err
	}
	k, err := Generate()
	if err != nil {
		return nil, false, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".bsn-sleutel-*")
	if err != nil {
		return nil, false, err
	}
	defer os.Remove(f.Name())
	err = f.Chmod(0o600) // CreateTemp makes 0600 already; said here, not assumed
	if err == nil {
		_, err = f.WriteString(fileHeader + k.Line() + "\n")
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, false, err
	}
	err = os.Link(f.Name(), path)
	if errors.Is(err, fs.ErrExist) {
		r, err = Load(path)
		return r, false, err
	}
	if err != nil {
		return nil, false, err
	}
	r, err = Load(path)
	return r, err == nil, err
}
