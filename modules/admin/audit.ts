/**
 * The audit log: every change of settings, users, the battery and rounds, every export and retention run, written
 * by recordAudit (the one writer), read by admins newest first. Never a respondent: no answers, codes or addresses.
 */
import type { Db } from "@/lib/db";

/** What is recorded: `<group>.<what happened>`. */
export type AuditAction =
  | `export.${"csv" | "xlsx"}`
  | "battery.exported"
  | "battery.imported"
  | "battery.draft.created"
  | "battery.draft.edited"
  | "battery.published"
  | "battery.translations.saved"
  | "survey.opened"
  | "survey.closed"
  | "user.reactivated"
  | "user.deactivated"
  | "user.reviewer.granted"
  | "user.reviewer.revoked"
  | "invitation.created"
  | "invitation.accepted"
  | "region.retention.changed"
  | "retention.applied";

export type AuditEntry = {
  /** Who did it; null for the app's own jobs. */
  actor_id: string | null;
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown>;
};

/** Writes one entry, in the caller's transaction when given one (so a refused change leaves no entry). */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actor_id,
      action: entry.action,
      target: entry.target ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

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
