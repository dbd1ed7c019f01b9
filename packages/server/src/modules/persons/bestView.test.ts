import { describe, expect, it } from 'vitest';
import { deriveBestView, deriveStatus, type EventForView, type RecordForView } from './bestView.js';

const rec = (over: Partial<RecordForView>): RecordForView => ({
  id: over.id ?? 'r1',
  family_name: null,
  given_name: null,
  patronymic: null,
  sex: null,
  birth_date: null,
  category: null,
  reliability: 'F',
  source_date: null,
  created_at: '2025-01-01T00:00:00Z',
  ...over,
});

const ev = (over: Partial<EventForView> & Pick<EventForView, 'type'>): EventForView => ({
  id: over.id ?? over.type,
  occurred_on: null,
  confidence: 'reported',
  created_at: '2025-01-01T00:00:00Z',
  ...over,
});

describe('deriveStatus', () => {
  it('is no_data without status-bearing events', () => {
    expect(deriveStatus([ev({ type: 'health_report' })]).status).toBe('no_data');
  });

  it('takes the latest event by date, so a late-arriving older report does not undo newer news', () => {
    const s = deriveStatus([
      ev({ type: 'returned_in_exchange', occurred_on: '2025-01-15', created_at: '2025-01-16T00:00:00Z' }),
      ev({ type: 'captivity_reported', occurred_on: '2024-03', created_at: '2025-02-01T00:00:00Z' }),
    ]);
    expect(s.status).toBe('returned');
  });

  it('lets an undated event entered later supersede, and prefers confirmed over reported on the same date', () => {
    expect(
      deriveStatus([
        ev({ type: 'reported_missing', created_at: '2025-01-01T00:00:00Z' }),
        ev({ type: 'captivity_reported', created_at: '2025-02-01T00:00:00Z' }),
      ]).status,
    ).toBe('captivity_reported');
    const same = deriveStatus([
      ev({
        id: 'b',
        type: 'captivity_confirmed',
        occurred_on: '2024-05-01',
        confidence: 'confirmed',
        created_at: '2025-01-01T00:00:00Z',
      }),
      ev({
        id: 'a',
        type: 'captivity_reported',
        occurred_on: '2024-05-01',
        created_at: '2025-03-01T00:00:00Z',
      }),
    ]);
    expect(same.status).toBe('captivity_confirmed');
    expect(same.event?.id).toBe('b');
  });
});

describe('deriveBestView', () => {
  it('shows the Ukrainian form first and lists every name form with how many records use it', () => {
    const v = deriveBestView(
      [
        rec({ id: 'a', family_name: 'Олейник', given_name: 'Николай', reliability: 'B' }),
        rec({ id: 'b', family_name: 'Олійник', given_name: 'Микола' }),
        rec({ id: 'c', family_name: 'Oliinyk', given_name: 'Mykola' }),
        rec({ id: 'd', family_name: 'Олійник', given_name: 'Микола' }),
      ],
      [],
    );
    expect(v).toMatchObject({ family_name: 'Олійник', given_name: 'Микола', record_count: 4 });
    expect(v.names.map((n) => [n.family_name, n.script, n.records])).toEqual([
      ['Олійник', 'uk', 2],
      ['Олейник', 'cyrillic', 1],
      ['Oliinyk', 'latin', 1],
    ]);
  });

  it('picks the birth date most records agree on, then the more precise', () => {
    expect(
      deriveBestView(
        [
          rec({ id: 'a', birth_date: '1990' }),
          rec({ id: 'b', birth_date: '1990-05-17' }),
          rec({ id: 'c', birth_date: '1990-05-17' }),
        ],
        [],
      ).birth_date,
    ).toBe('1990-05-17');
    const tie = deriveBestView(
      [rec({ id: 'a', birth_date: '1990' }), rec({ id: 'b', birth_date: '1990-05' })],
      [],
    );
    expect(tie).toMatchObject({ birth_date: '1990-05', birth_year: 1990 });
  });

  it('makes a person deceased once death is confirmed, whatever the records said', () => {
    const v = deriveBestView(
      [rec({ category: 'military' })],
      [ev({ type: 'death_confirmed', confidence: 'confirmed', occurred_on: '2024-06' })],
    );
    expect(v).toMatchObject({
      category: 'deceased',
      status: 'death_confirmed',
      status_event_id: 'death_confirmed',
    });
  });
});
