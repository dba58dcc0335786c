/**
 * A municipality's local module (its catalogue of interventions), versioned like the regional battery: a draft
 * edited by that municipality's staff or the coordinator, published as the next immutable version, and taken
 * into every collection round opened for the municipality after that.
 */
import type { Db } from "@/lib/db";
import { type LocalModuleContent, localModuleContentSchema } from "@/lib/battery/schema";
import { latestVersion, loadDraft, saveDraft, shapeSchemaFor } from "./versions";

/** The municipality's local battery, created on first use (a municipality may join without one). */
export async function localBatteryId(db: Db, municipalityCode: string): Promise<number> {
  const existing = await db
    .selectFrom("battery")
    .select("id")
    .where("kind", "=", "local")
    .where("municipality_code", "=", municipalityCode)
    .orderBy("id")
    .executeTakeFirst();
  if (existing) return existing.id;
  const m = await db
    .selectFrom("municipality")
    .select("region_code")
    .where("code", "=", municipalityCode)
    .executeTakeFirstOrThrow();
  const created = await db
    .insertInto("battery")
    .values({
      region_code: m.region_code,
      kind: "local",
      municipality_code: municipalityCode,
      slug: `local-${municipalityCode}`,
    })
    .onConflict((oc) => oc.column("slug").doNothing())
    .returning("id")
    .executeTakeFirst();
  return created?.id ?? (await localBatteryId(db, municipalityCode));
}

export type LocalModuleView = {
  batteryId: number;
  /** What the editor starts from: the draft, or else the latest version, or else an empty catalogue. */
  content: LocalModuleContent;
  /** The draft's last save, or "" when there is no draft yet (saving then starts one). */
  loadedAt: string;
  publishedVersion: number | null;
};

export async function loadLocalModule(db: Db, municipalityCode: string): Promise<LocalModuleView> {
  const batteryId = await localBatteryId(db, municipalityCode);
  const [draft, latest] = await Promise.all([loadDraft(db, batteryId), latestVersion(db, batteryId)]);
  return {
    batteryId,
    content: (draft?.content ?? latest?.content ?? { catalogue: [], questions: [] }) as LocalModuleContent,
    loadedAt: draft ? draft.updated_at.toISOString() : "",
    publishedVersion: latest?.version ?? null,
  };
}

/**
 * The catalogue a preview shows for "an intervention in your municipality": the published local module of the given
 * municipality, or else of the first municipality (by code) that has published one; empty when none has. Never the
 * seed's example catalogue.
 */
export async function previewCatalogue(db: Db, municipalityCode?: string): Promise<LocalModuleContent["catalogue"]> {
  const row = await db
    .selectFrom("battery_version as v")
    .innerJoin("battery as b", "b.id", "v.battery_id")
    .select(["v.content", "b.municipality_code"])
    .where("b.kind", "=", "local")
    .$if(Boolean(municipalityCode), (q) => q.where("b.municipality_code", "=", municipalityCode!))
    .orderBy("b.municipality_code")
    .orderBy("v.version", "desc")
    .executeTakeFirst();
  const parsed = localModuleContentSchema.safeParse(row?.content);
  return parsed.success ? parsed.data.catalogue : [];
}

/** Starts the local module's draft from its latest version (or empty) if there is none; returns its save time. */
export async function ensureLocalDraft(db: Db, batteryId: number, userId: string): Promise<string> {
  const existing = await loadDraft(db, batteryId);
  if (existing) return existing.updated_at.toISOString();
  const latest = await latestVersion(db, batteryId);
  await db
    .insertInto("battery_draft")
    .values({
      battery_id: batteryId,
      based_on_version: latest?.version ?? null,
      content: JSON.stringify(latest?.content ?? { catalogue: [], questions: [] }),
      updated_by: userId,
    })
    .onConflict((oc) => oc.column("battery_id").doNothing())
    .execute();
  return (await loadDraft(db, batteryId))!.updated_at.toISOString();
}

/**
 * Saves a municipality's local module from the editor. Content that is refused writes nothing: the draft is started
 * (from the latest version) only for content that has the module's shape, so a refused save leaves no draft behind.
 */
export async function saveLocalModule(
  db: Db,
  input: { batteryId: number; content: unknown; loadedAt: string; userId: string },
): Promise<"saved" | "conflict" | "invalid" | "missing"> {
  if (!shapeSchemaFor("local").safeParse(input.content).success) return "invalid";
  const loadedAt = input.loadedAt || (await ensureLocalDraft(db, input.batteryId, input.userId));
  return saveDraft(db, input.batteryId, input.content, loadedAt, input.userId);
}
