/** What an ambassador may see of their own work: how many interviews arrived, never what was answered. */
import { sql } from "kysely";
import type { Db } from "@/lib/db";
import { swedishDay } from "@/modules/respondent/submit";

export async function interviewCounts(
  db: Db,
  ambassadorId: string,
  now = new Date(),
): Promise<{ today: number; thisWeek: number }> {
  const today = swedishDay(now);
  const row = await db
    .selectFrom("response")
    .select([
      sql<number>`count(*) filter (where submitted_on = ${today}::date)::int`.as("today"),
      sql<number>`count(*) filter (where submitted_on >= date_trunc('week', ${today}::date))::int`.as("this_week"),
    ])
    .where("ambassador_id", "=", ambassadorId)
    .where("mode", "=", "assisted")
    .executeTakeFirstOrThrow();
  return { today: row.today, thisWeek: row.this_week };
}
