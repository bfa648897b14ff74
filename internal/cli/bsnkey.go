package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/bsnkey"
	"wijkregie/internal/store"
)

// wijkregie bsn-sleutel: the keys that seal the BSN (docs/privacy.md).
func runBSNKey(ctx context.Context, c *cmdCtx, args []string) error {
	subs := map[string]func(context.Context, *cmdCtx, []string) error{"nieuw": bsnKeyNew, "roteren": bsnKeyRotate}
	return sub(ctx, c, "bsn-sleutel", "cli.bsn-sleutel.help", args, subs)
}

// bsnKeyNew prints a new key as a line of a key file, and nothing else, so
// a script can send it straight into a file or a secret store.
func bsnKeyNew(_ context.Context, c *cmdCtx, args []string) error {
	fs := c.flags(c.name, "cli.bsn-sleutel.nieuw.help")
	if err := fs.parse(args); err != nil {
		return err
	}
	k, err := bsnkey.Generate()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(c.Stdout, k.Line())
	return err
}

// bsnKeyRotate seals every BSN sealed with an older key again with the
// current one (the first of the keys given), municipality by municipality,
// with a progress bar. A run that is cut off is run again: it goes on where
// the last stopped.
func bsnKeyRotate(ctx context.Context, c *cmdCtx, args []string) error {
	var gemeente string
	return c.storeCmd(ctx, args, spec{
		help:  "cli.bsn-sleutel.roteren.help",
		flags: func(fs *flag.FlagSet) { fs.StringVar(&gemeente, "gemeente", "", c.T("cli.vlag.gemeente.alle")) },
	}, func(s *store.Store, svc *app.Service) error {
		keys := s.BSNKeys()
		err := eachMunicipality(ctx, svc, gemeente, func(m wijkregie.Municipality) error {
			total, err := s.R().BSNsToRotate(ctx, m.ID)
			if err != nil {
				return err
			}
			add, done := c.barFrom(c.T("cli.bsn-sleutel.roteren.voortgang", "gemeente", m.ID), total)
			n, err := s.RotateBSNs(ctx, m.ID, add)
			done()
			// What was done is audited even when the run was cut off: the
			// records it sealed again are sealed again.
			if aerr := auditRotation(context.WithoutCancel(ctx), s, m.ID, keys.Current(), n); err == nil {
				err = aerr
			}
			if err != nil {
				return err
			}
			c.say(plural("cli.bsn-sleutel.roteren.klaar", n), "gemeente", m.ID, "aantal", n, "sleutel", keys.Current())
			return nil
		})
		if err != nil {
			return err
		}
		if old := keys.IDs()[1:]; len(old) > 0 && gemeente == "" {
			// An instance still running without the new key seals new BSNs
			// with the old one meanwhile: count again before saying so.
			var left int64
			if err := eachMunicipality(ctx, svc, "", func(m wijkregie.Municipality) error {
				n, err := s.R().BSNsToRotate(ctx, m.ID)
				left += n
				return err
			}); err != nil {
				return err
			}
			if left > 0 {
				c.warn("cli.bsn-sleutel.roteren.nog", "aantal", left)
				return errRotationIncomplete{}
			}
			c.say("cli.bsn-sleutel.roteren.oud", "sleutels", strings.Join(old, ", "))
		}
		return nil
	})
}

// errRotationIncomplete makes the command exit 1 after it has said how
// many BSNs still use an older key.
type errRotationIncomplete struct{}

func (errRotationIncomplete) Error() string { return "bsn key rotation incomplete" }

// auditRotation writes the rotation's audit record: how many BSNs of the
// municipality were sealed again, never whose. The audit record has no
// field for a number, so its subject names the key they were sealed with
// and, after a slash, the count.
func auditRotation(ctx context.Context, s *store.Store, municipalityID, keyID string, n int64) error {
	rec := adminActor(municipalityID).Record(wijkregie.Event{
		Action: "bsn-sleutel.roteren", SubjectKind: "bsn-sleutel", SubjectID: fmt.Sprintf("%s/%d", keyID, n), Purpose: app.PurposeAdmin,
	})
	return s.Tx(ctx, func(q *store.Q) error { return q.AppendAudit(ctx, rec) })
}
