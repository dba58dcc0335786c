import type PgBoss from "pg-boss";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JobHandlers, schedules, startJobs } from "@/lib/jobs";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
const bosses: PgBoss[] = [];
const runs = { publication: 0, retention: 0 };
const handlers: JobHandlers = {
  publication: async () => {
    runs.publication++;
    return null;
  },
  retention: async () => {
    runs.retention++;
    return null;
  },
};

beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  for (const b of bosses) await b.stop({ graceful: false, wait: true }).catch(() => {});
  await t?.drop();
});

/** Polls until every job of the queues has finished, or the deadline passes. */
async function settled(deadlineMs: number) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const { rows } = await sql<{ open: number; done: number }>`
      select count(*) filter (where state not in ('completed', 'failed', 'cancelled'))::int as open,
             count(*) filter (where state = 'completed')::int as done
      from pgboss.job where name in ('publication', 'retention')`.execute(t.db);
    if (rows[0]!.open === 0 && rows[0]!.done >= 2) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the jobs did not finish in time");
}

describe("scheduled jobs on PostgreSQL", () => {
  it("runs each job once when two instances start together, and schedules them once", async () => {
    bosses.push(...(await Promise.all([startJobs(t.url, handlers), startJobs(t.url, handlers)])));
    await settled(30_000);
    expect(runs).toEqual({ publication: 1, retention: 1 });
    const { rows } = await sql<{
      name: string;
      cron: string;
      timezone: string;
    }>`select name, cron, timezone from pgboss.schedule order by name`.execute(t.db);
    expect(rows).toEqual([
      { name: "publication", cron: schedules.publication, timezone: "Europe/Stockholm" },
      { name: "retention", cron: schedules.retention, timezone: "Europe/Stockholm" },
    ]);
  });
});
