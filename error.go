package wijkregie

import (
	"errors"
	"fmt"
)

// Error codes. They are few on purpose: each maps onto one HTTP status and one
// kind of page, so every adapter treats an error the same way.
const (
	EINVALID      = "invalid"      // input breaks a rule; Fields says which
	ENOTFOUND     = "not_found"    // no such record, or the actor may not know it exists
	ECONFLICT     = "conflict"     // the change collides with the stored state
	EFORBIDDEN    = "forbidden"    // the actor is known but may not do this
	EUNAUTHORIZED = "unauthorized" // no or bad credentials
	ETHROTTLED    = "throttled"    // too many attempts; try again later
	EINTERNAL     = "internal"     // a fault of ours; never shown in detail
)

// Error is an application error. Message and the field messages are keys into
// the message catalogue (internal/locale), so every adapter can show them in
// the reader's language; they never hold personal data.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	Err     error // the underlying cause, for logs only
}

// FieldError names one invalid input field and why it is invalid.
type FieldError struct {
	Name    string // the field's name as the API and the form call it (Dutch)
	Message string // catalogue key
}

// Error describes the error for logs: code, catalogue key and cause.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// Errorf returns an *Error with the given code and catalogue key.
func Errorf(code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// Invalid is a validation error collecting field errors. Add fields with
// Field; Err returns nil while no field was added, so a Validate method can
// end with `return v.Err()`.
type Invalid struct {
	fields []FieldError
}

// Field records that the named field is invalid for the reason in message.
func (v *Invalid) Field(name, message string) {
	v.fields = append(v.fields, FieldError{Name: name, Message: message})
}

// Add records the fields of err when it is a validation error, so that
// checks made in several steps still report every field at once; one
// without fields is kept as a field without a name, its message intact. It
// returns any other error (nil included) for the caller to handle.
func (v *Invalid) Add(err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID {
		return err
	}
	if len(e.Fields) == 0 {
		v.Field("", e.Message)
	}
	v.fields = append(v.fields, e.Fields...)
	return nil
}

// Err returns the collected validation error, or nil when all fields passed.
func (v *Invalid) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "fout.ongeldig", Fields: v.fields}
}

// InvalidField is a shorthand for a validation error on one field.
func InvalidField(name, message string) error {
	return &Error{Code: EINVALID, Message: "fout.ongeldig", Fields: []FieldError{{Name: name, Message: message}}}
}

// NotFound is the error for a record that does not exist or that the actor
// may not know exists: the two are indistinguishable on purpose.
func NotFound() error { return Errorf(ENOTFOUND, "fout.niet_gevonden") }

// Forbidden is the error for an action the actor's role or involvement does
// not allow.
func Forbidden() error { return Errorf(EFORBIDDEN, "fout.geen_toegang") }

// Conflict is the error for a change that collides with stored state.
func Conflict(message string) error { return Errorf(ECONFLICT, message) }
