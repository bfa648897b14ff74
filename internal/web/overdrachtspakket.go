package web

import (
	"errors"
	"mime"
	"net/http"
	"strconv"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The overdrachtspakket (docs/overdrachtspakket.md): the case page links
// the package as JSON and PDF for the regisseur and the team lead to
// send to a municipality outside the platform; the team lead (or beheer)
// of the receiving municipality uploads one on /overdrachtspakketten/
// inlezen, optionally only to check it, and lands on the new case. The
// use cases decide and audit.

func (h *Handler) handoverPackageRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /casussen/{id}/overdracht/pakket.json", Action: policy.ExportHandoverPackage, Handle: h.downloadPackage("json")},
		{Pattern: "GET /casussen/{id}/overdracht/pakket.pdf", Action: policy.ExportHandoverPackage, Handle: h.downloadPackage("pdf")},
		{Pattern: "GET /overdrachtspakketten/inlezen", Action: policy.ImportHandoverPackage, Handle: h.packageForm},
		{Pattern: "POST /overdrachtspakketten/inlezen", Action: policy.ImportHandoverPackage, Handle: h.packageUpload},
	}
}

// downloadPackage sends the package as an attachment named after the
// package's id, never the family.
func (h *Handler) downloadPackage(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := h.svc.ExportHandoverPackage(r.Context(), request.Actor(r), r.PathValue("id"))
		if err != nil {
			return err
		}
		body, ctype, name, err := api.PackageBody(p, format, h.cat)
		if err != nil {
			return err
		}
		hd := w.Header()
		hd.Set("Content-Type", ctype)
		hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		hd.Set("Content-Length", strconv.Itoa(len(body)))
		hd.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		_, err = w.Write(body)
		return err
	}
}

var packageFields = []field{{"team", "pakket.inlezen.team"}, {"proef", "pakket.inlezen.proef"}, {"bestand", "pakket.inlezen.bestand"}}

// packageView is the upload page: the form, the package's faults by
// field, and after a check or an import its summary.
type packageView struct {
	Form        *form
	Teams       []option // for beheer, who chooses the team; a lead reads in for their own
	Faults      []packageFault
	Summary     *app.HandoverImportSummary
	EarlierCase string
}

// packageFault is one thing wrong with a package: where, and why.
type packageFault struct{ Field, Text string }

func (h *Handler) packageView(r *http.Request) (*packageView, error) {
	v := &packageView{Form: newForm("", packageFields)}
	actor := request.Actor(r)
	if actor.Role == wijkregie.RoleAdmin {
		teams, err := h.svc.Teams(r.Context(), actor)
		if err != nil {
			return nil, err
		}
		v.Teams = append(v.Teams, option{Value: "", Text: h.t("keuze.kies")})
		for _, t := range teams {
			if t.Active {
				v.Teams = append(v.Teams, option{Value: t.ID, Text: t.Name})
			}
		}
	}
	return v, nil
}

func (h *Handler) packagePage(w http.ResponseWriter, r *http.Request, status int, v *packageView) error {
	return h.render(w, r, status, "overdrachtspakket-inlezen", newPage(r, "pakket.inlezen.titel", "overdrachtspakketten", v))
}

func (h *Handler) packageForm(w http.ResponseWriter, r *http.Request) error {
	v, err := h.packageView(r)
	if err != nil {
		return err
	}
	return h.packagePage(w, r, http.StatusOK, v)
}

func (h *Handler) packageUpload(w http.ResponseWriter, r *http.Request) error {
	v, err := h.packageView(r)
	if err != nil {
		return err
	}
	fail := func(field, key string) error {
		v.Faults = append(v.Faults, packageFault{Text: h.t(key)})
		v.Form.Errors = append(v.Form.Errors, wijkregie.FieldError{Name: field, Message: key})
		return h.packagePage(w, r, http.StatusUnprocessableEntity, v)
	}
	r.Body = http.MaxBytesReader(w, r.Body, api.MaxPackageBody+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return fail("bestand", "veld.pakket.bestand")
	}
	v.Form.Values.Set("team", r.PostFormValue("team"))
	if r.PostFormValue("proef") == "ja" {
		v.Form.Values.Set("proef", "ja")
	}
	file, _, err := r.FormFile("bestand")
	if err != nil {
		return fail("bestand", "veld.pakket.bestand")
	}
	defer file.Close()
	p, err := api.ReadPackage(file)
	if err != nil {
		return fail("bestand", "veld.pakket.json")
	}
	sum, err := h.svc.ImportHandoverPackage(r.Context(), request.Actor(r), p,
		app.HandoverImport{TeamID: v.Form.Value("team"), DryRun: v.Form.Checked("proef", "ja")})
	var e *wijkregie.Error
	switch {
	case err == nil:
	case sum != nil && sum.EarlierCaseID != "":
		v.EarlierCase = sum.EarlierCaseID
		v.Faults = append(v.Faults, packageFault{Text: h.t("pakket.inlezen.eerder")})
		v.Form.Errors = append(v.Form.Errors, wijkregie.FieldError{Name: "bestand", Message: "pakket.inlezen.eerder"})
		return h.packagePage(w, r, http.StatusConflict, v)
	case errors.As(err, &e) && e.Code == wijkregie.EINVALID:
		for _, f := range e.Fields {
			if f.Name == "team" {
				v.Form.Errors = append(v.Form.Errors, f)
				continue
			}
			v.Faults = append(v.Faults, packageFault{Field: f.Name, Text: h.t(f.Message)})
		}
		if len(v.Faults) > 0 {
			v.Form.Errors = append(v.Form.Errors, wijkregie.FieldError{Name: "bestand", Message: "pakket.inlezen.fouten"})
		}
		return h.packagePage(w, r, http.StatusUnprocessableEntity, v)
	default:
		return err
	}
	if !sum.DryRun {
		http.Redirect(w, r, "/casussen/"+sum.CaseID+"?ingelezen=1", http.StatusSeeOther)
		return nil
	}
	v.Summary = sum
	return h.packagePage(w, r, http.StatusOK, v)
}
