import type { Status } from '../registry/vocabulary.js';

/**
 * What a relative may learn, and who may act on a request. Pure: tested without a database.
 *
 * The relative principal is "the holder of case X's access code": it sees its own case and, through
 * `discloseStatus`, one word about the sought person — never names, places or sources.
 */
export interface RelativePrincipal {
  kind: 'relative';
  requestId: string;
  caseNumber: string;
}

/** The National Information Bureau's answers, plus the call a death requires. */
export const DISCLOSED_STATUSES = [
  'no_information',
  'information_without_captivity_data',
  'captivity_reported',
  'captivity_confirmed',
  'returned',
  // A death is never told by portal or mail: a staff member calls.
  'staff_will_contact',
] as const;
export type DisclosedStatus = (typeof DISCLOSED_STATUSES)[number];

/** The states of a request, in order. */
export const TRACING_STATES = [
  'received',
  'verifying_kinship',
  'searching',
  'matched',
  'answered',
  'closed',
] as const;
export type TracingState = (typeof TRACING_STATES)[number];

/** Which states a staff member may move a request to from each state (verify and link have their own verbs). */
export const TRANSITIONS: Readonly<Record<TracingState, readonly TracingState[]>> = {
  received: ['verifying_kinship', 'closed'],
  verifying_kinship: ['closed'],
  searching: ['closed'],
  matched: ['answered', 'searching', 'closed'],
  answered: ['searching', 'closed'],
  closed: [],
};

/** How long a request may stay in a state before the queue flags it overdue (days). */
export const OVERDUE_DAYS: Readonly<Record<TracingState, number | null>> = {
  received: 2,
  verifying_kinship: 14,
  searching: 30,
  matched: 7,
  answered: 90,
  closed: null,
};

/** Whether a request in `state` since `since` is overdue at `now`. */
export function isOverdue(state: TracingState, since: Date, now: Date): boolean {
  const days = OVERDUE_DAYS[state];
  return days !== null && now.getTime() - since.getTime() > days * 86_400_000;
}

/** What the policy needs of a request and of its linked person. */
export interface DisclosureInput {
  kinshipVerified: boolean;
  person: { status: Status; withheld: boolean } | null;
}

const DEATH: ReadonlySet<Status> = new Set(['death_reported', 'death_confirmed']);

/**
 * The one function deciding what a relative sees about the sought person: nothing before kinship is
 * verified, nothing about a withheld person (GC IV Art. 137), never a death (a call instead), else the
 * ladder of the National Information Bureau.
 */
export function discloseStatus(input: DisclosureInput): DisclosedStatus {
  const p = input.person;
  if (!input.kinshipVerified || p === null || p.withheld) return 'no_information';
  if (DEATH.has(p.status)) return 'staff_will_contact';
  switch (p.status) {
    case 'captivity_reported':
      return 'captivity_reported';
    case 'captivity_confirmed':
      return 'captivity_confirmed';
    case 'returned':
      return 'returned';
    default:
      // Known to the registry (missing, deported, located, no data yet): information, no captivity data.
      return 'information_without_captivity_data';
  }
}

/** Whether a change of disclosed status is news for the requester by mail (a death never is). */
export function isMailableNews(before: DisclosedStatus, after: DisclosedStatus): boolean {
  return before !== after && after !== 'staff_will_contact' && after !== 'no_information';
}
