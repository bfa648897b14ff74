package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// Betalingsachterstanden inlezen: a lead or beheer uploads a creditor's
// file (docs/vroegsignalering.md), optionally as a dry run, and sees what
// became of its rows: the counts and a table of the rejected rows by line,
// column and reason, never their content.

// maxUploadBytes bounds an uploaded file, as the API bounds a CSV body.
const maxUploadBytes = 50 << 20

// maxShownRejections is how many rejected rows the page's table shows;
// the count says how many more there are.
const maxShownRejections = 500

func (h *Handler) importRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /vroegsignalering/inlezen", Action: policy.ImportArrears, Handle: h.importForm},
		{Pattern: "POST /vroegsignalering/inlezen", Action: policy.ImportArrears, Handle: h.importFile},
	}
}

// importFields are the form's fields.
var importFields = []field{{"proefrun", "inlezen.label.proefrun"}, {"bestand", "inlezen.label.bestand"}}

// importView is the page: the form, what is wrong with the file, and
// after an import (or a dry run) its summary.
type importView struct {
	Form       *form
	FileErrors []string // the file's problems, in Dutch, shown beside the field
	Summary    *app.ArrearsSummary
	Rejections []importRejection
	NotShown   int // rejected rows not in the table (a row may fill several of its lines)
}

// importRejection is a rejected row as the table shows it.
type importRejection struct {
	Line   int
	Column string
	Text   string
}

func (h *Handler) importForm(w http.ResponseWriter, r *http.Request) error {
	return h.importPage(w, r, http.StatusOK, &importView{Form: newForm("", importFields)})
}

func (h *Handler) importPage(w http.ResponseWriter, r *http.Request, status int, v *importView) error {
	pg := newPage(r, "inlezen.titel", "inlezen", v)
	return h.render(w, r, status, "inlezen", pg)
}

// importFile reads the upload as it streams in: the form puts the dry-run
// box before the file, so a browser sends it first, and the file goes
// straight to the import, never to memory or disk as a whole.
func (h *Handler) importFile(w http.ResponseWriter, r *http.Request) error {
	v := &importView{Form: newForm("", importFields)}
	fail := func(keys ...string) error {
		for _, k := range keys {
			v.FileErrors = append(v.FileErrors, h.t(k))
		}
		v.Form.Errors = append(v.Form.Errors, wijkregie.FieldError{Name: "bestand", Message: keys[0]})
		return h.importPage(w, r, http.StatusUnprocessableEntity, v)
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "multipart/form-data" {
		return fail("veld.inlezen.geen_bestand")
	}
	if r.ContentLength > maxUploadBytes {
		return fail("veld.inlezen.te_groot")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		return fail("veld.inlezen.geen_bestand")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return fail("veld.inlezen.geen_bestand")
		}
		if err != nil {
			return fail(uploadError(err))
		}
		switch part.FormName() {
		case "proefrun":
			if b, _ := io.ReadAll(io.LimitReader(part, 16)); string(b) == "ja" {
				v.Form.Values.Set("proefrun", "ja")
			}
		case "bestand":
			return h.importPart(w, r, v, part, fail)
		}
	}
}

// importPart imports the file part.
func (h *Handler) importPart(w http.ResponseWriter, r *http.Request, v *importView, part *multipart.Part, fail func(...string) error) error {
	name := part.FileName()
	if name == "" {
		return fail("veld.inlezen.geen_bestand")
	}
	// A spreadsheet or a document is refused by its name: the import
	// reads text, and would otherwise call the first line a bad header.
	if ext := strings.ToLower(path.Ext(name)); ext != ".csv" && ext != ".txt" {
		return fail("veld.inlezen.type")
	}
	sum, err := h.svc.ImportArrearsFile(r.Context(), request.Actor(r), part,
		app.ArrearsImport{Source: app.DeliveryFile, DryRun: v.Form.Checked("proefrun", "ja")})
	if err != nil {
		var e *wijkregie.Error
		switch {
		case errors.As(err, new(*http.MaxBytesError)):
			return fail("veld.inlezen.te_groot")
		case errors.As(err, &e) && e.Code == wijkregie.EINVALID && len(e.Fields) > 0:
			// The file as a whole: its field, or the column it names.
			for _, f := range e.Fields {
				if f.Name == "bestand" {
					v.FileErrors = append(v.FileErrors, h.t(f.Message))
				} else {
					v.FileErrors = append(v.FileErrors, h.t("inlezen.fout.kolom", "kolom", f.Name, "melding", h.t(f.Message)))
				}
			}
			v.Form.Errors = append(v.Form.Errors, wijkregie.FieldError{Name: "bestand", Message: e.Fields[0].Message})
			return h.importPage(w, r, http.StatusUnprocessableEntity, v)
		}
		return err
	}
	v.Summary = sum
	for i, rej := range sum.Rejections {
		if i == maxShownRejections {
			break
		}
		v.Rejections = append(v.Rejections, importRejection{Line: rej.Line, Column: rej.Field, Text: h.t(rej.Message, "regel", rej.FirstLine)})
	}
	// Rows not in the table are counted (a row may have several
	// problems, each a line of the table).
	shown, last := 0, -1
	for _, rej := range v.Rejections {
		if rej.Line != last {
			shown, last = shown+1, rej.Line
		}
	}
	v.NotShown = sum.Rejected - shown
	return h.importPage(w, r, http.StatusOK, v)
}

// uploadError is the message for an upload that broke off.
func uploadError(err error) string {
	if errors.As(err, new(*http.MaxBytesError)) {
		return "veld.inlezen.te_groot"
	}
	return "veld.inlezen.geen_bestand"
}
