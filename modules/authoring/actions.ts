"use server";
/** The coordinator's battery actions: new draft, save the editor's draft, import JSON into the draft, publish. */
import { recordAudit } from "@/modules/admin/audit";
import { stateFormAction } from "@/lib/server/action-input";
import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { AccessDenied, requireAction } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { z } from "zod";
import { problemText } from "./problems";
import { importXlsForm } from "./xlsform";
import type { BatteryContent } from "@/lib/battery/schema";
import { loadDraft, newDraft, publishDraft, regionalBatteryId as findRegionalBattery, saveDraft } from "./versions";

const MAX_IMPORT_BYTES = 1024 * 1024;
const MAX_XLSFORM_BYTES = 2 * 1024 * 1024;
const localeOf = (form: FormData): Locale =>
  isLocale(form.get("locale")) ? (String(form.get("locale")) as Locale) : "sv";

/** One line of an import's row-by-row report, already in the reader's language. */
export type ReportLine = { sheet: string; row: number; message: string };
export type BatteryActionState =
  | { status: "idle" }
  | { status: "ok"; message: string; report?: ReportLine[] }
  | { status: "error"; message: string; problems?: string[]; report?: ReportLine[] };

async function coordinator(locale: Locale) {
  try {
    return { principal: await requireAction({ roles: ["coordinator", "admin"] }) };
  } catch (err) {
    if (err instanceof AccessDenied)
      return {
        error: {
          status: "error" as const,
          message: (await getTranslations({ locale, namespace: "errors" }))("forbiddenTitle"),
        },
      };
    throw err;
  }
}

const regionalBatteryId = () => findRegionalBattery(getDb());

export const newDraftAction = stateFormAction(async function newDraftAction(
  _prev: BatteryActionState,
  form: FormData,
): Promise<BatteryActionState> {
  const locale = localeOf(form);
  const who = await coordinator(locale);
  if ("error" in who) return who.error!;
  await newDraft(getDb(), await regionalBatteryId(), who.principal.id);
  revalidatePath(`/${locale}/coordinator/battery`);
  return { status: "ok", message: (await getTranslations({ locale, namespace: "batteryAdmin" }))("imported") };
});

export const importDraftAction = stateFormAction(async function importDraftAction(
  _prev: BatteryActionState,
  form: FormData,
): Promise<BatteryActionState> {
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
  const result = await saveDraft(
    db,
    batteryId,
    content,
    String(form.get("loadedAt") || draft.updated_at.toISOString()),
    who.principal.id,
  );
  if (result === "invalid") return { status: "error", message: t("importInvalid") };
  if (result === "conflict") return { status: "error", message: t("importConflict") };
  await recordAudit(db, {
    actor_id: who.principal.id,
    action: "battery.imported",
    target: `battery:${batteryId}`,
    details: { bytes: file.size },
  });
  revalidatePath(`/${locale}/coordinator/battery`);
  return { status: "ok", message: t("imported") };
});

export const publishAction = stateFormAction(async function publishAction(
  _prev: BatteryActionState,
  form: FormData,
): Promise<BatteryActionState> {
  const locale = localeOf(form);
  const t = await getTranslations({ locale, namespace: "batteryAdmin" });
  const who = await coordinator(locale);
  if ("error" in who) return who.error!;
  const result = await publishDraft(getDb(), await regionalBatteryId(), who.principal.id);
  const te = await getTranslations({ locale, namespace: "batteryEditor" });
  if (!result.ok)
    return {
      status: "error",
      message: t("publishProblems"),
      problems: result.problems.map((p) => problemText(te as never, p)),
    };
  revalidatePath(`/${locale}/coordinator/battery`);
  return { status: "ok", message: t("publishedOk", { version: result.version }) };
});

const saveInput = z.object({ locale: z.string(), loadedAt: z.string().max(40), content: z.unknown() });
export type SaveDraftResult =
  { status: "ok"; message: string; loadedAt: string } | { status: "error"; message: string };

/** The editor's save: the whole draft, refused if it lacks the battery's shape or someone else saved in between. */
export async function saveDraftAction(input: {
  locale: string;
  loadedAt: string;
  content: unknown;
}): Promise<SaveDraftResult> {
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

/**
 * Imports an XLSForm (ODK / KoboToolbox spreadsheet) into the draft: its modules replace the draft's, everything
 * else of the draft stays. What could not be mapped is reported row by row; a file that cannot be read at all
 * changes nothing.
 */
export const importXlsFormAction = stateFormAction(async function importXlsFormAction(
  _prev: BatteryActionState,
  form: FormData,
): Promise<BatteryActionState> {
  const locale = localeOf(form);
  const t = await getTranslations({ locale, namespace: "batteryAdmin" });
  const tx = await getTranslations({ locale, namespace: "xlsform" });
  const who = await coordinator(locale);
  if ("error" in who) return who.error!;
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return { status: "error", message: t("xlsformInvalid") };
  if (file.size > MAX_XLSFORM_BYTES) return { status: "error", message: t("xlsformTooLarge") };
  const db = getDb();
  const batteryId = await regionalBatteryId();
  if (!(await loadDraft(db, batteryId))) await newDraft(db, batteryId, who.principal.id);
  const draft = (await loadDraft(db, batteryId))!;
  const result = importXlsForm(new Uint8Array(await file.arrayBuffer()), draft.content as BatteryContent, {
    maxBytes: MAX_XLSFORM_BYTES,
  });
  const te = await getTranslations({ locale, namespace: "batteryEditor" });
  // A battery rule broken by the imported form is said as the editor says it (params name the battery's problem).
  const say = (i: (typeof result.issues)[number]) =>
    i.code === "structuralProblem" && i.params.problem
      ? problemText(te as never, { path: "", message: i.message, code: i.params.problem as never, params: i.params })
      : tx(i.code, i.params);
  const report = result.issues.map((i) => ({ sheet: i.sheet, row: i.row, message: say(i) }));
  if (!result.ok) return { status: "error", message: t("xlsformRefused"), report };
  const saved = await saveDraft(
    db,
    batteryId,
    result.content,
    String(form.get("loadedAt") || draft.updated_at.toISOString()),
    who.principal.id,
  );
  if (saved === "conflict") return { status: "error", message: t("importConflict") };
  if (saved !== "saved") return { status: "error", message: t("xlsformRefused"), report };
  await recordAudit(db, {
    actor_id: who.principal.id,
    action: "battery.imported",
    target: `battery:${batteryId}`,
    details: {
      format: "xlsform",
      bytes: file.size,
      questions: result.counts.questions,
      unmapped: result.issues.length,
    },
  });
  revalidatePath(`/${locale}/coordinator/battery`);
  return {
    status: "ok",
    message: t("xlsformImported", {
      questions: result.counts.questions,
      modules: result.counts.modules,
      languages: result.counts.languages.join(", "),
      issues: result.issues.length,
    }),
    report,
  };
});
