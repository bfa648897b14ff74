package app_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// TestRetentionRemovesNotices: a person who was sent the information
// notice, and whose only file has expired, is removed with the record of
// that notice; before, the notice's foreign key stopped every later run.
func TestRetentionRemovesNotices(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.users[wijkregie.RoleProfessional]
		h, members := f.newHousehold(t, pro.TeamID)
		f.closedCase(t, h.ID, wijkregie.GroundWmo, start)
		err := f.s.Tx(f.ctx, func(q *store.Q) error {
			return q.CreateNoticeSent(f.ctx, &wijkregie.NoticeSent{MunicipalityID: demo.MunicipalityID, PersonID: members[0],
				SentOn: wijkregie.Today(start), Method: wijkregie.NoticeByPost, RecordedBy: pro.ID})
		})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Set(start.AddDate(10, 0, 1))
		if r := f.retain(t); r.Persons.Removed < 2 {
			t.Errorf("report %+v; want the family's two persons removed", r)
		}
		if _, err := f.s.R().Person(f.ctx, demo.MunicipalityID, members[0]); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("the person sent a notice: %v; want removed", err)
		}
		if ns, err := f.s.R().NoticesSent(f.ctx, demo.MunicipalityID, members[:1]); err != nil || len(ns) != 0 {
			t.Errorf("notices sent after the removal: %+v, %v; want none", ns, err)
		}
	})
}
