package cli

import (
	"bufio"
	"context"
	"flag"
	"io"
	"strings"

	"wijkregie"
	"wijkregie/internal/store"
)

func runUser(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{
		"add": userAdd, "list": userList, "disable": userDisable, "enable": userEnable, "reset-password": userResetPassword,
	}
	return sub(ctx, c, "user", "cli.user.help", args, subs)
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
	var email, name, role, team, org, expertise, password string
	return c.adminCmd(ctx, args, spec{
		help: "cli.user.add.help",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&email, "email", "", c.T("cli.vlag.email"))
			fs.StringVar(&name, "name", "", c.T("cli.vlag.naam"))
			fs.StringVar(&role, "role", "", c.T("cli.vlag.rol", "rollen", names(wijkregie.Roles)))
			fs.StringVar(&team, "team", "", c.T("cli.vlag.team"))
			fs.StringVar(&org, "organisation", "", c.T("cli.vlag.organisatie"))
			fs.StringVar(&expertise, "expertise", "", c.T("cli.vlag.expertise"))
		},
		check: func() (err error) {
			if email == "" || role == "" {
				return usage("cli.user.add.verplicht")
			}
			password, err = readPassword(c.Stdin)
			return err
		},
	}, func(a *adminSession, _ *wijkregie.User) error {
		u := &wijkregie.User{Email: email, Name: name, Role: wijkregie.Role(role), Expertise: splitList(expertise)}
		if u.Name == "" {
			u.Name = email
		}
		var terr, oerr error
		u.TeamID, terr = a.teamID(ctx, team)
		u.OrganisationID, oerr = a.organisationID(ctx, org)
		for _, err := range []error{terr, oerr} {
			if err != nil && wijkregie.ErrorCode(err) != wijkregie.EINVALID {
				return err
			}
		}
		if terr != nil || oerr != nil {
			// CreateUser names every mistake at once; an unknown team or
			// organisation is named together with them, not before.
			return mergeInvalid(terr, oerr, u.Validate(), wijkregie.ValidatePassword(password))
		}
		if err := a.svc.CreateUser(ctx, a.actor, u, password); err != nil {
			return err
		}
		c.say("cli.user.add.klaar", "email", u.Email, "id", u.ID)
		return nil
	})
}

// mergeInvalid joins validation errors into one that names each field once;
// the first reason given for a field wins, as it is the more specific
// ("team unknown" before "team required").
func mergeInvalid(errs ...error) error {
	var v wijkregie.Invalid
	seen := map[string]bool{}
	for _, err := range errs {
		we, ok := err.(*wijkregie.Error)
		if !ok {
			continue
		}
		for _, f := range we.Fields {
			if !seen[f.Name] {
				seen[f.Name] = true
				v.Field(f.Name, f.Message)
			}
		}
	}
	return v.Err()
}

// splitList splits a comma-separated option value, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
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
	var role string
	return c.adminCmd(ctx, args, spec{
		help: "cli.user.list.help",
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&role, "role", "", c.T("cli.vlag.rol", "rollen", names(wijkregie.Roles)))
		},
		check: func() error {
			// An unknown role would list nobody, which reads as "no such
			// users" rather than as the typo it is.
			if role != "" && !wijkregie.Role(role).Valid() {
				return usage("cli.user.rol.onbekend", "rol", role, "rollen", names(wijkregie.Roles))
			}
			return nil
		},
	}, func(a *adminSession, _ *wijkregie.User) error {
		var rows [][]string
		for offset := 0; ; offset += store.MaxLimit {
			us, total, err := a.svc.Users(ctx, a.actor, store.UserFilter{Role: wijkregie.Role(role), Page: store.Page{Offset: offset, Limit: store.MaxLimit}})
			if err != nil {
				return err
			}
			for _, u := range us {
				rows = append(rows, []string{u.Email, u.Name, string(u.Role), c.yesNo(u.Active), u.ID})
			}
			if offset+len(us) >= total || len(us) == 0 {
				break
			}
		}
		return c.table("cli.user.list.kop", rows)
	})
}

func userSetActive(ctx context.Context, c *cmdCtx, args []string, active bool, helpKey, doneKey string) error {
	return c.adminCmd(ctx, args, spec{help: helpKey, user: true}, func(a *adminSession, u *wijkregie.User) error {
		if err := a.svc.SetUserActive(ctx, a.actor, u.ID, active); err != nil {
			return err
		}
		c.say(doneKey, "email", u.Email)
		return nil
	})
}

func userDisable(ctx context.Context, c *cmdCtx, args []string) error {
	return userSetActive(ctx, c, args, false, "cli.user.disable.help", "cli.user.disable.klaar")
}

func userEnable(ctx context.Context, c *cmdCtx, args []string) error {
	return userSetActive(ctx, c, args, true, "cli.user.enable.help", "cli.user.enable.klaar")
}

func userResetPassword(ctx context.Context, c *cmdCtx, args []string) error {
	var password string
	return c.adminCmd(ctx, args, spec{
		help: "cli.user.reset.help",
		user: true,
		check: func() (err error) {
			if password, err = readPassword(c.Stdin); err != nil {
				return err
			}
			// Before the store is opened: a short password needs no database
			// to be refused.
			return wijkregie.ValidatePassword(password)
		},
	}, func(a *adminSession, u *wijkregie.User) error {
		if err := a.svc.ResetPassword(ctx, a.actor, u.ID, password); err != nil {
			return err
		}
		c.say("cli.user.reset.klaar", "email", u.Email)
		return nil
	})
}
