/**
 * Translations of the regional battery's draft, text by text, with their review status.
 * The status table remembers the Swedish source each translation was written or reviewed against,
 * so a reworded source shows as "needs review" without anyone having to flag it.
 */
import { recordAudit } from "@/modules/admin/audit";
import type { Db } from "@/lib/db";
import { type BatteryContent, batteryContentSchema } from "@/lib/battery/schema";
import {
  batteryTexts,
  countStates,
  type LanguageCounts,
  rewordedTexts,
  sourceHash,
  type StatusRow,
  translationState,
  type TranslationState,
  withTranslation,
} from "@/lib/battery/texts";
import { locales, type Locale } from "@/lib/i18n/locales";
import { latestVersion } from "./versions";

export type TranslationRow = {
  id: string;
  module: string;
  context: string;
  source: string;
  target: string;
  state: TranslationState;
};

async function statusRows(db: Db, batteryId: number, locale?: Locale): Promise<Map<string, StatusRow>> {
  let q = db
    .selectFrom("translation_status")
    .select(["text_id", "locale", "status", "source_hash"])
    .where("battery_id", "=", batteryId);
  if (locale) q = q.where("locale", "=", locale);
  const rows = await q.execute();
  return new Map(rows.map((r) => [`${r.locale}|${r.text_id}`, r]));
}

/** The draft's content (structural problems allowed), or the latest version's if there is no draft. */
async function currentContent(
  db: Db,
  batteryId: number,
): Promise<{ content: BatteryContent; fromDraft: boolean } | null> {
  const draft = await db
    .selectFrom("battery_draft")
    .select("content")
    .where("battery_id", "=", batteryId)
    .executeTakeFirst();
  if (draft) return { content: draft.content as BatteryContent, fromDraft: true };
  const latest = await latestVersion(db, batteryId);
  return latest ? { content: batteryContentSchema.parse(latest.content), fromDraft: false } : null;
}

export async function translationRows(db: Db, batteryId: number, locale: Exclude<Locale, "sv">) {
  const current = await currentContent(db, batteryId);
  if (!current) return null;
  const status = await statusRows(db, batteryId, locale);
  const rows: TranslationRow[] = batteryTexts(current.content).map((t) => ({
    id: t.id,
    module: t.module,
    context: t.context,
    source: t.text.sv,
    target: t.text[locale] ?? "",
    state: translationState(t.text, locale, status.get(`${locale}|${t.id}`)),
  }));
  return { rows, fromDraft: current.fromDraft };
}

/** Missing and unreviewed counts for every language but Swedish. */
export async function languageCounts(
  db: Db,
  batteryId: number,
): Promise<Record<Exclude<Locale, "sv">, LanguageCounts> | null> {
  const current = await currentContent(db, batteryId);
  if (!current) return null;
  const status = await statusRows(db, batteryId);
  const texts = batteryTexts(current.content);
  const targets = locales.filter((l): l is Exclude<Locale, "sv"> => l !== "sv");
  return Object.fromEntries(
    targets.map((l) => [l, countStates(texts.map((t) => translationState(t.text, l, status.get(`${l}|${t.id}`))))]),
  ) as Record<Exclude<Locale, "sv">, LanguageCounts>;
}

/**
 * Called when the draft's content is replaced: every translation of a reworded Swedish text that has no status
 * yet gets one pinned to the old source, so it shows as needing review (rows that exist already compare hashes).
 */
export async function flagReworded(
  db: Db,
  batteryId: number,
  before: BatteryContent,
  after: BatteryContent,
): Promise<number> {
  const reworded = rewordedTexts(before, after);
  if (reworded.length === 0) return 0;
  const texts = new Map(batteryTexts(after).map((t) => [t.id, t.text]));
  const values = reworded.flatMap(({ id, before: oldSource }) =>
    locales
      .filter((l) => l !== "sv" && (texts.get(id)?.[l] ?? "").trim() !== "")
      .map((l) => ({
        battery_id: batteryId,
        text_id: id,
        locale: l,
        status: "draft" as const,
        source_hash: sourceHash(oldSource),
      })),
  );
  if (values.length === 0) return 0;
  await db
    .insertInto("translation_status")
    .values(values)
    .onConflict((oc) => oc.columns(["battery_id", "text_id", "locale"]).doNothing())
    .execute();
  return values.length;
}

export type TranslationEdit = { id: string; value: string; reviewed: boolean };
export type SaveTranslationsResult =
  { ok: true; changed: number; reviewed: number } | { ok: false; error: "no_draft" | "unknown_text" };

/**
 * Writes one language's translations into the draft and records their status, in one transaction with the draft
 * locked, so a coordinator's and a reviewer's saves never overwrite each other's texts. A text marked reviewed
 * is pinned to the current Swedish source; a changed but unreviewed text becomes a draft translation.
 */
export async function saveTranslations(
  db: Db,
  batteryId: number,
  locale: Exclude<Locale, "sv">,
  edits: TranslationEdit[],
  userId: string,
): Promise<SaveTranslationsResult> {
  return db.transaction().execute(async (trx) => {
    const draft = await trx
      .selectFrom("battery_draft")
      .select("content")
      .where("battery_id", "=", batteryId)
      .forUpdate()
      .executeTakeFirst();
    if (!draft) return { ok: false as const, error: "no_draft" as const };
    let content = draft.content as BatteryContent;
    const texts = new Map(batteryTexts(content).map((t) => [t.id, t.text]));
    if (edits.some((e) => !texts.has(e.id))) return { ok: false as const, error: "unknown_text" as const };
    const status = await trx
      .selectFrom("translation_status")
      .select(["text_id", "status", "source_hash"])
      .where("battery_id", "=", batteryId)
      .where("locale", "=", locale)
      .execute();
    const byId = new Map(status.map((s) => [s.text_id, s]));
    let changed = 0;
    let reviewed = 0;
    for (const edit of edits) {
      const text = texts.get(edit.id)!;
      const before = (text[locale] ?? "").trim();
      const after = edit.value.trim();
      if (before !== after) {
        content = withTranslation(content, edit.id, locale, after);
        changed++;
      }
      const hash = sourceHash(text.sv);
      const row = byId.get(edit.id);
      let next: "draft" | "reviewed" | null = null;
      if (edit.reviewed && after !== "")
        next = row?.status === "reviewed" && row.source_hash === hash && before === after ? null : "reviewed";
      else if (before !== after || (row?.status === "reviewed" && !edit.reviewed)) next = after === "" ? null : "draft";
      if (after === "" && row) {
        await trx
          .deleteFrom("translation_status")
          .where("battery_id", "=", batteryId)
          .where("locale", "=", locale)
          .where("text_id", "=", edit.id)
          .execute();
        continue;
      }
      if (!next) continue;
      if (next === "reviewed") reviewed++;
      const values = {
        status: next,
        source_hash: hash,
        reviewed_by: next === "reviewed" ? userId : null,
        updated_at: new Date(),
      };
      await trx
        .insertInto("translation_status")
        .values({ battery_id: batteryId, text_id: edit.id, locale, ...values })
        .onConflict((oc) => oc.columns(["battery_id", "text_id", "locale"]).doUpdateSet(values))
        .execute();
    }
    if (changed > 0)
      await trx
        .updateTable("battery_draft")
        .set({ content: JSON.stringify(content), updated_by: userId, updated_at: new Date() })
        .where("battery_id", "=", batteryId)
        .execute();
    if (changed > 0 || reviewed > 0) {
      await recordAudit(trx, {
        actor_id: userId,
        action: "battery.translations.saved",
        target: `battery:${batteryId}`,
        details: { locale, changed, reviewed },
      });
    }
    return { ok: true as const, changed, reviewed };
  });
}
