"use server";
/** Saving one language's translations of the draft: the coordinator, or an ambassador reviewer of that language. */
import { stateFormAction } from "@/lib/server/action-input";
import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AccessDenied, requireAction } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { saveTranslations } from "./translations";
import { loadDraft, newDraft, regionalBatteryId } from "./versions";

export type TranslationsState = { status: "idle" } | { status: "ok" | "error"; message: string };

const MAX_TEXTS = 2000;
const targetSchema = z.string().refine((l) => isLocale(l) && l !== "sv");
const editsSchema = z
  .array(z.object({ id: z.string().min(1).max(200), value: z.string().max(5000), reviewed: z.boolean() }))
  .max(MAX_TEXTS);

export const saveTranslationsAction = stateFormAction(async function saveTranslationsAction(
  _prev: TranslationsState,
  form: FormData,
): Promise<TranslationsState> {
  const locale: Locale = isLocale(form.get("locale")) ? (String(form.get("locale")) as Locale) : "sv";
  const t = await getTranslations({ locale, namespace: "translations" });
  const target = targetSchema.safeParse(form.get("lang"));
  let principal;
  try {
    // The guard answers first, so nobody learns anything from the validation of a form they may not send.
    principal = await requireAction({
      roles: ["coordinator", "admin", "ambassador"],
      ...(target.success ? { reviewLocale: target.data } : {}),
    });
  } catch (err) {
    if (err instanceof AccessDenied)
      return { status: "error", message: (await getTranslations({ locale, namespace: "errors" }))("forbiddenTitle") };
    throw err;
  }
  if (!target.success) return { status: "error", message: t("invalid") };
  const lang = target.data as Exclude<Locale, "sv">;
  const edits = editsSchema.safeParse(
    form.getAll("id").map((id) => ({
      id: String(id),
      value: String(form.get(`value:${id}`) ?? ""),
      reviewed: form.get(`reviewed:${id}`) === "on",
    })),
  );
  if (!edits.success) return { status: "error", message: t("invalid") };
  const db = getDb();
  const batteryId = await regionalBatteryId(db);
  // Reviewing the published version starts a draft, which the coordinator then publishes.
  if (!(await loadDraft(db, batteryId))) await newDraft(db, batteryId, principal.id);
  const result = await saveTranslations(db, batteryId, lang, edits.data, principal.id);
  if (!result.ok) return { status: "error", message: t("invalid") };
  revalidatePath(`/${locale}/translations`);
  return { status: "ok", message: t("saved", { changed: result.changed, reviewed: result.reviewed }) };
});
