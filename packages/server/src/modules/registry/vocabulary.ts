/**
 * The registry's closed vocabularies. Each is an `as const` list with a derived union type; the database
 * holds the same values in CHECK constraints (migrations/0001_registry.sql), so both must change together.
 */

/** What kind of person the registry knows of; it may change as events arrive. */
export const CATEGORIES = ['military', 'civilian_detainee', 'missing', 'deported_child', 'deceased'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/**
 * The status ladder (National Information Bureau style): no data → missing (reported, whereabouts unknown)
 * → captivity reported → captivity confirmed → returned; or → death reported → death confirmed;
 * children: deported → located → returned.
 */
export const STATUSES = [
  'no_data',
  'missing',
  'captivity_reported',
  'captivity_confirmed',
  'returned',
  'death_reported',
  'death_confirmed',
  'deported',
  'located',
] as const;
export type Status = (typeof STATUSES)[number];

/** Who a record comes from. */
export const SOURCE_TYPES = [
  'family_report',
  'icrc_notification',
  'other_side_list',
  'exchange_list',
  'released_witness',
  'media',
  'unit_report',
  'ombudsman',
  'official',
  'ngo',
  'import',
  'other',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** Source reliability on the Admiralty scale: A completely reliable … E unreliable, F cannot be judged. */
export const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type ReliabilityGrade = (typeof RELIABILITY_GRADES)[number];

/** A dated fact in a person's story. `status` says which rung of the ladder it puts the person on, if any. */
export const EVENT_TYPES = {
  reported_missing: { status: 'missing' },
  captivity_reported: { status: 'captivity_reported' },
  captivity_confirmed: { status: 'captivity_confirmed' },
  detention_place_reported: { status: null },
  transferred: { status: null },
  health_report: { status: null },
  included_in_exchange_list: { status: null },
  returned_in_exchange: { status: 'returned' },
  released: { status: 'returned' },
  deported: { status: 'deported' },
  located: { status: 'located' },
  returned_home: { status: 'returned' },
  death_reported: { status: 'death_reported' },
  death_confirmed: { status: 'death_confirmed' },
  remains_identified: { status: 'death_confirmed' },
  // Written by record linkage, never entered by hand: two persons found to be one, and the undoing.
  person_merged: { status: null },
  person_split: { status: null },
} as const satisfies Record<string, { status: Status | null }>;
export type EventType = keyof typeof EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];
/** Event types only record linkage writes (merges and splits); nobody enters them by hand. */
export const LINKAGE_EVENT_TYPES: readonly EventType[] = ['person_merged', 'person_split'];

/** How sure the asserting source is of an event. */
export const CONFIDENCES = ['reported', 'probable', 'confirmed'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** The event a record's asserted status stands for when a record arrives with a status. */
export const STATUS_EVENT: Record<Exclude<Status, 'no_data'>, EventType> = {
  missing: 'reported_missing',
  captivity_reported: 'captivity_reported',
  captivity_confirmed: 'captivity_confirmed',
  returned: 'returned_home',
  death_reported: 'death_reported',
  death_confirmed: 'death_confirmed',
  deported: 'deported',
  located: 'located',
};

/** The canonical CSV columns (DESIGN.md "Contracts"), in their canonical order. */
export const CANONICAL_COLUMNS = [
  'external_id',
  'source',
  'category',
  'family_name',
  'given_name',
  'patronymic',
  'sex',
  'birth_date',
  'status',
  'unit',
  'service_number',
] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** One row of a canonical CSV, as text; empty string = not given. */
export type CanonicalCsvRow = Record<CanonicalColumn, string>;
