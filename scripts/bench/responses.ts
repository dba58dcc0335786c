/**
 * Full responses for the submission and sync benches: every question a respondent sees is answered (the
 * demo battery walked in order, as the form does, each answer revealing what it reveals), checked with the
 * server's own rules, and turned into the JSON a phone or an ambassador's device posts.
 *
 * Also "the limit": the rows submitResponse writes for such a response (the response, its answer rows and the
 * tally deltas), written straight to PostgreSQL with nothing else around them.
 */
import { randomUUID } from "node:crypto";
import type { CompiledQuery } from "kysely";
import type pg from "pg";
import type { InterviewPayload } from "@/modules/ambassador/sync";
import {
  type Answers,
  type AnswerValue,
  checkAnswer,
  optionsFor,
  type RunContext,
  visibleSlots,
} from "@/lib/battery/logic";
import type { BatteryContent, Question } from "@/lib/battery/schema";
import type { Db } from "@/lib/db";
import type { Locale } from "@/lib/i18n/locales";
import { makeRandom } from "@/lib/seed/demo-responses";
import type { ResponsePayload } from "@/modules/respondent/payload";
import { loadSurvey, municipalityOf, runContext, type SurveyRun } from "@/modules/respondent/run";
import { responseRows, storeResponse } from "@/modules/respondent/submit";

export type Target = { run: SurveyRun; municipality: string | null; ctx: RunContext };

/** The open surveys, as a respondent meets them (battery content, municipality, catalogue). */
export async function loadTargets(db: Db, codes?: string[]): Promise<Target[]> {
  const wanted =
    codes ?? (await db.selectFrom("survey").select("public_code").orderBy("id").execute()).map((s) => s.public_code);
  const out: Target[] = [];
  for (const code of wanted) {
    const run = await loadSurvey(db, code);
    if (!run || run.status !== "open") continue;
    const municipality = municipalityOf(run, run.municipalities[0]?.code ?? null);
    out.push({ run, municipality, ctx: runContext(run, municipality) });
  }
  if (!out.length) throw new Error("no open survey to answer");
  return out;
}

const TEXTS = [
  "Mer information på mitt eget språk, tack.",
  "Det tar för lång tid att få svar.",
  "Fler mötesplatser med svenskar.",
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A real answer (never a special one, so every follow-up question shows). */
function answerTo(question: Question, ctx: RunContext, content: BatteryContent, random: () => number): AnswerValue {
  switch (question.type) {
    case "scale":
      return { kind: "choice", value: pick(random, content.scales[question.scale ?? ""]!.options).key };
    case "yesno":
      return { kind: "choice", value: random() < 0.5 ? "yes" : "no" };
    case "single":
      return { kind: "choice", value: pick(random, optionsFor(question, ctx)).key };
    case "multi": {
      const pool = optionsFor(question, ctx).filter((o) => o.key !== question.exclusiveOption);
      const wanted = Math.min(1 + Math.floor(random() * 3), question.maxChoices ?? 3, pool.length);
      const values = [...pool]
        .sort(() => random() - 0.5)
        .slice(0, wanted)
        .map((o) => o.key);
      return { kind: "choices", values };
    }
    case "text":
      return { kind: "text", value: pick(random, TEXTS) };
  }
}

/** Every visible question answered; throws if the server's rules would refuse any answer. */
export function fullAnswers(target: Target, random: () => number): Answers {
  const { content } = target.run;
  const answers: Answers = {};
  for (let guard = 0; guard < 500; guard++) {
    const next = visibleSlots(content, answers, target.ctx).find((s) => !answers[s.id]);
    if (!next) break;
    answers[next.id] = answerTo(next.question, target.ctx, content, random);
  }
  for (const slot of visibleSlots(content, answers, target.ctx)) {
    const problem = checkAnswer(slot.question, answers[slot.id]!, target.ctx, content.scales);
    if (problem) throw new Error(`bench answer to ${slot.id} refused: ${problem}`);
  }
  return answers;
}

const RESPONDENT_LOCALES: Locale[] = ["ar", "uk", "ti", "so", "fa-AF", "fa", "ckb", "ku", "en", "sv"];

export type BenchResponse = { target: Target; payload: ResponsePayload };

/** n self-completed responses spread over the given surveys and the ten languages. Deterministic answers, fresh ids. */
export function makeResponses(targets: Target[], n: number, seed = 7): BenchResponse[] {
  const random = makeRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const target = targets[i % targets.length]!;
    return {
      target,
      payload: {
        id: randomUUID(),
        survey: target.run.code,
        locale: pick(random, RESPONDENT_LOCALES),
        answers: fullAnswers(target, random),
      },
    };
  });
}

/**
 * n finished interviews as the ambassador's device queues them: answers, private handover of sensitive questions,
 * the interview record, the ambassador who recorded them and the battery version each round runs.
 */
export function makeInterviews(
  targets: Target[],
  ambassador: string,
  locales: Locale[],
  n: number,
  seed = 11,
): InterviewPayload[] {
  const random = makeRandom(seed);
  const finishedAt = new Date(Date.now() - 3_600_000).toISOString();
  return Array.from({ length: n }, (_, i) => {
    const target = targets[i % targets.length]!;
    const answers = fullAnswers(target, random);
    const handover = visibleSlots(target.run.content, answers, target.ctx)
      .filter((s) => s.question.sensitive)
      .map((s) => s.id);
    const record: Answers = {};
    for (const field of target.run.content.ambassadorFields)
      record[field.key] = answerTo(field, target.ctx, target.run.content, random);
    return {
      id: randomUUID(),
      survey: target.run.code,
      locale: pick(random, locales),
      answers,
      handover,
      record,
      finishedAt,
      ambassador,
      version: target.run.batteryVersionId,
    };
  });
}

// ---------- the limit: the same rows, straight to PostgreSQL

/**
 * The statement submitResponse runs for a self-completed response once it has checked it (the same SQL, compiled
 * here before the clock starts): the response row, its answer rows and the tally deltas, in one statement.
 */
export function directStatements(db: Db, r: BenchResponse, now = new Date()): CompiledQuery[] {
  const { run, municipality, ctx } = r.target;
  const slots = visibleSlots(run.content, r.payload.answers, ctx);
  const { row, answers } = responseRows(run, r.payload, municipality, { mode: "self" }, now, slots);
  return [storeResponse(row, answers, now).compile(db)];
}

/** One response's statements on one connection of a plain pg pool (in a transaction when there are several). */
export async function writeDirect(pool: pg.Pool, statements: CompiledQuery[]): Promise<void> {
  const client = await pool.connect();
  const several = statements.length > 1;
  try {
    if (several) await client.query("begin");
    for (const s of statements) await client.query(s.sql, s.parameters as unknown[]);
    if (several) await client.query("commit");
  } catch (err) {
    if (several) await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
