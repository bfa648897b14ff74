package web

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/route"
)

// The ZRM assessment and the plan of a case. Their forms repeat: a level
// per person per domain, goals with actions under them. So their fields
// are built in Go (input), each with a label that names its context, and
// their error summary names the person, domain or goal a message is about.
// Both forms work without JavaScript: adding a goal or an action posts
// the form back and shows it again with one more block and all input kept.

// planRoutes are the ZRM assessment and plan pages of a case.
func (h *Handler) planRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /casussen/{id}/zrm", Action: policy.ViewCase, Handle: h.assessments},
		{Pattern: "GET /casussen/{id}/zrm/nieuw", Action: policy.AssessCase, Handle: h.newAssessment},
		{Pattern: "GET /casussen/{id}/zrm/{meting}", Action: policy.ViewCase, Handle: h.assessment},
		{Pattern: "POST /casussen/{id}/zrm", Action: policy.AssessCase, Handle: h.assess},

		{Pattern: "GET /casussen/{id}/plan", Action: policy.ViewCase, Handle: h.plan},
		{Pattern: "GET /casussen/{id}/plan/bewerken", Action: policy.ChangePlan, Handle: h.editPlan},
		{Pattern: "POST /casussen/{id}/plan", Action: policy.ChangePlan, Handle: h.savePlan},
		{Pattern: "GET /casussen/{id}/plan/versies/{versie}", Action: policy.ViewCase, Handle: h.planVersion},
		{Pattern: "GET /casussen/{id}/plan/vergelijken", Action: policy.ViewCase, Handle: h.comparePlan},
	}
}

// input is one labelled control of the ZRM and plan forms. Unlike
// fieldView its label is text, already translated, because the same
// label repeats per person, domain or goal: Context, hidden on screen,
// tells a screen reader user whose level or which goal's date it is when
// they reach the field on its own.
type input struct {
	ID, Name  string
	Label     string // translated
	Context   string // translated; read after the label, not shown
	Type      string // text, date, number, textarea, select, radios
	Value     string
	Hint      string // translated
	Error     string // catalogue key
	Options   []optionView
	Required  bool
	Autofocus bool // the block the user just added
}

// DescribedBy lists the ids of the hint and the error, for
// aria-describedby.
func (v input) DescribedBy() string {
	var ids []string
	if v.Hint != "" {
		ids = append(ids, v.ID+"-hint")
	}
	if v.Error != "" {
		ids = append(ids, v.ID+"-fout")
	}
	return strings.Join(ids, " ")
}

// inputID is the element id of a field: its name with dashes for dots,
// so that it needs no escaping in a CSS selector.
func inputID(name string) string { return strings.ReplaceAll(name, ".", "-") }

// apiNames turns the API's field paths into the forms' field names:
// doelen[0].acties[1].wat is doel-0-actie-1-wat, instemming.datum is
// instemming-datum.
var apiNames = strings.NewReplacer("zorgen[", "zorg-", "doelen[", "doel-", "acties[", "actie-", "].", "-", "]", "", ".", "-")

// formName is the form's name of an API field path.
func formName(path string) string { return apiNames.Replace(path) }

// summaryItem is one line of the error summary: a link to the field, what
// the field is, and the message.
type summaryItem struct {
	Href    string
	Label   string // translated; "" for a message about no one field
	Message string // catalogue key
}

// builder makes the inputs of a repeating form from its state, and
// remembers their order and labels for the error summary.
type builder struct {
	h      *Handler
	f      *form
	names  []string
	labels map[string]string
}

func newBuilder(h *Handler, f *form) *builder {
	return &builder{h: h, f: f, labels: map[string]string{}}
}

// field makes a text-like input (text, date, number, textarea).
func (b *builder) field(name, typ, label, context string) input {
	b.names = append(b.names, name)
	b.labels[name] = label
	if context != "" {
		b.labels[name] = label + " (" + context + ")"
	}
	return input{ID: inputID(name), Name: name, Label: label, Context: context, Type: typ, Value: b.f.Value(name), Error: b.f.Error(name)}
}

// choice makes a select, or with typ "radios" a group of radio buttons,
// with the options; the first button has the field's id.
func (b *builder) choice(name, typ, label, context string, opts []option) input {
	in := b.field(name, typ, label, context)
	for i, o := range opts {
		id := in.ID
		if i > 0 && typ == "radios" {
			id = in.ID + "-" + o.Value
		}
		in.Options = append(in.Options, optionView{ID: id, Value: o.Value, Text: o.Text, Selected: o.Value == in.Value})
	}
	return in
}

// summary lists the form's errors in the order of the fields on the
// page; a message about no field it shows comes last, without a link.
func (b *builder) summary() []summaryItem {
	var items, rest []summaryItem
	errs := slices.Clone(b.f.Errors)
	slices.SortStableFunc(errs, func(x, y wijkregie.FieldError) int { return b.index(x.Name) - b.index(y.Name) })
	for _, e := range errs {
		if l, ok := b.labels[e.Name]; ok {
			items = append(items, summaryItem{Href: "#" + inputID(e.Name), Label: l, Message: e.Message})
		} else {
			rest = append(rest, summaryItem{Message: e.Message})
		}
	}
	return append(items, rest...)
}

func (b *builder) index(name string) int {
	if i := slices.Index(b.names, name); i >= 0 {
		return i
	}
	return len(b.names)
}

// fieldErrors returns the field errors of a validation error, each field
// renamed by rename (from the API's shape to the form's); ok is false for
// any other error.
func fieldErrors(err error, rename func(string) string) (errs []wijkregie.FieldError, message string, ok bool) {
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID {
		return nil, "", false
	}
	for _, fe := range e.Fields {
		errs = append(errs, wijkregie.FieldError{Name: rename(fe.Name), Message: fe.Message})
	}
	if len(e.Fields) == 0 {
		message = e.Message
	}
	return errs, message, true
}

// isConflict reports whether err is a conflict with the message key.
func isConflict(err error, key string) bool {
	var e *wijkregie.Error
	return errors.As(err, &e) && e.Code == wijkregie.ECONFLICT && e.Message == key
}

// dateInput reads a date field: ok is false for text that is not a date,
// which the form names beside the field rather than reading as "no date".
func dateInput(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	d, err := wijkregie.ParseDate(s)
	return d, err == nil
}

// todayDate is today in Dutch civil time as a date (midnight UTC), the
// day the domain's rules compare dates with.
func (h *Handler) todayDate() time.Time {
	t := h.svc.Now().In(h.zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// indexPath matches the list indexes of an API field path: scores[0].
var indexPath = regexp.MustCompile(`\[(\d+)\]`)
