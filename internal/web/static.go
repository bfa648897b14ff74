package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"time"

	"wijkregie"
)

// staticFile is one embedded asset with what its responses need.
type staticFile struct {
	body        []byte
	contentType string
	version     string // short content hash: part of the URL and the ETag
}

// staticTypes are the asset types served, with explicit content types: the
// host's MIME table must not decide how a browser treats a script. Other
// files in the folder (such as VENDORED.md) are not served.
var staticTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
}

func loadStatic() (map[string]staticFile, error) {
	out := map[string]staticFile{}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ct, ok := staticTypes[path.Ext(p)]
		if !ok {
			return nil
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[p[len("static/"):]] = staticFile{body: b, contentType: ct, version: hex.EncodeToString(sum[:6])}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: reading static files: %w", err)
	}
	return out, nil
}

// staticURL is the template function static: the file's URL with its
// content hash, so a browser may cache it for a year and still gets a new
// version as soon as the file changes.
func (h *Handler) staticURL(name string) (string, error) {
	f, ok := h.static[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return "/static/" + name + "?v=" + f.version, nil
}

// serveStatic serves an embedded asset.
func (h *Handler) serveStatic(w http.ResponseWriter, r *http.Request) error {
	f, ok := h.static[r.PathValue("file")]
	if !ok {
		return wijkregie.NotFound()
	}
	hd := w.Header()
	hd.Set("Content-Type", f.contentType)
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("ETag", `"`+f.version+`"`)
	hd.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
	return nil
}
