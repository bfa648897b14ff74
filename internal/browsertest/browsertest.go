// Package browsertest runs tests in a real headless Chromium, driven by
// chromedp, and checks pages for accessibility with axe-core.
//
// It is test support: other packages' tests import it. It is a normal package
// rather than a _test file so that one copy of the browser setup serves them
// all.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// requireAllEnv names the environment variable that turns a missing browser
// from a skip into a failure. CI sets it so that browser tests cannot
// silently stop running.
const requireAllEnv = "WIJKREGIE_REQUIRE_ALL"

// browserNames are the executables looked for on PATH, in order.
var browserNames = []string{"chromium", "chromium-browser", "google-chrome"}

const (
	// startTimeout bounds the browser's start: a Chromium that waits for a
	// network that is not there would otherwise hang the test binary.
	startTimeout = 30 * time.Second
	// TabTimeout is how long one tab from NewTab lives; every action in
	// the tab fails after it.
	TabTimeout = 30 * time.Second
)

// Browser is one running headless Chromium. Tests open tabs in it with
// NewTab; the browser stops when the test that made it ends.
type Browser struct {
	ctx context.Context // chromedp context of the browser's first tab
}

// New starts a headless Chromium and stops it when t ends.
//
// When no Chromium is installed, New skips the test, unless the environment
// has WIJKREGIE_REQUIRE_ALL=1, in which case it fails it.
func New(t testing.TB) *Browser {
	t.Helper()
	path := findBrowser()
	if path == "" {
		msg := fmt.Sprintf("browsertest: NO CHROMIUM FOUND (looked for %s on PATH): browser tests DID NOT RUN. Install it (Debian: apt-get install chromium).",
			strings.Join(browserNames, ", "))
		if os.Getenv(requireAllEnv) == "1" {
			t.Fatal(msg + " " + requireAllEnv + "=1 requires every test to run.")
		}
		t.Skip(msg + " Set " + requireAllEnv + "=1 to make this a failure.")
	}

	// The quiet flags are required, not tuning: without network, Chromium
	// otherwise hangs on connections to Google services (QUIC probes,
	// component updates, sync). Some repeat chromedp's defaults; they are
	// named here so that a change in those defaults cannot drop them. The
	// allocator gives every start a fresh temporary --user-data-dir and
	// removes it afterwards, so no profile leaks between runs.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // containers run as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		// Cancel closes the browser politely so that it can flush and
		// exit; the cancel funcs then make sure the process is gone.
		if err := chromedp.Cancel(ctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("browsertest: closing Chromium: %v", err)
		}
		cancel()
		cancelAlloc()
	})

	// The first Do starts the browser and binds its life to ctx, so it
	// cannot take a timeout of its own; a watchdog cancels instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("browsertest: starting %s: %v", path, err)
		}
	case <-time.After(startTimeout):
		cancel()
		t.Fatalf("browsertest: %s did not start within %v", path, startTimeout)
	}
	return &Browser{ctx: ctx}
}

// NewTab opens a new tab in the browser and returns its chromedp context,
// for use with chromedp.Run and chromedp.Do. The tab closes when t ends and
// expires after TabTimeout, so that a page that never loads fails the test
// instead of hanging it.
func (b *Browser) NewTab(t testing.TB) context.Context {
	t.Helper()
	tctx, cancelTimeout := context.WithTimeout(b.ctx, TabTimeout)
	ctx, cancel := chromedp.NewContext(tctx)
	t.Cleanup(func() {
		cancel()
		cancelTimeout()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	return ctx
}

// findBrowser returns the path of the first browser on PATH, or "".
func findBrowser() string {
	for _, name := range browserNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}
