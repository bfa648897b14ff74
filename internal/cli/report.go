package cli

import (
	"context"
	"encoding/json"
	"flag"
	"time"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/policy"
)

// runReport writes a report of outcomes or workload (docs/uitkomsten.md)
// to standard output, as JSON (the API's shape) or CSV: in the name of the
// team lead, policy officer or inspector --email names, whose access the
// policy decides as in the API, and audited as an export.
func runReport(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{
		"uitkomsten": func(ctx context.Context, c *cmdCtx, args []string) error { return report(ctx, c, args, false) },
		"werklast":   func(ctx context.Context, c *cmdCtx, args []string) error { return report(ctx, c, args, true) },
		// The composed reports, as PDF, CSV or JSON (rapport.go).
		"teammaand": func(ctx context.Context, c *cmdCtx, args []string) error {
			return composedReport(ctx, c, args, policy.ReportTeamMonth)
		},
		"raad": func(ctx context.Context, c *cmdCtx, args []string) error {
			return composedReport(ctx, c, args, policy.ReportCouncil)
		},
	}
	return sub(ctx, c, "report", "cli.report.help", args, subs)
}

func report(ctx context.Context, c *cmdCtx, args []string, workload bool) error {
	var van, tot, team, wijk, formaat string
	var rq app.ReportQuery
	return c.adminCmd(ctx, args, spec{
		help: "cli.report.help",
		user: true,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&van, "van", "", c.T("cli.report.vlag.van"))
			fs.StringVar(&tot, "tot", "", c.T("cli.report.vlag.tot"))
			fs.StringVar(&team, "team", "", c.T("cli.report.vlag.team"))
			fs.StringVar(&wijk, "wijk", "", c.T("cli.report.vlag.wijk"))
			fs.StringVar(&formaat, "formaat", "json", c.T("cli.report.vlag.formaat"))
		},
		check: func() error {
			if formaat != "json" && formaat != "csv" {
				return usage("cli.report.formaat", "waarde", formaat)
			}
			var err error
			rq.Period, err = reportPeriod(van, tot)
			return err
		},
	}, func(a *adminSession, u *wijkregie.User) error {
		rq.TeamID, rq.Postcode, rq.Export = team, wijk, true
		actor := wijkregie.ActorOf(u)
		run := a.svc.OutcomeReport
		if workload {
			run = a.svc.WorkloadReport
		}
		r, err := run(ctx, actor, rq)
		if err != nil {
			return err
		}
		r.Label(c.cat, locale.NL)
		if formaat == "csv" {
			b, err := app.ReportCSV(r, c.cat, locale.NL)
			if err != nil {
				return err
			}
			_, err = c.Stdout.Write(b)
			return err
		}
		enc := json.NewEncoder(c.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(api.NewRapportage(r, c.cat))
	})
}

// reportPeriod reads --van and --tot: both or neither (the report's
// default period, the zero Period).
func reportPeriod(van, tot string) (app.Period, error) {
	var p app.Period
	if (van == "") != (tot == "") {
		return p, usage("cli.report.periode")
	}
	if van == "" {
		return p, nil
	}
	var err error
	if p.From, err = day("van", van); err != nil {
		return p, err
	}
	p.To, err = day("tot", tot)
	return p, err
}

// day reads a report flag's date (JJJJ-MM-DD).
func day(flagName, s string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usage("cli.report.datum", "vlag", flagName, "waarde", s)
	}
	return d, nil
}
