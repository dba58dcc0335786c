"use server";
/** The coordinator's battery actions: new draft, save the editor's draft, import JSON into the draft, publish. */
import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { AccessDenied, requireAction } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { z } from "zod";
import { problemText } from "./problems";
import { loadDraft, newDraft, publishDraft, regionalBatteryId as findRegionalBattery, saveDraft } from "./versions";

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

const regionalBatteryId = () => findRegionalBattery(getDb());

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
  const te = await getTranslations({ locale, namespace: "batteryEditor" });
  if (!result.ok) return { status: "error", message: t("publishProblems"), problems: result.problems.map((p) => problemText(te as never, p)) };
  revalidatePath(`/${locale}/coordinator/battery`);
  return { status: "ok", message: t("publishedOk", { version: result.version }) };
}

const saveInput = z.object({ locale: z.string(), loadedAt: z.string().max(40), content: z.unknown() });
export type SaveDraftResult = { status: "ok"; message: string; loadedAt: string } | { status: "error"; message: string };

/** The editor's save: the whole draft, refused if it lacks the battery's shape or someone else saved in between. */
export async function saveDraftAction(input: { locale: string; loadedAt: string; content: unknown }): Promise<SaveDraftResult> {
  const parsed = saveInput.safeParse(input);
  const locale: Locale = parsed.success && isLocale(parsed.data.locale) ? parsed.data.locale : "sv";
  const t = await getTranslations({ locale, namespace: "batteryEditor" });
  const who = await coordinator(locale);
  if ("error" in who) return { status: "error", message: who.error!.message };
  if (!parsed.success) return { status: "error", message: t("saveInvalid") };
  const db = getDb();
  const batteryId = await regionalBatteryId();
  const result = await saveDraft(db, batteryId, parsed.data.content, parsed.data.loadedAt, who.principal.id);
  if (result !== "saved") return { status: "error", message: t(result === "invalid" ? "saveInvalid" : result) };
  const draft = await loadDraft(db, batteryId);
  revalidatePath(`/${locale}/coordinator/battery`);
  return { status: "ok", message: t("saved"), loadedAt: draft!.updated_at.toISOString() };
}
