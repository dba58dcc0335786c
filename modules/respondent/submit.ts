/**
 * Storing a response, exactly once. The id comes from the respondent's device: the same payload sent
 * again is acknowledged (with the same receipt), a different payload under a known id is refused (409).
 * Every answer is checked against the battery version before anything is written, and the response and its
 * answers are written in one statement, so nothing partial is ever stored. The dashboards see it only once it is
 * published with at least k others (modules/dashboard/publication.ts).
 */
import { count } from "@/lib/observability/metrics";
import { sql } from "kysely";
import type { Db } from "@/lib/db";
import type { NewResponse } from "@/lib/db/schema";
import {
  type Answers,
  checkAnswer,
  type AnswerProblem,
  chosenMunicipality,
  type Slot,
  visibleSlots,
} from "@/lib/battery/logic";
import { type AnswerRow, toAnswerRow } from "./answer-rows";
import { payloadHash } from "./canonical";
import type { ResponsePayload } from "./payload";
import { hashReceipt, newReceipt } from "./receipt";
import { privateQuestions } from "@/modules/ambassador/interview-plan";
import { loadSurvey, municipalityOf, runContext, type SurveyRun } from "./run";

export type SubmitProblem = {
  slot: string;
  problem: AnswerProblem | "unknown_question" | "not_asked" | "not_sensitive" | "not_private";
};

export type SubmitResult =
  /** The receipt of a self-completed response, shown to its respondent once; an interview has none (see README). */
  | { ok: true; status: "created"; responseId: string; receipt: string | null }
  /** Stored before: no receipt (it was shown when it was first stored, and is kept nowhere). */
  | { ok: true; status: "duplicate"; responseId: string }
  | { ok: false; status: 400; error: "invalid_answers"; problems: SubmitProblem[] }
  | { ok: false; status: 400; error: "unknown_municipality" }
  | { ok: false; status: 404; error: "unknown_survey" }
  | { ok: false; status: 410; error: "survey_closed" | "survey_not_open" }
  | { ok: false; status: 409; error: "conflict" };

/**
 * How the response was collected: on their own ("self", possibly referred by an ambassador), or in an
 * ambassador's interview ("assisted"), with the interview record and the slots answered in private handover.
 */
export type Collection =
  | { mode: "self"; referredBy?: string | null }
  | { mode: "assisted"; ambassadorId: string; record: Answers; handover: string[] };

export type SubmitOptions = {
  now?: Date;
  collection?: Collection;
  /** When an offline interview was finished: a round that has closed since still takes it. */
  finishedAt?: Date;
};

// Made once: building an Intl.DateTimeFormat costs more than the rest of a submission's checks together.
const swedishDayFormat = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in Sweden: all the dashboards need, and no more precise than that. */
export function swedishDay(now: Date): string {
  return swedishDayFormat.format(now);
}

export async function submitResponse(
  db: Db,
  payload: ResponsePayload,
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  const now = options.now ?? new Date();
  const collection = options.collection ?? { mode: "self" };
  // The moment that decides whether the round was open: when the interview was finished, never later than now.
  const at = options.finishedAt && options.finishedAt < now ? options.finishedAt : now;
  const run = await loadSurvey(db, payload.survey, at);
  if (!run) return { ok: false, status: 404, error: "unknown_survey" };
  if (run.status === "closed") return { ok: false, status: 410, error: "survey_closed" };
  if (run.status === "upcoming") return { ok: false, status: 410, error: "survey_not_open" };

  const chosen = payload.municipality ?? chosenMunicipality(run.content, payload.answers) ?? undefined;
  const municipality = municipalityOf(run, chosen);
  if (chosen && !municipality && run.municipalities.length > 1)
    return { ok: false, status: 400, error: "unknown_municipality" };

  const ctx = runContext(run, municipality);
  const answers: Answers = payload.answers;
  const slots = new Map(visibleSlots(run.content, answers, ctx).map((s) => [s.id, s]));
  const known = new Set(run.content.modules.flatMap((m) => m.questions.map((q) => q.key)));
  const problems: SubmitProblem[] = [];
  for (const [slotId, value] of Object.entries(answers)) {
    const slot = slots.get(slotId);
    if (!slot) {
      problems.push({ slot: slotId, problem: known.has(slotId.split("#")[0]!) ? "not_asked" : "unknown_question" });
      continue;
    }
    const problem = checkAnswer(slot.question, value, ctx, run.content.scales);
    if (problem) problems.push({ slot: slotId, problem });
  }
  if (collection.mode === "assisted") {
    // The private part is exactly the private questions answered (modules/ambassador/interview-plan.ts): nothing the
    // ambassador heard is recorded as private, and nothing private as heard.
    const secret = privateQuestions(run.content);
    const handover = new Set(collection.handover);
    for (const id of handover) {
      const slot = slots.get(id);
      if (!slot || !answers[id]) problems.push({ slot: id, problem: "not_asked" });
      else if (!secret.has(slot.question.key)) problems.push({ slot: id, problem: "not_sensitive" });
    }
    for (const id of Object.keys(answers)) {
      if (slots.has(id) && secret.has(slots.get(id)!.question.key) && !handover.has(id))
        problems.push({ slot: id, problem: "not_private" });
    }
    const fields = new Map(run.content.ambassadorFields.map((q) => [q.key, q]));
    for (const [key, value] of Object.entries(collection.record)) {
      const field = fields.get(key);
      const problem = field ? checkAnswer(field, value, ctx, run.content.scales) : "unknown_question";
      if (problem) problems.push({ slot: key, problem });
    }
  }
  if (problems.length) return { ok: false, status: 400, error: "invalid_answers", problems };

  const { row, answers: rows, receipt } = responseRows(run, payload, municipality, collection, at, [...slots.values()]);
  const stored = await storeResponse(row, rows, at).execute(db);
  if (stored.rows.length) {
    count("responses_stored_total", { mode: collection.mode });
    return {
      ok: true,
      status: "created",
      responseId: payload.id,
      receipt: collection.mode === "self" ? receipt : null,
    };
  }
  // Not written: the id is known (the same payload again, or another one), or the round closed meanwhile.
  const existing = await db
    .selectFrom("response")
    .select("payload_hash")
    .where("id", "=", payload.id)
    .executeTakeFirst();
  if (existing)
    return existing.payload_hash === row.payload_hash
      ? { ok: true, status: "duplicate", responseId: payload.id }
      : { ok: false, status: 409, error: "conflict" };
  return { ok: false, status: 410, error: "survey_closed" };
}

/** A response row as inserted: every column given (the interview record as JSON text). */
export type StoredResponse = Required<{
  [K in Exclude<keyof NewResponse, "record_key" | "published_on">]: Exclude<NewResponse[K], undefined>;
}> & {
  interview: string | null;
  receipt_hash: string | null;
};

/**
 * What a checked response is stored as: its row, one row per answer in the visible slots, and its receipt code (a
 * new random one; only its hash is in the row). Interviews get none: the device is the ambassador's, so a code shown
 * on it would not be the respondent's alone.
 */
export function responseRows(
  run: SurveyRun,
  payload: ResponsePayload,
  municipality: string | null,
  collection: Collection,
  at: Date,
  slots: Slot[],
): { row: StoredResponse; answers: AnswerRow[]; receipt: string } {
  const handover = collection.mode === "assisted" ? collection.handover : [];
  const receipt = newReceipt();
  const local = run.municipalities.find((m) => m.code === municipality);
  const row: StoredResponse = {
    id: payload.id,
    survey_id: run.id,
    battery_version_id: run.batteryVersionId,
    local_version_id: local?.localVersionId ?? null,
    municipality_code: municipality,
    locale: payload.locale,
    mode: collection.mode,
    ambassador_id: collection.mode === "assisted" ? collection.ambassadorId : (collection.referredBy ?? null),
    interview: collection.mode === "assisted" ? JSON.stringify(collection.record) : null,
    handover_questions: handover,
    submitted_on: swedishDay(at),
    payload_hash: payloadHash({ ...payload, municipality, collection }),
    receipt_hash: collection.mode === "self" ? hashReceipt(receipt) : null,
  };
  const answers = slots
    .filter((s) => payload.answers[s.id])
    .map((s) => toAnswerRow(s, payload.answers[s.id]!, run.content.scales, handover.includes(s.id)));
  return { row, answers, receipt };
}

/**
 * The response row and its answer rows in one statement: atomic on its own, and one round trip instead of four (a
 * transaction's begin, two inserts, commit), which is most of what a submission costs. The
 * row is written only if its id is new and only while the survey is open at `at` (checked here, in the same
 * statement, so a round closed a moment ago takes nothing even when the survey was read from the cache). Returns
 * the id when it was written, nothing otherwise.
 */
export function storeResponse(row: StoredResponse, answers: AnswerRow[], at: Date) {
  return sql<{ id: string }>`
    with r as (
      insert into response (id, survey_id, battery_version_id, local_version_id, municipality_code, locale, mode, ambassador_id,
                            interview, handover_questions, submitted_on, payload_hash, receipt_hash)
      select ${row.id}::uuid, s.id, ${row.battery_version_id}::int, ${row.local_version_id}::int, ${row.municipality_code}::text,
             ${row.locale}::text, ${row.mode}::text, ${row.ambassador_id}::text, ${row.interview}::jsonb, ${row.handover_questions}::text[],
             ${row.submitted_on}::date, ${row.payload_hash}::text, ${row.receipt_hash}::text
      from survey s
      where s.id = ${row.survey_id}::int and s.opens_at <= ${at}::timestamptz and s.closes_at > ${at}::timestamptz
      on conflict (id) do nothing
      returning id
    ),
    a as (
      insert into answer (response_id, question_key, item_key, choice, choices, value, text, special, in_handover)
      select r.id, x.question_key, x.item_key, x.choice, x.choices, x.value, x.text, x.special, x.in_handover
      from r cross join json_to_recordset(${JSON.stringify(answers)}::json)
        as x(question_key text, item_key text, choice text, choices text[], value smallint, text text, special text, in_handover boolean)
      returning 1
    )
    select id from r`;
}

/**
 * Withdrawal by receipt code: deletes the response and its answers at once. Figures already published keep it:
 * they are anonymous aggregates, and taking one response out of them would show, to anyone comparing before and
 * after, exactly what it said. A response not yet published never reaches the dashboards.
 */
export async function withdrawResponse(db: Db, receiptCode: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom("response")
    .where("receipt_hash", "=", hashReceipt(receiptCode))
    .executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}
