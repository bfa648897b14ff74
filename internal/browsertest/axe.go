package browsertest

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored as described in VENDORED.md.
//
//go:embed axe.min.js
var axeSource string

// axeRun runs axe on the whole document against WCAG 2.0 and 2.1, levels A
// and AA: the level the Dutch government requires of public-sector sites
// (Besluit digitale toegankelijkheid overheid, via EN 301 549). Only
// violations are returned; "incomplete" results need a human and would make
// the check flaky. Targets are flattened to strings because axe nests them
// in arrays for shadow DOM and iframes.
const axeRun = `axe.run(document, {
	runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
	resultTypes: ["violations"]
}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || "",
	help: v.help,
	helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({
		target: n.target.map(s => Array.isArray(s) ? s.join(" >>> ") : String(s)),
		html: n.html
	}))
})))`

// Violation is one axe rule that the page breaks.
type Violation struct {
	ID      string `json:"id"`     // rule id, such as "image-alt"
	Impact  string `json:"impact"` // minor, moderate, serious or critical
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []Node `json:"nodes"`
}

// Node is one element that breaks a rule.
type Node struct {
	Target []string `json:"target"` // CSS selectors that find the element
	HTML   string   `json:"html"`   // the element's opening tag, as axe shows it
}

// RunAxe injects axe-core into the page of ctx, unless it is there already,
// and returns the WCAG 2.1 A and AA violations it finds. Run it after the
// page (and any htmx swap under test) has settled.
func RunAxe(ctx context.Context) ([]Violation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, fmt.Errorf("checking for axe: %w", err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource)); err != nil {
			return nil, fmt.Errorf("injecting axe: %w", err)
		}
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("running axe: %w", err)
	}
	return v, nil
}

// CheckAxe runs axe on the page of ctx and fails t with one line per
// violation: rule, impact, help text and the selectors of the elements.
func CheckAxe(t testing.TB, ctx context.Context) {
	t.Helper()
	violations, err := RunAxe(ctx)
	if err != nil {
		t.Fatalf("axe: %v", err)
		return
	}
	if len(violations) == 0 {
		return
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		url = "(unknown page)"
	}
	t.Errorf("axe: %d accessibility violation(s) on %s:\n%s", len(violations), url, FormatViolations(violations))
}

// FormatViolations renders violations for a test failure message, one
// block per rule with the selectors of its elements.
func FormatViolations(violations []Violation) string {
	var b strings.Builder
	for _, v := range violations {
		fmt.Fprintf(&b, "- %s [%s]: %s (%s)\n", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "    %s  %s\n", strings.Join(n.Target, ", "), n.HTML)
		}
	}
	return b.String()
}
