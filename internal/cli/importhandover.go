package cli

import (
	"context"
	"flag"
	"strconv"
	"strings"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/app"
)

// importHandover reads an overdrachtspakket (FILE, or - for standard
// input; docs/overdrachtspakket.md) into the municipality (--gemeente, or
// the store's only one) as a new case of the team (--team, or the team of
// the lead named by --email). The records are written in the name of the
// team lead or beheer --email names, the audit log's actor being the
// command line's system actor. An invalid package prints its fields
// (never their content) and exits 1; a package read in before names the
// case it became and exits 1.
func importHandover(ctx context.Context, c *cmdCtx, args []string) error {
	var path string
	if len(args) > 0 && (!strings.HasPrefix(args[0], "-") || args[0] == "-") {
		path, args = args[0], args[1:]
	}
	var dry bool
	var team string
	return c.adminCmd(ctx, args, spec{
		help: "cli.import.overdracht.help",
		user: true,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&dry, "dry-run", false, c.T("cli.import.vlag.proefrun"))
			fs.StringVar(&team, "team", "", c.T("cli.import.overdracht.vlag.team"))
		},
		check: func() error {
			if path == "" {
				return usage("cli.import.bestand_ontbreekt")
			}
			return nil
		},
	}, func(a *adminSession, u *wijkregie.User) error {
		in, _, closeIn, err := c.openInput(path)
		if err != nil {
			return err
		}
		defer closeIn()
		if team == "" && u.Role == wijkregie.RoleTeamLead {
			team = u.TeamID
		}
		p, err := api.ReadPackage(in)
		var sum *app.HandoverImportSummary
		if err == nil {
			sum, err = a.svc.ImportHandoverPackage(ctx, a.actor, p, app.HandoverImport{TeamID: team, AuthorID: u.ID, DryRun: dry})
		}
		mid := a.actor.MunicipalityID
		if err != nil {
			// An invalid package is named field by field, a repeat with
			// the case it became; the exit code is 1 (exit).
			if sum != nil && sum.EarlierCaseID != "" {
				c.say("cli.import.overdracht.eerder", "casus", sum.EarlierCaseID)
			} else if wijkregie.ErrorCode(err) == wijkregie.EINVALID {
				c.say("cli.import.overdracht.ongeldig")
			}
			return err
		}
		if sum.DryRun {
			c.say("cli.import.overdracht.proefrun", "bestand", path, "gemeente", mid)
		} else {
			c.say("cli.import.overdracht.klaar", "bestand", path, "gemeente", mid, "casus", sum.CaseID)
		}
		var rows [][]string
		for _, k := range []struct {
			key string
			n   int
		}{
			{"pakket.samenvatting.personen_nieuw", sum.PersonsCreated}, {"pakket.samenvatting.personen_bekend", sum.PersonsReused},
			{"pakket.samenvatting.planversies", sum.PlanVersions}, {"pakket.samenvatting.zrm", sum.Assessments},
			{"pakket.samenvatting.betrokkenen", sum.Parties}, {"pakket.samenvatting.betrokkenen_tekst", sum.PartiesAsText},
			{"pakket.samenvatting.geschiedenis", sum.HistoryLines},
		} {
			rows = append(rows, []string{c.T(k.key), strconv.Itoa(k.n)})
		}
		return c.table("cli.import.overdracht.kop", rows)
	})
}
