package cli

import (
	"context"
	"flag"
	"log/slog"
	"strconv"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

// wijkregie retention: apply the municipalities' retention periods
// (docs/privacy.md, "Bewaartermijnen").
func runRetention(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{"run": retentionRun}
	return sub(ctx, c, "retention", "cli.bewaren.help", args, subs)
}

// retentionRun applies the periods of every municipality (or the one
// named) as the system actor, and prints per municipality what it
// anonymised and removed; with --dry-run what it would. A real run shows
// a progress bar over what the dry count found.
func retentionRun(ctx context.Context, c *cmdCtx, args []string) error {
	var gemeente string
	var dry bool
	return c.storeCmd(ctx, args, spec{
		help: "cli.bewaren.run.help",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&gemeente, "gemeente", "", c.T("cli.vlag.gemeente.alle"))
			// --municipality is the same option in the words of the
			// command's own name.
			fs.StringVar(&gemeente, "municipality", "", c.T("cli.vlag.gemeente.alle"))
			fs.BoolVar(&dry, "dry-run", false, c.T("cli.bewaren.vlag.proefdraai"))
		},
	}, func(s *store.Store, svc *app.Service) error {
		return eachMunicipality(ctx, svc, gemeente, func(m wijkregie.Municipality) error {
			sys := adminActor(m.ID)
			var progress app.RetentionProgress
			done := func() {}
			if !dry {
				counts, err := svc.RunRetention(ctx, sys, true, nil)
				if err != nil {
					return err
				}
				var add func(int64)
				add, done = c.barFrom(c.T("cli.bewaren.voortgang", "gemeente", m.ID), int64(retentionTotal(counts)))
				if add != nil {
					progress = func(_ string, n int) { add(int64(n)) }
				}
			}
			r, err := svc.RunRetention(ctx, sys, dry, progress)
			done()
			if err != nil {
				return err
			}
			return c.retentionReport(r)
		})
	})
}

// retentionTotal is the number of records a run handles.
func retentionTotal(r *wijkregie.RetentionReport) int {
	return r.YouthCases.Expired + r.SocialCases.Expired + r.Signals.Expired + r.Households.Expired + r.Persons.Expired
}

// retentionReport prints a run's report: a line naming the municipality
// and whether it was a dry run, then a table of the kinds of record.
func (c *cmdCtx) retentionReport(r *wijkregie.RetentionReport) error {
	if r.DryRun {
		c.say("cli.bewaren.proefdraai", "gemeente", r.MunicipalityID, "moment", dateTime(r.At))
	} else {
		c.say("cli.bewaren.klaar", "gemeente", r.MunicipalityID, "moment", dateTime(r.At))
	}
	rows := [][]string{}
	for _, k := range []struct {
		key string
		n   wijkregie.RetentionCount
	}{
		{"cli.bewaren.soort.jeugddossier", r.YouthCases}, {"cli.bewaren.soort.sociaaldossier", r.SocialCases},
		{"cli.bewaren.soort.signaal", r.Signals}, {"cli.bewaren.soort.huishouden", r.Households},
		{"cli.bewaren.soort.persoon", r.Persons}, {"cli.bewaren.soort.toestemming", r.Consents},
	} {
		rows = append(rows, []string{c.T(k.key), strconv.Itoa(k.n.Expired), strconv.Itoa(k.n.Anonymised), strconv.Itoa(k.n.Removed)})
	}
	return c.table("cli.bewaren.kop", rows)
}

// retentionDaily applies every municipality's retention periods once a
// day while serve runs, the first time a minute after the start (not in
// it: a start should be quick). The log names the municipality and the
// counts, never a record. A run that fails is logged and tried again the
// next day; what it committed stays done.
func retentionDaily(ctx context.Context, svc *app.Service, log *slog.Logger) {
	wait := time.Minute
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = 24 * time.Hour
		ms, err := svc.Municipalities(ctx)
		if err != nil {
			if ctx.Err() == nil {
				log.Error("retention: listing municipalities", "error", err.Error())
			}
			continue
		}
		for _, m := range ms {
			r, err := svc.RunRetention(ctx, adminActor(m.ID), false, nil)
			if err != nil {
				if ctx.Err() == nil {
					log.Error("retention run failed", "municipality", m.ID, "error", err.Error())
				}
				continue
			}
			log.Info("retention run", "municipality", m.ID,
				"youth_cases_anonymised", r.YouthCases.Anonymised, "social_cases_anonymised", r.SocialCases.Anonymised,
				"signals_anonymised", r.Signals.Anonymised, "households_removed", r.Households.Removed,
				"persons_removed", r.Persons.Removed, "consents_removed", r.Consents.Removed)
		}
	}
}
