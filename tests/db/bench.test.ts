/**
 * The bench (npm run bench) in miniature, so its code paths cannot rot unnoticed: a few rows each, no timing
 * assertions. Full responses through the submit logic and the app's own submit route with the load generator,
 * "the limit" writing exactly the rows submitResponse writes, ambassador sync of queued interviews, synthetic
 * dashboard data with the published tallies a recount makes and an unchanged schema, and the report table.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncInterviews } from "@/modules/ambassador/sync";
import type { Principal } from "@/lib/auth/policy";
import type { Locale } from "@/lib/i18n/locales";
import { publishPools, rebuildPublishedTallies } from "@/modules/dashboard/publication";
import { seedDatabase } from "@/lib/seed";
import { responsePayloadSchema } from "@/modules/respondent/payload";
import { answerSubmission } from "@/modules/respondent/submit-api";
import { submitResponse, withdrawResponse } from "@/modules/respondent/submit";
import { DASHBOARD_MODULE, DASHBOARD_MUNICIPALITY, median, timeDashboard } from "@/scripts/bench/dashboard";
import { loadAgent, percentile, runLoad, runLocal } from "@/scripts/bench/load";
import { renderTable, rows } from "@/scripts/bench/report";
import {
  directStatements,
  fullAnswers,
  loadTargets,
  makeInterviews,
  makeResponses,
  type Target,
  writeDirect,
} from "@/scripts/bench/responses";
import { hiddenInputs } from "@/scripts/bench/session";
import { generateSynthetic, keyDefinitions, syntheticQuestions } from "@/scripts/bench/synthetic";
import { visibleSlots } from "@/lib/battery/logic";
import { makeRandom } from "@/lib/seed/demo-responses";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
let targets: Target[];

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 0 });
  targets = await loadTargets(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const count = async (table: "response" | "answer", ids?: string[]) => {
  const column = sql.ref(table === "response" ? "id" : "response_id");
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(table)} ${ids ? sql`where ${column} = any(${ids}::uuid[])` : sql``}`.execute(
    t.db,
  );
  return rows[0]!.n;
};

const staff: Principal = {
  id: "s",
  name: "S",
  email: "s@x",
  role: "staff",
  municipalityCode: "0580",
  ambassadorMunicipalities: [],
  ambassadorLocales: [],
  translationReviewer: false,
  active: true,
};

/** Every published tally row, in key order. */
async function publishedTallies() {
  return {
    answers: (
      await sql`select * from published_answer_tally order by dim, dim_value, question_key, survey_id, municipality_code, mode_group, item_key, value`.execute(
        t.db,
      )
    ).rows,
    responses: (
      await sql`select * from published_response_tally order by dim, dim_value, breakdown, survey_id, municipality_code, key`.execute(
        t.db,
      )
    ).rows,
  };
}

/** The published tallies equal a from-scratch recount of the published responses and answers. */
async function talliesMatchRecount() {
  const kept = await publishedTallies();
  expect(kept.responses.length).toBeGreaterThan(0);
  await rebuildPublishedTallies(t.db);
  expect(await publishedTallies()).toEqual(kept);
}

describe("bench: full responses", () => {
  it("answers every question a respondent sees, and the server stores them", async () => {
    const made = makeResponses(targets, 6);
    for (const r of made) {
      const visible = visibleSlots(r.target.run.content, r.payload.answers, r.target.ctx).map((s) => s.id);
      expect(Object.keys(r.payload.answers).sort()).toEqual(visible.sort());
      expect(visible.length).toBeGreaterThan(40);
      const parsed = responsePayloadSchema.parse(JSON.parse(JSON.stringify(r.payload)));
      const result = await submitResponse(t.db, parsed);
      expect(result).toMatchObject({ ok: true, status: "created" });
    }
    // Deterministic answers for a seed.
    expect(fullAnswers(targets[0]!, makeRandom(1))).toEqual(fullAnswers(targets[0]!, makeRandom(1)));
  });

  it("'the limit' writes exactly the rows submitResponse writes", async () => {
    const [r] = makeResponses(
      targets.filter((x) => x.run.code === "LIN580"),
      1,
      5,
    );
    const snapshot = async (id: string) => {
      // The record key is drawn at random by the database on every insert: in range, and not compared.
      // So is the receipt code, of which only the hash is kept.
      const { record_key, receipt_hash, ...response } = await t.db
        .selectFrom("response")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(receipt_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(Number(record_key)).toBeGreaterThanOrEqual(0);
      expect(Number(record_key)).toBeLessThan(2 ** 32);
      return {
        response,
        answers: await t.db
          .selectFrom("answer")
          .selectAll()
          .where("response_id", "=", id)
          .orderBy("question_key")
          .orderBy("item_key")
          .execute(),
      };
    };
    const submitted = await submitResponse(t.db, r!.payload);
    if (!submitted.ok || submitted.status !== "created") throw new Error(JSON.stringify(submitted));
    const viaApp = await snapshot(r!.payload.id);
    expect(await withdrawResponse(t.db, submitted.receipt!)).toBe(true);

    const pool = new pg.Pool({ connectionString: t.url, max: 2 });
    try {
      await writeDirect(pool, directStatements(t.db, r!));
    } finally {
      await pool.end();
    }
    expect(await snapshot(r!.payload.id)).toEqual(viaApp);
  });

  it("the limit's closed loop writes from several connections, and publication counts them exactly", async () => {
    // One round, so that its pools fill and are published.
    const made = makeResponses(
      targets.filter((x) => x.run.code === "LIN580"),
      12,
      21,
    );
    const statements = made.map((r) => directStatements(t.db, r));
    const pool = new pg.Pool({ connectionString: t.url, max: 4 });
    try {
      const result = await runLocal({
        concurrency: 4,
        total: statements.length,
        maxMs: 20_000,
        work: (i) => writeDirect(pool, statements[i]!),
      });
      expect(result).toMatchObject({ sent: 12, ok: 12, errors: 0 });
    } finally {
      await pool.end();
    }
    expect(
      await count(
        "response",
        made.map((r) => r.payload.id),
      ),
    ).toBe(12);
    // The round is open: its responses are counted, its answers wait for it to close (the synthetic data below has both).
    const published = await publishPools(t.db);
    expect(published.responses).toBeGreaterThanOrEqual(12);
    expect(published.answers).toBe(0);
    await talliesMatchRecount();
  });
});

describe("bench: load generator", () => {
  it("posts through a keep-alive HTTP client to the app's submit route with a bounded count, and counts answers and errors", async () => {
    // A stand-in for the app's POST /api/responses (the same answerSubmission), on this test's database: what is
    // tested here is the load generator.
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        let body: unknown = null;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
          // answered 400 by the payload check
        }
        void answerSubmission(t.db, body).then((answer) => {
          res.writeHead(answer.status, { "content-type": "application/json" });
          res.end(JSON.stringify(answer.body));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const bodies = makeResponses(targets, 10, 33).map((r) => JSON.stringify(r.payload));
      bodies.push("{}"); // one bad request: counted as an error
      const created: string[] = [];
      const result = await runLoad({
        baseUrl,
        concurrency: 4,
        total: bodies.length,
        maxMs: 20_000,
        request: (i) => ({ method: "POST", path: "/api/responses", body: bodies[i]! }),
        onResponse: (_i, status, body) => status === 201 && created.push((JSON.parse(body) as { id: string }).id),
      });
      expect(result).toMatchObject({ sent: 11, ok: 10, errors: 1, errorKinds: { "400": 1 } });
      expect(result.latencyMs.p99).toBeGreaterThanOrEqual(result.latencyMs.p50);
      expect(result.slowest).toHaveLength(10);
      expect(result.slowest[0]!.ms).toBe(result.latencyMs.max);
      expect(await count("response", created)).toBe(10);

      // A warm-up and the measured run share the clients' connections: no new connection when the clock starts.
      let connections = 0;
      server.on("connection", () => connections++);
      const agent = loadAgent(3);
      const again = (n: number) =>
        runLoad({
          baseUrl,
          concurrency: 3,
          total: n,
          maxMs: 20_000,
          request: () => ({ method: "POST", path: "/api/responses", body: bodies[0]! }),
          agent,
        });
      await again(6);
      const opened = connections;
      expect((await again(9)).sent).toBe(9);
      expect([opened, connections]).toEqual([3, 3]);
      agent.destroy();
      await expect(
        runLoad({
          baseUrl: "http://192.0.2.1:80",
          concurrency: 1,
          total: 1,
          maxMs: 1000,
          request: () => ({ method: "GET", path: "/" }),
        }),
      ).rejects.toThrow(/loopback/);
    } finally {
      server.close();
    }
  });

  it("takes percentiles by nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100), percentile([], 50)]).toEqual([
      50, 99, 100, 0,
    ]);
  });
});

describe("bench: ambassador sync", () => {
  it("stores every queued interview once, with its handover and record", async () => {
    const id = (
      await t.db
        .selectFrom("app_user")
        .select("id")
        .where("email", "=", "ambassador@demo.example")
        .executeTakeFirstOrThrow()
    ).id;
    const amina: Principal = {
      ...staff,
      id,
      role: "ambassador",
      municipalityCode: null,
      ambassadorMunicipalities: ["0580", "0581"],
      ambassadorLocales: ["ar", "fa-AF", "fa"],
    };
    const theirs = targets.filter((x) => x.municipality && amina.ambassadorMunicipalities.includes(x.municipality));
    const interviews = makeInterviews(theirs, id, amina.ambassadorLocales as Locale[], 12);
    expect(interviews.some((i) => i.handover.length > 0)).toBe(true);
    const outcomes = [];
    for (let i = 0; i < interviews.length; i += 5)
      outcomes.push(...(await syncInterviews(t.db, amina, { interviews: interviews.slice(i, i + 5) }))!);
    expect(outcomes.map((o) => o.status)).toEqual(Array(12).fill("stored"));
    const stored = await t.db
      .selectFrom("response")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where(
        "id",
        "in",
        interviews.map((i) => i.id),
      )
      .where("mode", "=", "assisted")
      .where("ambassador_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(stored.n).toBe(12);
  });

  it("reads a server action form's hidden fields, as a browser without JavaScript posts them", () => {
    const html = `<main><form action="" method="POST"><input type="hidden" name="$ACTION_REF_1"/><input type="hidden" name="$ACTION_1:0" value="{&quot;id&quot;:&quot;ab&quot;}"/><input type="hidden" name="locale" value="sv"/><input id="email" name="email"/></form><form><input type="hidden" name="other" value="x"/></form>`;
    expect(hiddenInputs(html)).toEqual([
      ["$ACTION_REF_1", ""],
      ["$ACTION_1:0", '{"id":"ab"}'],
      ["locale", "sv"],
    ]);
  });
});

describe("bench: dashboard at scale (in miniature)", () => {
  const catalog = async () => ({
    keys: (await keyDefinitions(t.db)).map((d) => `${d.table} ${d.name} ${d.kind} ${d.def}`).sort(),
    constraints: (
      await sql<{
        c: string;
      }>`select conrelid::regclass || ' ' || conname || ' ' || convalidated || ' ' || pg_get_constraintdef(oid) as c from pg_constraint where connamespace = 'public'::regnamespace order by 1`.execute(
        t.db,
      )
    ).rows.map((r) => r.c),
    columns: (
      await sql<{
        c: string;
      }>`select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') as c from information_schema.columns where table_schema = 'public' order by 1`.execute(
        t.db,
      )
    ).rows.map((r) => r.c),
    tables: (
      await sql<{
        c: string;
      }>`select relname || ' ' || relpersistence::text as c from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'i') order by 1`.execute(
        t.db,
      )
    ).rows.map((r) => r.c),
  });

  it("replaces the responses with synthetic ones fast, keeps the schema identical, and counts the published tallies exactly", async () => {
    const content = targets.find((x) => x.run.code === "LIN580")!.run.content;
    const before = await catalog();
    const n = 400;
    const made = await generateSynthetic(t.db, content, n, { baseDate: "2026-11-23" });
    expect(await catalog()).toEqual(before);
    expect(await count("response")).toBe(n);
    expect(await count("answer")).toBe(made.answers);
    // Every question answered by every response, except free text (most leave it empty).
    const questions = syntheticQuestions(content);
    const withText = questions.filter((q) =>
      q.buckets.some((b) => b.text === undefined && b.choice === undefined && !b.choices && !b.special),
    );
    expect(made.answers).toBeGreaterThanOrEqual(n * (questions.length - withText.length));
    const perResponse = await sql<{
      min: number;
      max: number;
    }>`select min(c)::int as min, max(c)::int as max from (select count(*) as c from answer group by response_id) x`.execute(
      t.db,
    );
    expect(perResponse.rows[0]!.min).toBeGreaterThanOrEqual(questions.length - withText.length);

    // The published tallies made from the buckets (groups from the role questions' buckets, keys from a hash) are
    // those a recount of the published responses and answers makes.
    const generated = await publishedTallies();
    expect(generated.answers.length).toBe(made.answerTallyRows);
    expect(generated.answers.some((r) => (r as { dim: string }).dim === "age")).toBe(true);
    await talliesMatchRecount();

    // Spread like the product's data: a third in Linköping, both modes, handover, several languages and months.
    const spread = await sql<{ lin: number; assisted: number; handover: number; locales: number; months: number }>`
      select count(*) filter (where municipality_code = '0580')::int as lin, count(*) filter (where mode = 'assisted')::int as assisted,
             count(*) filter (where cardinality(handover_questions) > 0)::int as handover, count(distinct locale)::int as locales,
             count(distinct date_trunc('month', submitted_on))::int as months
      from response`.execute(t.db);
    const s = spread.rows[0]!;
    expect(s.lin).toBeGreaterThan(n / 5);
    expect(s.assisted).toBeGreaterThan(n / 5);
    expect(s.handover).toBeGreaterThan(0);
    expect(s.locales).toBe(10);
    expect(s.months).toBeGreaterThan(6);

    // A second size replaces the first (the bench's 10k, 100k, 1M steps).
    const again = await generateSynthetic(t.db, content, 150, { baseDate: "2026-11-23" });
    expect(await count("response")).toBe(150);
    expect(await catalog()).toEqual(before);
    const times = await timeDashboard(t.db, content, 1);
    expect(times.respondents).toBeGreaterThan(0);
    expect(times.respondents).toBeLessThanOrEqual(again.responses);
    expect([DASHBOARD_MUNICIPALITY, DASHBOARD_MODULE]).toEqual(["0580", "trust"]);
    expect(await median(async () => {}, 3)).toBeGreaterThanOrEqual(0);
    const leftover = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_class where relname like 'bench\\_%'`.execute(t.db);
    expect(leftover.rows[0]!.n).toBe(0);
  });
});

describe("bench: report", () => {
  it("prints each figure beside its target with met or missed", () => {
    const load = {
      sent: 3000,
      ok: 3000,
      errors: 0,
      errorKinds: {},
      durationMs: 8000,
      perSecond: 375,
      latencyMs: { p50: 90, p90: 150, p99: 320, max: 400, mean: 100 },
      samples: [],
      slowest: [],
    };
    const table = renderTable(
      "title",
      rows(
        {
          submissions: {
            concurrency: 50,
            total: 3000,
            warmup: 100,
            answersPerResponse: { min: 50, max: 56, mean: 53 },
            app: load,
            stored: 3000,
            limit: { ...load, perSecond: 600 },
            ratio: 0.63,
            limitAtPool: { ...load, perSecond: 800, connections: 10 },
            ratioToBest: 0.47,
          },
          sync: {
            interviews: 500,
            batchSize: 50,
            batches: 10,
            totalMs: 4000,
            perSecond: 125,
            stored: 500,
            refused: 0,
            inDatabase: 500,
            slowestBatchMs: 500,
          },
          startup: { postgresStartMs: 300, appStartMs: 2500, totalMs: 2800, firstStartMs: 12000, page: "/sv" },
          dashboard: {
            municipality: "0580",
            module: "trust",
            runs: 5,
            steps: [10_000, 1_000_000].map((responses, i) => ({
              responses,
              answers: responses * 47,
              answerTallyRows: 1000,
              generateMs: 5000,
              generate: { load: 1, tallies: 1, indexes: 1, analyze: 1, total: 4 },
              overviewMs: 10 + i * 10,
              moduleMs: 5,
              moduleFilteredMs: 20 + i * 600,
              modeGapMs: 15,
              respondents: responses / 3,
            })),
            ratio: { overview: 2, module: 1, modeGap: 1 },
          },
          dashboardPages: {
            responses: 1_000_000,
            respondents: 333_333,
            runs: 5,
            pages: [
              { name: "overview (sv)", path: "/sv/dashboard", medianMs: 80, slowestMs: 110, htmlBytes: 48_000 },
              { name: "mode gap", path: "/sv/dashboard/mode-gap", medianMs: 520, slowestMs: 600, htmlBytes: 49_000 },
            ],
          },
          memory: {
            serverPid: 1,
            peakBytes: 300 * 2 ** 20,
            sampledMaxBytes: 300 * 2 ** 20,
            kernelPeakBytes: null,
            afterStartBytes: 230 * 2 ** 20,
            launcherBytes: 52 * 2 ** 20,
            phases: { submissions: 300 * 2 ** 20, "ambassador sync": 310 * 2 ** 20, "dashboard pages": 510 * 2 ** 20 },
          },
        },
        false,
      ),
      ["footer"],
    );
    expect(table).toMatch(/app: responses\/s\s+375\s+≥ 300\s+met/);
    expect(table).toMatch(/latency p50 \/ p99\s+90 ms \/ 320 ms\s+p99 < 300 ms\s+MISSED/);
    expect(table).toMatch(/app \/ limit\s+0\.63\s+≥ 0\.5\s+met/);
    expect(table).toMatch(/limit: the same, 10 connections \(the app's pool size\)\s+800\/s/);
    expect(table).toMatch(/app \/ the faster limit\s+0\.47\s+≥ 0\.5\s+MISSED/);
    // The module for one language is judged too: read from the tallies, not the rollup.
    expect(table).toMatch(
      /1,000,000 responses .*overview 20 ms · module 5 ms \(one language: 620 ms\) · mode gap 15 ms\s+< 500 ms\s+MISSED/,
    );
    expect(table).toMatch(/ratio 1M \/ 10k: overview · module\s+2\.00 · 1\.00\s+≤ 3\s+met/);
    // Dashboard pages from the app at 1M are judged by their median; memory in every phase, not only the submissions.
    expect(table).toMatch(
      /overview \(sv\): \/sv\/dashboard\s+80 ms \(slowest 110 ms\) · HTML 46\.9 KB\s+< 500 ms\s+met/,
    );
    expect(table).toMatch(
      /mode gap: \/sv\/dashboard\/mode-gap\s+520 ms \(slowest 600 ms\) · HTML 47\.9 KB\s+< 500 ms\s+MISSED/,
    );
    expect(table).toMatch(/peak memory during the submission run \(RSS\)\s+300 MB\s+< 500 MB\s+met/);
    expect(table).toMatch(
      /peak memory in the other phases \(RSS\)\s+ambassador sync 310 MB · dashboard pages 510 MB\s+< 500 MB\s+MISSED/,
    );
    expect(table).toMatch(/Targets: 11 of 16 met/);
  });
});
