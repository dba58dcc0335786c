"use server";
/** The coordinator's battery actions: new draft, import JSON into the draft, publish. */
import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { AccessDenied, requireAction } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { loadDraft, newDraft, publishDraft, saveDraft } from "./versions";

const MAX_IMPORT_BYTES = 1024 * 1024;
const localeOf = (form: FormData): Locale => (isLocale(form.get("locale")) ? (String(form.get("locale")) as Locale) : "sv");

export type BatteryActionState = { status: "idle" } | { status: "ok"; message: string } | { status: "error"; message: string; problems?: string[] };

async function coordinator(locale: Locale) {
  try {
    return { principal: await requireAction({ roles: ["coordinator", "admin"] }) };
  } catch (err) {
    if (err instanceof AccessDenied) return { error: { status: "error" as const, message: (await getTranslations({ locale, namespace: "errors" }))("forbiddenTitle") } };
    throw err;
  }
}

async function regionalBatteryId(): Promise<number> {
  return (await getDb().selectFrom("battery").select("id").where("kind", "=", "regional").orderBy("id").executeTakeFirstOrThrow()).id;
}

export async function newDraftAction(_prev: BatteryActionState, form: FormData): Promise<BatteryActionState> {
  const locale = localeOf(form);
  const who = await coordinator(locale);
  if ("error" in who) return who.error!;
  await newDraft(getDb(), await regionalBatteryId(), who.principal.id);
  revalidatePath(`/${locale}/coordinator/battery`);
  return { status: "ok", message: (await getTranslations({ locale, namespace: "batteryAdmin" }))("imported") };
}

export async function importDraftAction(_prev: BatteryActionState, form: FormData): Promise<BatteryActionState> {
  const locale = localeOf(form);
  const t = await getTranslations({ locale, namespace: "batteryAdmin" });
  const who = await coordinator(locale);
  if ("error" in who) return who.error!;
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { status: "error", message: t("importInvalid") };
  if (file.size > MAX_IMPORT_BYTES) return { status: "error", message: t("importTooLarge") };
  let content: unknown;
  try {
    content = JSON.parse(await file.text());
  } catch {
    return { status: "error", message: t("importInvalid") };
  }
  const db = getDb();
  const batteryId = await regionalBatteryId();
  if (!(await loadDraft(db, batteryId))) await newDraft(db, batteryId, who.principal.id);
  const draft = (await loadDraft(db, batteryId))!;
  const result = await saveDraft(db, batteryId, content, String(form.get("loadedAt") || draft.updated_at.toISOString()), who.principal.id);
  if (result === "invalid") return { status: "error", message: t("importInvalid") };
  if (result === "conflict") return { status: "error", message: t("importConflict") };
  await db.insertInto("audit_log").values({ actor_id: who.principal.id, action: "battery.imported", target: `battery:${batteryId}`, details: JSON.stringify({ bytes: file.size }) }).execute();
  revalidatePath(`/${locale}/coordinator/battery`);
  return { status: "ok", message: t("imported") };
}

export async function publishAction(_prev: BatteryActionState, form: FormData): Promise<BatteryActionState> {
  const locale = localeOf(form);
  const t = await getTranslations({ locale, namespace: "batteryAdmin" });
  const who = await coordinator(locale);
  if ("error" in who) return who.error!;
  const result = await publishDraft(getDb(), await regionalBatteryId(), who.principal.id);
  if (!result.ok) return { status: "error", message: t("publishProblems"), problems: result.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)) };
  revalidatePath(`/${locale}/coordinator/battery`);
  return { status: "ok", message: t("publishedOk", { version: result.version }) };
}
