-- Issue #11: a registry of one record a person (an office's first list of distinct people, a seeded
-- registry) trains a model whose "matches" are strangers, and training refuses it (`implausibleModel`).
-- An import retrains once the registry has grown by RETRAIN_GROWTH since its model was trained; without
-- a memory of the refusal it trained and refused again after every import (about a minute at a million
-- records). A refusal is kept here with the registry's size, and the next automatic attempt waits for the
-- same growth from it. `homecoming train` always tries.
CREATE TABLE linkage_training_refusal (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  refused_at  timestamptz NOT NULL DEFAULT now(),
  records     bigint NOT NULL,
  reason      text NOT NULL,
  actor       text NOT NULL
);
