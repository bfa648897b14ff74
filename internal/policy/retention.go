package policy

import "wijkregie"

// Retention runs over every file of the municipality at once, so no
// involvement enters into it: the role decides. A real run anonymises and
// removes, which is beheer's (ManageRetention), as the daily run of serve
// and the command line are (the system actor acts as beheer). A dry run
// changes nothing and shows counts only, so whoever may read the periods
// may try it: beheer before changing a period, the privacy officer to
// check what the next run will do.

// DecideRetentionRun returns nil when the actor may start a retention
// run, a dry one when dryRun, and a forbidden error otherwise.
func DecideRetentionRun(actor wijkregie.Actor, dryRun bool) error {
	a := ManageRetention
	if dryRun {
		a = ViewRetention
	}
	if !Allows(actor, a) {
		return wijkregie.Forbidden()
	}
	return nil
}
