"use server";
/** The admin's privacy settings. */
import { stateFormAction } from "@/lib/server/action-input";
import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { AccessDenied, requireAction } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { fetchRegion } from "@/modules/staff-home/queries";
import { setRetentionMonths } from "./retention";

export type RetentionState = { status: "idle" } | { status: "ok" | "error"; message: string };
const monthsSchema = z.coerce.number().int().min(1).max(120);

export const setRetentionAction = stateFormAction(async function setRetentionAction(
  _prev: RetentionState,
  form: FormData,
): Promise<RetentionState> {
  const locale: Locale = isLocale(form.get("locale")) ? (String(form.get("locale")) as Locale) : "sv";
  const t = await getTranslations({ locale, namespace: "adminHome" });
  let principal;
  try {
    principal = await requireAction({ roles: ["admin"] });
  } catch (err) {
    if (err instanceof AccessDenied)
      return { status: "error", message: (await getTranslations({ locale, namespace: "errors" }))("forbiddenTitle") };
    throw err;
  }
  const months = monthsSchema.safeParse(form.get("months"));
  if (!months.success) return { status: "error", message: t("retentionInvalid") };
  await setRetentionMonths(getDb(), (await fetchRegion()).code, months.data, principal.id);
  revalidatePath(`/${locale}/admin`);
  return { status: "ok", message: t("retentionSaved", { months: months.data }) };
});
