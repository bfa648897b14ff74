package wijkregie

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strconv"
	"time"
)

// AuditRecord is one entry of the append-only audit log: who did what to
// which subject, why, and with what result (NEN 7513 lists the events). It
// names subjects by their internal id, never by BSN or name.
//
// Records of one municipality form a hash chain: each record's Hash covers
// its own fields and the previous record's Hash, so changing, removing or
// reordering a stored record breaks every later link.
type AuditRecord struct {
	MunicipalityID string
	Seq            int64 // 1, 2, 3, … per municipality
	At             time.Time
	UserID         string
	Role           Role
	OrganisationID string
	Action         string // e.g. "persoon.lezen", "medewerker.wijzigen"
	SubjectKind    string // e.g. "persoon", "huishouden", "medewerker"
	SubjectID      string
	PersonID       string // the person whose data it is, when there is one
	Purpose        string // why: e.g. "uitvoering-taak", "beheer"
	Result         string // AuditAllowed, AuditDenied
	// Search, for a search or a list of personal data, says what was
	// searched on (SearchOf: the criteria's names, never a BSN, name or
	// birth date) and Results how many records it found. Both are empty
	// for any other event.
	Search   string
	Results  int
	PrevHash string
	Hash     string
}

// Audit results.
const (
	AuditAllowed = "toegestaan"
	AuditDenied  = "geweigerd"
)

// GenesisHash is the PrevHash of a municipality's first record.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash returns the record's hash from its fields and PrevHash. Each
// field is length-prefixed, so no two different records encode alike.
func (r *AuditRecord) ComputeHash() string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put(r.PrevHash)
	put(r.MunicipalityID)
	put(strconv.FormatInt(r.Seq, 10))
	put(r.At.UTC().Format(time.RFC3339Nano))
	put(r.UserID)
	put(string(r.Role))
	put(r.OrganisationID)
	put(r.Action)
	put(r.SubjectKind)
	put(r.SubjectID)
	put(r.PersonID)
	put(r.Purpose)
	put(r.Result)
	// Records from before searches were described carry neither field;
	// leaving them out of the hash when empty keeps those chains valid.
	if r.Search != "" {
		put(r.Search)
		put(strconv.Itoa(r.Results))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Event is what a use case reports for the audit log; the store adds the
// sequence, time and chain.
type Event struct {
	Action      string
	SubjectKind string
	SubjectID   string
	PersonID    string
	Purpose     string
	Result      string
	Search      string // for a search: SearchOf its criteria
	Results     int    // for a search: how many it found
}

// Record makes the audit record of an event performed by actor.
func (a Actor) Record(e Event) AuditRecord {
	res := e.Result
	if res == "" {
		res = AuditAllowed
	}
	return AuditRecord{
		MunicipalityID: a.MunicipalityID, UserID: a.UserID, Role: a.Role, OrganisationID: a.OrganisationID,
		Action: e.Action, SubjectKind: e.SubjectKind, SubjectID: e.SubjectID, PersonID: e.PersonID,
		Purpose: e.Purpose, Result: res, Search: e.Search, Results: e.Results,
	}
}
