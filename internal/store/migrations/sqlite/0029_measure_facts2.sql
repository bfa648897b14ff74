-- The measures' facts, part two (issue 7, docs/uitkomsten.md "Snelheid").
--
-- zrm_changes: a closed case's ZRM change, counted once when it closes.
-- Per life domain and change (-4 … +4) the number of person-domain scores
-- that changed by it, comparing per person and domain the first and the
-- last ZRM 2017 assessment that scored it (by date, then as made) — what
-- store.ZRMFigures counted from every assessment and score of the period's
-- closed cases with two window sorts each time (2 s for a quarter of the
-- municipality at 1,000,000 households). The trigger on case_closures
-- writes it in the closing transaction, after the final assessment; a
-- closure taken back takes it along. No person in it: a case, a domain,
-- numbers. Keep in step with ../postgres/0029_measure_facts2.sql.
CREATE TABLE zrm_changes (
    municipality_id TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    domain          TEXT NOT NULL,
    delta           INTEGER NOT NULL,
    scores          INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, case_id, domain, delta),
    FOREIGN KEY (municipality_id, case_id) REFERENCES cases (municipality_id, id)
);

INSERT INTO zrm_changes (municipality_id, case_id, domain, delta, scores)
SELECT p.municipality_id, p.case_id, p.domain, p.d, COUNT(*) FROM (
  SELECT s.municipality_id, s.case_id, s.domain,
    SUM(CASE WHEN s.rl = 1 THEN s.level ELSE 0 END) - SUM(CASE WHEN s.rf = 1 THEN s.level ELSE 0 END) AS d
  FROM (
    SELECT a.municipality_id, a.case_id, sc.person_id, sc.domain, sc.level,
      ROW_NUMBER() OVER (PARTITION BY a.case_id, sc.person_id, sc.domain ORDER BY a.date, a.created_at, a.id) AS rf,
      ROW_NUMBER() OVER (PARTITION BY a.case_id, sc.person_id, sc.domain ORDER BY a.date DESC, a.created_at DESC, a.id DESC) AS rl
    FROM assessments a
    JOIN assessment_scores sc ON sc.municipality_id = a.municipality_id AND sc.assessment_id = a.id
    WHERE a.instrument = 'zrm-2017'
      AND EXISTS (SELECT 1 FROM case_closures cl WHERE cl.municipality_id = a.municipality_id AND cl.case_id = a.case_id)
  ) s
  WHERE s.rf = 1 OR s.rl = 1
  GROUP BY s.municipality_id, s.case_id, s.person_id, s.domain HAVING COUNT(*) = 2
) p GROUP BY p.municipality_id, p.case_id, p.domain, p.d;

CREATE TRIGGER zrm_changes_closed AFTER INSERT ON case_closures BEGIN
    DELETE FROM zrm_changes WHERE municipality_id = NEW.municipality_id AND case_id = NEW.case_id;
    INSERT INTO zrm_changes (municipality_id, case_id, domain, delta, scores)
    SELECT p.municipality_id, p.case_id, p.domain, p.d, COUNT(*) FROM (
  SELECT s.municipality_id, s.case_id, s.domain,
    SUM(CASE WHEN s.rl = 1 THEN s.level ELSE 0 END) - SUM(CASE WHEN s.rf = 1 THEN s.level ELSE 0 END) AS d
  FROM (
    SELECT a.municipality_id, a.case_id, sc.person_id, sc.domain, sc.level,
      ROW_NUMBER() OVER (PARTITION BY a.case_id, sc.person_id, sc.domain ORDER BY a.date, a.created_at, a.id) AS rf,
      ROW_NUMBER() OVER (PARTITION BY a.case_id, sc.person_id, sc.domain ORDER BY a.date DESC, a.created_at DESC, a.id DESC) AS rl
    FROM assessments a
    JOIN assessment_scores sc ON sc.municipality_id = a.municipality_id AND sc.assessment_id = a.id
    WHERE a.instrument = 'zrm-2017'
      AND a.municipality_id = NEW.municipality_id AND a.case_id = NEW.case_id
  ) s
  WHERE s.rf = 1 OR s.rl = 1
  GROUP BY s.municipality_id, s.case_id, s.person_id, s.domain HAVING COUNT(*) = 2
) p GROUP BY p.municipality_id, p.case_id, p.domain, p.d;
END;
CREATE TRIGGER zrm_changes_reopened AFTER DELETE ON case_closures BEGIN
    DELETE FROM zrm_changes WHERE municipality_id = OLD.municipality_id AND case_id = OLD.case_id;
END;

-- The 1-1-1 snapshot looks up, per open case, whether it had a plan and
-- which parties: each lookup read in the index alone.
CREATE INDEX plans_by_case_created ON plans (municipality_id, case_id, created_at);
CREATE INDEX case_parties_by_case ON case_parties (municipality_id, case_id, from_at, until_at, organisation_id, user_id);
-- A team's level changes, from its cases: only the niveau events.
CREATE INDEX case_events_level_by_case ON case_events (municipality_id, case_id, at, from_value, to_value) WHERE kind = 'niveau';
