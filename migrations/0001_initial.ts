import { type Kysely, sql } from "kysely";

/**
 * The whole product's schema from the start: region and municipalities, batteries with immutable
 * published versions, surveys (collection rounds), anonymous responses and their answers,
 * staff users (better-auth tables), ambassador assignments, invitations and the audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("region")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    // Smallest group a staff user may see an aggregate of (small-group suppression).
    .addColumn("k_threshold", "integer", (c) =>
      c
        .notNull()
        .defaultTo(5)
        .check(sql`k_threshold >= 2`),
    )
    // Responses older than this are deleted by the retention job.
    .addColumn("retention_months", "integer", (c) =>
      c
        .notNull()
        .defaultTo(36)
        .check(sql`retention_months >= 1`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("municipality")
    .addColumn("code", "text", (c) => c.primaryKey().check(sql`code ~ '^[0-9]{4}$'`))
    .addColumn("region_code", "text", (c) => c.notNull().references("region.code"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("population", "integer")
    .execute();

  // A battery is the regional question set (kind regional) or one municipality's local module (kind local).
  await db.schema
    .createTable("battery")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("region_code", "text", (c) => c.notNull().references("region.code"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('regional', 'local')`))
    .addColumn("municipality_code", "text", (c) => c.references("municipality.code"))
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("battery_local_has_municipality", sql`(kind = 'local') = (municipality_code is not null)`)
    .execute();

  await db.schema
    .createTable("app_user")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("email_verified", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("image", "text")
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'coordinator', 'staff', 'ambassador')`))
    // Staff belong to exactly one municipality; ambassadors have assignments; admin and coordinator see the region.
    .addColumn("municipality_code", "text", (c) => c.references("municipality.code"))
    .addColumn("active", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("ui_locale", "text", (c) => c.notNull().defaultTo("sv"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("app_user_staff_has_municipality", sql`(role = 'staff') = (municipality_code is not null)`)
    .execute();

  await db.schema
    .createTable("auth_session")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("token", "text", (c) => c.notNull().unique())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("ip_address", "text")
    .addColumn("user_agent", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("auth_session_user_idx").on("auth_session").column("user_id").execute();

  await db.schema
    .createTable("auth_account")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("provider_id", "text", (c) => c.notNull())
    .addColumn("access_token", "text")
    .addColumn("refresh_token", "text")
    .addColumn("id_token", "text")
    .addColumn("access_token_expires_at", "timestamptz")
    .addColumn("refresh_token_expires_at", "timestamptz")
    .addColumn("scope", "text")
    .addColumn("password", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("auth_account_user_idx").on("auth_account").column("user_id").execute();

  await db.schema
    .createTable("auth_verification")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("identifier", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Published versions are immutable (enforced by a trigger below); the draft is edited freely.
  await db.schema
    .createTable("battery_version")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("battery_id", "integer", (c) => c.notNull().references("battery.id"))
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addColumn("content", "jsonb", (c) => c.notNull())
    .addColumn("published_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("published_by", "text", (c) => c.references("app_user.id"))
    .addUniqueConstraint("battery_version_unique", ["battery_id", "version"])
    .execute();

  await db.schema
    .createTable("battery_draft")
    .addColumn("battery_id", "integer", (c) => c.primaryKey().references("battery.id"))
    .addColumn("based_on_version", "integer")
    .addColumn("content", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_by", "text", (c) => c.references("app_user.id"))
    .execute();

  // Review status of each translated text: missing is the absence of a row or of the text.
  await db.schema
    .createTable("translation_status")
    .addColumn("battery_id", "integer", (c) => c.notNull().references("battery.id"))
    .addColumn("text_id", "text", (c) => c.notNull())
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('draft', 'reviewed', 'needs_review')`))
    // Hash of the Swedish source the translation was made from: a reworded source marks it for review.
    .addColumn("source_hash", "text", (c) => c.notNull())
    .addColumn("reviewed_by", "text", (c) => c.references("app_user.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("translation_status_pk", ["battery_id", "text_id", "locale"])
    .execute();

  await db.schema
    .createTable("survey")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("region_code", "text", (c) => c.notNull().references("region.code"))
    .addColumn("battery_version_id", "integer", (c) => c.notNull().references("battery_version.id"))
    .addColumn("name", "text", (c) => c.notNull())
    // Short code typed on the landing page and used in links and QR codes.
    .addColumn("public_code", "text", (c) =>
      c
        .notNull()
        .unique()
        .check(sql`public_code ~ '^[A-Z0-9]{4,12}$'`),
    )
    .addColumn("opens_at", "timestamptz", (c) => c.notNull())
    .addColumn("closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("disabled_modules", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("created_by", "text", (c) => c.references("app_user.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("survey_window", sql`closes_at > opens_at`)
    .execute();

  await db.schema
    .createTable("survey_municipality")
    .addColumn("survey_id", "integer", (c) => c.notNull().references("survey.id").onDelete("cascade"))
    .addColumn("municipality_code", "text", (c) => c.notNull().references("municipality.code"))
    // The municipality's local module version used in this round, if any.
    .addColumn("local_version_id", "integer", (c) => c.references("battery_version.id"))
    .addPrimaryKeyConstraint("survey_municipality_pk", ["survey_id", "municipality_code"])
    .execute();

  await db.schema
    .createTable("ambassador_municipality")
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("municipality_code", "text", (c) => c.notNull().references("municipality.code"))
    .addPrimaryKeyConstraint("ambassador_municipality_pk", ["user_id", "municipality_code"])
    .execute();

  await db.schema
    .createTable("ambassador_language")
    .addColumn("user_id", "text", (c) => c.notNull().references("app_user.id").onDelete("cascade"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ambassador_language_pk", ["user_id", "locale"])
    .execute();

  await db.schema
    .createTable("invitation")
    .addColumn("id", "serial", (c) => c.primaryKey())
    // Only the hash of the invite token is kept.
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('admin', 'coordinator', 'staff', 'ambassador')`))
    .addColumn("municipality_codes", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("locales", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .addColumn("created_by", "text", (c) => c.references("app_user.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // One respondent's answers. The id is generated on the respondent's device, so a resend is idempotent.
  // Nothing here identifies the respondent: no name, identity number, IP address, user agent or precise time
  // (the day is all the dashboards need).
  await db.schema
    .createTable("response")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("survey_id", "integer", (c) => c.notNull().references("survey.id"))
    .addColumn("battery_version_id", "integer", (c) => c.notNull().references("battery_version.id"))
    .addColumn("local_version_id", "integer", (c) => c.references("battery_version.id"))
    // Null when a survey covers several municipalities and the respondent chose not to say which.
    .addColumn("municipality_code", "text", (c) => c.references("municipality.code"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('self', 'assisted')`))
    .addColumn("ambassador_id", "text", (c) => c.references("app_user.id").onDelete("set null"))
    // The ambassador's record of the interview (amb.* fields): who was present, where, read aloud, note.
    .addColumn("interview", "jsonb")
    // Question keys answered by the respondent alone in private handover.
    .addColumn("handover_questions", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("submitted_on", "date", (c) => c.notNull())
    // Hash of the canonical payload: a resend with the same id and a different payload is refused (409).
    .addColumn("payload_hash", "text", (c) => c.notNull())
    // Hash of the receipt code the respondent may use to withdraw; the code itself is never stored.
    .addColumn("receipt_hash", "text", (c) => c.unique())
    .addCheckConstraint(
      "response_assisted_has_ambassador",
      sql`mode = 'self' or ambassador_id is not null or interview is not null`,
    )
    .execute();
  await db.schema
    .createIndex("response_scope_idx")
    .on("response")
    .columns(["municipality_code", "survey_id", "submitted_on"])
    .execute();
  await db.schema
    .createIndex("response_ambassador_idx")
    .on("response")
    .columns(["ambassador_id", "submitted_on"])
    .execute();

  // A respondent's unfinished answers, so they can pause and resume on the same device. Keyed by the hash of a
  // random token kept in a cookie on that device; deleted on submission and after 30 days.
  await db.schema
    .createTable("response_draft")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("survey_id", "integer", (c) => c.notNull().references("survey.id").onDelete("cascade"))
    // The id the response will be submitted under, made when the respondent starts.
    .addColumn("response_id", "uuid", (c) => c.notNull().unique())
    .addColumn("municipality_code", "text", (c) => c.references("municipality.code"))
    .addColumn("locale", "text", (c) => c.notNull())
    .addColumn("answers", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("updated_on", "date", (c) => c.notNull().defaultTo(sql`current_date`))
    .execute();

  // One row per answered question (per item for repeated questions), queryable for aggregation.
  await db.schema
    .createTable("answer")
    .addColumn("response_id", "uuid", (c) => c.notNull().references("response.id").onDelete("cascade"))
    .addColumn("question_key", "text", (c) => c.notNull())
    // The option a repeated question is about ('' when not repeated).
    .addColumn("item_key", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("choice", "text")
    .addColumn("choices", sql`text[]`)
    .addColumn("value", "smallint")
    .addColumn("text", "text")
    .addColumn("special", "text", (c) => c.check(sql`special in ('dont_know', 'no_answer')`))
    .addColumn("in_handover", "boolean", (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint("answer_pk", ["response_id", "question_key", "item_key"])
    .addCheckConstraint(
      "answer_one_value",
      sql`num_nonnulls(choice, choices, text, special) = 1 and (value is null or choice is not null)`,
    )
    .execute();
  await db.schema.createIndex("answer_question_idx").on("answer").columns(["question_key", "choice"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("actor_id", "text", (c) => c.references("app_user.id").onDelete("set null"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex("audit_log_at_idx").on("audit_log").column("at").execute();

  // A published version never changes: answers point at the exact text they answered.
  await sql`
    create function battery_version_immutable() returns trigger language plpgsql as $$
    begin
      raise exception 'battery_version % is published and cannot be changed', old.id
        using errcode = 'check_violation';
    end $$`.execute(db);
  await sql`
    create trigger battery_version_no_update before update on battery_version
    for each row execute function battery_version_immutable()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists battery_version_no_update on battery_version`.execute(db);
  await sql`drop function if exists battery_version_immutable()`.execute(db);
  for (const table of [
    "audit_log",
    "answer",
    "response_draft",
    "response",
    "invitation",
    "ambassador_language",
    "ambassador_municipality",
    "survey_municipality",
    "survey",
    "translation_status",
    "battery_draft",
    "battery_version",
    "auth_verification",
    "auth_account",
    "auth_session",
    "app_user",
    "battery",
    "municipality",
    "region",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
