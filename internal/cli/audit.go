package cli

import (
	"context"

	"wijkregie/internal/app"
	"wijkregie/internal/config"
	"wijkregie/internal/progress"
)

func runAudit(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{"verify": auditVerify}
	return sub(ctx, c, "audit", "cli.audit.help", args, subs)
}

// errChainBroken makes the command exit 1 after it has said where.
type errChainBroken struct{}

func (errChainBroken) Error() string { return "audit chain broken" }

// auditVerify checks every municipality's chain (or the one named) and
// names the first broken link of each.
func auditVerify(ctx context.Context, c *cmdCtx, args []string) error {
	cfg := config.Defaults()
	fs := c.flags("audit verify", "cli.audit.verify.help")
	cfg.BindStore(fs, c.Getenv, c.tr)
	gemeente := fs.String("gemeente", "", c.T("cli.vlag.gemeente.alle"))
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(ctx, &cfg, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	svc := app.New(s, app.Options{})
	ms, err := svc.Municipalities(ctx)
	if err != nil {
		return err
	}
	broken, checked := false, 0
	for _, m := range ms {
		if *gemeente != "" && m.ID != *gemeente {
			continue
		}
		checked++
		actor := adminActor(m.ID)
		total, err := s.R().AuditLength(ctx, m.ID)
		if err != nil {
			return err
		}
		bar := progress.New(c.Stderr, c.T("cli.audit.verify.voortgang", "gemeente", m.ID), total)
		brk, n, err := svc.VerifyAudit(ctx, actor, bar.Add)
		bar.Done()
		if err != nil {
			return err
		}
		if brk != nil {
			broken = true
			c.say("cli.audit.verify.gebroken", "gemeente", m.ID, "volgnummer", brk.Seq, "reden", c.T("cli.audit.reden."+brk.Reason), "goed", n)
			continue
		}
		c.say("cli.audit.verify.intact", "gemeente", m.ID, "aantal", n)
	}
	if *gemeente != "" && checked == 0 {
		return usage("cli.gemeente.onbekend", "gemeente", *gemeente)
	}
	if broken {
		return errChainBroken{}
	}
	return nil
}
