// Package cli is wijkregie's command line: it parses arguments and wires
// the store, the application and the server together. It is the only
// package that knows all the others.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"wijkregie"
	"wijkregie/internal/config"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/progress"
	"wijkregie/internal/store"
)

// Env is the outside world a command sees; tests pass their own.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// command is one subcommand.
type command struct {
	name    string
	summary string // catalogue key
	run     func(ctx context.Context, c *cmdCtx, args []string) error
}

// cmdCtx is what every command gets.
type cmdCtx struct {
	Env
	cat  *locale.Catalogue
	name string // "user add", for messages
}

// T returns a command-line text in Dutch.
func (c *cmdCtx) T(key string, args ...any) string { return c.cat.T(locale.NL, key, args...) }

// tr is T without arguments, for flag help texts.
func (c *cmdCtx) tr(key string) string { return c.T(key) }

func (c *cmdCtx) say(key string, args ...any) { fmt.Fprintln(c.Stdout, c.T(key, args...)) }

func (c *cmdCtx) warn(key string, args ...any) { fmt.Fprintln(c.Stderr, c.T(key, args...)) }

func commands() []command {
	return []command{
		{"serve", "cli.serve.kort", runServe},
		{"migrate", "cli.migrate.kort", runMigrate},
		{"demo", "cli.demo.kort", runDemo},
		{"municipality", "cli.gemeente.kort", runMunicipality},
		{"team", "cli.team.kort", runTeam},
		{"organisation", "cli.organisatie.kort", runOrganisation},
		{"user", "cli.user.kort", runUser},
		{"token", "cli.token.kort", runToken},
		{"audit", "cli.audit.kort", runAudit},
		{"bsn-sleutel", "cli.bsn-sleutel.kort", runBSNKey},
		{"retention", "cli.bewaren.kort", runRetention},
		{"import", "cli.import.kort", runImport},
		{"report", "cli.report.kort", runReport},
		{"load", "cli.load.kort", runLoad},
		{"version", "cli.version.kort", runVersion},
		{"help", "cli.help.kort", nil},
	}
}

// Run runs the command line and returns the process exit code: 0 on
// success, 1 when the command failed, 2 for a usage error.
func Run(ctx context.Context, args []string, env Env) int {
	cat, err := locale.Load()
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return 1
	}
	c := &cmdCtx{Env: env, cat: cat}
	if len(args) == 0 {
		c.usage(c.Stderr)
		return 2
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" {
		if len(args) > 1 {
			return Run(ctx, []string{args[1], "-h"}, env)
		}
		c.usage(c.Stdout)
		return 0
	}
	for _, cmd := range commands() {
		if cmd.name == name && cmd.run != nil {
			c.name = name
			return c.exit(cmd.run(ctx, c, args[1:]))
		}
	}
	c.warn("cli.onbekend_commando", "commando", name)
	c.usage(c.Stderr)
	return 2
}

func (c *cmdCtx) usage(w io.Writer) {
	fmt.Fprintln(w, c.T("cli.gebruik"))
	fmt.Fprintln(w)
	for _, cmd := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", cmd.name, c.T(cmd.summary))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, c.T("cli.gebruik.meer"))
}

// usageError is a wrong invocation: exit code 2.
type usageError struct {
	key  string
	args []any
}

func (e *usageError) Error() string { return e.key }

func usage(key string, args ...any) error { return &usageError{key: key, args: args} }

// exit prints err in the reader's words and returns the exit code.
func (c *cmdCtx) exit(err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue *usageError
	var ce *config.Error
	var we *wijkregie.Error
	var ns *store.ErrNewerSchema
	switch {
	case errors.As(err, &errChainBroken{}), errors.As(err, &errRotationIncomplete{}):
		return 1 // the command has said what
	case errors.As(err, &ue):
		c.warn(ue.key, ue.args...)
		return 2
	case errors.As(err, &ce):
		fmt.Fprintln(c.Stderr, c.configLine(ce))
		return 2
	case errors.As(err, &ns):
		c.warn("cli.schema.nieuwer", "opslag", ns.Store, "programma", ns.Binary)
		return 1
	case errors.As(err, &we):
		msg := c.T(we.Message)
		var fields []string
		for _, f := range we.Fields {
			fields = append(fields, fmt.Sprintf("%s: %s", f.Name, c.T(f.Message)))
		}
		sort.Strings(fields)
		if len(fields) > 0 {
			msg += " " + strings.Join(fields, "; ")
		}
		fmt.Fprintln(c.Stderr, c.T("cli.fout", "commando", c.name)+" "+msg)
		return 1
	}
	fmt.Fprintln(c.Stderr, c.T("cli.fout", "commando", c.name)+" "+oneLine(err.Error()))
	return 1
}

// configLine is a bad setting as one line: the setting, its value, what is
// wrong and, when the value was well-formed but did not work, the cause.
func (c *cmdCtx) configLine(ce *config.Error) string {
	line := c.T("cli.config.fout.leeg", "instelling", ce.Setting, "uitleg", c.T(ce.Key))
	if ce.Value != "" {
		line = c.T("cli.config.fout", "instelling", ce.Setting, "waarde", strconv.Quote(ce.Value), "uitleg", c.T(ce.Key))
	}
	if ce.Err != nil {
		// The store wraps the driver's error in its own English prefix;
		// the driver's or the system's words are the useful part.
		cause := ce.Err
		if u := errors.Unwrap(cause); u != nil {
			cause = u
		}
		line += " " + c.T("cli.config.oorzaak", "oorzaak", oneLine(cause.Error()))
	}
	return line
}

// oneLine keeps a message from another package on one line, so a script's
// log or a terminal shows the whole error where it shows the first line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// sub dispatches "CMD SUB args…".
func sub(ctx context.Context, c *cmdCtx, name, helpKey string, args []string, subs map[string]func(context.Context, *cmdCtx, []string) error) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(c.Stderr, c.T(helpKey))
		if len(args) == 0 {
			return usage("cli.sub.ontbreekt", "commando", name)
		}
		return nil
	}
	f, ok := subs[args[0]]
	if !ok {
		fmt.Fprintln(c.Stderr, c.T(helpKey))
		return usage("cli.sub.onbekend", "commando", name, "sub", args[0])
	}
	c.name = name + " " + args[0]
	return f(ctx, c, args[1:])
}

// names lists codes (roles, organisation kinds) for help texts and
// messages, in the order forms show them.
func names[T ~string](codes []T) string {
	out := make([]string, len(codes))
	for i, code := range codes {
		out[i] = string(code)
	}
	return strings.Join(out, ", ")
}

// table writes rows in aligned columns under the catalogue's header.
func (c *cmdCtx) table(headKey string, rows [][]string) error {
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, c.T(headKey))
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	return tw.Flush()
}

func (c *cmdCtx) yesNo(b bool) string {
	if b {
		return c.T("cli.ja")
	}
	return c.T("cli.nee")
}

// dateTime formats a stored (UTC) timestamp for a table column; "-" when
// never.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02 15:04")
}

// bar is a progress bar on standard error, in Dutch.
func (c *cmdCtx) bar(label string, total int64) *progress.Bar {
	return progress.New(c.Stderr, label, total, progress.Words{
		Done: c.T("cli.voortgang.klaar"), PerSecond: c.T("cli.voortgang.per_seconde"), Remaining: c.T("cli.voortgang.nog"),
	})
}

// demoProgress reports the demo's households being made.
func (c *cmdCtx) demoProgress(total int64) demo.Reporter {
	return c.bar(c.T("cli.demo.voortgang"), total)
}
