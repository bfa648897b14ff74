package cli

import (
	"context"
	"flag"
	"strings"

	"wijkregie"
)

func runTeam(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{"add": teamAdd, "list": teamList}
	return sub(ctx, c, "team", "cli.team.help", args, subs)
}

func teamAdd(ctx context.Context, c *cmdCtx, args []string) error {
	var name, areas string
	return c.adminCmd(ctx, args, spec{
		help: "cli.team.add.help",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", c.T("cli.vlag.teamnaam"))
			fs.StringVar(&areas, "areas", "", c.T("cli.vlag.werkgebied"))
		},
	}, func(a *adminSession, _ *wijkregie.User) error {
		t := &wijkregie.Team{Name: strings.TrimSpace(name), Areas: splitList(areas)}
		if err := a.svc.SaveTeam(ctx, a.actor, t); err != nil {
			return err
		}
		c.say("cli.team.add.klaar", "naam", t.Name, "id", t.ID)
		return nil
	})
}

func teamList(ctx context.Context, c *cmdCtx, args []string) error {
	return c.adminCmd(ctx, args, spec{help: "cli.team.list.help"}, func(a *adminSession, _ *wijkregie.User) error {
		ts, err := a.svc.Teams(ctx, a.actor)
		if err != nil {
			return err
		}
		rows := make([][]string, len(ts))
		for i, t := range ts {
			rows[i] = []string{t.Name, strings.Join(t.Areas, ","), c.yesNo(t.Active), t.ID}
		}
		return c.table("cli.team.list.kop", rows)
	})
}

func runOrganisation(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{"add": organisationAdd, "list": organisationList}
	return sub(ctx, c, "organisation", "cli.organisatie.help", args, subs)
}

func organisationAdd(ctx context.Context, c *cmdCtx, args []string) error {
	var name, kind string
	return c.adminCmd(ctx, args, spec{
		help: "cli.organisatie.add.help",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&name, "name", "", c.T("cli.vlag.organisatienaam"))
			fs.StringVar(&kind, "kind", "", c.T("cli.vlag.soort", "soorten", names(wijkregie.OrganisationKinds)))
		},
	}, func(a *adminSession, _ *wijkregie.User) error {
		o := &wijkregie.Organisation{Name: strings.TrimSpace(name), Kind: wijkregie.OrganisationKind(kind)}
		if err := a.svc.SaveOrganisation(ctx, a.actor, o); err != nil {
			return err
		}
		c.say("cli.organisatie.add.klaar", "naam", o.Name, "id", o.ID)
		return nil
	})
}

func organisationList(ctx context.Context, c *cmdCtx, args []string) error {
	return c.adminCmd(ctx, args, spec{help: "cli.organisatie.list.help"}, func(a *adminSession, _ *wijkregie.User) error {
		os, err := a.svc.Organisations(ctx, a.actor)
		if err != nil {
			return err
		}
		rows := make([][]string, len(os))
		for i, o := range os {
			rows[i] = []string{o.Name, string(o.Kind), c.yesNo(o.Active), o.ID}
		}
		return c.table("cli.organisatie.list.kop", rows)
	})
}
