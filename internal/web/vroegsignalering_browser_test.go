package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"wijkregie"
	"wijkregie/internal/browsertest"
	"wijkregie/internal/testdb"
)

// TestOutreachScreenInTheBrowser: a professional opens Vroegsignalering
// from the menu, reads what is due, switches to the tab of what is late,
// then to the street list for planning home visits, which prints without
// the menu and the buttons; the lead opens the monitor, asks for a period
// that runs backwards and gets the error beside the field with the input
// kept, then the creditors and one creditor's feedback. Every page passes
// axe.
func TestOutreachScreenInTheBrowser(t *testing.T) {
	b := browsertest.New(t)
	clk := &webClock{}
	clk.Set(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	p := newOutreachPages(t, testdb.SQLite(t, testdb.Options{Now: clk.Now}), clk)
	base := p.srv.URL

	ctx := loginAs(t, b, base, email(wijkregie.RoleProfessional))
	submit(t, ctx, "opening Vroegsignalering from the menu", `header nav a[href="/vroegsignalering"]`, `#tabbladen`)
	browsertest.CheckAxe(t, ctx)
	rows := rowTexts(t, ctx, `#vroegsignalen`)
	if !containsText(rows, "Webstraat 1, 2583WA 2 meldingen van 2 schuldeisers over 23 dagen (30 mrt. 2026)") {
		t.Errorf("te doen: %q", rows)
	}

	submit(t, ctx, "opening the tab Te laat", `#tab-te-laat`, `#tab-te-laat[aria-current="page"]`)
	browsertest.CheckAxe(t, ctx)
	rows = rowTexts(t, ctx, `#vroegsignalen`)
	if !containsText(rows, "Webstraat 2, 2583WA Dreigend 1 melding van 1 schuldeiser 2 dagen te laat (5 mrt. 2026)") {
		t.Errorf("te laat: %q", rows)
	}

	submit(t, ctx, "opening the street list", `main a[href="/vroegsignalering/per-straat"]`, `#straten-aantal`)
	browsertest.CheckAxe(t, ctx)
	streets := read(t, ctx, "reading the streets", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('main h2')].map(h => h.textContent.trim()).filter(s => /^(Achterweg|Webstraat)/.test(s))`))
	if strings.Join(streets, " | ") != "Achterweg, 2583WB Duinhaven | Webstraat, 2583WA Duinhaven" {
		t.Errorf("streets %q", streets)
	}
	run(t, ctx, "printing", emulateMedia("print"))
	hidden := read(t, ctx, "reading what prints", chromedp.Evaluate[[]string](
		`['header nav', 'main .knoppen', 'main section.straat table'].map(s => getComputedStyle(document.querySelector(s)).display)`))
	if hidden[0] != "none" || hidden[1] != "none" || hidden[2] == "none" {
		t.Errorf("in print the menu, the buttons and the tables are displayed as %q; want none, none and shown", hidden)
	}
	run(t, ctx, "back to the screen", emulateMedia(""))

	lead := loginAs(t, b, base, email(wijkregie.RoleTeamLead))
	submit(t, lead, "opening Vroegsignalering", `header nav a[href="/vroegsignalering"]`, `#tabbladen`)
	submit(t, lead, "opening the monitor", `main a[href="/vroegsignalering/monitor"]`, `#huishoudens`)
	browsertest.CheckAxe(t, lead)
	run(t, lead, "asking for a period backwards",
		chromedp.SetValue(chromedp.CSS(`#van`), "2026-03-31"),
		chromedp.SetValue(chromedp.CSS(`#tot`), "2026-03-01"),
	)
	submit(t, lead, "showing the figures", `main form button[type="submit"]`, `#tot-fout`)
	browsertest.CheckAxe(t, lead)
	if v := read(t, lead, "reading the kept input", chromedp.Evaluate[string](`document.querySelector('#van').value`)); v != "2026-03-31" {
		t.Errorf("van after the error: %q", v)
	}
	submit(t, lead, "opening the creditors", `main a[href="/vroegsignalering/schuldeisers"]`, `#schuldeisers`)
	browsertest.CheckAxe(t, lead)
	submit(t, lead, "opening the water company's feedback", `#schuldeisers a[href="/vroegsignalering/schuldeisers/`+p.water+`"]`, `#terugmeldingen`)
	browsertest.CheckAxe(t, lead)
	if rows := rowTexts(t, lead, `#terugmeldingen`); len(rows) != 1 || rows[0] != "W-3 2 mrt. 2026 Hulp gestart 4 mrt. 2026" {
		t.Errorf("feedback %q", rows)
	}
	if n := count(t, lead, `#csv[href*="formaat=csv"]`); n != 1 {
		t.Errorf("%d CSV links; want 1", n)
	}
}

// emulateMedia makes the tab's CSS apply as for the media type ("print"),
// or as usual for "".
func emulateMedia(media string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		return t.Call(ctx, "Emulation.setEmulatedMedia", map[string]any{"media": media}, nil)
	})
}

func containsText(rows []string, prefix string) bool {
	for _, r := range rows {
		if strings.HasPrefix(r, prefix) {
			return true
		}
	}
	return false
}
