package store_test

import (
	"context"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// TestNotificationSubject: a notification keeps the record it is about
// (migration 0020), read back alone and in the inbox's list on both
// engines; one without a subject reads back without.
func TestNotificationSubject(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		ct := newCaseTeam(t, s, "GM0363")
		subject := wijkregie.NewID(c.Now())
		about := &wijkregie.Notification{MunicipalityID: ct.m, RecipientID: ct.lead.ID, Kind: wijkregie.NotificationEmergencyAccess,
			OtherUserID: ct.pro.ID, OtherName: "Pro", SubjectID: subject}
		plain := &wijkregie.Notification{MunicipalityID: ct.m, RecipientID: ct.lead.ID, Kind: wijkregie.NotificationMatch,
			HouseholdID: ct.household, OtherUserID: ct.pro2.ID}
		mustTx(t, s, func(q *store.Q) error {
			if err := q.CreateNotification(ctx, about); err != nil {
				return err
			}
			c.Advance(time.Second)
			return q.CreateNotification(ctx, plain)
		})
		if n, err := s.R().Notification(ctx, ct.m, ct.lead.ID, about.ID); err != nil || n.SubjectID != subject {
			t.Errorf("notification read back: %+v, %v; want subject %s", n, err, subject)
		}
		ns, total, _, err := s.R().Notifications(ctx, ct.m, ct.lead.ID, store.Page{Limit: 10})
		if err != nil || total != 2 || len(ns) != 2 {
			t.Fatalf("inbox: %+v, %d, %v", ns, total, err)
		}
		if ns[0].ID != plain.ID || ns[0].SubjectID != "" || ns[1].ID != about.ID || ns[1].SubjectID != subject {
			t.Errorf("inbox %+v; want the match without a subject, then the access with %s", ns, subject)
		}
	})
}
