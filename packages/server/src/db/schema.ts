import type { ColumnType, Generated } from 'kysely';
import type {
  Category,
  Confidence,
  EventType,
  ReliabilityGrade,
  Sex,
  SourceType,
  Status,
} from '../modules/registry/vocabulary.js';
import type { Role } from '../auth/permissions.js';

/** Kysely's view of the tables in migrations/*.sql; keep the two in step. */
export interface DB {
  source: SourceTable;
  import_run: ImportRunTable;
  import_batch: ImportBatchTable;
  import_job: ImportJobTable;
  person: PersonTable;
  record: RecordTable;
  link: LinkTable;
  event: EventTable;
  schema_migration: SchemaMigrationTable;
  family_key: { key: string; glyph: Generated<string | null> };
  organisation: OrganisationTable;
  app_user: AppUserTable;
  recovery_code: RecoveryCodeTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  setup_token: SetupTokenTable;
  login_throttle: LoginThrottleTable;
  audit_entry: AuditEntryTable;
  audit_head: { id: number; size: number };
  linkage_model: LinkageModelTable;
  linkage_training_refusal: {
    id: ColumnType<string, never, never>;
    refused_at: ColumnType<Date, never, never>;
    records: ColumnType<string, number, never>;
    reason: string;
    actor: string;
  };
  review_pair: ReviewPairTable;
  distinct_records: DistinctRecordsTable;
  name_frequency: {
    kind: 'family' | 'given' | 'phonetic' | 'father' | 'year' | 'family_given' | 'given_father' | 'records';
    key: string;
    n: ColumnType<string, number, number>;
  };
  /** A walk of every record that checks its name keys against a version (migration 0057). */
  name_keys_check: { version: number; after: string };
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SourceTable {
  id: Generated<number>;
  organisation_id: ColumnType<string, string | undefined, string>;
  name: string;
  type: SourceType;
  reliability: ReliabilityGrade;
  created_at: Timestamp;
}

export interface ImportRunTable {
  id: string;
  file_sha256: string;
  file_name: string;
  default_source: string | null;
  started_at: Timestamp;
  finished_at: Date | null;
  rows_read: number | null;
  rows_imported: number | null;
  rows_unchanged: number | null;
  rows_rejected: number | null;
  entered_by: string;
  organisation_id: ColumnType<string, string | undefined, string>;
}

/** An import started over HTTP, as every server process sees it (migration 0015). */
export interface ImportJobTable {
  id: string;
  organisation_id: string | null;
  view: ColumnType<Record<string, unknown>, string, string>;
  rejects_path: string;
  finished_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  updated_at: Timestamp;
}

export interface ImportBatchTable {
  run_id: string;
  first_line: number;
  last_line: number;
  rows_imported: number;
  rows_unchanged: number;
  duplicates: ColumnType<{ line: number; external_id: string; other_line: number }[], string, string>;
  committed_at: Timestamp;
}

/** One name form of a person, as some of its records wrote it. */
export interface NameForm {
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  script: string;
  records: number;
}

export interface PersonTable {
  id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  names: ColumnType<NameForm[], string, string>;
  sex: Sex | null;
  birth_date: string | null;
  birth_year: number | null;
  category: Category;
  status: Status;
  status_event_id: string | null;
  record_count: number;
  merged_into: string | null;
  organisation_id: ColumnType<string, string | undefined, string>;
  withheld: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface RecordTable {
  id: string;
  person_id: string;
  source_id: number;
  external_id: string;
  category: Category | null;
  family_name: string | null;
  given_name: string | null;
  patronymic: string | null;
  sex: Sex | null;
  birth_date: string | null;
  birth_year: number | null;
  birth_month: number | null;
  birth_day: number | null;
  /** Migrations 0060, 0062: from `written_birth_date` (a date written as a guess, or an age), never written. */
  birth_guessed: ColumnType<boolean, never, never>;
  place_of_birth: string | null;
  status: Status | null;
  unit: string | null;
  service_number: string | null;
  military_rank: string | null;
  marks: string | null;
  attributes: ColumnType<Record<string, string>, string, string>;
  source_ref: string | null;
  source_date: string | null;
  reliability: ReliabilityGrade;
  entered_by: string;
  import_run_id: string | null;
  import_line: number | null;
  key_family: string | null;
  key_family_phonetic: string | null;
  key_given: string | null;
  key_father: string | null;
  keys_version: number | null;
  created_at: Timestamp;
}

export interface LinkTable {
  id: Generated<number>;
  record_id: string;
  person_id: string;
  kind: 'auto' | 'human';
  score: number | null;
  model_version: string | null;
  decided_by: string;
  reason: string | null;
  created_at: Timestamp;
  ended_at: Date | null;
  ended_by: string | null;
}

export interface EventTable {
  id: string;
  person_id: string;
  record_id: string | null;
  type: EventType;
  occurred_on: string | null;
  source_id: number | null;
  confidence: Confidence;
  note: string | null;
  details: ColumnType<Record<string, unknown>, string, string>;
  entered_by: string;
  created_at: Timestamp;
}

export interface SchemaMigrationTable {
  version: string;
  applied_at: Timestamp;
}

export interface OrganisationTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface AppUserTable {
  id: string;
  username: string;
  role: Role;
  organisation_id: string;
  password_hash: string | null;
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_step: number | null;
  disabled_at: Date | null;
  created_at: Timestamp;
  created_by: string;
}

export interface RecoveryCodeTable {
  user_id: string;
  code_hash: string;
  used_at: Date | null;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  state: 'pending' | 'active';
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Date;
  ended_at: Date | null;
}

export interface ApiTokenTable {
  id: string;
  token_hash: string;
  user_id: string;
  name: string;
  permissions: string[];
  created_at: Timestamp;
  created_by: string;
  last_used_at: Date | null;
  revoked_at: Date | null;
  /** Set by the service from HOMECOMING_TOKEN_DAYS; the column default only covers older rows. */
  expires_at: Timestamp;
}

export interface SetupTokenTable {
  token_hash: string;
  user_id: string | null;
  created_at: Timestamp;
  expires_at: Date;
  used_at: Date | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: Date;
  locked_until: Date | null;
}

export interface AuditEntryTable {
  seq: number;
  at: Date;
  actor_kind: 'user' | 'token' | 'cli' | 'anonymous' | 'relative' | 'partner';
  actor_id: string | null;
  organisation_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  detail: ColumnType<Record<string, string | number | boolean | null>, string, string>;
  address: string | null;
  leaf_hash: string;
}

export interface LinkageModelTable {
  version: string;
  model: ColumnType<unknown, string, string>;
  created_at: Timestamp;
  created_by: string;
}

export interface ReviewPairTable {
  id: ColumnType<string, never, never>;
  /** The pair's id in the API (random; the sequential key never leaves the server). */
  public_id: ColumnType<string, string | undefined, never>;
  left_person_id: string;
  right_person_id: string;
  left_record_id: string;
  right_record_id: string;
  score: number;
  explanation: ColumnType<{ field: string; level: string; weight: number }[], string, string>;
  model_version: string;
  status: 'pending' | 'accepted' | 'rejected' | 'superseded';
  created_at: Timestamp;
  decided_at: Date | null;
  decided_by: string | null;
  reason: string | null;
  /** How much deciding the pair changes (migration 0008): higher first. */
  priority: ColumnType<number, number | undefined, number>;
  /** Why the pair is in the queue, for the reviewer. */
  queue_reason: string | null;
}

export interface DistinctRecordsTable {
  record_a: string;
  record_b: string;
  decided_by: string;
  reason: string | null;
  created_at: Timestamp;
}
