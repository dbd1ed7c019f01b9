import type { NameForm } from '../../db/schema.js';
import {
  EVENT_TYPES,
  STATUSES,
  type Category,
  type Confidence,
  type EventType,
  type ReliabilityGrade,
  type Sex,
  type Status,
} from '../registry/vocabulary.js';

/** What the best view needs of a record. */
export interface RecordForView {
  id: string;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  sex: Sex | null;
  birth_date: string | null;
  category: Category | null;
  reliability: ReliabilityGrade;
  source_date: string | null;
  created_at: Date | string;
}

/** What the best view needs of an event. */
export interface EventForView {
  id: string;
  type: EventType;
  occurred_on: string | null;
  confidence: Confidence;
  created_at: Date | string;
}

/** A person's derived "best view": never typed in, always recomputed from records and events. */
export interface BestView {
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  names: NameForm[];
  sex: Sex | null;
  birth_date: string | null;
  birth_year: number | null;
  category: Category;
  status: Status;
  status_event_id: string | null;
  record_count: number;
}

/** The script a name form is written in, for grouping name forms (the names package refines this). */
export function nameScript(...parts: (string | null)[]): 'uk' | 'ru' | 'cyrillic' | 'latin' | 'other' {
  const s = parts.filter((p): p is string => p !== null).join(' ');
  if (/[ІіЇїЄєҐґ]/.test(s)) return 'uk';
  if (/[ЫыЭэЪъЁё]/.test(s)) return 'ru';
  if (/[\u0400-\u04ff]/.test(s)) return 'cyrillic';
  if (/[A-Za-z\u00c0-\u024f]/.test(s)) return 'latin';
  return 'other';
}

const GRADE_RANK: Record<ReliabilityGrade, number> = { A: 0, B: 1, C: 2, D: 3, E: 4, F: 5 };
// Display prefers the name as the family and Ukrainian registries write it.
const SCRIPT_RANK: Record<string, number> = { uk: 0, cyrillic: 1, ru: 2, latin: 3, other: 4 };
const CONFIDENCE_RANK: Record<Confidence, number> = { reported: 0, probable: 1, confirmed: 2 };

const time = (v: Date | string): number => (v instanceof Date ? v.getTime() : Date.parse(v));

/** Orders records from most to least authoritative: reliability grade, then newest source date. */
function byAuthority(a: RecordForView, b: RecordForView): number {
  return (
    GRADE_RANK[a.reliability] - GRADE_RANK[b.reliability] ||
    (b.source_date ?? '').localeCompare(a.source_date ?? '') ||
    time(b.created_at) - time(a.created_at) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * The status is that of the latest status-bearing event. Events are taken in the order they were
 * entered; a later entry replaces the current status unless both are dated and it happened earlier
 * (a late-arriving old report does not undo newer news). On the same date the more confident, then the
 * higher rung, wins. A partial date compares as its start: '2024' is before '2024-03'.
 */
export function deriveStatus(events: readonly EventForView[]): {
  status: Status;
  event: EventForView | null;
} {
  const ordered = events
    .filter((e) => EVENT_TYPES[e.type].status !== null)
    .sort((a, b) => time(a.created_at) - time(b.created_at) || a.id.localeCompare(b.id));
  let best: EventForView | null = null;
  for (const e of ordered) {
    if (best === null || supersedes(e, best)) best = e;
  }
  return { status: best === null ? 'no_data' : (EVENT_TYPES[best.type].status ?? 'no_data'), event: best };
}

function supersedes(next: EventForView, current: EventForView): boolean {
  if (next.occurred_on !== null && current.occurred_on !== null && next.occurred_on !== current.occurred_on) {
    return next.occurred_on > current.occurred_on;
  }
  if (next.occurred_on !== null && next.occurred_on === current.occurred_on) {
    const rung = (e: EventForView) => STATUSES.indexOf(EVENT_TYPES[e.type].status ?? 'no_data');
    return (
      (CONFIDENCE_RANK[next.confidence] - CONFIDENCE_RANK[current.confidence] ||
        rung(next) - rung(current) ||
        1) > 0
    );
  }
  return true;
}

/** Recomputes a person's best view from all its records and events. */
export function deriveBestView(records: readonly RecordForView[], events: readonly EventForView[]): BestView {
  const ordered = [...records].sort(byAuthority);

  const forms = new Map<string, NameForm & { rank: number }>();
  ordered.forEach((r, rank) => {
    const key = [r.family_name, r.given_name, r.patronymic].map((p) => p ?? '').join('\u0001');
    const f = forms.get(key);
    if (f) f.records++;
    else
      forms.set(key, {
        family_name: r.family_name,
        given_name: r.given_name,
        patronymic: r.patronymic,
        script: nameScript(r.family_name, r.given_name, r.patronymic),
        records: 1,
        rank,
      });
  });
  const names = [...forms.values()]
    .sort(
      (a, b) =>
        (SCRIPT_RANK[a.script] ?? 9) - (SCRIPT_RANK[b.script] ?? 9) ||
        b.records - a.records ||
        a.rank - b.rank,
    )
    .map(({ rank: _rank, ...f }) => f);
  const primary = names[0];

  // Birth date: the value most records agree on; ties go to the more precise, then the more reliable.
  const births = new Map<string, { n: number; rank: number }>();
  ordered.forEach((r, rank) => {
    if (r.birth_date === null) return;
    const b = births.get(r.birth_date);
    if (b) b.n++;
    else births.set(r.birth_date, { n: 1, rank });
  });
  const birth =
    [...births.entries()].sort(
      (a, b) => b[1].n - a[1].n || b[0].length - a[0].length || a[1].rank - b[1].rank,
    )[0]?.[0] ?? null;

  const sex = ordered.find((r) => r.sex !== null)?.sex ?? null;
  const { status, event } = deriveStatus(events);
  const dead = status === 'death_confirmed' || status === 'death_reported';
  const latestCategory = [...records]
    .filter((r) => r.category !== null)
    .sort(
      (a, b) =>
        (b.source_date ?? '').localeCompare(a.source_date ?? '') || time(b.created_at) - time(a.created_at),
    )[0]?.category;
  const category: Category =
    status === 'death_confirmed' ? 'deceased' : (latestCategory ?? (dead ? 'deceased' : 'missing'));

  return {
    family_name: primary?.family_name ?? null,
    given_name: primary?.given_name ?? null,
    patronymic: primary?.patronymic ?? null,
    names,
    sex,
    birth_date: birth,
    birth_year: birth === null ? null : Number(birth.slice(0, 4)),
    category,
    status,
    status_event_id: event?.id ?? null,
    record_count: records.length,
  };
}
