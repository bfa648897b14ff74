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
	"strings"

	"wijkregie"
	"wijkregie/internal/config"
	"wijkregie/internal/locale"
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
		{"user", "cli.user.kort", runUser},
		{"token", "cli.token.kort", runToken},
		{"audit", "cli.audit.kort", runAudit},
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
		fmt.Fprintf(w, "  %-9s %s\n", cmd.name, c.T(cmd.summary))
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
	case errors.As(err, &errChainBroken{}):
		return 1 // the command has said where
	case errors.As(err, &ue):
		c.warn(ue.key, ue.args...)
		return 2
	case errors.As(err, &ce):
		fmt.Fprintln(c.Stderr, c.T("cli.config.fout", "instelling", ce.Setting, "waarde", ce.Value)+" "+c.T(ce.Key))
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
	fmt.Fprintln(c.Stderr, c.T("cli.fout", "commando", c.name)+" "+err.Error())
	return 1
}

// flags returns a flag set for a command whose -h prints Dutch help.
func (c *cmdCtx) flags(name, helpKey string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(c.Stderr, c.T(helpKey))
		fmt.Fprintln(c.Stderr)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; a parse error is a usage error (the flag package has
// already printed what was wrong).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{key: "cli.zie_help", args: []any{"commando", fs.Name()}}
	}
	if fs.NArg() > 0 {
		return &usageError{key: "cli.te_veel_argumenten", args: []any{"argumenten", strings.Join(fs.Args(), " ")}}
	}
	return nil
}
