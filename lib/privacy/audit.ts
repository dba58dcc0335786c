/** Reading the audit log for admins: newest first, by kind of action, a page at a time. */
import type { Db } from "@/lib/db";

export const auditGroups = ["export", "battery", "survey", "user", "invitation", "region", "retention"] as const;
export type AuditGroup = (typeof auditGroups)[number];

export async function fetchAuditLog(db: Db, options: { group?: AuditGroup; before?: number; limit?: number }) {
  let q = db
    .selectFrom("audit_log as a")
    .leftJoin("app_user as u", "u.id", "a.actor_id")
    .select(["a.id", "a.at", "a.action", "a.target", "a.details", "u.name as actor"])
    .orderBy("a.id", "desc")
    .limit((options.limit ?? 50) + 1);
  if (options.group) q = q.where("a.action", "like", `${options.group}.%`);
  if (options.before) q = q.where("a.id", "<", String(options.before));
  const rows = await q.execute();
  const limit = options.limit ?? 50;
  return { rows: rows.slice(0, limit), older: rows.length > limit ? Number(rows[limit - 1]!.id) : null };
}
