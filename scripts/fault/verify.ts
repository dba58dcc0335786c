/**
 * Counting at the end, straight from the database: every id a client made is stored exactly once, as the right
 * kind of response, with all its answers and its dashboard bookkeeping, and nothing else was created.
 */
import pg from "pg";
import type { Expected } from "./payloads";

export type Verification = {
  expected: number;
  found: number;
  missing: string[];
  /** Rows created during the run that no client sent. */
  unexpected: number;
  wrongKind: string[];
  wrongAnswerCount: string[];
  /** Sum of the response tally deltas (written in the same transaction as each response). */
  tallied: number;
  totalResponses: number;
};

export async function connectWithRetry(url: string, timeoutMs: number): Promise<pg.Client> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000, application_name: "fault-verify" });
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

export async function verify(client: pg.Client, expected: Expected, baseline: number, ambassadorId: string): Promise<Verification> {
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
    if (row.mode !== want.mode || (want.mode === "assisted" && row.ambassador_id !== ambassadorId)) wrongKind.push(`${id}: ${row.mode}/${row.ambassador_id}`);
    if (row.answers !== want.answers) wrongAnswerCount.push(`${id}: ${row.answers} answer rows, sent ${want.answers}`);
  }
  const totalResponses = await countResponses(client);
  const tallied = (
    await client.query<{ n: number }>(
      "select (coalesce((select sum(n) from response_tally_delta), 0) + coalesce((select sum(n) from response_tally), 0))::int as n",
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
    totalResponses,
  };
}
