-- Serves the audit log filtered by user (who did what), as
-- audit_log_by_person serves "who accessed this person's data".
CREATE INDEX audit_log_by_user ON audit_log (municipality_id, user_id, seq);
