package demo

import (
	"context"
	"fmt"
	"hash/fnv"

	"wijkregie"
	"wijkregie/internal/store"
)

// demoHours are the contract hours a demo professional works for the
// team's cases: mostly part-time, as in the teams the seeds describe.
var demoHours = []int{36, 32, 32, 28, 28, 24}

// leadHours is the part of a team lead's week for cases of their own.
const leadHours = 8

// createCapacities sets, as each team's lead, the hours per week of the
// team's professionals and of the lead, so the workload dashboard shows
// caseloads against capacity from the start (docs/uitkomsten.md,
// "Capaciteit"). The hours follow from the user's id, not from a random
// stream, so a larger demo renames nobody. A team without a lead keeps
// its hours unset, as a new team's would be.
func createCapacities(ctx context.Context, q *store.Q) error {
	var users []wijkregie.User
	for _, role := range []wijkregie.Role{wijkregie.RoleTeamLead, wijkregie.RoleProfessional} {
		for page := 0; ; page++ {
			us, total, err := q.Users(ctx, MunicipalityID, store.UserFilter{Role: role, Page: store.Page{Limit: store.MaxLimit, Offset: page * store.MaxLimit}})
			if err != nil {
				return err
			}
			users = append(users, us...)
			if (page+1)*store.MaxLimit >= total {
				break
			}
		}
	}
	leads := map[string]string{} // team → its (first) lead
	for _, u := range users {
		if u.Role == wijkregie.RoleTeamLead && u.TeamID != "" && leads[u.TeamID] == "" {
			leads[u.TeamID] = u.ID
		}
	}
	for _, u := range users {
		lead := leads[u.TeamID]
		if u.TeamID == "" || lead == "" || !u.Active {
			continue
		}
		hours := leadHours
		if u.Role == wijkregie.RoleProfessional {
			h := fnv.New32a()
			h.Write([]byte(u.Email))
			hours = demoHours[h.Sum32()%uint32(len(demoHours))]
		}
		c := &wijkregie.Capacity{MunicipalityID: MunicipalityID, UserID: u.ID, Minutes: hours * 60, SetBy: lead}
		if err := q.SetCapacity(ctx, c); err != nil {
			return fmt.Errorf("capacity of %s: %w", u.ID, err)
		}
	}
	return nil
}
