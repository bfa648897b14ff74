package cli

import (
	"context"
	"fmt"
	"text/tabwriter"

	"wijkregie/internal/config"
)

func runToken(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{
		"create": tokenCreate, "list": tokenList, "revoke": tokenRevoke,
	}
	return sub(ctx, c, "token", "cli.token.help", args, subs)
}

// tokenCreate prints only the token on standard output, so a script can
// capture it: TOKEN=$(wijkregie token create --email …).
func tokenCreate(ctx context.Context, c *cmdCtx, args []string) error {
	cfg := config.Defaults()
	fs := c.flags("token create", "cli.token.create.help")
	cfg.BindStore(fs, c.Getenv, c.tr)
	gemeente := fs.String("gemeente", "", c.T("cli.vlag.gemeente"))
	email := fs.String("email", "", c.T("cli.vlag.email"))
	name := fs.String("name", "cli", c.T("cli.vlag.tokennaam"))
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := c.admin(ctx, &cfg, *gemeente)
	if err != nil {
		return err
	}
	defer a.store.Close()
	u, err := c.userByEmail(ctx, a, *email)
	if err != nil {
		return err
	}
	secret, _, err := a.svc.CreateToken(ctx, a.actor, u.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.Stdout, secret)
	return nil
}

func tokenList(ctx context.Context, c *cmdCtx, args []string) error {
	cfg := config.Defaults()
	fs := c.flags("token list", "cli.token.list.help")
	cfg.BindStore(fs, c.Getenv, c.tr)
	gemeente := fs.String("gemeente", "", c.T("cli.vlag.gemeente"))
	email := fs.String("email", "", c.T("cli.vlag.email"))
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := c.admin(ctx, &cfg, *gemeente)
	if err != nil {
		return err
	}
	defer a.store.Close()
	u, err := c.userByEmail(ctx, a, *email)
	if err != nil {
		return err
	}
	ts, err := a.svc.Tokens(ctx, a.actor, u.ID)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, c.T("cli.token.list.kop"))
	const layout = "2006-01-02 15:04"
	for _, t := range ts {
		used, revoked := "-", "-"
		if !t.LastUsedAt.IsZero() {
			used = t.LastUsedAt.Format(layout)
		}
		if !t.RevokedAt.IsZero() {
			revoked = t.RevokedAt.Format(layout)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.Format(layout), used, revoked)
	}
	return tw.Flush()
}

func tokenRevoke(ctx context.Context, c *cmdCtx, args []string) error {
	cfg := config.Defaults()
	fs := c.flags("token revoke", "cli.token.revoke.help")
	cfg.BindStore(fs, c.Getenv, c.tr)
	gemeente := fs.String("gemeente", "", c.T("cli.vlag.gemeente"))
	email := fs.String("email", "", c.T("cli.vlag.email"))
	id := fs.String("id", "", c.T("cli.vlag.tokenid"))
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := c.admin(ctx, &cfg, *gemeente)
	if err != nil {
		return err
	}
	defer a.store.Close()
	u, err := c.userByEmail(ctx, a, *email)
	if err != nil {
		return err
	}
	if err := a.svc.RevokeToken(ctx, a.actor, u.ID, *id); err != nil {
		return err
	}
	c.say("cli.token.revoke.klaar", "id", *id)
	return nil
}
