/**
 * Drafts and published versions of a battery. A published version never changes (a trigger refuses it);
 * "new draft" copies the latest version; saving a draft checks that nobody else saved in between;
 * "publish" validates the draft and freezes it as the next version, in one transaction.
 */
import { type AuditAction, recordAudit } from "@/modules/admin/audit";
import type { Db } from "@/lib/db";
import {
  batteryContentSchema,
  type BatteryContent,
  batteryShapeSchema,
  localModuleContentSchema,
  type LocalModuleContent,
  localModuleShapeSchema,
  type ProblemCode,
} from "@/lib/battery/schema";
import { flagReworded } from "./translations";

/** `code` and `params` name a structural problem so screens can say it in their language; `message` is English. */
export type PublishProblem = { path: string; message: string; code?: ProblemCode; params?: Record<string, string> };

/** The region's battery (this deployment serves one region). */
export async function regionalBatteryId(db: Db): Promise<number> {
  return (
    await db.selectFrom("battery").select("id").where("kind", "=", "regional").orderBy("id").executeTakeFirstOrThrow()
  ).id;
}

export async function latestVersion(db: Db, batteryId: number) {
  return db
    .selectFrom("battery_version")
    .selectAll()
    .where("battery_id", "=", batteryId)
    .orderBy("version", "desc")
    .executeTakeFirst();
}

/**
 * The latest published version of the regional battery, parsed: the one read of it for dashboards, the ambassadors'
 * follow-up and the tests. Throws when nothing is published (the seed and the first publication make one).
 */
export async function latestRegionalContent(db: Db): Promise<BatteryContent> {
  const latest = await latestVersion(db, await regionalBatteryId(db));
  if (!latest) throw new Error("the regional battery has no published version");
  return batteryContentSchema.parse(latest.content);
}

export async function listVersions(db: Db, batteryId: number) {
  return db
    .selectFrom("battery_version")
    .select(["id", "version", "published_at", "content"])
    .where("battery_id", "=", batteryId)
    .orderBy("version", "desc")
    .execute();
}

export async function loadDraft(db: Db, batteryId: number) {
  return db.selectFrom("battery_draft").selectAll().where("battery_id", "=", batteryId).executeTakeFirst();
}

/** Starts (or restarts) the draft from the latest published version. */
export async function newDraft(db: Db, batteryId: number, userId: string): Promise<void> {
  const latest = await latestVersion(db, batteryId);
  if (!latest) throw new Error("No published version to start from");
  await db
    .insertInto("battery_draft")
    .values({
      battery_id: batteryId,
      based_on_version: latest.version,
      content: JSON.stringify(latest.content),
      updated_by: userId,
    })
    .onConflict((oc) =>
      oc.column("battery_id").doUpdateSet({
        based_on_version: latest.version,
        content: JSON.stringify(latest.content),
        updated_by: userId,
        updated_at: new Date(),
      }),
    )
    .execute();
  await audit(db, userId, "battery.draft.created", batteryId, { from: latest.version });
}

/** What a battery's content must look like to be published: the regional battery, or a municipality's local module. */
export function contentSchemaFor(kind: "regional" | "local") {
  return kind === "regional" ? batteryContentSchema : localModuleContentSchema;
}

/** What a draft must look like to be saved: the shape, with cross-field problems allowed until publishing. */
export function shapeSchemaFor(kind: "regional" | "local") {
  return kind === "regional" ? batteryShapeSchema : localModuleShapeSchema;
}

async function kindOf(db: Db, batteryId: number): Promise<"regional" | "local"> {
  return (await db.selectFrom("battery").select("kind").where("id", "=", batteryId).executeTakeFirstOrThrow()).kind;
}

/**
 * Replaces the draft's content if nobody saved it since `expectedUpdatedAt` (the time the editor loaded it).
 * The content must have the battery's shape (structural problems are allowed until publishing). Translations of
 * reworded Swedish texts are marked for review in the same transaction.
 */
export async function saveDraft(
  db: Db,
  batteryId: number,
  content: unknown,
  expectedUpdatedAt: string,
  userId: string,
): Promise<"saved" | "conflict" | "invalid" | "missing"> {
  const kind = await kindOf(db, batteryId);
  const shape = shapeSchemaFor(kind).safeParse(content);
  if (!shape.success) return "invalid";
  if (Number.isNaN(Date.parse(expectedUpdatedAt))) return "conflict";
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom("battery_draft")
      .select(["content", "updated_at"])
      .where("battery_id", "=", batteryId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return "missing" as const;
    // The driver rounds microseconds to milliseconds, so "the same save" means within a millisecond.
    if (Math.abs(current.updated_at.getTime() - Date.parse(expectedUpdatedAt)) >= 1) return "conflict" as const;
    await trx
      .updateTable("battery_draft")
      .set({ content: JSON.stringify(shape.data), updated_by: userId, updated_at: new Date() })
      .where("battery_id", "=", batteryId)
      .execute();
    const flagged =
      kind === "regional"
        ? await flagReworded(trx, batteryId, current.content as BatteryContent, content as BatteryContent)
        : 0;
    await audit(trx, userId, "battery.draft.edited", batteryId, flagged ? { flaggedForReview: flagged } : {});
    return "saved" as const;
  });
}

/** Names a problem by the question it belongs to ("bg.gender.options") rather than by position. */
function describePath(content: unknown, path: PropertyKey[]): string {
  const modules = (content as { modules?: { questions?: { key?: unknown }[] }[] } | null)?.modules;
  if ((path[0] === "questions" || path[0] === "catalogue") && typeof path[1] === "number") {
    const key = (content as Record<string, { key?: unknown }[] | undefined> | null)?.[path[0]]?.[path[1]]?.key;
    if (typeof key === "string")
      return [
        path[0],
        key,
        ...path
          .slice(2)
          .filter((p) => p !== "key")
          .map(String),
      ].join(".");
  }
  if (path[0] === "modules" && path[2] === "questions" && typeof path[1] === "number" && typeof path[3] === "number") {
    const key = modules?.[path[1]]?.questions?.[path[3]]?.key;
    if (typeof key === "string") return [key, ...path.slice(4).map(String)].join(".");
  }
  return path.map(String).join(".");
}

export function validateForPublish<K extends "regional" | "local" = "regional">(
  content: unknown,
  kind: K = "regional" as K,
):
  | { ok: true; content: K extends "regional" ? BatteryContent : LocalModuleContent }
  | { ok: false; problems: PublishProblem[] } {
  const parsed = contentSchemaFor(kind).safeParse(content);
  if (parsed.success)
    return { ok: true, content: parsed.data as K extends "regional" ? BatteryContent : LocalModuleContent };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => {
      const { problem, ...params } = (i.code === "custom" ? (i.params ?? {}) : {}) as Record<string, string>;
      return {
        path: describePath(content, i.path),
        message: i.message,
        ...(problem ? { code: problem as ProblemCode, params } : {}),
      };
    }),
  };
}

/** Freezes the draft as the next version; refused with the problems listed if it is not valid. */
export async function publishDraft(
  db: Db,
  batteryId: number,
  userId: string,
): Promise<{ ok: true; version: number } | { ok: false; problems: PublishProblem[] }> {
  return db.transaction().execute(async (trx) => {
    const draft = await trx
      .selectFrom("battery_draft")
      .selectAll()
      .where("battery_id", "=", batteryId)
      .forUpdate()
      .executeTakeFirst();
    if (!draft) return { ok: false as const, problems: [{ path: "", message: "There is no draft to publish" }] };
    const valid = validateForPublish(draft.content, await kindOf(trx, batteryId));
    if (!valid.ok) return valid;
    const latest = await trx
      .selectFrom("battery_version")
      .select("version")
      .where("battery_id", "=", batteryId)
      .orderBy("version", "desc")
      .forUpdate()
      .executeTakeFirst();
    const version = (latest?.version ?? 0) + 1;
    await trx
      .insertInto("battery_version")
      .values({ battery_id: batteryId, version, content: JSON.stringify(valid.content), published_by: userId })
      .execute();
    await trx.deleteFrom("battery_draft").where("battery_id", "=", batteryId).execute();
    await audit(trx, userId, "battery.published", batteryId, { version });
    return { ok: true as const, version };
  });
}

async function audit(
  db: Db,
  actorId: string,
  action: AuditAction,
  batteryId: number,
  details: Record<string, unknown>,
) {
  await recordAudit(db, { actor_id: actorId, action, target: `battery:${batteryId}`, details });
}
