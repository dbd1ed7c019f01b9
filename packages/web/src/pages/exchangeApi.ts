/** What the exchange screens read from /api/v1/exchanges (the server's schemas.ts is the source of truth). */
export interface ExchangeSummary {
  id: string;
  name: string;
  held_on: string | null;
  formula: string;
}

export interface ExchangeDetail extends ExchangeSummary {
  versions: { id: string; side: 'ours' | 'theirs'; version: number; rows: number; file_name: string }[];
  reconciliation: { file_name: string; counts: Record<string, number> } | null;
}

export interface BoardEntry {
  external_id: string;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  birth_date: string | null;
  categories: string[];
  decision: 'match' | 'possible' | 'none';
  person_id: string | null;
  /** A possible entry of our side: the other persons it may be, close behind the best. */
  alternatives?: { person_id: string; score: number }[];
  state: 'proposed' | 'identity_verified' | 'agreed' | 'crossed' | 'not_crossed';
  reason: string | null;
  decided_by: string | null;
}

export interface Board {
  version: number;
  entries: BoardEntry[];
}

export interface Diff {
  version: number;
  previous: number | null;
  added: string[];
  removed: string[];
  changed: { external_id: string; fields: string[] }[];
}

export interface ReconciliationReport {
  file_name: string;
  counts: Record<string, number>;
  rows: {
    external_id?: string;
    outcome: string;
    person_id: string | null;
    entry_external_id: string | null;
    problem?: string;
  }[];
}
