"use server";
/** Sign-in and sign-out: the only doors into the staff side. */
import { formAction, stateFormAction } from "@/lib/server/action-input";
import { errorFields, logger } from "@/lib/observability/log";
import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/request-guard";
import { getAuth } from "./auth";
import { currentPrincipal, loadPrincipal } from "./guard";
import { homePath } from "./policy";
import { type SignInState, signInSchema } from "./sign-in-schema";
import { getDb } from "@/lib/db";
import { serverSecret } from "@/lib/server/secret";
import { actionLimits, takeActionLimit } from "@/lib/limits/action-limit";
import { PgThrottleStore, SignInThrottle } from "./throttle";

/** Shared by every instance: the counts are in PostgreSQL. */
const throttle = () => new SignInThrottle(new PgThrottleStore(getDb(), serverSecret()));

/** The client's address as set by our HTTP layer (lib/server); used only as an in-memory throttle key, never stored. */
async function clientKey(): Promise<string[]> {
  const address = (await headers()).get(CLIENT_ADDRESS_HEADER);
  return address ? [`addr:${address}`] : [];
}

export const signInAction = stateFormAction(async function signInAction(
  _prev: SignInState,
  form: FormData,
): Promise<SignInState> {
  const locale = isLocale(form.get("locale")) ? (String(form.get("locale")) as Locale) : "sv";
  const t = await getTranslations({ locale, namespace: "signIn" });
  const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  const email = typeof form.get("email") === "string" ? String(form.get("email")).slice(0, 254) : undefined;
  const fail = (key: "invalidInput" | "wrongCredentials" | "deactivated" | "unavailable"): SignInState => ({
    status: "error",
    message: t(key),
    email,
  });
  const throttled = (seconds: number): SignInState => ({
    status: "error",
    message: t("tooManyAttempts", { seconds }),
    email,
  });
  if (!parsed.success) return fail("invalidInput");
  // The action's own limit, wherever it was posted: attempts per address, right or wrong.
  const limited = await takeActionLimit(actionLimits.signIn);
  if (limited > 0) return throttled(limited);

  const keys = [`email:${parsed.data.email}`, ...(await clientKey())];
  const verdict = await throttle().check(keys);
  if (!verdict.allowed) return throttled(verdict.retryAfterSeconds);

  let userId: string;
  try {
    const result = await getAuth().api.signInEmail({ body: parsed.data, headers: await headers() });
    userId = result.user.id;
  } catch (err) {
    if (err instanceof APIError) {
      if (err.status === "FORBIDDEN") return fail("deactivated");
      if (err.status === "TOO_MANY_REQUESTS") return throttled(60);
      await throttle().fail(keys);
      // Each failure past the free ones also costs the caller real time, so scripted guessing is slow.
      const after = await throttle().check(keys);
      if (!after.allowed) await new Promise((r) => setTimeout(r, Math.min(after.retryAfterSeconds, 2) * 500));
      return fail("wrongCredentials");
    }
    logger.error(errorFields(err), "[sign-in] unexpected error");
    return fail("unavailable");
  }
  await throttle().succeed(keys);
  const principal = await loadPrincipal(userId);
  redirect(`/${locale}${principal ? homePath(principal.role) : "/"}`);
});

export const signOutAction = formAction(async function signOutAction(form: FormData): Promise<void> {
  const locale = isLocale(form.get("locale")) ? String(form.get("locale")) : "sv";
  if (await currentPrincipal()) {
    await getAuth().api.signOut({ headers: await headers() });
  }
  redirect(`/${locale}/sign-in`);
});
