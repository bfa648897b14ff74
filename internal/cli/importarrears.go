package cli

import (
	"context"
	"flag"
	"io"
	"os"
	"strconv"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
)

// wijkregie import: bring data delivered by others into the store. Its one
// kind today is a creditor's file of payment arrears
// (docs/vroegsignalering.md).
func runImport(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{"betalingsachterstanden": importArrears, "overdracht": importHandover}
	return sub(ctx, c, "import", "cli.import.help", args, subs)
}

// maxListedRejections is how many rejected lines the summary lists; the
// rest are counted. A file with more needs fixing at its source.
const maxListedRejections = 50

// importArrears imports a creditor's CSV file (FILE, or - for standard
// input) as the system actor of the municipality (--gemeente, or the
// store's only one), streamed in transactions of a thousand rows, with a
// progress bar over the bytes read on standard error, and prints the
// summary. Rejected rows do not fail the command: only a file that cannot
// be read at all (exit 1) or a wrong invocation (exit 2) does.
func importArrears(ctx context.Context, c *cmdCtx, args []string) error {
	var path string
	if len(args) > 0 && (!strings.HasPrefix(args[0], "-") || args[0] == "-") {
		path, args = args[0], args[1:]
	}
	var dry bool
	return c.adminCmd(ctx, args, spec{
		help: "cli.import.arrears.help",
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&dry, "dry-run", false, c.T("cli.import.vlag.proefrun"))
		},
		check: func() error {
			if path == "" {
				return usage("cli.import.bestand_ontbreekt")
			}
			return nil
		},
	}, func(a *adminSession, _ *wijkregie.User) error {
		in, size, closeIn, err := c.openInput(path)
		if err != nil {
			return err
		}
		defer closeIn()
		add, done := c.barFrom(c.T("cli.import.voortgang"), size)
		if add != nil {
			in = &countingReader{r: in, add: add}
		}
		sum, err := a.svc.ImportArrearsFile(ctx, a.actor, in, app.ArrearsImport{Source: app.DeliveryFile, DryRun: dry})
		done()
		if err != nil {
			return err
		}
		return c.arrearsSummary(path, a.actor.MunicipalityID, sum)
	})
}

// openInput opens the file to import, "-" being standard input, and says
// its size (0 when unknown).
func (c *cmdCtx) openInput(path string) (io.Reader, int64, func(), error) {
	if path == "-" {
		return c.Stdin, 0, func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, nil, usage("cli.import.bestand_onleesbaar", "bestand", path)
	}
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	return f, size, func() { f.Close() }, nil
}

// countingReader tells the progress bar how many bytes were read.
type countingReader struct {
	r   io.Reader
	add func(int64)
}

func (cr *countingReader) Read(p []byte) (int, error) {
	n, err := cr.r.Read(p)
	if n > 0 {
		cr.add(int64(n))
	}
	return n, err
}

// arrearsSummary prints what became of the file's rows: the counts, the
// same file delivered before, and the first rejected lines with their
// reasons (never their content).
func (c *cmdCtx) arrearsSummary(path, municipalityID string, sum *app.ArrearsSummary) error {
	if sum.DryRun {
		c.say("cli.import.proefrun", "bestand", path, "gemeente", municipalityID)
	} else {
		c.say("cli.import.klaar", "bestand", path, "gemeente", municipalityID)
	}
	rows := [][]string{}
	for _, k := range []struct {
		key string
		n   int
	}{
		{"cli.import.gelezen", sum.Read}, {"cli.import.nieuw", sum.New}, {"cli.import.bijgewerkt", sum.Updated},
		{"cli.import.ongewijzigd", sum.Unchanged}, {"cli.import.gebundeld", sum.Bundled}, {"cli.import.afgewezen", sum.Rejected},
		{"cli.import.vroegsignalen", sum.Outreaches},
	} {
		rows = append(rows, []string{c.T(k.key), strconv.Itoa(k.n)})
	}
	if err := c.table("cli.import.kop", rows); err != nil {
		return err
	}
	if !sum.EarlierDelivery.IsZero() {
		c.say("cli.import.eerder", "moment", dateTime(sum.EarlierDelivery))
	}
	if len(sum.Rejections) == 0 {
		return nil
	}
	c.say("cli.import.afgewezen_regels")
	for i, r := range sum.Rejections {
		if i == maxListedRejections {
			break
		}
		text := c.T(r.Message, "regel", r.FirstLine)
		if r.Field == "" {
			c.say("cli.import.regel", "regel", r.Line, "melding", text)
		} else {
			c.say("cli.import.regel_veld", "regel", r.Line, "veld", r.Field, "melding", text)
		}
	}
	// The lines not listed are counted: a line may have several
	// problems, and the summary holds at most app.MaxArrearsRejections.
	if more := sum.Rejected - rejectedLines(sum.Rejections[:min(len(sum.Rejections), maxListedRejections)]); more > 0 {
		c.say("cli.import.meer", "aantal", more)
	}
	return nil
}

// rejectedLines counts the distinct lines of rejections (those of one
// line are together).
func rejectedLines(rs []app.ArrearsRejection) int {
	n, last := 0, -1
	for _, r := range rs {
		if r.Line != last {
			n, last = n+1, r.Line
		}
	}
	return n
}
