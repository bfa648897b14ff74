package wijkregie_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
)

func TestErrorCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"plain error is internal", errors.New("disk full"), wijkregie.EINTERNAL},
		{"io.EOF is internal", io.EOF, wijkregie.EINTERNAL},
		{"not found", wijkregie.NotFound(), wijkregie.ENOTFOUND},
		{"forbidden", wijkregie.Forbidden(), wijkregie.EFORBIDDEN},
		{"conflict", wijkregie.Conflict("fout.x"), wijkregie.ECONFLICT},
		{"invalid field", wijkregie.InvalidField("naam", "veld.verplicht"), wijkregie.EINVALID},
		{"throttled", wijkregie.Errorf(wijkregie.ETHROTTLED, "fout.te_veel_pogingen"), wijkregie.ETHROTTLED},
		{"wrapped once", fmt.Errorf("load household: %w", wijkregie.NotFound()), wijkregie.ENOTFOUND},
		{"wrapped twice", fmt.Errorf("a: %w", fmt.Errorf("b: %w", wijkregie.Forbidden())), wijkregie.EFORBIDDEN},
		{"joined", errors.Join(errors.New("x"), wijkregie.Conflict("fout.y")), wijkregie.ECONFLICT},
		{"first in the chain wins", &wijkregie.Error{Code: wijkregie.ECONFLICT, Err: wijkregie.NotFound()}, wijkregie.ECONFLICT},
	}
	for _, tt := range tests {
		if got := wijkregie.ErrorCode(tt.err); got != tt.want {
			t.Errorf("%s: ErrorCode(%v) = %q; want %q", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestErrorMessageAndCause(t *testing.T) {
	cause := errors.New("connection reset")
	tests := []struct {
		err  *wijkregie.Error
		want string
	}{
		{wijkregie.Errorf(wijkregie.ENOTFOUND, "fout.niet_gevonden"), "not_found: fout.niet_gevonden"},
		{&wijkregie.Error{Code: wijkregie.EINTERNAL, Message: "fout.intern", Err: cause}, "internal: fout.intern: connection reset"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q; want %q", got, tt.want)
		}
	}
	if !errors.Is(tests[1].err, cause) {
		t.Error("errors.Is does not find the cause through Unwrap")
	}
	if tests[0].err.Unwrap() != nil {
		t.Errorf("Unwrap() = %v for an error without a cause; want nil", tests[0].err.Unwrap())
	}
}

func TestConstructors(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want *wijkregie.Error
	}{
		{"NotFound", wijkregie.NotFound(), &wijkregie.Error{Code: wijkregie.ENOTFOUND, Message: "fout.niet_gevonden"}},
		{"Forbidden", wijkregie.Forbidden(), &wijkregie.Error{Code: wijkregie.EFORBIDDEN, Message: "fout.geen_toegang"}},
		{"Conflict", wijkregie.Conflict("fout.eigen_account"), &wijkregie.Error{Code: wijkregie.ECONFLICT, Message: "fout.eigen_account"}},
		{"InvalidField", wijkregie.InvalidField("email", "veld.email"),
			&wijkregie.Error{Code: wijkregie.EINVALID, Message: "fout.ongeldig", Fields: []wijkregie.FieldError{{Name: "email", Message: "veld.email"}}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.err, error(tt.want)); diff != "" {
			t.Errorf("%s (-got +want):\n%s", tt.name, diff)
		}
	}
}

func TestInvalid(t *testing.T) {
	var v wijkregie.Invalid
	if err := v.Err(); err != nil {
		t.Fatalf("Err() of an empty Invalid = %v; want nil", err)
	}
	v.Field("naam", "veld.verplicht")
	v.Field("email", "veld.email")
	v.Field("naam", "veld.te_lang") // a field may fail twice; both are kept, in order
	want := &wijkregie.Error{Code: wijkregie.EINVALID, Message: "fout.ongeldig", Fields: []wijkregie.FieldError{
		{Name: "naam", Message: "veld.verplicht"}, {Name: "email", Message: "veld.email"}, {Name: "naam", Message: "veld.te_lang"},
	}}
	if diff := cmp.Diff(v.Err(), error(want)); diff != "" {
		t.Errorf("Err() (-got +want):\n%s", diff)
	}
}
