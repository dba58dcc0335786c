"use server";
/**
 * The respondent's form posts: start, save a page, send, withdraw, start again. Plain server actions,
 * so every step works as a form POST without JavaScript; respondents never sign in, and nothing here
 * stores who they are.
 */
import { formAction, stateFormAction } from "@/lib/server/action-input";
import { errorFields, logger } from "@/lib/observability/log";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db";
import { type Answers, chosenMunicipality, pruneHidden } from "@/lib/battery/logic";
import { getTranslations } from "next-intl/server";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { serverSecret, servedOverHttps } from "@/lib/server/secret";
import { createDraft, DRAFT_DAYS, deleteDraft, draftCookie, loadDraft, saveDraft } from "./draft";
import { readSlot } from "./form";
import { askedModules, buildPage, neighbours, resumePage, SEND_PAGE } from "./page-flow";
import { surveyCodeSchema } from "./payload";
import { normalizeReceipt } from "./receipt";
import { RECEIPT_COOKIE_SECONDS, receiptCookie, thanksPath } from "./receipt-handoff";
import { loadSurvey, municipalityOf, runContext, type SurveyRun } from "./run";
import { verifyReferral } from "@/modules/ambassador/referral";
import { loadPrincipal } from "@/lib/auth/guard";
import { inScope } from "@/lib/auth/policy";
import { actionLimits, takeActionLimit } from "@/lib/limits/action-limit";
import { submitResponse, withdrawResponse } from "./submit";

function str(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

function basics(form: FormData) {
  const locale = isLocale(str(form, "locale")) ? str(form, "locale") : "sv";
  const code = surveyCodeSchema.safeParse(str(form, "code"));
  return { locale, code: code.success ? code.data : null };
}

const cookieOptions = () => ({
  httpOnly: true,
  sameSite: "lax" as const,
  secure: servedOverHttps(),
  path: "/",
  maxAge: DRAFT_DAYS * 86_400,
});

/** A page of the survey by its key in a draft: a module, or the send page. */
const pagePath = (locale: string, code: string, page: string) =>
  page === SEND_PAGE ? `/${locale}/s/${code}/send` : `/${locale}/s/${code}/m/${page}`;

/** The ambassador behind a referral link, if the link is genuine and they work where the survey runs. */
async function referringAmbassador(token: string, run: SurveyRun): Promise<string | null> {
  const id = verifyReferral(token, serverSecret());
  if (!id) return null;
  const principal = await loadPrincipal(id);
  if (!principal?.active || principal.role !== "ambassador") return null;
  return run.municipalities.some((m) => inScope(principal, m.code)) ? id : null;
}

/** The open survey a form posts to, with this device's cookies; anything else goes back to the entry page. */
async function openSurvey(form: FormData) {
  const { locale, code } = basics(form);
  if (!code) redirect(`/${locale}/s`);
  const db = getDb();
  const run = await loadSurvey(db, code);
  if (!run || run.status !== "open") redirect(`/${locale}/s/${code}`);
  return { locale, code, db, run, jar: await cookies() };
}

export const startSurveyAction = formAction(async function startSurveyAction(form: FormData): Promise<void> {
  const { locale, code, db, run, jar } = await openSurvey(form);
  const existing = await loadDraft(db, jar.get(draftCookie(code))?.value, run.id);
  if (!existing) {
    const referredBy = await referringAmbassador(str(form, "r"), run);
    const { token } = await createDraft(db, {
      surveyId: run.id,
      locale,
      municipality: municipalityOf(run, null),
      referredBy,
    });
    jar.set(draftCookie(code), token, cookieOptions());
  }
  // Someone coming back continues on the page where they stopped (if their answers still lead there).
  const ctx = runContext(run, existing?.municipality ?? municipalityOf(run, null));
  redirect(pagePath(locale, code, resumePage(run.content, existing?.answers ?? {}, ctx, existing?.atPage ?? null)));
});

export const savePageAction = formAction(async function savePageAction(form: FormData): Promise<void> {
  const { locale, code, db, run, jar } = await openSurvey(form);
  const token = jar.get(draftCookie(code))?.value;
  const draft = await loadDraft(db, token, run.id);
  if (!draft || !token) redirect(`/${locale}/s/${code}?expired=1`);

  const moduleKey = str(form, "module");
  const ctxBefore = runContext(run, draft.municipality);
  const page = buildPage(run.content, moduleKey, draft.answers, ctxBefore);
  if (!page) redirect(`/${locale}/s/${code}/intro`);

  // Only the slots the respondent saw are read; the rest keep their saved answers.
  const shown = new Set(
    str(form, "shown")
      .split(",")
      .filter((id) => page.slots.some((s) => s.id === id)),
  );
  const answers: Answers = { ...draft.answers };
  const problems: string[] = [];
  for (const slot of page.slots.filter((s) => shown.has(s.id))) {
    const reading = readSlot(
      slot,
      (name) => form.getAll(name).filter((v): v is string => typeof v === "string"),
      ctxBefore,
      run.content.scales,
    );
    if (reading.problem) problems.push(`${slot.id}~${reading.problem}`);
    else if (reading.value) answers[slot.id] = reading.value;
    else delete answers[slot.id];
  }
  const municipality = municipalityOf(run, chosenMunicipality(run.content, answers)) ?? draft.municipality;
  const ctx = runContext(run, municipality);
  const kept = pruneHidden(run.content, answers, ctx);
  // Without JavaScript, answers on this page can reveal more questions on it: the page is shown again.
  const after = buildPage(run.content, moduleKey, kept, ctx);
  const revealed = after ? [...after.visible].filter((id) => !shown.has(id)) : [];
  const { next } = neighbours(askedModules(run.content, kept, ctx), moduleKey);
  const stay = problems.length > 0 || revealed.length > 0;
  // The draft remembers the page shown next, where someone who leaves now continues.
  await saveDraft(db, token, { answers: kept, municipality, locale, atPage: stay ? moduleKey : (next ?? SEND_PAGE) });

  const here = pagePath(locale, code, moduleKey);
  if (problems.length) redirect(`${here}?err=${encodeURIComponent(problems.join("|"))}`);
  if (revealed.length) redirect(`${here}?more=${revealed.length}#s-${revealed[0]!.replace(/[^a-z0-9_-]/gi, "-")}`);
  redirect(pagePath(locale, code, next ?? SEND_PAGE));
});

export const submitSurveyAction = formAction(async function submitSurveyAction(form: FormData): Promise<void> {
  const { locale, code } = basics(form);
  if (!code || !isLocale(locale)) redirect(`/${locale}/s`);
  const db = getDb();
  const jar = await cookies();
  const run = await loadSurvey(db, code);
  if (!run) redirect(`/${locale}/s/${code}`);
  const token = jar.get(draftCookie(code))?.value;
  const draft = await loadDraft(db, token, run.id);
  // A second tap after the first went through: thanks, not a second response (the code is the first tap's to show).
  if (!draft || !token) redirect(thanksPath(locale, code));
  const ctx = runContext(run, draft.municipality);
  const payload = {
    id: draft.responseId,
    survey: code,
    locale,
    municipality: draft.municipality ?? undefined,
    answers: pruneHidden(run.content, draft.answers, ctx),
  };
  let result;
  try {
    result = await submitResponse(db, payload, { collection: { mode: "self", referredBy: draft.referredBy } });
  } catch (err) {
    logger.error(errorFields(err), "[survey] submit failed");
    redirect(`/${locale}/s/${code}/send?err=unavailable`);
  }
  if (!result.ok) {
    if (result.status === 410 || result.status === 404) redirect(`/${locale}/s/${code}`);
    redirect(`/${locale}/s/${code}/send?err=${result.status === 409 ? "conflict" : "invalid"}`);
  }
  await deleteDraft(db, token);
  jar.delete(draftCookie(code));
  // The code goes to the thank-you page once (proxy.ts) and is kept nowhere on the phone after that. Sent before
  // (a second tap that raced the first): no code, and the first tap's cookie, if any, is left for the page.
  if (result.status === "created" && result.receipt) {
    jar.set(receiptCookie(code), result.receipt, {
      httpOnly: true,
      sameSite: "lax",
      secure: servedOverHttps(),
      path: thanksPath(locale, code),
      maxAge: RECEIPT_COOKIE_SECONDS,
    });
  }
  redirect(thanksPath(locale, code));
});

/** "Someone else wants to answer on this device" and "start again": forget this device's draft. */
export const restartSurveyAction = formAction(async function restartSurveyAction(form: FormData): Promise<void> {
  const { locale, code } = basics(form);
  if (!code) redirect(`/${locale}/s`);
  const jar = await cookies();
  const token = jar.get(draftCookie(code))?.value;
  if (token) await deleteDraft(getDb(), token);
  jar.delete(draftCookie(code));
  redirect(`/${locale}/s/${code}/intro`);
});

export type WithdrawState = { status: "idle" | "done" | "not_found" | "invalid"; message?: string };

export const withdrawAction = stateFormAction(async function withdrawAction(
  _prev: WithdrawState,
  form: FormData,
): Promise<WithdrawState> {
  const locale = isLocale(str(form, "locale")) ? (str(form, "locale") as Locale) : "sv";
  const t = await getTranslations({ locale, namespace: "survey" });
  // Guessing codes is slow wherever the form is posted (the limit is the action's own, not its page's).
  const wait = await takeActionLimit(actionLimits.withdraw);
  if (wait > 0)
    return { status: "invalid", message: (await getTranslations({ locale, namespace: "errors" }))("tooManyBody") };
  const code = normalizeReceipt(str(form, "receipt").slice(0, 40));
  if (!code) return { status: "invalid", message: t("withdrawInvalid") };
  const done = await withdrawResponse(getDb(), code);
  return done
    ? { status: "done", message: t("withdrawDone") }
    : { status: "not_found", message: t("withdrawNotFound") };
});
