package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/policy"
)

// composedReport writes a composed report (docs/uitkomsten.md, "Rapporten
// als PDF") — the team's month or the council's period — as PDF, CSV or
// JSON, to --uitvoer or standard output: in the name of the user --email
// names, decided and audited as an export exactly as in the API. A
// progress bar on standard error follows the parts' queries, then the
// tables being set.
func composedReport(ctx context.Context, c *cmdCtx, args []string, kind policy.ReportKind) error {
	var maand, van, tot, team, formaat, uitvoer string
	q := app.ComposedQuery{Kind: kind}
	return c.adminCmd(ctx, args, spec{
		help: "cli.rapport.help",
		user: true,
		flags: func(fs *flag.FlagSet) {
			if kind == policy.ReportTeamMonth {
				fs.StringVar(&maand, "maand", "", c.T("cli.rapport.vlag.maand"))
				fs.StringVar(&team, "team", "", c.T("cli.rapport.vlag.team"))
			} else {
				fs.StringVar(&van, "van", "", c.T("cli.rapport.vlag.van"))
				fs.StringVar(&tot, "tot", "", c.T("cli.rapport.vlag.tot"))
			}
			fs.StringVar(&formaat, "formaat", "pdf", c.T("cli.rapport.vlag.formaat"))
			fs.StringVar(&uitvoer, "uitvoer", "", c.T("cli.rapport.vlag.uitvoer"))
		},
		check: func() error {
			if formaat != "pdf" && formaat != "csv" && formaat != "json" {
				return usage("cli.rapport.formaat", "waarde", formaat)
			}
			var err error
			q.Period, err = reportPeriod(van, tot)
			return err
		},
	}, func(a *adminSession, u *wijkregie.User) error {
		q.Month, q.TeamID = maand, team
		parts := c.bar(c.T("cli.rapport.voortgang.onderdelen"), 2)
		r, err := a.svc.ComposeReport(ctx, wijkregie.ActorOf(u), q, func() { parts.Add(1) })
		if err != nil {
			return err
		}
		parts.Done()
		r.Label(c.cat, locale.NL)
		var b []byte
		switch formaat {
		case "pdf":
			tables := c.bar(c.T("cli.rapport.voortgang.tabellen"), int64(r.Tables()))
			b, err = app.ComposedPDF(r, c.cat, locale.NL, func() { tables.Add(1) })
			tables.Done()
		case "csv":
			b, err = app.ComposedCSV(r, c.cat, locale.NL)
		default:
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			err, b = enc.Encode(api.NewSamengesteldRapport(r, c.cat)), buf.Bytes()
		}
		if err != nil {
			return err
		}
		if uitvoer != "" {
			// Owner-only: the report is the municipality's, not the machine's.
			return os.WriteFile(uitvoer, b, 0o600)
		}
		_, err = c.Stdout.Write(b)
		return err
	})
}
