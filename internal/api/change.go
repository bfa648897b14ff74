package api

import (
	"errors"
	"net/http"

	"wijkregie"
)

// A PUT replaces a resource only when the client shows which version it
// read: If-Match must carry that version's ETag (RFC 9110 §13.1.1). Without
// it the answer is 428 (RFC 6585 §3); with a tag that no longer matches,
// 412, so a client never overwrites a change it has not seen.
//
// The comparison reads the current representation through the use case
// and then writes; the two steps are not one transaction, so two writers
// racing within milliseconds can both pass. That is accepted for the
// directory and user records here, which only administrators change. The
// changes of casework — the case, the plan, a task's term, the Meldcode
// route — also pass the version they read on to the use case, which
// compares it inside the update itself: the loser of such a race gets 412
// as well, and nothing it sent is written.

// ifMatch returns the request's If-Match value, or errNeedIfMatch.
func ifMatch(r *http.Request) (string, error) {
	v := r.Header.Get("If-Match")
	if v == "" {
		return "", errNeedIfMatch
	}
	return v, nil
}

// checkVersion returns errStaleIfMatch unless the If-Match value names the
// current representation's ETag.
func checkVersion(ifm string, current any) error {
	tag, err := currentETag(current)
	if err != nil {
		return err
	}
	if !matchesAny(ifm, tag, true) {
		return errStaleIfMatch
	}
	return nil
}

// reader reads a resource of the request as its GET shows it, with the
// version a change of it is compared with.
type reader[T any] func() (T, int, error)

// changeOver passes on to change the version of a resource as read, once
// the request's If-Match (ifm) names the ETag of its representation as
// read (checkVersion); read returns that representation and its version.
// The use case compares the version inside its update, so a change made
// in between is 412 as well: its "changed meanwhile" conflict, stale, is
// turned into one (staleAsPrecondition).
func changeOver[T any](ifm string, read reader[T], stale string, change func(version int) error) error {
	cur, version, err := read()
	if err != nil {
		return err
	}
	if err := checkVersion(ifm, cur); err != nil {
		return err
	}
	return staleAsPrecondition(change(version), stale)
}

// readOnlyID records an error when a body's id is not the resource's own:
// a client may send a representation back as it got it, but not change
// or choose an id. want is "" on create.
func readOnlyID(v *wijkregie.Invalid, got *string, want string) {
	if got != nil && *got != want {
		v.Field("id", "api.veld.alleen_lezen")
	}
}

// requiredBool records an error when a field a full replacement needs is
// missing; false and absent differ for a flag.
func requiredBool(v *wijkregie.Invalid, name string, b *bool) {
	if b == nil {
		v.Field(name, "veld.verplicht")
	}
}

// invalidWith returns v's error with the domain's own field errors added,
// so one 400 names every bad field (ADR /core/error-handling/all-errors);
// nil when v has none. The use case validates again: this only merges
// the two lists for the client.
func invalidWith(v *wijkregie.Invalid, validate func() error) error {
	if v.Err() == nil {
		return nil
	}
	var e *wijkregie.Error
	if err := validate(); errors.As(err, &e) {
		// A field the domain finds wrong for the same reason (a date this
		// layer could not read is zero there) is named once.
		var have *wijkregie.Error
		errors.As(v.Err(), &have)
		for _, f := range e.Fields {
			if !containsField(have.Fields, f) {
				v.Field(f.Name, f.Message)
			}
		}
	}
	return v.Err()
}

// created writes a new resource with 201 and its Location.
func created(w http.ResponseWriter, r *http.Request, location string, v any) error {
	w.Header().Set("Location", location)
	return writeResource(w, r, http.StatusCreated, v)
}
