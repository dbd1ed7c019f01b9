import { decideRecord, scorePair, type CompiledModel } from '@homecoming/linkage';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { validationFailed } from '../../errors.js';
import { candidatePersons, probeOf } from '../linkage/candidates.js';
import {
  cleanText,
  parsePartialDate,
  validateRecordFields,
  type RecordContent,
} from '../records/validate.js';
import { CATEGORIES, type Category } from '../registry/vocabulary.js';
import type { TCreateTracingRequest } from './schemas.js';

type Tx = Transaction<DB> | Kysely<DB>;
type Sought = TCreateTracingRequest['sought'];

const CATEGORY: Record<NonNullable<Sought['category']>, Category> = {
  serviceman: 'military',
  civilian: 'civilian_detainee',
  child: 'deported_child',
  ...(Object.fromEntries(CATEGORIES.map((c) => [c, c])) as Record<Category, Category>),
};

/**
 * The sought person as a record (source type family_report): names, birth date, category, unit and
 * service number go where the registry compares them; place, date and circumstances of the last news
 * are kept as attributes. Invalid dates (birth and last news) are refused with the field that holds them.
 */
export function soughtRecord(sought: Sought, externalId: string): RecordContent & { external_id: string } {
  const attributes: Record<string, string> = {};
  if (sought.last_seen_place) attributes['last_seen_place'] = sought.last_seen_place;
  // The date of the last news is a date like the birth date: "2099-13-45" or a day after today is a typo
  // that a tracing officer would read as a fact. Refused with the field named; kept in ISO form.
  const lastSeen = sought.last_seen_date ? parsePartialDate(sought.last_seen_date) : null;
  if (typeof lastSeen === 'string')
    throw validationFailed([{ path: 'sought.last_seen_date', message: lastSeen }]);
  if (lastSeen) attributes['last_seen_date'] = lastSeen.text;
  const checked = validateRecordFields(
    {
      external_id: externalId,
      family_name: sought.family_name,
      given_name: sought.given_name,
      patronymic: sought.patronymic,
      birth_date: sought.birth_date,
      category: sought.category ? CATEGORY[sought.category] : undefined,
      unit: sought.unit,
      service_number: sought.service_number,
    },
    attributes,
  );
  if (!checked.ok) {
    const path = (c: string) => (c === 'birth_date' ? 'sought.birth_date' : `sought.${c}`);
    throw validationFailed(checked.problems.map((p) => ({ path: path(p.column), message: p.reason })));
  }
  // What happened is free text from the form's textarea: several lines, up to the contract's 4,000
  // characters, checked by the request's schema. The attribute check is for list cells (one line, at most
  // 2,000) and refused it as "control characters, invalid UTF-8 or is too long".
  const circumstances = cleanText(sought.circumstances);
  if (circumstances !== null) checked.value.attributes['circumstances'] = circumstances;
  return { ...checked.value, external_id: externalId };
}

/** One ranked candidate with its explanation. */
export interface Candidate {
  personId: string;
  rank: number;
  score: number;
  explanation: { field: string; level: string; weight: number }[];
}

/** How many candidates a request keeps. */
export const CANDIDATES_KEPT = 10;

/**
 * Compares the sought person with the registry by the same blocking lookups and Fellegi–Sunter model
 * that link lists and imports (modules/linkage), and ranks the persons found, best first. Persons with a
 * hard conflict (another service number, a birth year far off) are kept but ranked by their score too:
 * families get dates wrong, and a human decides.
 */
export async function rankCandidates(
  db: Tx,
  cm: CompiledModel,
  content: RecordContent,
  limit = CANDIDATES_KEPT,
): Promise<Candidate[]> {
  const probe = probeOf('sought', content);
  const [found] = await candidatePersons(db, [probe]);
  const d = decideRecord(cm, probe, found ?? []);
  return d.ranked.slice(0, limit).map((p, i) => ({
    personId: p.personId,
    rank: i + 1,
    score: Math.round(p.score * 1000) / 1000,
    explanation: scorePair(cm, probe, p.record).contributions.map((c) => ({
      field: c.field,
      level: c.level,
      weight: Math.round(c.weight * 1000) / 1000,
    })),
  }));
}
