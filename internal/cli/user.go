package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/config"
	"wijkregie/internal/store"
)

// adminSession is what the user and token commands share: a store, the
// application on it, the municipality and the system actor.
type adminSession struct {
	store *store.Store
	svc   *app.Service
	actor wijkregie.Actor
}

func (c *cmdCtx) admin(ctx context.Context, cfg *config.Config, gemeente string) (*adminSession, error) {
	s, err := openStore(ctx, cfg, nil)
	if err != nil {
		return nil, err
	}
	svc := app.New(s, app.Options{})
	mid, err := municipality(ctx, svc, gemeente)
	if err != nil {
		s.Close()
		return nil, err
	}
	return &adminSession{store: s, svc: svc, actor: adminActor(mid)}, nil
}

func runUser(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{
		"add": userAdd, "list": userList, "disable": userDisable, "enable": userEnable, "reset-password": userResetPassword,
	}
	return sub(ctx, c, "user", "cli.user.help", args, subs)
}

// sub dispatches "CMD SUB args…".
func sub(ctx context.Context, c *cmdCtx, name, helpKey string, args []string, subs map[string]func(context.Context, *cmdCtx, []string) error) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(c.Stderr, c.T(helpKey))
		if len(args) == 0 {
			return usage("cli.sub.ontbreekt", "commando", name)
		}
		return nil
	}
	f, ok := subs[args[0]]
	if !ok {
		fmt.Fprintln(c.Stderr, c.T(helpKey))
		return usage("cli.sub.onbekend", "commando", name, "sub", args[0])
	}
	c.name = name + " " + args[0]
	return f(ctx, c, args[1:])
}

// readPassword reads the first line of standard input: scripts pipe the
// password in, so it never shows in a process list or shell history.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func userAdd(ctx context.Context, c *cmdCtx, args []string) error {
	cfg := config.Defaults()
	fs := c.flags("user add", "cli.user.add.help")
	cfg.BindStore(fs, c.Getenv, c.tr)
	gemeente := fs.String("gemeente", "", c.T("cli.vlag.gemeente"))
	email := fs.String("email", "", c.T("cli.vlag.email"))
	name := fs.String("name", "", c.T("cli.vlag.naam"))
	role := fs.String("role", "", c.T("cli.vlag.rol"))
	team := fs.String("team", "", c.T("cli.vlag.team"))
	org := fs.String("organisation", "", c.T("cli.vlag.organisatie"))
	expertise := fs.String("expertise", "", c.T("cli.vlag.expertise"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *email == "" || *role == "" {
		return usage("cli.user.add.verplicht")
	}
	password, err := readPassword(c.Stdin)
	if err != nil {
		return err
	}
	a, err := c.admin(ctx, &cfg, *gemeente)
	if err != nil {
		return err
	}
	defer a.store.Close()
	u := &wijkregie.User{Email: *email, Name: *name, Role: wijkregie.Role(*role)}
	if u.Name == "" {
		u.Name = *email
	}
	if *expertise != "" {
		for _, e := range strings.Split(*expertise, ",") {
			u.Expertise = append(u.Expertise, strings.TrimSpace(e))
		}
	}
	if u.TeamID, err = a.teamID(ctx, *team); err != nil {
		return err
	}
	if u.OrganisationID, err = a.organisationID(ctx, *org); err != nil {
		return err
	}
	if err := a.svc.CreateUser(ctx, a.actor, u, password); err != nil {
		return err
	}
	c.say("cli.user.add.klaar", "email", u.Email, "id", u.ID)
	return nil
}

// teamID finds a team by id or by name; "" stays "".
func (a *adminSession) teamID(ctx context.Context, ref string) (string, error) {
	if ref == "" {
		return "", nil
	}
	ts, err := a.svc.Teams(ctx, a.actor)
	if err != nil {
		return "", err
	}
	for _, t := range ts {
		if t.ID == ref || strings.EqualFold(t.Name, ref) {
			return t.ID, nil
		}
	}
	return "", wijkregie.InvalidField("team", "veld.team.onbekend")
}

// organisationID finds an organisation by id or by name; "" stays "".
func (a *adminSession) organisationID(ctx context.Context, ref string) (string, error) {
	if ref == "" {
		return "", nil
	}
	os, err := a.svc.Organisations(ctx, a.actor)
	if err != nil {
		return "", err
	}
	for _, o := range os {
		if o.ID == ref || strings.EqualFold(o.Name, ref) {
			return o.ID, nil
		}
	}
	return "", wijkregie.InvalidField("organisatie", "veld.organisatie.onbekend")
}

func userList(ctx context.Context, c *cmdCtx, args []string) error {
	cfg := config.Defaults()
	fs := c.flags("user list", "cli.user.list.help")
	cfg.BindStore(fs, c.Getenv, c.tr)
	gemeente := fs.String("gemeente", "", c.T("cli.vlag.gemeente"))
	role := fs.String("role", "", c.T("cli.vlag.rol"))
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := c.admin(ctx, &cfg, *gemeente)
	if err != nil {
		return err
	}
	defer a.store.Close()
	tw := tabwriter.NewWriter(c.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, c.T("cli.user.list.kop"))
	for offset := 0; ; offset += store.MaxLimit {
		us, total, err := a.svc.Users(ctx, a.actor, store.UserFilter{Role: wijkregie.Role(*role), Page: store.Page{Offset: offset, Limit: store.MaxLimit}})
		if err != nil {
			return err
		}
		for _, u := range us {
			active := c.T("cli.ja")
			if !u.Active {
				active = c.T("cli.nee")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, active, u.ID)
		}
		if offset+len(us) >= total || len(us) == 0 {
			break
		}
	}
	return tw.Flush()
}

func (c *cmdCtx) userByEmail(ctx context.Context, a *adminSession, email string) (*wijkregie.User, error) {
	if email == "" {
		return nil, usage("cli.vlag.email.verplicht")
	}
	u, err := a.svc.UserByEmail(ctx, a.actor, email)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return nil, usage("cli.user.onbekend", "email", email)
	}
	return u, err
}

func userSetActive(ctx context.Context, c *cmdCtx, args []string, active bool, helpKey, doneKey string) error {
	cfg := config.Defaults()
	fs := c.flags(c.name, helpKey)
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
	if err := a.svc.SetUserActive(ctx, a.actor, u.ID, active); err != nil {
		return err
	}
	c.say(doneKey, "email", u.Email)
	return nil
}

func userDisable(ctx context.Context, c *cmdCtx, args []string) error {
	return userSetActive(ctx, c, args, false, "cli.user.disable.help", "cli.user.disable.klaar")
}

func userEnable(ctx context.Context, c *cmdCtx, args []string) error {
	return userSetActive(ctx, c, args, true, "cli.user.enable.help", "cli.user.enable.klaar")
}

func userResetPassword(ctx context.Context, c *cmdCtx, args []string) error {
	cfg := config.Defaults()
	fs := c.flags("user reset-password", "cli.user.reset.help")
	cfg.BindStore(fs, c.Getenv, c.tr)
	gemeente := fs.String("gemeente", "", c.T("cli.vlag.gemeente"))
	email := fs.String("email", "", c.T("cli.vlag.email"))
	if err := parse(fs, args); err != nil {
		return err
	}
	password, err := readPassword(c.Stdin)
	if err != nil {
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
	if err := a.svc.ResetPassword(ctx, a.actor, u.ID, password); err != nil {
		return err
	}
	c.say("cli.user.reset.klaar", "email", u.Email)
	return nil
}
