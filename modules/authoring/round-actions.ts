"use server";
/** The coordinator opens and closes collection rounds. */
import { formAction, stateFormAction } from "@/lib/server/action-input";
import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireFormAction } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { closeRound, openRound, roundSchema } from "./rounds";

const localeOf = (form: FormData): Locale =>
  isLocale(form.get("locale")) ? (String(form.get("locale")) as Locale) : "sv";

export type RoundState =
  { status: "idle" } | { status: "ok"; message: string; code: string } | { status: "error"; message: string };

export const openRoundAction = stateFormAction(async function openRoundAction(
  _prev: RoundState,
  form: FormData,
): Promise<RoundState> {
  const locale = localeOf(form);
  const t = await getTranslations({ locale, namespace: "rounds" });
  const principal = await requireFormAction({ roles: ["coordinator", "admin"] });
  const parsed = roundSchema.safeParse({
    name: form.get("name"),
    versionId: form.get("versionId"),
    municipalities: form.getAll("municipalities"),
    // Every optional module is on unless its box is cleared.
    disabledModules: String(form.get("optionalModules") ?? "")
      .split(",")
      .filter(Boolean)
      .filter((m) => !form.getAll("includeModules").includes(m)),
    opensOn: form.get("opensOn"),
    closesOn: form.get("closesOn"),
  });
  if (!parsed.success) return { status: "error", message: t("invalid") };
  const result = await openRound(getDb(), parsed.data, principal.id);
  if (!result.ok) return { status: "error", message: t(`error_${result.error}`) };
  revalidatePath(`/${locale}/coordinator/rounds`);
  return { status: "ok", message: t("opened", { code: result.code }), code: result.code };
});

export const closeRoundAction = formAction(async function closeRoundAction(form: FormData): Promise<void> {
  const locale = localeOf(form);
  const principal = await requireFormAction({ roles: ["coordinator", "admin"] });
  const id = Number(form.get("surveyId"));
  if (Number.isInteger(id) && id > 0) await closeRound(getDb(), id, principal.id);
  revalidatePath(`/${locale}/coordinator/rounds`);
  redirect(`/${locale}/coordinator/rounds`);
});
