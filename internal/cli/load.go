package cli

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"wijkregie/internal/loadgen"
)

// runLoad is the project's load tool: concurrent requests against a
// wijkregie on this machine, with throughput and latency percentiles.
func runLoad(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("load", "cli.load.help")
	target := fs.String("url", "", c.T("cli.load.url"))
	method := fs.String("method", "GET", c.T("cli.load.method"))
	body := fs.String("body", "", c.T("cli.load.body"))
	token := fs.String("token", "", c.T("cli.load.token"))
	concurrency := fs.Int("concurrency", 8, c.T("cli.load.concurrency"))
	duration := fs.Duration("duration", 10*time.Second, c.T("cli.load.duration"))
	requests := fs.Int64("requests", 100_000, c.T("cli.load.requests"))
	if err := fs.parse(args); err != nil {
		return err
	}
	if *target == "" {
		return usage("cli.load.url.verplicht")
	}
	if err := loadgen.CheckTarget(*target); err != nil {
		if errors.Is(err, loadgen.ErrNotLoopback) {
			return usage("cli.load.url.loopback", "url", *target)
		}
		return usage("cli.load.url.ongeldig", "url", *target)
	}
	if *concurrency < 1 || *concurrency > 1000 || *duration <= 0 || *duration > time.Hour || *requests < 1 {
		return usage("cli.load.grenzen")
	}
	h := http.Header{}
	if *token != "" {
		h.Set("Authorization", "Bearer "+*token)
	}
	if *body != "" {
		h.Set("Content-Type", "application/json")
	}
	res, err := loadgen.Run(ctx, loadgen.Options{URL: *target, Method: strings.ToUpper(*method), Body: *body, Header: h,
		Concurrency: *concurrency, Duration: *duration, Requests: *requests})
	if err != nil {
		return err
	}
	c.say("cli.load.resultaat", "aantal", res.Requests, "seconden", strconv.FormatFloat(res.Elapsed.Seconds(), 'f', 1, 64),
		"per_seconde", strconv.FormatFloat(res.PerSecond(), 'f', 0, 64), "gelijktijdig", *concurrency)
	c.say("cli.load.latentie", "p50", ms(res.Percentile(50)), "p90", ms(res.Percentile(90)), "p99", ms(res.Percentile(99)), "max", ms(res.Percentile(100)))
	var codes []int
	for s := range res.Statuses {
		codes = append(codes, s)
	}
	sort.Ints(codes)
	var parts []string
	for _, s := range codes {
		parts = append(parts, strconv.Itoa(s)+": "+strconv.FormatInt(res.Statuses[s], 10))
	}
	c.say("cli.load.statussen", "statussen", strings.Join(parts, ", "), "fouten", res.Failures)
	return nil
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 2, 64)
}
