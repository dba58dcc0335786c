/**
 * What an instance does when it starts (from instrumentation.ts): checks its settings, says whether the database
 * schema is what this build needs, and starts the scheduled jobs. A database that is away at start does not stop the
 * server: the jobs start as soon as it answers (readiness says 503 meanwhile).
 */
import { getDb } from "@/lib/db";
import { appliedMigration, LATEST_MIGRATION } from "@/lib/db/schema-version";
import { appHandlers, startJobs } from "@/lib/jobs";
import { errorFields, logger } from "@/lib/observability/log";

const RETRY_MS = 5_000;

export async function startInstance(): Promise<void> {
  const missing = ["DATABASE_URL", "BETTER_AUTH_SECRET"].filter((name) => !process.env[name]);
  if (missing.length) {
    // Nothing can work without them: stop at once, with a line an operator can act on.
    logger.fatal({ missing }, `missing settings: ${missing.join(", ")} (see docs/production.md)`);
    process.exit(1);
  }
  void checkSchema();
  if (process.env.JOBS !== "off") void startJobsWhenReady();
}

async function checkSchema(): Promise<void> {
  try {
    const applied = await appliedMigration(getDb());
    if (applied === null || applied < LATEST_MIGRATION)
      logger.error(
        { applied, needs: LATEST_MIGRATION },
        "the database schema is behind this build: run `npm run db:migrate` (readiness answers 503 until then)",
      );
  } catch (err) {
    logger.warn(errorFields(err), "could not read the database schema version at start");
  }
}

async function startJobsWhenReady(): Promise<void> {
  const url = process.env.DATABASE_URL!;
  for (;;) {
    try {
      const boss = await startJobs(url, appHandlers(getDb()), (line) => logger.info({ job: true }, line));
      const stop = () => void boss.stop({ graceful: true, timeout: 5_000 }).catch(() => {});
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      logger.info("jobs started");
      return;
    } catch (err) {
      logger.warn(errorFields(err), `jobs could not start; trying again in ${RETRY_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }
}
