package api

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"wijkregie"
)

// MaxBody is the largest request body the API reads: far more than any
// resource here needs, small enough that nobody fills the memory.
const MaxBody = 1 << 20

// decode reads the request's JSON body into v. Every way a body can be
// wrong is the client's mistake and answered as such, never with a 500:
// another media type is 415, more than MaxBody is 413, and malformed JSON,
// a value of the wrong type and a field v does not have are 400 with the
// field (or "body") named in invalidParams.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return errMediaType
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	// One JSON value and nothing after it.
	var extra json.RawMessage
	if err := dec.Decode(&extra); err != io.EOF {
		if err != nil {
			if e := decodeError(err); errors.Is(e, errTooLarge) {
				return e
			}
		}
		return wijkregie.InvalidField("body", "api.veld.json")
	}
	return nil
}

// decodeError turns an encoding/json error into the API's error.
func decodeError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errTooLarge
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		if typ.Field == "" {
			return wijkregie.InvalidField("body", "api.veld.json") // not an object at all
		}
		return wijkregie.InvalidField(typ.Field, "api.veld.type")
	}
	// encoding/json has no error type for an unknown field, only this text.
	if rest, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if name, uerr := strconv.Unquote(rest); uerr == nil {
			return wijkregie.InvalidField(name, "api.veld.onbekend")
		}
	}
	return wijkregie.InvalidField("body", "api.veld.json")
}
