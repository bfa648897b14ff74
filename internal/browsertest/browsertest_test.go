package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

const goodPage = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Melding maken</title></head>
<body>
<main>
<h1>Melding maken</h1>
<form>
<label for="naam">Naam</label>
<input id="naam" name="naam" type="text">
<button type="submit">Versturen</button>
</form>
</main>
</body>
</html>`

// badPage breaks two rules on purpose: an image without alt text and an
// input without a label.
const badPage = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Fout</title></head>
<body>
<main>
<h1>Fout</h1>
<img src="/plaatje.png">
<input id="zonder-label" type="text">
</main>
</body>
</html>`

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("GET /goed", page(goodPage))
	mux.HandleFunc("GET /fout", page(badPage))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestAxe(t *testing.T) {
	srv := newServer(t)
	b := New(t)

	t.Run("accessible page passes", func(t *testing.T) {
		ctx := b.NewTab(t)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/goed")); err != nil {
			t.Fatal(err)
		}
		CheckAxe(t, ctx)
	})

	t.Run("violations are reported", func(t *testing.T) {
		ctx := b.NewTab(t)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/fout")); err != nil {
			t.Fatal(err)
		}
		violations, err := RunAxe(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, v := range violations {
			ids = append(ids, v.ID)
		}
		for _, want := range []string{"image-alt", "label"} {
			if !slices.Contains(ids, want) {
				t.Errorf("RunAxe found %v, want it to include %q", ids, want)
			}
		}
		for _, v := range violations {
			if v.ID == "label" && !slices.ContainsFunc(v.Nodes, func(n Node) bool {
				return slices.Contains(n.Target, "#zonder-label")
			}) {
				t.Errorf("label violation targets %+v, want #zonder-label among them", v.Nodes)
			}
		}

		// CheckAxe must fail the test on this page, and say why.
		rec := &recorder{TB: t}
		CheckAxe(rec, ctx)
		if !rec.failed {
			t.Fatal("CheckAxe did not fail on a page with violations")
		}
		for _, want := range []string{"image-alt", "label", "#zonder-label", "/fout"} {
			if !strings.Contains(rec.msg, want) {
				t.Errorf("CheckAxe message lacks %q:\n%s", want, rec.msg)
			}
		}
	})

	t.Run("axe is injected once per page", func(t *testing.T) {
		// A second run on the same page must reuse the injected axe
		// rather than fail on a redefinition.
		ctx := b.NewTab(t)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/goed")); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if v, err := RunAxe(ctx); err != nil || len(v) != 0 {
				t.Fatalf("RunAxe = %v, %v; want no violations, no error", v, err)
			}
		}
	})
}

// recorder stands in for a testing.TB to observe a failure without failing
// the real test.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg += fmt.Sprintf(format, args...)
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
}
