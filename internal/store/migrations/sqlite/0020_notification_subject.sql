-- A notification names the record it is about (issue 5, "Need-to-know
-- access"; docs/privacy.md, "Nood-toegang"). Keep in step with
-- ../postgres/0020_notification_subject.sql; store tests compare the two
-- schemas.

-- The record a notification of its kind is about, so that the inbox links
-- to it: for nood-toegang the emergency access (emergency_accesses.id),
-- which the privacy officer reviews. Empty for a match, which names its
-- signal and household in their own columns, and for the notifications
-- written before: their inbox item links to the list. No foreign key, as
-- the column serves more than one kind; an emergency access is never
-- deleted.
ALTER TABLE notifications ADD COLUMN subject_id TEXT NOT NULL DEFAULT '';
