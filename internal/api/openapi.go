package api

import (
	_ "embed"
	"net/http"
)

// openapiJSON is the API's OpenAPI 3.0 document, written by hand and held
// to the NL API Design Rules by the ADR linter
// (.ci/run runs ../shared/conformance/adr-lint on it); TestOpenAPIMatchesRoutes keeps it in
// step with the route table.
//
//go:embed openapi.json
var openapiJSON []byte

// openAPI serves the document without login, readable from any origin
// (ADR /core/publish-openapi). It holds no personal data, so it may be
// cached, revalidated by its ETag.
func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) error {
	hd := w.Header()
	setHeaders(hd)
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Access-Control-Allow-Origin", "*")
	hd.Set("ETag", h.docETag)
	if matchesAny(r.Header.Get("If-None-Match"), h.docETag, false) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	hd.Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(h.doc)
	return err
}
