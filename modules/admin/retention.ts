/**
 * Retention: responses older than their region's retention period are deleted with their answers, and unfinished
 * answers nobody touched for 30 days go too. Published figures keep them (anonymous aggregates that only ever
 * grow, so that no deletion can be read off a before-and-after comparison). Run daily by the app's jobs (lib/jobs)
 * and on demand with `npm run retention`.
 */
import { recordAudit } from "@/modules/admin/audit";
import type { Db } from "@/lib/db";
import { deleteStaleDrafts } from "@/modules/respondent/draft";

const BATCH = 500;

/** The first day still kept: responses submitted before it are deleted. */
export function retentionCutoff(now: Date, months: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

export async function applyRetention(db: Db, now = new Date()): Promise<{ responses: number; drafts: number }> {
  const regions = await db.selectFrom("region").select(["code", "retention_months"]).execute();
  let responses = 0;
  for (const region of regions) {
    const cutoff = retentionCutoff(now, region.retention_months);
    // In batches, each in its own transaction, so a long run never holds one huge lock.
    for (;;) {
      const deleted = await db.transaction().execute(async (trx) => {
        const ids = await trx
          .selectFrom("response as r")
          .innerJoin("survey as s", "s.id", "r.survey_id")
          .select("r.id")
          .where("s.region_code", "=", region.code)
          .where("r.submitted_on", "<", cutoff)
          .limit(BATCH)
          .forUpdate()
          .skipLocked()
          .execute();
        if (ids.length)
          await trx
            .deleteFrom("response")
            .where(
              "id",
              "in",
              ids.map((r) => r.id),
            )
            .execute();
        return ids.length;
      });
      responses += deleted;
      if (deleted < BATCH) break;
    }
  }
  const drafts = await deleteStaleDrafts(db);
  if (responses || drafts) {
    await recordAudit(db, {
      actor_id: null,
      action: "retention.applied",
      target: null,
      details: { responses, drafts, ranAt: now.toISOString() },
    });
  }
  return { responses, drafts };
}

/** The admin's setting: months a response is kept (1 to 120). */
export async function setRetentionMonths(db: Db, regionCode: string, months: number, actorId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("region")
      .select("retention_months")
      .where("code", "=", regionCode)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx.updateTable("region").set({ retention_months: months }).where("code", "=", regionCode).execute();
    await recordAudit(trx, {
      actor_id: actorId,
      action: "region.retention.changed",
      target: `region:${regionCode}`,
      details: { from: before.retention_months, to: months },
    });
  });
}
