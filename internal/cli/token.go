package cli

import (
	"context"
	"flag"
	"fmt"

	"wijkregie"
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
	var name string
	return c.adminCmd(ctx, args, spec{
		help:  "cli.token.create.help",
		user:  true,
		flags: func(fs *flag.FlagSet) { fs.StringVar(&name, "name", "cli", c.T("cli.vlag.tokennaam")) },
	}, func(a *adminSession, u *wijkregie.User) error {
		secret, _, err := a.svc.CreateToken(ctx, a.actor, u.ID, name)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.Stdout, secret)
		return nil
	})
}

func tokenList(ctx context.Context, c *cmdCtx, args []string) error {
	return c.adminCmd(ctx, args, spec{help: "cli.token.list.help", user: true}, func(a *adminSession, u *wijkregie.User) error {
		ts, err := a.svc.Tokens(ctx, a.actor, u.ID)
		if err != nil {
			return err
		}
		rows := make([][]string, len(ts))
		for i, t := range ts {
			rows[i] = []string{t.ID, t.Name, dateTime(t.CreatedAt), dateTime(t.LastUsedAt), dateTime(t.RevokedAt)}
		}
		return c.table("cli.token.list.kop", rows)
	})
}

func tokenRevoke(ctx context.Context, c *cmdCtx, args []string) error {
	var id string
	return c.adminCmd(ctx, args, spec{
		help:  "cli.token.revoke.help",
		user:  true,
		flags: func(fs *flag.FlagSet) { fs.StringVar(&id, "id", "", c.T("cli.vlag.tokenid")) },
		check: func() error {
			if id == "" {
				return usage("cli.token.revoke.id")
			}
			return nil
		},
	}, func(a *adminSession, u *wijkregie.User) error {
		if err := a.svc.RevokeToken(ctx, a.actor, u.ID, id); err != nil {
			return err
		}
		c.say("cli.token.revoke.klaar", "id", id)
		return nil
	})
}
