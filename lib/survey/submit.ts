/**
 * Storing a response, exactly once. The id comes from the respondent's device: the same payload sent
 * again is acknowledged (with the same receipt), a different payload under a known id is refused (409).
 * Every answer is checked against the battery version before anything is written, and the response and
 * its answers are written in one transaction, so nothing partial is ever stored.
 */
import type { Db } from "@/lib/db";
import { type Answers, checkAnswer, type AnswerProblem, visibleSlots } from "@/lib/battery/logic";
import { addResponseDeltas } from "@/lib/dashboard/tallies";
import { toAnswerRow } from "./answer-rows";
import { payloadHash } from "./canonical";
import type { ResponsePayload } from "./payload";
import { hashReceipt, receiptFor } from "./receipt";
import { loadSurvey, municipalityOf, runContext } from "./run";

export type SubmitProblem = { slot: string; problem: AnswerProblem | "unknown_question" | "not_asked" | "not_sensitive" };

export type SubmitResult =
  | { ok: true; status: "created" | "duplicate"; responseId: string; receipt: string }
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
  secret: string;
  collection?: Collection;
  /** When an offline interview was finished: a round that has closed since still takes it. */
  finishedAt?: Date;
};

/** The calendar day in Sweden: all the dashboards need, and no more precise than that. */
export function swedishDay(now: Date): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export async function submitResponse(db: Db, payload: ResponsePayload, options: SubmitOptions): Promise<SubmitResult> {
  const now = options.now ?? new Date();
  const collection = options.collection ?? { mode: "self" };
  // The moment that decides whether the round was open: when the interview was finished, never later than now.
  const at = options.finishedAt && options.finishedAt < now ? options.finishedAt : now;
  const run = await loadSurvey(db, payload.survey, at);
  if (!run) return { ok: false, status: 404, error: "unknown_survey" };
  if (run.status === "closed") return { ok: false, status: 410, error: "survey_closed" };
  if (run.status === "upcoming") return { ok: false, status: 410, error: "survey_not_open" };

  const chosen = payload.municipality ?? (payload.answers["bg.municipality"]?.kind === "choice" ? payload.answers["bg.municipality"].value : undefined);
  const municipality = municipalityOf(run, chosen);
  if (chosen && !municipality && run.municipalities.length > 1) return { ok: false, status: 400, error: "unknown_municipality" };

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
  let interview: Record<string, unknown> | null = null;
  if (collection.mode === "assisted") {
    for (const id of collection.handover) {
      const slot = slots.get(id);
      if (!slot || !answers[id]) problems.push({ slot: id, problem: "not_asked" });
      else if (!slot.question.sensitive) problems.push({ slot: id, problem: "not_sensitive" });
    }
    const fields = new Map(run.content.ambassadorFields.map((q) => [q.key, q]));
    for (const [key, value] of Object.entries(collection.record)) {
      const field = fields.get(key);
      const problem = field ? checkAnswer(field, value, ctx, run.content.scales) : "unknown_question";
      if (problem) problems.push({ slot: key, problem });
    }
    interview = collection.record;
  }
  if (problems.length) return { ok: false, status: 400, error: "invalid_answers", problems };

  const handover = collection.mode === "assisted" ? collection.handover : [];
  const hash = payloadHash({ ...payload, municipality, collection });
  const receipt = receiptFor(payload.id, options.secret);
  const local = run.municipalities.find((m) => m.code === municipality);

  return db.transaction().execute(async (trx): Promise<SubmitResult> => {
    const inserted = await trx
      .insertInto("response")
      .values({
        id: payload.id,
        survey_id: run.id,
        battery_version_id: run.batteryVersionId,
        local_version_id: local?.localVersionId ?? null,
        municipality_code: municipality,
        locale: payload.locale,
        mode: collection.mode,
        ambassador_id: collection.mode === "assisted" ? collection.ambassadorId : (collection.referredBy ?? null),
        interview: interview ? JSON.stringify(interview) : null,
        handover_questions: handover,
        submitted_on: swedishDay(at),
        payload_hash: hash,
        receipt_hash: hashReceipt(receipt),
      })
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom("response").select("payload_hash").where("id", "=", payload.id).executeTakeFirst();
      // Gone (withdrawn) or different: either way this id cannot take this payload.
      if (existing?.payload_hash !== hash) return { ok: false, status: 409, error: "conflict" };
      return { ok: true, status: "duplicate", responseId: payload.id, receipt };
    }
    const rows = [...slots.values()]
      .filter((s) => answers[s.id])
      .map((s) => ({ response_id: payload.id, ...toAnswerRow(s, answers[s.id]!, run.content.scales, handover.includes(s.id)) }));
    if (rows.length) await trx.insertInto("answer").values(rows).execute();
    await addResponseDeltas(trx, payload.id, 1);
    return { ok: true, status: "created", responseId: payload.id, receipt };
  });
}

/** Withdrawal by receipt code: deletes the response and its answers, and takes them out of the dashboards. */
export async function withdrawResponse(db: Db, receiptCode: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("response").select("id").where("receipt_hash", "=", hashReceipt(receiptCode)).forUpdate().executeTakeFirst();
    if (!row) return false;
    await addResponseDeltas(trx, row.id, -1);
    await trx.deleteFrom("response").where("id", "=", row.id).execute();
    return true;
  });
}
