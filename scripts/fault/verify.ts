/**
 * Counting at the end, straight from the database: every id a client made is stored exactly once, as the right
 * kind of response, with all its answers, and nothing else was created; and the publication job, run once after
 * the load, counts every response it publishes exactly once in the dashboards' tallies.
 */
import pg from "pg";
import { swedishDay } from "@/modules/respondent/submit";
import type { Expected } from "./payloads";

export type Verification = {
  expected: number;
  found: number;
  missing: string[];
  /** Rows created during the run that no client sent. */
  unexpected: number;
  wrongKind: string[];
  wrongAnswerCount: string[];
  /** Responses the published tallies count, after one run of the publication job. */
  tallied: number;
  /** Responses marked published by that run. */
  published: number;
  /**
   * Pools of k or more responses still waiting after it, in municipalities not yet published today (there should be
   * none): the app's own job may have published a municipality during the load, which then waits until tomorrow.
   */
  fullPoolsLeft: number;
  totalResponses: number;
};

export async function connectWithRetry(url: string, timeoutMs: number): Promise<pg.Client> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: 3000,
      application_name: "fault-verify",
    });
    client.on("error", () => {});
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function countResponses(client: pg.Client): Promise<number> {
  return (await client.query<{ n: number }>("select count(*)::int as n from response")).rows[0]!.n;
}

export async function verify(
  client: pg.Client,
  expected: Expected,
  baseline: number,
  ambassadorId: string,
): Promise<Verification> {
  const ids = [...expected.byId.keys()];
  const { rows } = await client.query<{ id: string; mode: string; ambassador_id: string | null; answers: number }>(
    `select r.id::text as id, r.mode, r.ambassador_id::text as ambassador_id,
            (select count(*)::int from answer a where a.response_id = r.id) as answers
     from response r where r.id = any($1::uuid[])`,
    [ids],
  );
  const found = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !found.has(id));
  const wrongKind: string[] = [];
  const wrongAnswerCount: string[] = [];
  for (const [id, want] of expected.byId) {
    const row = found.get(id);
    if (!row) continue;
    if (row.mode !== want.mode || (want.mode === "assisted" && row.ambassador_id !== ambassadorId))
      wrongKind.push(`${id}: ${row.mode}/${row.ambassador_id}`);
    if (row.answers !== want.answers) wrongAnswerCount.push(`${id}: ${row.answers} answer rows, sent ${want.answers}`);
  }
  const totalResponses = await countResponses(client);
  const tallied = (
    await client.query<{ n: number }>(
      "select coalesce(sum(n), 0)::int as n from published_response_tally where dim = '' and breakdown = 'total'",
    )
  ).rows[0]!.n;
  const published = (
    await client.query<{ n: number }>("select count(*)::int as n from response where published_on is not null")
  ).rows[0]!.n;
  const k = (await client.query<{ k: number }>("select k_threshold as k from region limit 1")).rows[0]!.k;
  const fullPoolsLeft = (
    await client.query<{ n: number }>(
      `select count(*)::int as n from (select 1 from response r join survey s on s.id = r.survey_id
       where r.published_on is null and s.figures_final_on is null
         and coalesce(r.municipality_code, '') not in (select municipality_code from publication where published_on = $2::date)
       group by r.survey_id, coalesce(r.municipality_code, ''), r.mode having count(*) >= $1) x`,
      [k, swedishDay(new Date())],
    )
  ).rows[0]!.n;
  return {
    expected: ids.length,
    found: found.size,
    missing,
    unexpected: totalResponses - baseline - found.size,
    wrongKind,
    wrongAnswerCount,
    tallied,
    published,
    fullPoolsLeft,
    totalResponses,
  };
}
