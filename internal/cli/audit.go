package cli

import (
	"context"
	"flag"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

func runAudit(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{"verify": auditVerify}
	return sub(ctx, c, "audit", "cli.audit.help", args, subs)
}

// errChainBroken makes the command exit 1 after it has said where.
type errChainBroken struct{}

func (errChainBroken) Error() string { return "audit chain broken" }

// progressFrom is the size of a job (an audit chain's length, the BSNs to
// rotate) from which a command shows a progress bar; a smaller one is done
// before a bar could say anything.
const progressFrom = 1000

// auditVerify checks every municipality's chain (or the one named) and
// names the first broken link of each.
func auditVerify(ctx context.Context, c *cmdCtx, args []string) error {
	var gemeente string
	return c.storeCmd(ctx, args, spec{
		help:  "cli.audit.verify.help",
		flags: func(fs *flag.FlagSet) { fs.StringVar(&gemeente, "gemeente", "", c.T("cli.vlag.gemeente.alle")) },
	}, func(s *store.Store, svc *app.Service) error {
		broken := false
		err := eachMunicipality(ctx, svc, gemeente, func(m wijkregie.Municipality) error {
			total, err := s.R().AuditLength(ctx, m.ID)
			if err != nil {
				return err
			}
			add, done := c.barFrom(c.T("cli.audit.verify.voortgang", "gemeente", m.ID), total)
			brk, n, err := svc.VerifyAudit(ctx, adminActor(m.ID), add)
			done()
			if err != nil {
				return err
			}
			if brk != nil {
				broken = true
				c.say(plural("cli.audit.verify.gebroken", n), "gemeente", m.ID, "volgnummer", brk.Seq, "reden", c.T("cli.audit.reden."+brk.Reason), "goed", n)
				return nil
			}
			c.say(plural("cli.audit.verify.intact", n), "gemeente", m.ID, "aantal", n)
			return nil
		})
		if err != nil {
			return err
		}
		if broken {
			return errChainBroken{}
		}
		return nil
	})
}

// eachMunicipality calls fn for every municipality in the store, or for
// the one gemeente names (--gemeente): unknown, it is a usage error.
func eachMunicipality(ctx context.Context, svc *app.Service, gemeente string, fn func(m wijkregie.Municipality) error) error {
	ms, err := svc.Municipalities(ctx)
	if err != nil {
		return err
	}
	found := false
	for _, m := range ms {
		if gemeente != "" && m.ID != gemeente {
			continue
		}
		found = true
		if err := fn(m); err != nil {
			return err
		}
	}
	if gemeente != "" && !found {
		return usage("cli.gemeente.onbekend", "gemeente", gemeente)
	}
	return nil
}

// barFrom returns a progress bar's Add and Done for a job of total items,
// or functions that do nothing when the job is too small to need a bar
// (below progressFrom: it is done before a bar could say anything).
func (c *cmdCtx) barFrom(label string, total int64) (add func(int64), done func()) {
	if total < progressFrom {
		return nil, func() {}
	}
	bar := c.bar(label, total)
	return bar.Add, bar.Done
}

// plural picks the key's singular form (key.een) for one: Dutch says
// "1 regel", "2 regels".
func plural(key string, n int64) string {
	if n == 1 {
		return key + ".een"
	}
	return key
}
