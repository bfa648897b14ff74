package cli

import (
	"context"
	"flag"

	"wijkregie/internal/app"
	"wijkregie/internal/progress"
	"wijkregie/internal/store"
)

func runAudit(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{"verify": auditVerify}
	return sub(ctx, c, "audit", "cli.audit.help", args, subs)
}

// errChainBroken makes the command exit 1 after it has said where.
type errChainBroken struct{}

func (errChainBroken) Error() string { return "audit chain broken" }

// progressFrom is the chain length from which audit verify shows a
// progress bar; a shorter chain is checked before a bar could say anything.
const progressFrom = 1000

// auditVerify checks every municipality's chain (or the one named) and
// names the first broken link of each.
func auditVerify(ctx context.Context, c *cmdCtx, args []string) error {
	var gemeente string
	return c.storeCmd(ctx, args, spec{
		help:  "cli.audit.verify.help",
		flags: func(fs *flag.FlagSet) { fs.StringVar(&gemeente, "gemeente", "", c.T("cli.vlag.gemeente.alle")) },
	}, func(s *store.Store, svc *app.Service) error {
		ms, err := svc.Municipalities(ctx)
		if err != nil {
			return err
		}
		broken, checked := false, 0
		for _, m := range ms {
			if gemeente != "" && m.ID != gemeente {
				continue
			}
			checked++
			total, err := s.R().AuditLength(ctx, m.ID)
			if err != nil {
				return err
			}
			var add func(int64)
			var bar *progress.Bar
			if total >= progressFrom {
				bar = c.bar(c.T("cli.audit.verify.voortgang", "gemeente", m.ID), total)
				add = bar.Add
			}
			brk, n, err := svc.VerifyAudit(ctx, adminActor(m.ID), add)
			if bar != nil {
				bar.Done()
			}
			if err != nil {
				return err
			}
			if brk != nil {
				broken = true
				c.say(plural("cli.audit.verify.gebroken", n), "gemeente", m.ID, "volgnummer", brk.Seq, "reden", c.T("cli.audit.reden."+brk.Reason), "goed", n)
				continue
			}
			c.say(plural("cli.audit.verify.intact", n), "gemeente", m.ID, "aantal", n)
		}
		if gemeente != "" && checked == 0 {
			return usage("cli.gemeente.onbekend", "gemeente", gemeente)
		}
		if broken {
			return errChainBroken{}
		}
		return nil
	})
}

// plural picks the key's singular form (key.een) for one: Dutch says
// "1 regel", "2 regels".
func plural(key string, n int64) string {
	if n == 1 {
		return key + ".een"
	}
	return key
}
