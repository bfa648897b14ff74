package cli

import (
	"context"
	"flag"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

func runMunicipality(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{"add": municipalityAdd, "list": municipalityList}
	return sub(ctx, c, "municipality", "cli.gemeente.help", args, subs)
}

// municipalityAdd sets up a tenant: the first step on a fresh store, before
// its teams, organisations and users.
func municipalityAdd(ctx context.Context, c *cmdCtx, args []string) error {
	var code, name string
	return c.storeCmd(ctx, args, spec{
		help: "cli.gemeente.add.help",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&code, "code", "", c.T("cli.vlag.gemeentecode"))
			fs.StringVar(&name, "name", "", c.T("cli.vlag.gemeentenaam"))
		},
	}, func(_ *store.Store, svc *app.Service) error {
		// The CBS publishes the codes in capitals; gm0363 is the same code.
		m := &wijkregie.Municipality{ID: strings.ToUpper(strings.TrimSpace(code)), Name: strings.TrimSpace(name)}
		if err := svc.CreateMunicipality(ctx, adminActor(m.ID), m); err != nil {
			return err
		}
		c.say("cli.gemeente.add.klaar", "gemeente", m.ID, "naam", m.Name)
		return nil
	})
}

func municipalityList(ctx context.Context, c *cmdCtx, args []string) error {
	return c.storeCmd(ctx, args, spec{help: "cli.gemeente.list.help"}, func(_ *store.Store, svc *app.Service) error {
		ms, err := svc.Municipalities(ctx)
		if err != nil {
			return err
		}
		rows := make([][]string, len(ms))
		for i, m := range ms {
			rows[i] = []string{m.ID, m.Name, dateTime(m.CreatedAt)}
		}
		return c.table("cli.gemeente.list.kop", rows)
	})
}
