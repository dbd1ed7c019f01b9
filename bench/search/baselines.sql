-- Baselines for the person-search evaluation (bench/search/baselines.ts): what a user would try first with
-- PostgreSQL's pg_trgm. Written against record(external_id, family_name, given_name, patronymic,
-- birth_date) only; idempotent, so it can run on the registry database or a scratch copy.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- concat_ws is only STABLE, so an index cannot use it directly; this wrapper is IMMUTABLE for text input.
CREATE OR REPLACE FUNCTION bench_full_name(family text, given text, patronymic text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT concat_ws(' ', family, given, patronymic) $$;

-- A naive transliteration to Latin, the kind a user writes: one table for Ukrainian and Russian letters,
-- no positional rules (є я ю ї й are ie ia iu i i everywhere), г → h, и → y as in Ukrainian, ь ъ and
-- apostrophes dropped. Multi-letter outputs first (replace), then letter for letter (translate).
CREATE OR REPLACE FUNCTION generic_translit(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
  SELECT translate(
    replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
      lower(t),
      'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'),
      'є', 'ie'), 'ю', 'iu'), 'я', 'ia'), 'ї', 'i'), 'й', 'i'),
    'абвгґдеёзиіклмнопрстуфыэьъ''’ʼ',
    'abvhgdeezyiklmnoprstufye'
  )
$$;

CREATE INDEX IF NOT EXISTS bench_record_full_name_trgm
  ON record USING gin (bench_full_name(family_name, given_name, patronymic) gin_trgm_ops);
CREATE INDEX IF NOT EXISTS bench_record_translit_trgm
  ON record USING gin (generic_translit(bench_full_name(family_name, given_name, patronymic)) gin_trgm_ops);
