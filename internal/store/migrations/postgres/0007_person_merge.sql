-- Merging two records of one resident (issue 3: duplicates). Keep in step
-- with ../sqlite/0007_person_merge.sql; store tests compare the two schemas.

-- The duplicate is never deleted: its row stays, with the record it was
-- merged into, when and by whom, so that the audit log's records on its id
-- keep pointing at something and a link to it still leads somewhere. Its
-- memberships and signals move to the record that stays (store.MergePersons);
-- searches skip a merged record. No index: the columns are read with the
-- row by its primary key, and "merged_into IS NULL" filters rows that an
-- index on the BSN, the birth date or the address has already found.
ALTER TABLE persons ADD COLUMN merged_into TEXT;
ALTER TABLE persons ADD COLUMN merged_at TIMESTAMPTZ;
ALTER TABLE persons ADD COLUMN merged_by TEXT;
