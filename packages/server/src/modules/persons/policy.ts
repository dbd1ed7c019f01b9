import { can, type Permission, type Principal } from '../../auth/permissions.js';

/**
 * The field policy of person data: which fields leave the server only for roles holding a permission.
 * The notes of events that can hold health details or the exact place of detention reach only roles
 * holding `person:read_sensitive` (others see that the event happened, not the detail).
 */
export const SENSITIVE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'health_report',
  'detention_place_reported',
  'transferred',
]);

/** The permission a field needs, by field. */
export const FIELD_POLICY = {
  'event.note:sensitive': 'person:read_sensitive',
} as const satisfies Record<string, Permission>;

/** Whether a viewer may see the note of an event of this type. */
export function mayReadEventNote(viewer: Principal, eventType: string): boolean {
  return !SENSITIVE_EVENT_TYPES.has(eventType) || can(viewer, FIELD_POLICY['event.note:sensitive']);
}
