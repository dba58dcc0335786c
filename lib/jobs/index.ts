/**
 * Scheduled jobs on PostgreSQL (pg-boss): publication hourly, retention daily, each also once when an instance
 * starts. However many instances run, each job runs once per slot: pg-boss schedules through the database, and the
 * queues are `singleton` (never two runs of one job at once). No job runs inside a page read.
 */
import { errorFields, logger } from "@/lib/observability/log";
import pg from "pg";
import PgBoss from "pg-boss";
import { publishPools } from "@/modules/dashboard/publication";
import type { Db } from "@/lib/db";
import { applyRetention } from "@/modules/admin/retention";

export type JobName = "publication" | "retention";
export type JobHandlers = Record<JobName, () => Promise<string | null>>;

/** When each job runs, in Swedish time: publication five past every hour, retention at half past three. */
export const schedules: Record<JobName, string> = { publication: "5 * * * *", retention: "30 3 * * *" };

/** What the jobs do in the app: the work of modules/dashboard/publication.ts and modules/admin/retention.ts. */
export function appHandlers(db: Db): JobHandlers {
  return {
    publication: async () => {
      const r = await publishPools(db);
      return r.responses || r.answers || r.finalRounds.length
        ? `publication: ${r.responses} responses, ${r.answers} answers in ${r.municipalities.length} municipalities; ${r.finalRounds.length} rounds final`
        : null;
    },
    retention: async () => {
      const r = await applyRetention(db);
      return r.responses || r.drafts ? `retention: deleted ${r.responses} responses, ${r.drafts} drafts` : null;
    },
  };
}

/** Setting up the queues from two instances at once deadlocks in pg-boss: one instance at a time does it. */
const SETUP_LOCK = 0x6a6f6273;

async function oneAtATime<T>(connectionString: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  client.on("error", () => {}); // a dropped connection ends the setup with an error from connect or query instead
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [SETUP_LOCK]);
    return await work();
  } finally {
    await client.query("select pg_advisory_unlock($1)", [SETUP_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

export async function startJobs(
  connectionString: string,
  handlers: JobHandlers,
  log: (line: string) => void = () => {},
): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString, schema: "pgboss", max: 2 });
  boss.on("error", (err) => logger.error(errorFields(err), "[jobs] error"));
  await oneAtATime(connectionString, async () => {
    await boss.start();
    for (const name of Object.keys(schedules) as JobName[]) {
      if (!(await boss.getQueue(name)))
        await boss.createQueue(name, { name, policy: "singleton", retryLimit: 2, retryDelay: 60 });
      await boss.schedule(name, schedules[name], {}, { tz: "Europe/Stockholm" });
    }
  });
  for (const name of Object.keys(schedules) as JobName[]) {
    await boss.work(name, async () => {
      const line = await handlers[name]();
      if (line) log(line);
    });
    // Once at start as well; instances starting together share the one run.
    await boss.send(name, {}, { singletonKey: "start", singletonMinutes: 10 });
  }
  return boss;
}
