/**
 * Hostile input against the running app (issue #8): thousands of generated bodies at the public submit path
 * and at ambassador sync. Every answer must be a clear one (a 4xx with a JSON error, or the per-interview
 * results of a sync), never a 5xx; whatever was accepted must be stored exactly as the schema allows, and
 * nothing may be written for what was refused (rows and dashboard deltas counted before and after).
 *
 * Each request comes from its own X-Forwarded-For address (the app trusts the proxy in these tests), so the
 * per-address rate limits never get in the way. Fixed seeds; FUZZ_SEED overrides, FUZZ_SCALE (e.g. 0.1) shrinks the runs.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { interviewSchema, MAX_BATCH } from "@/modules/ambassador/sync";
import type { Answers, AnswerValue } from "@/lib/battery/logic";
import { DEMO_PASSWORD } from "@/lib/seed";
import { generateDemoResponses } from "@/lib/seed/demo-responses";
import { buildReferenceBattery, referenceCatalogue } from "@/lib/seed/reference-battery";
import { responsePayloadSchema } from "@/modules/respondent/payload";
import {
  fromPlain,
  hostileJson,
  hostileKey,
  hostileString,
  type Json,
  malformedText,
  mutate,
  type Mutation,
  mutation,
  obj,
  raw,
  storable,
  toJsonText,
  trickyChars,
} from "@/tests/fuzz/arbitraries";
import { launch } from "./browser";

const baseUrl = inject("baseUrl");
const db = new pg.Pool({ connectionString: inject("appDatabaseUrl"), max: 2 });
/** Every id stored in this file, by either path: a refused request may reuse one (and get 409), which is no leak. */
const everStored = new Set<string>();
const seed = Number(process.env.FUZZ_SEED ?? 20260808);
const scale = Number(process.env.FUZZ_SCALE ?? 1);

/** Submit: 350 runs of 20 requests sent at once. Sync: 150 runs of 20 (each with up to three interviews). */
const SUBMIT_RUNS = Math.ceil(350 * scale);
const SUBMIT_PARALLEL = 20;
const SYNC_RUNS = Math.ceil(150 * scale);
const SYNC_PARALLEL = 20;

afterAll(async () => {
  // The other browser tests share this database: the fuzzed responses go again (never published: nothing to recount).
  if (everStored.size) await db.query("delete from response where id = any($1::uuid[])", [[...everStored]]);
  await db.end();
});

// ---------------------------------------------------------------------------------------------
// Valid payloads to start from: the demo generator's answer sets for Linköping and Norrköping
// ---------------------------------------------------------------------------------------------

/** Replaced by a fresh UUID at sending (each occurrence its own), so one valid shell can be stored many times. */
const ID = "@@fresh-id@@";
/** Replaced at sending by the signed-in ambassador's id and the rounds' battery version, known once the app runs. */
const AMBASSADOR = "@@ambassador@@";
const VERSION = "@@version@@";
const content = buildReferenceBattery();
const catalogue = referenceCatalogue();
const municipalities = [
  { code: "0580", population: 1, catalogue, surveyId: 0, localVersionId: null },
  { code: "0581", population: 1, catalogue, surveyId: 0, localVersionId: null },
];
const surveyCode: Record<string, string> = { "0580": "LIN580", "0581": "NOR581" };
const finishedAt = new Date(Date.now() - 3_600_000).toISOString();

const selfBases: Json[] = generateDemoResponses({
  count: 200,
  content,
  municipalities,
  ambassadors: [],
  now: new Date(),
  seed: 801,
}).map((r) => fromPlain({ id: ID, survey: surveyCode[r.municipalityCode], locale: r.locale, answers: r.answers }));
const interviewBases: Json[] = generateDemoResponses({
  count: 400,
  content,
  municipalities,
  ambassadors: [{ id: "ambassador", municipalities: ["0580", "0581"], locales: ["ar", "fa-AF", "fa"] }],
  now: new Date(),
  seed: 802,
})
  .filter((r) => r.mode === "assisted")
  .map((r, i) => {
    const record: Record<string, AnswerValue> = Object.fromEntries(
      Object.entries(r.interview ?? {}).map(([k, v]) => [k, { kind: "choice", value: v }]),
    );
    if (i % 3 === 0) record["amb.note"] = { kind: "text", value: "Frågorna saknade något om tandvård." };
    return fromPlain({
      id: ID,
      survey: surveyCode[r.municipalityCode],
      locale: r.locale,
      answers: r.answers,
      handover: r.handover,
      record,
      finishedAt,
      ambassador: AMBASSADOR,
      version: VERSION,
    });
  });

/** Free-text questions every respondent is asked: a hostile text there reaches the database when it is allowed. */
const textSlots = ["info.wish_told_earlier", "housing.comment", "trust.one_change", "closing.anything_else"];
const slotIds = content.modules.flatMap((m) => m.questions.map((q) => q.key));

/** An answer value of the right shape with a hostile string in it, or of any shape at all. */
const hostileAnswer: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 4,
    arbitrary: hostileString().map((value) =>
      obj([
        ["kind", "text"],
        ["value", value],
      ]),
    ),
  },
  {
    weight: 1,
    arbitrary: hostileString().map((value) =>
      obj([
        ["kind", "choice"],
        ["value", value],
      ]),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.array(hostileString({ huge: false }), { maxLength: 5 }).map((values) =>
      obj([
        ["kind", "choices"],
        ["values", values],
      ]),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(hostileString(), fc.constantFrom("dont_know", "no_answer")).map((value) =>
      obj([
        ["kind", "special"],
        ["value", value],
      ]),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(hostileKey, hostileJson).map(([k, v]) =>
      obj([
        ["kind", "text"],
        ["value", "ok"],
        [k, v],
      ]),
    ),
  },
  { weight: 1, arbitrary: hostileJson },
);

/** Answers that pass the payload's shape and must be judged against the battery: real keys, wrong places. */
const optionKeys = [
  ...new Set([
    ...content.modules.flatMap((m) => m.questions.flatMap((q) => (q.options ?? []).map((o) => o.key))),
    ...Object.values(content.scales).flatMap((sc) => sc.options.map((o) => o.key)),
    ...catalogue.map((o) => o.key),
    "yes",
    "no",
  ]),
];
const wellFormedSlot = fc.oneof(
  fc.constantFrom(...slotIds),
  fc
    .tuple(fc.constantFrom(...slotIds), fc.constantFrom(...catalogue.map((o) => o.key), "x"))
    .map(([q, item]) => `${q}#${item}`),
  fc.constantFrom("no.such", "bg.no_such", "amb.note", "amb.setting", "trust.one_change#x"),
);
const wellFormedAnswer: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...optionKeys).map((value) =>
    obj([
      ["kind", "choice"],
      ["value", value],
    ]),
  ),
  fc.uniqueArray(fc.constantFrom(...optionKeys), { minLength: 1, maxLength: 6 }).map((values) =>
    obj([
      ["kind", "choices"],
      ["values", values],
    ]),
  ),
  fc.array(fc.constantFrom(...optionKeys), { minLength: 2, maxLength: 4 }).map((values) =>
    obj([
      ["kind", "choices"],
      ["values", values],
    ]),
  ),
  fc.constantFrom("dont_know", "no_answer").map((value) =>
    obj([
      ["kind", "special"],
      ["value", value],
    ]),
  ),
  fc.constantFrom(" ", "\u200B", "\u202E", "ok", "x".repeat(2_001)).map((value) =>
    obj([
      ["kind", "text"],
      ["value", value],
    ]),
  ),
);

/** Mutations that aim at the fields the server stores: free text, the answers map, the interview record. */
function targeted(kind: "submit" | "interview"): fc.Arbitrary<Mutation> {
  const text = (slots: string[], where: string) =>
    fc.record({
      op: fc.constant("put" as const),
      path: fc.constantFrom(...slots).map((s) => [where, s]),
      value: hostileAnswer,
    });
  const options: fc.WeightedArbitrary<Mutation>[] = [
    { weight: 4, arbitrary: text(textSlots, "answers") },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant("put" as const),
        path: fc.oneof(fc.constantFrom(...slotIds), hostileKey).map((s) => ["answers", s]),
        value: hostileAnswer,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant("put" as const),
        path: wellFormedSlot.map((s) => ["answers", s]),
        value: wellFormedAnswer,
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant("put" as const),
        path: fc.constantFrom(["id"], ["survey"], ["locale"], ["municipality"], ["answers"]),
        value: fc.oneof(
          hostileJson,
          fc.tuple(fc.constantFrom("LIN580", "sv", "0580"), fc.constantFrom(...trickyChars)).map(([s, c]) => c + s),
        ),
      }),
    },
  ];
  if (kind === "interview") {
    options.push(
      { weight: 3, arbitrary: text(["amb.note"], "record") },
      {
        weight: 1,
        arbitrary: fc.record({
          op: fc.constant("put" as const),
          path: fc
            .constantFrom("amb.setting", "amb.place", "amb.read_aloud", "amb.note", "amb.other")
            .map((k) => ["record", k]),
          value: wellFormedAnswer,
        }),
      },
      { weight: 1, arbitrary: text(["trust.works_worst"], "answers") },
      {
        weight: 1,
        arbitrary: fc.record({
          op: fc.constant("put" as const),
          path: fc.constantFrom(["record"], ["handover"], ["finishedAt"], ["record", "amb.setting"]),
          value: hostileJson,
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          op: fc.constant("put" as const),
          path: fc.constant(["handover"]),
          value: fc.array(fc.oneof(hostileString(), fc.constantFrom(...slotIds)), { maxLength: 6 }),
        }),
      },
    );
  }
  return fc.oneof(...options);
}

/** A mutation as a short line: the strings in it cut to 80 characters, escaped, so invisible characters show. */
const noteOf = (ms: Mutation[]) =>
  JSON.stringify(ms, (_, v: unknown) =>
    typeof v === "string" && v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v,
  ).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** A valid shell with one to three hostile changes, general or aimed at what gets stored. */
function mutatedValid(bases: Json[], kind: "submit" | "interview"): fc.Arbitrary<{ json: Json; note: string }> {
  return fc
    .tuple(
      fc.nat({ max: bases.length - 1 }),
      fc.array(fc.oneof({ weight: 2, arbitrary: mutation }, { weight: 3, arbitrary: targeted(kind) }), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([i, ms]) => ({ json: mutate(bases[i]!, ms), note: `base ${i}, ${noteOf(ms)}` }));
}

/** A request body: the JSON text, with a short form of it for reports (a failing run prints this, not megabytes). */
class Body {
  constructor(
    readonly text: string,
    /** What was changed in a valid shell, for the report. */
    readonly note = "",
  ) {}
  [fc.toStringMethod](): string {
    return `Body(${this.text.length} chars${this.note ? `, ${this.note}` : ""}: ${JSON.stringify(this.text.slice(0, 120))})`;
  }
}
const asBody = (j: Json) => new Body(toJsonText(j));

const submitBody: fc.Arbitrary<Body> = fc.oneof(
  { weight: 6, arbitrary: mutatedValid(selfBases, "submit").map(({ json, note }) => new Body(toJsonText(json), note)) },
  { weight: 1, arbitrary: fc.nat({ max: selfBases.length - 1 }).map((i) => asBody(selfBases[i]!)) },
  { weight: 2, arbitrary: hostileJson.map(asBody) },
  {
    weight: 1,
    arbitrary: fc
      .nat({ max: selfBases.length - 1 })
      .chain((i) => malformedText(toJsonText(selfBases[i]!)))
      .map((t) => new Body(t)),
  },
);

const interview: fc.Arbitrary<{ json: Json; note: string }> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.nat({ max: interviewBases.length - 1 }).map((i) => ({ json: interviewBases[i]!, note: `base ${i}` })),
  },
  { weight: 6, arbitrary: mutatedValid(interviewBases, "interview") },
  { weight: 1, arbitrary: hostileJson.map((json) => ({ json, note: "random" })) },
);

const syncBody: fc.Arbitrary<Body> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .array(interview, { minLength: 1, maxLength: 3 })
      .map(
        (items) =>
          new Body(
            toJsonText(obj([["interviews", items.map((i) => i.json)]])),
            items.map((i, n) => `#${n}: ${i.note}`).join("; "),
          ),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(interview, fc.array(mutation, { minLength: 1, maxLength: 2 }))
      .map(
        ([item, ms]) =>
          new Body(toJsonText(mutate(obj([["interviews", [item.json]]]), ms)), `batch ${noteOf(ms)}; #0: ${item.note}`),
      ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(MAX_BATCH + 1, 200)
      .map((n) => asBody(obj([["interviews", raw(`[${Array(n).fill("{}").join(",")}]`)]]))),
  },
  {
    weight: 1,
    arbitrary: fc
      .nat({ max: interviewBases.length - 1 })
      .chain((i) => malformedText(toJsonText(obj([["interviews", [interviewBases[i]!]]]))))
      .map((t) => new Body(t)),
  },
);

// ---------------------------------------------------------------------------------------------
// Sending, and what may come back
// ---------------------------------------------------------------------------------------------

let sent = 0;
/** A distinct client address per request: 10.9.0.0 onwards. */
const nextAddress = () => {
  const n = sent++;
  return `10.${9 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
};

type Answer = { status: number; contentType: string; body: unknown; text: string };

async function post(path: string, text: string, cookie?: string): Promise<Answer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    body: text,
    headers: { "content-type": "application/json", "x-forwarded-for": nextAddress(), ...(cookie ? { cookie } : {}) },
  });
  const body = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", body: parsed, text: body };
}

/** Fills the body's fresh-id placeholders; each one gets its own UUID. */
const withIds = (text: string) => text.replace(/"@@fresh-id@@"/g, () => JSON.stringify(randomUUID()));

const short = (s: string) => JSON.stringify(s.length > 400 ? `${s.slice(0, 400)}… (${s.length} chars)` : s);

/** A refusal: a 4xx other than "slow down" (that would mean the test itself went wrong), with a JSON error. */
function expectClearRefusal(answer: Answer, sentText: string, note: string, allowed: number[]) {
  const where = `body ${short(sentText)} [${note}] → ${answer.status} ${short(answer.text)}`;
  expect(allowed, where).toContain(answer.status);
  expect(answer.contentType, where).toMatch(/^application\/json/);
  expect(typeof (answer.body as { error?: unknown } | undefined)?.error, where).toBe("string");
}

type Stored = {
  id: string;
  answers: Answers;
  locale: string;
  handover: string[];
  record: Record<string, AnswerValue> | null;
};

/** What a run wrote, by the app's own tables, and what the dashboards show (published figures, moved only by the job). */
async function counts() {
  const { rows } = await db.query<Record<string, number>>(`select
    (select count(*)::int from response) as responses,
    (select count(*)::int from answer) as answers,
    (select count(*)::int from response where published_on is null) as pending,
    (select count(*)::int from response_draft) as drafts,
    (select coalesce(sum(n), 0)::int from published_response_tally) as response_tally,
    (select coalesce(sum(n), 0)::int from published_answer_tally) as answer_tally`);
  return rows[0]!;
}

/** Everything accepted is in the database exactly as the schema passed it, and nothing refused is there. */
async function verifyStorage(
  stored: Stored[],
  refusedIds: Set<string>,
  before: Record<string, number>,
  mode: "self" | "assisted",
) {
  const after = await counts();
  const expectedAnswers = stored.reduce((n, s) => n + Object.keys(s.answers).length, 0);
  expect({
    responses: after.responses! - before.responses!,
    answers: after.answers! - before.answers!,
    pending: after.pending! - before.pending!,
    drafts: after.drafts! - before.drafts!,
    response_tally: after.response_tally! - before.response_tally!,
    answer_tally: after.answer_tally! - before.answer_tally!,
  }).toEqual({
    responses: stored.length,
    answers: expectedAnswers,
    pending: stored.length,
    drafts: 0,
    response_tally: 0,
    answer_tally: 0,
  });

  const ids = stored.map((s) => s.id.toLowerCase());
  const responses = new Map(
    (
      await db.query(
        "select id, locale, mode, interview, handover_questions from response where id = any($1::uuid[])",
        [ids],
      )
    ).rows.map((r) => [r.id as string, r]),
  );
  const answers = new Map<
    string,
    {
      question_key: string;
      item_key: string;
      choice: string | null;
      choices: string[] | null;
      text: string | null;
      special: string | null;
      in_handover: boolean;
    }[]
  >();
  for (const { response_id: id, ...a } of (
    await db.query(
      "select response_id, question_key, item_key, choice, choices, text, special, in_handover from answer where response_id = any($1::uuid[])",
      [ids],
    )
  ).rows) {
    answers.set(id, [...(answers.get(id) ?? []), a]);
  }
  for (const s of stored) {
    const id = s.id.toLowerCase();
    const row = responses.get(id);
    expect(row, id).toMatchObject({ locale: s.locale, mode });
    if (mode === "assisted") {
      expect(row.interview, id).toEqual(s.record);
      expect(row.handover_questions, id).toEqual(s.handover);
    }
    const expected = Object.entries(s.answers)
      .map(([slot, v]) => {
        const [question, item = ""] = slot.split("#") as [string, string?];
        return {
          question_key: question,
          item_key: item,
          choice: v.kind === "choice" ? v.value : null,
          choices: v.kind === "choices" ? v.values : null,
          text: v.kind === "text" ? v.value : null,
          special: v.kind === "special" ? v.value : null,
          in_handover: s.handover.includes(slot),
        };
      })
      .sort((a, b) => `${a.question_key}#${a.item_key}`.localeCompare(`${b.question_key}#${b.item_key}`));
    const actual = (answers.get(id) ?? []).sort((a, b) =>
      `${a.question_key}#${a.item_key}`.localeCompare(`${b.question_key}#${b.item_key}`),
    );
    expect(actual, id).toEqual(expected);
    for (const a of actual) if (a.text !== null) expect(storable(a.text), id).toBe(true);
  }
  const leaked: string[] = [];
  const refused = [...refusedIds].filter((id) => !everStored.has(id));
  if (refused.length)
    leaked.push(
      ...(await db.query("select id from response where id = any($1::uuid[])", [refused])).rows.map((r) => r.id),
    );
  expect(leaked, "responses stored although refused").toEqual([]);
}

/** The id a body carries, if it looks like a UUID, to check that a refused one left nothing behind. */
function idsIn(text: string, pick: (body: unknown) => unknown[]): string[] {
  try {
    return pick(JSON.parse(text))
      .map((x) => (x && typeof x === "object" ? (x as { id?: unknown }).id : undefined))
      .filter(
        (id): id is string =>
          typeof id === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id),
      )
      .map((id) => id.toLowerCase());
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

describe("hostile input (property-based)", () => {
  it(
    "gives only clear 4xx answers at the submit path, and stores exactly what it accepts",
    { timeout: 180_000 },
    async () => {
      // The shells are valid: sent as they are, each is stored.
      for (const base of selfBases.slice(0, 3)) {
        const r = await post("/api/responses", withIds(toJsonText(base)));
        expect(r.status, r.text).toBe(201);
        everStored.add((r.body as { id: string }).id);
      }
      const before = await counts();
      const stored: Stored[] = [];
      const refusedIds = new Set<string>();
      const acceptedIds = new Set<string>();
      let requests = 0;
      const statuses = new Map<string, number>();
      const t0 = Date.now();

      await fc.assert(
        fc.asyncProperty(
          fc.array(submitBody, { minLength: SUBMIT_PARALLEL, maxLength: SUBMIT_PARALLEL }),
          async (bodies) => {
            await Promise.all(
              bodies.map(async (b) => {
                const text = withIds(b.text);
                const answer = await post("/api/responses", text);
                requests++;
                const key = `${answer.status} ${(answer.body as { error?: string } | undefined)?.error ?? (answer.body as { status?: string } | undefined)?.status ?? ""}`;
                statuses.set(key, (statuses.get(key) ?? 0) + 1);
                if (answer.status === 201 || answer.status === 200) {
                  const payload = responsePayloadSchema.safeParse(JSON.parse(text));
                  expect(payload.success, `accepted but not valid: ${short(text)}`).toBe(true);
                  const p = payload.data!;
                  expect(answer.body, short(text)).toMatchObject({
                    id: p.id,
                    status: answer.status === 201 ? "created" : "duplicate",
                  });
                  // The receipt code only in the answer that stored the response; sent again, none.
                  expect(typeof (answer.body as { receipt?: unknown }).receipt, short(text)).toBe(
                    answer.status === 201 ? "string" : "undefined",
                  );
                  if (answer.status === 201) {
                    expect(acceptedIds.has(p.id.toLowerCase()), `stored twice: ${p.id}`).toBe(false);
                    acceptedIds.add(p.id.toLowerCase());
                    everStored.add(p.id.toLowerCase());
                    stored.push({ id: p.id, answers: p.answers, locale: p.locale, handover: [], record: null });
                  } else
                    expect(
                      acceptedIds.has(p.id.toLowerCase()),
                      `"duplicate" of an id never stored: ${short(text)}`,
                    ).toBe(true);
                } else {
                  expectClearRefusal(answer, text, b.note, [400, 404, 409, 410, 413]);
                  for (const id of idsIn(text, (body) => [body])) refusedIds.add(id);
                }
              }),
            );
          },
        ),
        { numRuns: SUBMIT_RUNS, seed, endOnFailure: true },
      );
      const seconds = (Date.now() - t0) / 1000;
      console.log(
        `[fuzz] submit: ${requests} requests in ${seconds.toFixed(1)} s, ${stored.length} stored; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      expect(requests).toBeGreaterThanOrEqual(SUBMIT_RUNS * SUBMIT_PARALLEL);
      // The mutations must reach the deep checks, not only the shape: some accepted, some refused per answer.
      if (scale >= 1) expect(stored.length).toBeGreaterThan(100);
      await verifyStorage(stored, refusedIds, before, "self");
    },
  );

  describe("ambassador sync", () => {
    let cookie = "";
    /** An interview batch as the ambassador's device sends it: fresh ids, their own id and the rounds' version. */
    let interviewText = (text: string) => text;
    beforeAll(async () => {
      const ambassador = (await db.query("select id from app_user where email = 'ambassador@demo.example'")).rows[0]
        .id as string;
      const versions = (
        await db.query("select distinct battery_version_id as v from survey where public_code = any($1::text[])", [
          Object.values(surveyCode),
        ])
      ).rows;
      expect(versions).toHaveLength(1);
      interviewText = (text) =>
        withIds(text)
          .replaceAll(JSON.stringify(AMBASSADOR), JSON.stringify(ambassador))
          .replaceAll(JSON.stringify(VERSION), String(versions[0].v));
      const browser = await launch();
      try {
        // Its own address, so earlier sign-ins in this run do not count against the sign-in limit.
        const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "10.8.0.1" } });
        const page = await context.newPage();
        await page.goto(`${baseUrl}/sv/sign-in`);
        await page.locator("#email").fill("ambassador@demo.example");
        await page.locator("#password").fill(DEMO_PASSWORD);
        await page.locator("form.stack button[type=submit]").click();
        await page.waitForURL((url) => url.pathname.endsWith("/ambassador"));
        cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      } finally {
        await browser.close();
      }
    });

    it(
      "answers every batch with per-interview results or a clear 4xx, and stores exactly the interviews it says it stored",
      { timeout: 180_000 },
      async () => {
        const validText = interviewText(toJsonText(obj([["interviews", interviewBases.slice(0, 2)]])));
        const valid = await post("/api/ambassador/sync", validText, cookie);
        expect(valid.status, valid.text).toBe(200);
        for (const id of idsIn(validText, (body) => (body as { interviews: unknown[] }).interviews)) everStored.add(id);
        expect((valid.body as { results: { status: string }[] }).results.map((r) => r.status)).toEqual([
          "stored",
          "stored",
        ]);

        const before = await counts();
        const stored: Stored[] = [];
        const refusedIds = new Set<string>();
        const storedIds = new Set<string>();
        let requests = 0;
        let interviews = 0;
        const outcomes = new Map<string, number>();
        const t0 = Date.now();

        await fc.assert(
          fc.asyncProperty(
            fc.array(syncBody, { minLength: SYNC_PARALLEL, maxLength: SYNC_PARALLEL }),
            async (bodies) => {
              await Promise.all(
                bodies.map(async (b) => {
                  const text = interviewText(b.text);
                  const answer = await post("/api/ambassador/sync", text, cookie);
                  requests++;
                  if (answer.status !== 200) {
                    expectClearRefusal(answer, text, b.note, [400, 413]);
                    for (const id of idsIn(text, (body) => (body as { interviews?: unknown[] })?.interviews ?? []))
                      refusedIds.add(id);
                    outcomes.set(`http ${answer.status}`, (outcomes.get(`http ${answer.status}`) ?? 0) + 1);
                    return;
                  }
                  const where = `body ${short(text)} [${b.note}] → ${short(answer.text)}`;
                  const sentItems = (JSON.parse(text) as { interviews: unknown[] }).interviews;
                  const results = (answer.body as { results?: { id: unknown; status: string; reason?: string }[] })
                    .results;
                  expect(Array.isArray(results), where).toBe(true);
                  expect(results!.length, where).toBe(sentItems.length);
                  interviews += sentItems.length;
                  results!.forEach((result, i) => {
                    // Refused as invalid: by the payload's shape (zod issues) or per answer (problems with a slot).
                    const details = (result as { details?: unknown }).details;
                    const kind =
                      result.reason === "invalid"
                        ? `invalid ${Array.isArray(details) && (details[0] as { slot?: unknown } | undefined)?.slot ? "answers" : "shape"}`
                        : (result.reason ?? result.status);
                    outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
                    expect(["stored", "duplicate", "refused"], where).toContain(result.status);
                    const parsed = interviewSchema.safeParse(sentItems[i]);
                    if (result.status === "refused") {
                      // other_ambassador and version_changed: a mutation that changed whose interview it is, or its version.
                      expect(
                        [
                          "invalid",
                          "forbidden",
                          "survey_closed",
                          "unknown_survey",
                          "conflict",
                          "too_late",
                          "other_ambassador",
                          "version_changed",
                        ],
                        where,
                      ).toContain(result.reason);
                      for (const id of idsIn(text, () => [sentItems[i]])) refusedIds.add(id);
                      return;
                    }
                    expect(parsed.success, `${result.status} but not valid: ${where}`).toBe(true);
                    const p = parsed.data!;
                    if (result.status === "stored") {
                      expect(storedIds.has(p.id.toLowerCase()), `stored twice: ${p.id}`).toBe(false);
                      storedIds.add(p.id.toLowerCase());
                      everStored.add(p.id.toLowerCase());
                      stored.push({
                        id: p.id,
                        answers: p.answers,
                        locale: p.locale,
                        handover: p.handover,
                        record: p.record,
                      });
                    } else
                      expect(storedIds.has(p.id.toLowerCase()), `"duplicate" of an id never stored: ${where}`).toBe(
                        true,
                      );
                  });
                }),
              );
            },
          ),
          { numRuns: SYNC_RUNS, seed: seed + 1, endOnFailure: true },
        );
        const seconds = (Date.now() - t0) / 1000;
        console.log(
          `[fuzz] sync: ${requests} requests (${interviews} interviews) in ${seconds.toFixed(1)} s, ${stored.length} stored; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
        );
        expect(requests).toBeGreaterThanOrEqual(SYNC_RUNS * SYNC_PARALLEL);
        if (scale >= 1) expect(stored.length).toBeGreaterThan(100);
        await verifyStorage(stored, refusedIds, before, "assisted");
      },
    );
  });
});
