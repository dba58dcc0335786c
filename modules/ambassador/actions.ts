"use server";
/** Coordinator actions on ambassadors, and the ambassador's acceptance of an invitation. */
import { formAction, stateFormAction } from "@/lib/server/action-input";
import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { AccessDenied, requireAction, requireFormAction } from "@/lib/auth/guard";
import { getDb } from "@/lib/db";
import { recordAudit } from "@/modules/admin/audit";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import {
  acceptInvitation,
  acceptSchema,
  createInvitation,
  findInvitation,
  inviteSchema,
  setActive,
  setTranslationReviewer,
} from "./invitations";

const str = (form: FormData, name: string) => (typeof form.get(name) === "string" ? String(form.get(name)) : "");
const localeOf = (form: FormData): Locale => (isLocale(str(form, "locale")) ? (str(form, "locale") as Locale) : "sv");

export type InviteState =
  { status: "idle" } | { status: "error"; message: string } | { status: "created"; link: string; name: string };

export const inviteAmbassadorAction = stateFormAction(async function inviteAmbassadorAction(
  _prev: InviteState,
  form: FormData,
): Promise<InviteState> {
  const locale = localeOf(form);
  const t = await getTranslations({ locale, namespace: "ambassadorAdmin" });
  let principal;
  try {
    principal = await requireAction({ roles: ["coordinator", "admin"] });
  } catch (err) {
    if (err instanceof AccessDenied)
      return { status: "error", message: (await getTranslations({ locale, namespace: "errors" }))("forbiddenTitle") };
    throw err;
  }
  const parsed = inviteSchema.safeParse({
    name: str(form, "name"),
    email: str(form, "email"),
    municipalities: form.getAll("municipalities"),
    locales: form.getAll("locales"),
  });
  if (!parsed.success) {
    const onlyPicks = parsed.error.issues.every((i) => i.path[0] === "municipalities" || i.path[0] === "locales");
    return { status: "error", message: onlyPicks ? t("pickOne") : t("invalid") };
  }
  const result = await createInvitation(getDb(), parsed.data, principal.id);
  if ("error" in result) return { status: "error", message: t("emailTaken") };
  await recordAudit(getDb(), { actor_id: principal.id, action: "invitation.created", target: parsed.data.email });
  return { status: "created", link: `/${locale}/invite/${result.token}`, name: parsed.data.name };
});

export const setAmbassadorActiveAction = formAction(async function setAmbassadorActiveAction(
  form: FormData,
): Promise<void> {
  const locale = localeOf(form);
  const principal = await requireFormAction({ roles: ["coordinator", "admin"] });
  await setActive(getDb(), str(form, "userId").slice(0, 64), str(form, "active") === "true", principal.id);
  revalidatePath(`/${locale}/coordinator/ambassadors`);
  redirect(`/${locale}/coordinator/ambassadors`);
});

export const setTranslationReviewerAction = formAction(async function setTranslationReviewerAction(
  form: FormData,
): Promise<void> {
  const locale = localeOf(form);
  const principal = await requireFormAction({ roles: ["coordinator", "admin"] });
  await setTranslationReviewer(
    getDb(),
    str(form, "userId").slice(0, 64),
    str(form, "reviewer") === "true",
    principal.id,
  );
  revalidatePath(`/${locale}/coordinator/ambassadors`);
  redirect(`/${locale}/coordinator/ambassadors`);
});

export type AcceptState = { status: "idle" } | { status: "error"; message: string };

export const acceptInvitationAction = stateFormAction(async function acceptInvitationAction(
  _prev: AcceptState,
  form: FormData,
): Promise<AcceptState> {
  const locale = localeOf(form);
  const t = await getTranslations({ locale, namespace: "invite" });
  const parsed = acceptSchema.safeParse({ password: str(form, "password"), confirm: str(form, "confirm") });
  if (!parsed.success) return { status: "error", message: t("tooShort") };
  if (parsed.data.password !== parsed.data.confirm) return { status: "error", message: t("mismatch") };
  const token = str(form, "token");
  if (!(await findInvitation(getDb(), token)) || !(await acceptInvitation(getDb(), token, parsed.data.password))) {
    return { status: "error", message: t("invalid") };
  }
  redirect(`/${locale}/sign-in?welcome=1`);
});
