package wijkregie_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
)

// fullRecord has every field set, so a change to any can be seen.
func fullRecord() wijkregie.AuditRecord {
	return wijkregie.AuditRecord{
		MunicipalityID: "GM9901",
		Seq:            42,
		At:             time.Date(2026, 3, 2, 9, 15, 30, 123456000, time.UTC),
		UserID:         "01950a6e-3c00-7abc-8def-0123456789ab",
		Role:           wijkregie.RoleProfessional,
		OrganisationID: "01950a6e-3c00-7abc-8def-0123456789ac",
		Action:         "persoon.lezen",
		SubjectKind:    "persoon",
		SubjectID:      "01950a6e-3c00-7abc-8def-0123456789ad",
		PersonID:       "01950a6e-3c00-7abc-8def-0123456789ad",
		Purpose:        "uitvoering-taak",
		Result:         wijkregie.AuditAllowed,
		PrevHash:       wijkregie.GenesisHash,
	}
}

func TestComputeHashIsDeterministic(t *testing.T) {
	r := fullRecord()
	first := r.ComputeHash()
	if len(first) != 64 {
		t.Fatalf("hash %q has %d characters; want 64 hex", first, len(first))
	}
	if again := r.ComputeHash(); again != first {
		t.Errorf("second hash %s; want %s", again, first)
	}
	c := fullRecord()
	if got := c.ComputeHash(); got != first {
		t.Errorf("hash of an equal record %s; want %s", got, first)
	}
	// The stored Hash is the output, not an input.
	c.Hash = "something else"
	if got := c.ComputeHash(); got != first {
		t.Errorf("hash after setting Hash %s; want %s", got, first)
	}
	// The same instant in another zone is the same record: the store may
	// hand back times in any location.
	c.At = c.At.In(time.FixedZone("CET", 3600))
	if got := c.ComputeHash(); got != first {
		t.Errorf("hash with At in CET %s; want %s", got, first)
	}
}

// TestComputeHashGolden pins the encoding: a change to it makes every
// stored chain fail verification. The value was computed independently
// (SHA-256 over each field as an 8-byte big-endian length and its bytes,
// PrevHash first, At as RFC 3339 in UTC).
func TestComputeHashGolden(t *testing.T) {
	r := fullRecord()
	if got, want := r.ComputeHash(), "1bd80bbfd14e2564ca2cbf13f424c3414a49b9ef23d7ad3f26664fe5cf96f3c7"; got != want {
		t.Errorf("ComputeHash() = %s; want %s (changing the encoding breaks stored chains)", got, want)
	}
}

// TestComputeHashCoversEveryField changes each field in turn, found by
// reflection so that a field added later without being hashed fails here.
func TestComputeHashCoversEveryField(t *testing.T) {
	base := searchRecord()
	baseHash := base.ComputeHash()
	typ := reflect.TypeFor[wijkregie.AuditRecord]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Name == "Hash" {
			continue // the result itself
		}
		t.Run(f.Name, func(t *testing.T) {
			r := searchRecord()
			v := reflect.ValueOf(&r).Elem().Field(i)
			switch {
			case f.Type == reflect.TypeFor[time.Time]():
				v.Set(reflect.ValueOf(r.At.Add(time.Microsecond)))
			case v.Kind() == reflect.String:
				v.SetString(v.String() + "x")
			case v.Kind() == reflect.Int64 || v.Kind() == reflect.Int:
				v.SetInt(v.Int() + 1)
			default:
				t.Fatalf("field %s of type %s: this test does not know how to change it; teach it", f.Name, f.Type)
			}
			if got := r.ComputeHash(); got == baseHash {
				t.Errorf("changing %s leaves the hash at %s", f.Name, got)
			}
		})
	}
}

// TestComputeHashLengthPrefixes shows that moving a boundary between two
// fields ("ab","c") vs ("a","bc") changes the hash, for every pair of string
// fields, whatever order ComputeHash writes them in.
func TestComputeHashLengthPrefixes(t *testing.T) {
	typ := reflect.TypeFor[wijkregie.AuditRecord]()
	var strs []int
	for i := range typ.NumField() {
		if typ.Field(i).Type.Kind() == reflect.String && typ.Field(i).Name != "Hash" {
			strs = append(strs, i)
		}
	}
	if len(strs) < 10 {
		t.Fatalf("found %d string fields; the record has more", len(strs))
	}
	pairs := [][4]string{{"ab", "c", "a", "bc"}, {"ab", "", "a", "b"}, {"", "ab", "a", "b"}}
	for _, i := range strs {
		for _, j := range strs {
			if i == j {
				continue
			}
			for _, p := range pairs {
				var r1, r2 wijkregie.AuditRecord
				reflect.ValueOf(&r1).Elem().Field(i).SetString(p[0])
				reflect.ValueOf(&r1).Elem().Field(j).SetString(p[1])
				reflect.ValueOf(&r2).Elem().Field(i).SetString(p[2])
				reflect.ValueOf(&r2).Elem().Field(j).SetString(p[3])
				if r1.ComputeHash() == r2.ComputeHash() {
					t.Errorf("(%s, %s) = (%q, %q) and (%q, %q) hash alike", typ.Field(i).Name, typ.Field(j).Name, p[0], p[1], p[2], p[3])
				}
			}
		}
	}
}

func TestActorRecord(t *testing.T) {
	actor := wijkregie.Actor{MunicipalityID: "GM9901", UserID: "u1", Role: wijkregie.RoleTeamLead, TeamID: "t1", OrganisationID: "o1"}
	tests := []struct {
		name   string
		result string
		want   string
	}{
		{"result defaults to allowed", "", wijkregie.AuditAllowed},
		{"denied is kept", wijkregie.AuditDenied, wijkregie.AuditDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := actor.Record(wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: "p1", PersonID: "p1", Purpose: "uitvoering-taak", Result: tt.result})
			want := wijkregie.AuditRecord{
				MunicipalityID: "GM9901", UserID: "u1", Role: wijkregie.RoleTeamLead, OrganisationID: "o1",
				Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: "p1", PersonID: "p1", Purpose: "uitvoering-taak", Result: tt.want,
			}
			if diff := cmp.Diff(got, want); diff != "" {
				t.Errorf("Record (-got +want):\n%s", diff)
			}
		})
	}
	if got, want := wijkregie.AuditAllowed, "toegestaan"; got != want {
		t.Errorf("AuditAllowed = %q; want %q", got, want)
	}
	if got, want := wijkregie.AuditDenied, "geweigerd"; got != want {
		t.Errorf("AuditDenied = %q; want %q", got, want)
	}
}

func TestActorOf(t *testing.T) {
	u := wijkregie.User{MunicipalityID: "GM9901", ID: "u1", Email: "a@b.nl", Name: "A", Role: wijkregie.RolePartner, TeamID: "t1", OrganisationID: "o1", Active: true}
	want := wijkregie.Actor{MunicipalityID: "GM9901", UserID: "u1", Role: wijkregie.RolePartner, TeamID: "t1", OrganisationID: "o1"}
	if diff := cmp.Diff(wijkregie.ActorOf(&u), want); diff != "" {
		t.Errorf("ActorOf (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(wijkregie.SystemActor("GM9901"), wijkregie.Actor{MunicipalityID: "GM9901", UserID: "systeem", Role: wijkregie.RoleAdmin}); diff != "" {
		t.Errorf("SystemActor (-got +want):\n%s", diff)
	}
}
