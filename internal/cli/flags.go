package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"wijkregie/internal/config"
)

// flagSet is a command's flags with Dutch help. The flag package's own
// output is English and cannot be translated, so it is silenced: -h prints
// the catalogue's help and the options below it, and a parse error becomes
// one Dutch line naming the option.
type flagSet struct {
	*flag.FlagSet
	c       *cmdCtx
	helpKey string
}

// flags returns the flag set of the command named name ("user add").
func (c *cmdCtx) flags(name, helpKey string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	// The flag package calls Usage on every parse error too; parse decides
	// what to print instead.
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, c: c, helpKey: helpKey}
}

// parse parses args. -h prints the help and returns flag.ErrHelp (exit 0);
// a bad option or a stray argument is a usage error (exit 2).
func (fs *flagSet) parse(args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.printHelp(fs.c.Stderr)
			return err
		}
		return fs.parseError(err)
	}
	if fs.NArg() > 0 {
		return usage("cli.te_veel_argumenten", "argumenten", strings.Join(fs.Args(), " "), "commando", fs.Name())
	}
	return nil
}

// The flag package's error texts, which have not changed since Go 1 and
// which TestUsageAndConfigErrors pins: the only way to learn which option was
// wrong without parsing the arguments a second time.
var (
	flagUnknown  = regexp.MustCompile(`^flag provided but not defined: -(.+)$`)
	flagNoValue  = regexp.MustCompile(`^flag needs an argument: -(.+)$`)
	flagBadValue = regexp.MustCompile(`^invalid (?:boolean )?value ("(?:[^"\\]|\\.)*") for (?:flag )?-([^:]+): `)
	flagSyntax   = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// parseError turns the flag package's error into a Dutch usage error.
func (fs *flagSet) parseError(err error) error {
	cmd := fs.Name()
	msg := err.Error()
	if m := flagUnknown.FindStringSubmatch(msg); m != nil {
		return usage("cli.vlag.onbekend", "vlag", "--"+m[1], "commando", cmd)
	}
	if m := flagNoValue.FindStringSubmatch(msg); m != nil {
		return usage("cli.vlag.zonder_waarde", "vlag", "--"+m[1], "commando", cmd)
	}
	if m := flagBadValue.FindStringSubmatch(msg); m != nil {
		v, uerr := strconv.Unquote(m[1])
		if uerr != nil {
			v = m[1]
		}
		return usage("cli.vlag.ongeldig", "vlag", "--"+m[2], "waarde", v, "commando", cmd)
	}
	if m := flagSyntax.FindStringSubmatch(msg); m != nil {
		return usage("cli.vlag.syntax", "vlag", m[1], "commando", cmd)
	}
	return usage("cli.zie_help", "commando", cmd)
}

// printHelp writes the command's help text and its options, in the
// catalogue's words where the flag package's PrintDefaults would be English.
func (fs *flagSet) printHelp(w io.Writer) {
	c := fs.c
	fmt.Fprintln(w, c.T(fs.helpKey))
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, c.T("cli.opties"))
	fs.VisitAll(func(f *flag.Flag) {
		kind, _ := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		switch kind {
		case "":
		case "int", "int64", "uint", "uint64", "float", "duration":
			line += " " + c.T("cli.opties.getal")
		default:
			line += " " + c.T("cli.opties.waarde")
		}
		help := f.Usage
		// A default can come from the environment: WIJKREGIE_DB may hold
		// a password.
		if def := config.RedactURL(f.DefValue); def != "" && !(kind == "" && def == "false") {
			help += " " + c.T("cli.opties.standaard", "waarde", def)
		}
		fmt.Fprintf(w, "%s\n      %s\n", line, help)
	})
}
