import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "@/lib/seed";
import { createDraft, loadDraft, saveDraft } from "@/modules/respondent/draft";
import type { ResponsePayload } from "@/modules/respondent/payload";
import { formatReceipt, hashReceipt } from "@/modules/respondent/receipt";
import { loadSurvey } from "@/modules/respondent/run";
import { responseRows, storeResponse, submitResponse, swedishDay, withdrawResponse } from "@/modules/respondent/submit";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
const now = new Date("2026-11-23T23:30:00Z"); // already the 24th in Sweden

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 0, now: new Date("2026-11-01T10:00:00Z") });
});
afterAll(async () => {
  await t?.drop();
});

const payload = (answers: ResponsePayload["answers"], extra: Partial<ResponsePayload> = {}): ResponsePayload => ({
  id: crypto.randomUUID(),
  survey: "LIN580",
  locale: "ar",
  answers,
  ...extra,
});

async function countRows(id: string) {
  const r = await t.db
    .selectFrom("response")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  const a = await t.db
    .selectFrom("answer")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("response_id", "=", id)
    .executeTakeFirstOrThrow();
  return { responses: r.n, answers: a.n };
}

describe("submitResponse", () => {
  it("stores a response with one row per answer, the day only, and a hashed receipt", async () => {
    const p = payload({
      "bg.time_in_sweden": { kind: "choice", value: "1to2" },
      "bg.main_activity": { kind: "choices", values: ["sfi"] },
      "edu.sfi_fits": { kind: "choice", value: "2" },
      "interventions.participated": { kind: "choices", values: ["sfi", "mentor"] },
      "interventions.useful#mentor": { kind: "choice", value: "5" },
      "trust.one_change": { kind: "text", value: "Tolk vid alla möten" },
      "health.know_care": { kind: "special", value: "dont_know" },
    });
    const result = await submitResponse(t.db, p, { now });
    expect(result).toMatchObject({ ok: true, status: "created" });
    const row = await t.db.selectFrom("response").selectAll().where("id", "=", p.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ locale: "ar", mode: "self", municipality_code: "0580", submitted_on: "2026-11-24" });
    expect(swedishDay(now)).toBe("2026-11-24");
    if (!result.ok || result.status !== "created") throw new Error();
    expect(row.receipt_hash).toBe(hashReceipt(result.receipt!));
    const answers = await t.db
      .selectFrom("answer")
      .selectAll()
      .where("response_id", "=", p.id)
      .orderBy("question_key")
      .execute();
    expect(answers).toHaveLength(7);
    expect(answers.find((a) => a.item_key === "mentor")).toMatchObject({
      question_key: "interventions.useful",
      choice: "5",
      value: 5,
    });
    expect(answers.find((a) => a.question_key === "edu.sfi_fits")).toMatchObject({ choice: "2", value: 2 });
  });

  it("stores the same id sent three times concurrently exactly once, and refuses another payload under it", async () => {
    const p = payload({
      "bg.gender": { kind: "choice", value: "woman" },
      "trust.respect_staff": { kind: "choice", value: "4" },
    });
    const results = await Promise.all([1, 2, 3].map(() => submitResponse(t.db, p, { now })));
    expect(results.map((r) => (r.ok ? r.status : r.status)).sort()).toEqual(["created", "duplicate", "duplicate"]);
    // Only the submission that stored it gets the code: the others are acknowledged without one.
    expect(results.filter((r) => r.ok && r.status === "duplicate")).toEqual([
      { ok: true, status: "duplicate", responseId: p.id },
      { ok: true, status: "duplicate", responseId: p.id },
    ]);
    const created = results.find((r) => r.ok && r.status === "created");
    expect(created).toMatchObject({ receipt: expect.stringMatching(/^[0-9A-Z]{10}$/) });
    expect(await submitResponse(t.db, p, { now })).toEqual({ ok: true, status: "duplicate", responseId: p.id });
    expect(await countRows(p.id)).toEqual({ responses: 1, answers: 2 });
    const changed = await submitResponse(
      t.db,
      { ...p, answers: { "bg.gender": { kind: "choice", value: "man" } } },
      { now },
    );
    expect(changed).toEqual({ ok: false, status: 409, error: "conflict" });
    expect(await countRows(p.id)).toEqual({ responses: 1, answers: 2 });
  });

  it("refuses bad answers without storing anything", async () => {
    const cases: [ResponsePayload["answers"], string][] = [
      [{ "no.such": { kind: "choice", value: "x" } }, "unknown_question"],
      [{ "bg.gender": { kind: "choice", value: "robot" } }, "unknown_option"],
      [{ "trust.one_change": { kind: "text", value: "x".repeat(2001) } }, "too_long"],
      [{ "work.obstacles": { kind: "choices", values: ["language", "licence", "health", "other"] } }, "too_many"],
      [{ "edu.sfi_fits": { kind: "choice", value: "5" } }, "not_asked"],
      [
        {
          "interventions.participated": { kind: "choices", values: ["sfi"] },
          "interventions.useful#mentor": { kind: "choice", value: "5" },
        },
        "not_asked",
      ],
      [{ "bg.gender": { kind: "special", value: "dont_know" } }, "special_not_allowed"],
      [{ "trust.discrimination": { kind: "choices", values: ["none", "work"] } }, "exclusive_combined"],
    ];
    for (const [answers, problem] of cases) {
      const p = payload({ "bg.children": { kind: "choice", value: "yes" }, ...answers });
      const result = await submitResponse(t.db, p, { now });
      expect(result.ok, problem).toBe(false);
      if (result.ok || result.error !== "invalid_answers") throw new Error(`expected invalid_answers for ${problem}`);
      expect(result.problems.map((x) => x.problem)).toContain(problem);
      expect(await countRows(p.id)).toEqual({ responses: 0, answers: 0 });
    }
  });

  it("refuses unknown, closed and not yet open surveys", async () => {
    expect(await submitResponse(t.db, payload({}, { survey: "NOPE99" }), { now })).toMatchObject({ status: 404 });
    expect(await submitResponse(t.db, payload({}), { now: new Date("2030-01-01") })).toMatchObject({
      status: 410,
      error: "survey_closed",
    });
    expect(await submitResponse(t.db, payload({}), { now: new Date("2020-01-01") })).toMatchObject({
      status: 410,
      error: "survey_not_open",
    });
  });

  it("withdraws a response by its receipt code, and an id once withdrawn cannot be reused", async () => {
    const p = payload({ "bg.children": { kind: "choice", value: "no" } });
    const result = await submitResponse(t.db, p, { now });
    if (!result.ok || result.status !== "created") throw new Error("submit failed");
    expect(await withdrawResponse(t.db, "0000000000")).toBe(false);
    expect(await withdrawResponse(t.db, result.receipt!)).toBe(true);
    expect(await countRows(p.id)).toEqual({ responses: 0, answers: 0 });
    expect(await withdrawResponse(t.db, result.receipt!)).toBe(false);
  });

  it("draws a new random receipt for every response, even for identical answers, and keeps only its hash", async () => {
    const answers: ResponsePayload["answers"] = {
      "bg.gender": { kind: "choice", value: "woman" },
      "bg.children": { kind: "choice", value: "yes" },
    };
    const [a, b] = [payload(answers), payload(answers)];
    const ra = await submitResponse(t.db, a, { now });
    const rb = await submitResponse(t.db, b, { now });
    if (!ra.ok || ra.status !== "created" || !rb.ok || rb.status !== "created") throw new Error("submit failed");
    expect(ra.receipt!).not.toBe(rb.receipt!);
    // The code itself (as made, as shown, or in lower case) is in no column of any table, only its hash.
    const tables = await sql<{
      name: string;
    }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
      t.db,
    );
    expect(tables.rows.length).toBeGreaterThan(10);
    for (const { name } of tables.rows) {
      for (const code of [ra.receipt!, formatReceipt(ra.receipt!)]) {
        const found = await sql<{
          n: number;
        }>`select count(*)::int as n from ${sql.table(name)} x where x::text ilike ${`%${code}%`}`.execute(t.db);
        expect(found.rows[0]!.n, `${code} in ${name}`).toBe(0);
      }
    }
    const rows = await t.db
      .selectFrom("response")
      .select(["id", "receipt_hash"])
      .where("id", "in", [a.id, b.id])
      .orderBy("id")
      .execute();
    expect(new Set(rows.map((r) => r.receipt_hash))).toEqual(
      new Set([hashReceipt(ra.receipt!), hashReceipt(rb.receipt!)]),
    );
    // Each code withdraws its own response only, once.
    expect(await withdrawResponse(t.db, rb.receipt!)).toBe(true);
    expect(await countRows(a.id)).toEqual({ responses: 1, answers: 2 });
    expect(await withdrawResponse(t.db, rb.receipt!)).toBe(false);
  });

  it("stores nothing when one answer row cannot be written: the response and its answers are one statement", async () => {
    const run = (await loadSurvey(t.db, "LIN580", now))!;
    const p = payload({ "bg.gender": { kind: "choice", value: "woman" } });
    const slots = [
      { id: "bg.gender", question: run.content.modules[0]!.questions.find((q) => q.key === "bg.gender")!, item: null },
    ];
    const { row, answers } = responseRows(run, p, "0580", { mode: "self" }, now, slots as never);
    // Two values in one answer row break the table's check, in the statement that also inserts the response row.
    await expect(storeResponse(row, [{ ...answers[0]!, text: "x" }], now).execute(t.db)).rejects.toThrow(
      /answer_one_value/,
    );
    expect(await countRows(p.id)).toEqual({ responses: 0, answers: 0 });
    // The same rows, well formed, go in whole.
    expect((await storeResponse(row, answers, now).execute(t.db)).rows).toEqual([{ id: p.id }]);
    expect(await countRows(p.id)).toEqual({ responses: 1, answers: 1 });
  });

  it("refuses a round closed elsewhere even while this server still holds it as open", async () => {
    const later = new Date(now.getTime() + 3_600_000);
    expect((await loadSurvey(t.db, "NOR581", later))!.status).toBe("open"); // now cached here
    // Another app instance closes the round: this one is not told.
    await t.db.updateTable("survey").set({ closes_at: now }).where("public_code", "=", "NOR581").execute();
    expect((await loadSurvey(t.db, "NOR581", later))!.status).toBe("open");
    const p = payload({ "bg.gender": { kind: "choice", value: "man" } }, { survey: "NOR581" });
    expect(await submitResponse(t.db, p, { now: later })).toEqual({ ok: false, status: 410, error: "survey_closed" });
    expect(await countRows(p.id)).toEqual({ responses: 0, answers: 0 });
  });
});

describe("drafts", () => {
  it("remember the page the respondent was sent to last, with the answers", async () => {
    const run = (await loadSurvey(t.db, "MOT583", now))!;
    const { token, responseId } = await createDraft(t.db, { surveyId: run.id, locale: "ar", municipality: null });
    expect(await loadDraft(t.db, token, run.id)).toMatchObject({ responseId, atPage: null, answers: {} });
    const answers = { "bg.gender": { kind: "choice", value: "man" } } as const;
    await saveDraft(t.db, token, { answers, municipality: "0583", locale: "fa", atPage: "work" });
    expect(await loadDraft(t.db, token, run.id)).toEqual({
      responseId,
      answers,
      municipality: "0583",
      locale: "fa",
      referredBy: null,
      atPage: "work",
    });
    await saveDraft(t.db, token, { answers, municipality: "0583", locale: "fa", atPage: "send" });
    expect((await loadDraft(t.db, token, run.id))!.atPage).toBe("send");
    // Another device's token, or another survey, finds nothing.
    expect(await loadDraft(t.db, "not-the-token", run.id)).toBeNull();
    expect(await loadDraft(t.db, token, run.id + 1000)).toBeNull();
  });
});
