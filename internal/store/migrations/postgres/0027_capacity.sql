-- Capacity (issue 7, docs/uitkomsten.md "Capaciteit"): the hours per week
-- a professional of a team has for the team's cases, as the team lead set
-- them, and the municipality's norm that turns hours into weighted
-- caseload. Keep in step with ../sqlite/0027_capacity.sql; store tests
-- compare the two schemas.
--
-- One row per professional, kept while the user exists: contract hours are
-- staff data, not a family's (no person_id), so resident retention does
-- not touch them. A capacity that is not set has no row; 0 hours is a row.
-- The audit log records every change (capaciteit.vastleggen), who set it
-- and whose it is; the row holds only the current value.
CREATE TABLE capacities (
    municipality_id  TEXT NOT NULL,
    user_id          TEXT NOT NULL,
    minutes_per_week INTEGER NOT NULL,
    set_by           TEXT NOT NULL,
    set_at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, user_id),
    FOREIGN KEY (municipality_id, user_id) REFERENCES users (municipality_id, id),
    FOREIGN KEY (municipality_id, set_by) REFERENCES users (municipality_id, id),
    -- Whole or half hours, 0 to 40 a week (wijkregie.ValidMinutes).
    CHECK (minutes_per_week BETWEEN 0 AND 2400 AND minutes_per_week % 30 = 0)
);

-- The hours of a full-time week and the weighted caseload one FTE
-- carries (wijkregie.Settings.CapacityPoints).
ALTER TABLE settings ADD COLUMN fte_hours INTEGER NOT NULL DEFAULT 36;
ALTER TABLE settings ADD COLUMN norm_per_fte INTEGER NOT NULL DEFAULT 30;
