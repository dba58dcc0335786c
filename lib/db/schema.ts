/** The one description of every table, for Kysely's end-to-end typed queries (see migrations/). */
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export type Role = "admin" | "coordinator" | "staff" | "ambassador";
export type Mode = "self" | "assisted";

export interface RegionTable {
  code: string;
  name: string;
  k_threshold: Generated<number>;
  /** Smallest number of free-text answers a list is shown for. */
  k_text: Generated<number>;
  retention_months: Generated<number>;
  created_at: Timestamp;
}

export interface MunicipalityTable {
  code: string;
  region_code: string;
  name: string;
  population: number | null;
}

export interface BatteryTable {
  id: Generated<number>;
  region_code: string;
  kind: "regional" | "local";
  municipality_code: string | null;
  slug: string;
  created_at: Timestamp;
}

export interface BatteryVersionTable {
  id: Generated<number>;
  battery_id: number;
  version: number;
  content: Json<unknown>;
  published_at: Timestamp;
  published_by: string | null;
}

export interface BatteryDraftTable {
  battery_id: number;
  based_on_version: number | null;
  content: Json<unknown>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface TranslationStatusTable {
  battery_id: number;
  text_id: string;
  locale: string;
  status: "draft" | "reviewed" | "needs_review";
  source_hash: string;
  reviewed_by: string | null;
  updated_at: Timestamp;
}

export interface SurveyTable {
  id: Generated<number>;
  region_code: string;
  battery_version_id: number;
  name: string;
  public_code: string;
  opens_at: RequiredTimestamp;
  closes_at: RequiredTimestamp;
  disabled_modules: Generated<string[]>;
  /** The day its figures became final: the first publication run after it closed. */
  figures_final_on: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SurveyMunicipalityTable {
  survey_id: number;
  municipality_code: string;
  local_version_id: number | null;
}

export interface AppUserTable {
  id: string;
  name: string;
  email: string;
  email_verified: Generated<boolean>;
  image: string | null;
  role: Role;
  municipality_code: string | null;
  active: Generated<boolean>;
  /** Ambassadors only: may review translations in their assigned languages. */
  translation_reviewer: Generated<boolean>;
  ui_locale: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuthSessionTable {
  id: string;
  user_id: string;
  token: string;
  expires_at: RequiredTimestamp;
  ip_address: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuthAccountTable {
  id: string;
  user_id: string;
  account_id: string;
  provider_id: string;
  access_token: string | null;
  refresh_token: string | null;
  id_token: string | null;
  access_token_expires_at: Date | null;
  refresh_token_expires_at: Date | null;
  scope: string | null;
  password: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuthVerificationTable {
  id: string;
  identifier: string;
  value: string;
  expires_at: RequiredTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AmbassadorMunicipalityTable {
  user_id: string;
  municipality_code: string;
}

export interface AmbassadorLanguageTable {
  user_id: string;
  locale: string;
}

export interface InvitationTable {
  id: Generated<number>;
  token_hash: string;
  email: string;
  name: string;
  role: Role;
  municipality_codes: Generated<string[]>;
  locales: Generated<string[]>;
  expires_at: RequiredTimestamp;
  used_at: Date | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ResponseTable {
  id: string;
  survey_id: number;
  battery_version_id: number;
  local_version_id: number | null;
  municipality_code: string | null;
  locale: string;
  mode: Mode;
  ambassador_id: string | null;
  interview: Json<Record<string, unknown>> | null;
  handover_questions: Generated<string[]>;
  submitted_on: ColumnType<string, string, string>;
  payload_hash: string;
  receipt_hash: string | null;
  /** Random in [0, 2^32), set by the database when the row is stored (the cell-key method's record key). */
  record_key: Generated<string>;
  /** The day it was published to the dashboards; null while it waits for its pool. */
  published_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ResponseDraftTable {
  token_hash: string;
  survey_id: number;
  response_id: string;
  municipality_code: string | null;
  locale: string;
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  referred_by: ColumnType<string | null, string | null | undefined, string | null>;
  updated_on: ColumnType<string, string | undefined, string>;
  /** The page the respondent was sent to last (a module key, or "send"): where they continue. */
  at_page: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AnswerTable {
  response_id: string;
  question_key: string;
  item_key: Generated<string>;
  choice: string | null;
  choices: string[] | null;
  value: number | null;
  text: string | null;
  special: "dont_know" | "no_answer" | null;
  in_handover: Generated<boolean>;
  published: Generated<boolean>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_id: string | null;
  action: string;
  target: string | null;
  details: Json<Record<string, unknown>>;
}

export interface PublicationTable {
  id: Generated<number>;
  municipality_code: string;
  published_on: ColumnType<string, string, string>;
  published_at: Timestamp;
  responses: number;
  answers: number;
}

/** Published responses by round, municipality, filter dimension and value, per overview breakdown. */
export interface PublishedResponseTallyTable {
  survey_id: number;
  municipality_code: string;
  dim: string;
  dim_value: string;
  breakdown: string;
  key: string;
  n: string;
  ksum: string;
}

/** Published answers by round, municipality, mode group, filter dimension and value, question, item and value. */
export interface PublishedAnswerTallyTable {
  survey_id: number;
  municipality_code: string;
  mode_group: string;
  dim: string;
  dim_value: string;
  question_key: string;
  item_key: string;
  value: string;
  n: string;
  ksum: string;
}

export interface Database {
  region: RegionTable;
  municipality: MunicipalityTable;
  battery: BatteryTable;
  battery_version: BatteryVersionTable;
  battery_draft: BatteryDraftTable;
  translation_status: TranslationStatusTable;
  survey: SurveyTable;
  survey_municipality: SurveyMunicipalityTable;
  app_user: AppUserTable;
  auth_session: AuthSessionTable;
  auth_account: AuthAccountTable;
  auth_verification: AuthVerificationTable;
  ambassador_municipality: AmbassadorMunicipalityTable;
  ambassador_language: AmbassadorLanguageTable;
  invitation: InvitationTable;
  response: ResponseTable;
  response_draft: ResponseDraftTable;
  answer: AnswerTable;
  audit_log: AuditLogTable;
  publication: PublicationTable;
  published_response_tally: PublishedResponseTallyTable;
  published_answer_tally: PublishedAnswerTallyTable;
  rate_limit: RateLimitTable;
  sign_in_failure: SignInFailureTable;
}

/** Sign-in failures per hashed account or address (lib/auth/throttle.ts), for 15 minutes. */
export interface SignInFailureTable {
  key: string;
  failures: number;
  /** Milliseconds since the epoch (bigint: read as a string). */
  last_failure: ColumnType<string, number | string, number | string>;
}

/** Shared abuse limits (lib/limits/shared.ts): a keyed hash, never an address. */
export interface RateLimitTable {
  key: string;
  points: number;
  expire: ColumnType<string | null, number | null, number | null>;
}

export type NewResponse = Insertable<ResponseTable>;
export type NewAnswer = Insertable<AnswerTable>;
export type AppUser = Selectable<AppUserTable>;
