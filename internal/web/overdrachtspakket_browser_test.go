package web_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/testdb"
)

// packageFile writes the docs' sample package as if another municipality
// had sent it (bent by bend, then sealed), and returns its path.
func packageFile(t *testing.T, name string, bend func(p *wijkregie.HandoverPackage)) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/voorbeelden/overdrachtspakket.json")
	if err != nil {
		t.Fatal(err)
	}
	var p wijkregie.HandoverPackage
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	p.Sender.MunicipalityCode, p.Sender.MunicipalityName = "GM0001", "Elders"
	if bend != nil {
		bend(&p)
	}
	p.Seal()
	out, err := json.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, out, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHandoverPackageUploadInTheBrowser: the team lead opens the upload,
// sends no file (the error beside the field), a package with a bad date
// (the field named), checks a good one (the counts) and reads it in,
// landing on the new case with its history taken over and the package's
// downloads. Every page on the way passes axe.
func TestHandoverPackageUploadInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	base := e.srv.URL
	good := packageFile(t, "pakket.json", nil)
	bad := packageFile(t, "kapot.json", func(p *wijkregie.HandoverPackage) { p.Household.Members[0].From = "2025-02-30" })

	ctx := loginAs(t, b, base, email(wijkregie.RoleTeamLead))
	run(t, ctx, "opening the upload", chromedp.Navigate(base+"/overdrachtspakketten/inlezen"), chromedp.WaitVisible(`input#bestand`))
	browsertest.CheckAxe(t, ctx)

	submit(t, ctx, "sending no file", `main form button[type="submit"]`, `#bestand-fout`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the summary", chromedp.Text(chromedp.CSS(`.melding-fout`))); !strings.Contains(got, e.t("veld.pakket.bestand")) {
		t.Errorf("no file: %q", got)
	}

	run(t, ctx, "choosing a package with a bad date", chromedp.SetUploadFiles(chromedp.CSS(`#bestand`), []string{bad}))
	submit(t, ctx, "sending it", `main form button[type="submit"]`, `#bestand-fout`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the faults", chromedp.Text(chromedp.CSS(`.melding-fout`))); !strings.Contains(got, "huishouden.leden[0].vanaf") {
		t.Errorf("bad date: %q", got)
	}

	run(t, ctx, "checking the good package", chromedp.Click(chromedp.CSS(`#proef`)), chromedp.SetUploadFiles(chromedp.CSS(`#bestand`), []string{good}))
	submit(t, ctx, "checking it", `main form button[type="submit"]`, `#aantallen`)
	browsertest.CheckAxe(t, ctx)
	counts := rowTexts(t, ctx, `#aantallen`)
	if len(counts) != 7 || counts[2] != e.t("pakket.samenvatting.planversies")+"2" {
		t.Errorf("counts %q", counts)
	}

	run(t, ctx, "reading it in", chromedp.Click(chromedp.CSS(`#proef`)), chromedp.SetUploadFiles(chromedp.CSS(`#bestand`), []string{good}))
	submit(t, ctx, "reading it in", `main form button[type="submit"]`, `#overdrachtspakket`)
	browsertest.CheckAxe(t, ctx)
	if got := read(t, ctx, "reading the history", chromedp.Text(chromedp.CSS(`#geschiedenis-kop + *`))); !strings.Contains(got, "Overgenomen uit Elders") {
		t.Errorf("history %q", got)
	}
}
