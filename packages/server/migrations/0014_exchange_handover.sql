-- Exchanges, the handing-over side (issue #13): a prisoner of the other side we handed over (or released)
-- leaves the register of enemy prisoners held with the exchange that took them, so a coordinator can say
-- who we handed over, when and in which exchange. The register keeps them (GC III Art. 122: the record of
-- every prisoner who was in our hands); their state says they are no longer held.
ALTER TABLE enemy_pow
  ADD COLUMN left_exchange_id uuid REFERENCES exchange (id),
  ADD COLUMN left_on date,
  ADD CONSTRAINT enemy_pow_left_with_exchange
    CHECK (left_exchange_id IS NULL OR state IN ('handed_over', 'released'));
CREATE INDEX enemy_pow_left_exchange ON enemy_pow (left_exchange_id) WHERE left_exchange_id IS NOT NULL;

-- The handing over is a movement of the prisoner's history like an internment or a transfer.
ALTER TABLE enemy_pow_movement DROP CONSTRAINT enemy_pow_movement_kind_check;
ALTER TABLE enemy_pow_movement ADD CONSTRAINT enemy_pow_movement_kind_check
  CHECK (kind IN ('interned', 'transferred', 'health_report', 'handed_over', 'released'));
