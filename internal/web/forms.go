package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"wijkregie"
)

// maxFormBytes bounds a posted form; the largest real one is far smaller.
const maxFormBytes = 64 << 10

// form is one HTML form's state: the values to show and the errors beside
// them. The same form is rendered empty, filled from a record, or
// re-rendered with the user's own input after a validation error.
type form struct {
	Prefix  string     // id prefix, so two forms on one page have distinct ids
	Values  url.Values // what the fields show
	Errors  []wijkregie.FieldError
	Message string  // catalogue key of a message about the whole form
	fields  []field // the form's fields in the order it shows them
}

// field is a form field's name with its label key.
type field struct{ name, label string }

func newForm(prefix string, fields []field) *form {
	return &form{Prefix: prefix, Values: url.Values{}, fields: fields}
}

// ID returns the element id of a field.
func (f *form) ID(name string) string { return f.Prefix + name }

// Value returns a field's value.
func (f *form) Value(name string) string { return f.Values.Get(name) }

// Checked reports whether a checkbox with the value is ticked.
func (f *form) Checked(name, value string) bool { return slices.Contains(f.Values[name], value) }

// Error returns the catalogue key of a field's first error, or "".
func (f *form) Error(name string) string {
	for _, e := range f.Errors {
		if e.Name == name {
			return e.Message
		}
	}
	return ""
}

// Label returns the label key of a field, or "" for a name the form does
// not show.
func (f *form) Label(name string) string {
	if i := f.index(name); i < len(f.fields) {
		return f.fields[i].label
	}
	return ""
}

// index returns the position of a field in the form; len(fields) when the
// form does not show it.
func (f *form) index(name string) int {
	for i, fl := range f.fields {
		if fl.name == name {
			return i
		}
	}
	return len(f.fields)
}

// Invalid reports whether the form has anything to complain about.
func (f *form) Invalid() bool { return len(f.Errors) > 0 || f.Message != "" }

// fail records err on the form when it is a validation error and reports
// whether it was; any other error is for the caller to return.
func (f *form) fail(err error) bool {
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID {
		return false
	}
	// The summary lists the errors in the order of the fields on the
	// page, so that it reads like the form.
	f.Errors = slices.Clone(e.Fields)
	slices.SortStableFunc(f.Errors, func(a, b wijkregie.FieldError) int { return f.index(a.Name) - f.index(b.Name) })
	if len(e.Fields) == 0 {
		f.Message = e.Message
	}
	return true
}

// formFailure records a validation error or a conflict on the form and
// returns the status to show it with; any other error is the caller's.
// A conflict (someone else changed the record meanwhile) is a message
// above the form, which keeps the user's input.
func (h *Handler) formFailure(f *form, err error) (int, bool) {
	if f.fail(err) {
		return http.StatusUnprocessableEntity, true
	}
	var e *wijkregie.Error
	if errors.As(err, &e) && e.Code == wijkregie.ECONFLICT {
		f.Message = "fout.conflict"
		if e.Message != "" && h.cat.Has(h.lang, e.Message) {
			f.Message = e.Message
		}
		return http.StatusConflict, true
	}
	return 0, false
}

// parseForm reads a posted form with a size limit. A form that cannot be
// read is invalid input, not a fault of ours.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return wijkregie.Errorf(wijkregie.EINVALID, "fout.ongeldig")
	}
	return nil
}

// formValue returns a posted field, trimmed.
func formValue(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

// option is one choice of a select or checkbox group. Text is already
// translated (or is data, such as a team's name).
type option struct {
	Value string
	Text  string
}

// fieldView is what the field partials render: one labelled control with
// its hint and error, wired with aria-describedby.
type fieldView struct {
	ID           string
	Name         string
	Label        string // catalogue key
	Type         string
	Value        string
	Hint         string // catalogue key
	Error        string // catalogue key
	Autocomplete string
	Required     bool
	ReadOnly     bool
	Options      []optionView
}

type optionView struct {
	ID       string
	Value    string
	Text     string
	Selected bool
}

// DescribedBy lists the ids of the hint and the error, for
// aria-describedby.
func (v fieldView) DescribedBy() string {
	var ids []string
	if v.Hint != "" {
		ids = append(ids, v.ID+"-hint")
	}
	if v.Error != "" {
		ids = append(ids, v.ID+"-fout")
	}
	return strings.Join(ids, " ")
}

// applyFlags reads the flags templates pass: "verplicht", "alleen-lezen",
// "hint=<key>", "autocomplete=<token>".
func (v *fieldView) applyFlags(flags []string) {
	for _, fl := range flags {
		k, val, _ := strings.Cut(fl, "=")
		switch k {
		case "verplicht":
			v.Required = true
		case "alleen-lezen":
			v.ReadOnly = true
		case "hint":
			v.Hint = val
		case "autocomplete":
			v.Autocomplete = val
		}
	}
}

// newField is the template function veld: a text-like input.
func newField(f *form, name, label, typ string, flags ...string) fieldView {
	v := fieldView{ID: f.ID(name), Name: name, Label: label, Type: typ, Error: f.Error(name)}
	if typ != "password" {
		// A password is never sent back to the browser, not even the
		// user's own input after an error.
		v.Value = f.Value(name)
	}
	v.applyFlags(flags)
	return v
}

// newSelect is the template function keuze: a select with options.
func newSelect(f *form, name, label string, opts []option, flags ...string) fieldView {
	v := fieldView{ID: f.ID(name), Name: name, Label: label, Type: "select", Value: f.Value(name), Error: f.Error(name)}
	for _, o := range opts {
		v.Options = append(v.Options, optionView{Value: o.Value, Text: o.Text, Selected: o.Value == v.Value})
	}
	v.applyFlags(flags)
	return v
}

// newCheckbox is the template function vinkje: one checkbox with value "ja".
func newCheckbox(f *form, name, label string, flags ...string) fieldView {
	v := fieldView{ID: f.ID(name), Name: name, Label: label, Type: "checkbox", Value: "ja", Error: f.Error(name)}
	v.Options = []optionView{{ID: v.ID, Value: "ja", Selected: f.Checked(name, "ja")}}
	v.applyFlags(flags)
	return v
}

// newCheckboxes is the template function vinkjes: a group of checkboxes
// under one legend. The first box has the field's id, so the error summary
// can link to it.
func newCheckboxes(f *form, name, label string, opts []option, flags ...string) fieldView {
	v := fieldView{ID: f.ID(name), Name: name, Label: label, Type: "checkboxes", Error: f.Error(name)}
	for i, o := range opts {
		id := v.ID
		if i > 0 {
			id = v.ID + "-" + o.Value
		}
		v.Options = append(v.Options, optionView{ID: id, Value: o.Value, Text: o.Text, Selected: f.Checked(name, o.Value)})
	}
	v.applyFlags(flags)
	return v
}

// Radios is a group that vinkjes made as radio buttons: one choice
// among its options (the template rondjes).
func (v fieldView) Radios() fieldView {
	v.Type = "radios"
	return v
}

// InputType is the type of the inputs of a group: radio buttons for
// Radios, checkboxes otherwise.
func (v fieldView) InputType() string {
	if v.Type == "radios" {
		return "radio"
	}
	return "checkbox"
}

// checked reads a checkbox posted by vinkje.
func checked(r *http.Request, name string) bool { return r.PostFormValue(name) == "ja" }

// boolValue is the form value of a ticked checkbox.
func boolValue(b bool) []string {
	if b {
		return []string{"ja"}
	}
	return nil
}
