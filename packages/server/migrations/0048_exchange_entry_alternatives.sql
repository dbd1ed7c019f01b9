-- Issue #11 (list targets, branch lst): a list's `possible` shows the persons close behind its best. An entry
-- of our side's list that the linkage engine leaves `possible` keeps, beside its best person (`person_id`),
-- the other persons within ALTERNATIVE_BITS of it (from the review threshold up, no hard conflict), best
-- first: `[{"person_id": uuid, "score": number}]`, as they were when the version was added (the entry is
-- immutable; a person merged since is followed through `merged_into`). Empty for every other entry.
ALTER TABLE exchange_list_entry
  ADD COLUMN alternatives jsonb NOT NULL DEFAULT '[]'::jsonb
  CHECK (jsonb_typeof(alternatives) = 'array');
