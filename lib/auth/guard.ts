/**
 * The one guard. Every protected page, server action and route handler calls it with the roles
 * (and municipality) it serves; it reads the session on the server and decides with lib/auth/policy.
 */
import { headers } from "next/headers";
import { forbidden, redirect, unauthorized } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db";
import { type Access, AccessDenied, decide, type Principal } from "./policy";
import { getAuth } from "./auth";

export { AccessDenied } from "./policy";

/** The signed-in staff user for this request, loaded fresh from the database (role, scope, active). */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  // Reading the request headers first also marks every guarded page as dynamic (never prerendered).
  const requestHeaders = await headers();
  const session = await getAuth().api.getSession({ headers: requestHeaders });
  if (!session) return null;
  return loadPrincipal(session.user.id);
});

export async function loadPrincipal(userId: string): Promise<Principal | null> {
  const db = getDb();
  const user = await db
    .selectFrom("app_user")
    .select(["id", "name", "email", "role", "municipality_code", "active", "translation_reviewer"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) return null;
  const [municipalities, languages] =
    user.role === "ambassador"
      ? await Promise.all([
          db.selectFrom("ambassador_municipality").select("municipality_code").where("user_id", "=", userId).execute(),
          db.selectFrom("ambassador_language").select("locale").where("user_id", "=", userId).execute(),
        ])
      : [[], []];
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    municipalityCode: user.municipality_code,
    ambassadorMunicipalities: municipalities.map((m) => m.municipality_code).sort(),
    ambassadorLocales: languages.map((l) => l.locale),
    translationReviewer: user.role === "ambassador" && user.translation_reviewer,
    active: user.active,
  };
}

/** For pages: sends the unauthenticated to sign-in and answers 403 to the wrong role or municipality. */
export async function requirePage(access: Access, locale: string): Promise<Principal> {
  const principal = await currentPrincipal();
  const decision = decide(principal, access);
  if (decision === "unauthenticated") redirect(`/${locale}/sign-in`);
  if (decision === "forbidden") forbidden();
  return principal!;
}

/** For server actions: throws AccessDenied, which the action turns into a message. */
export async function requireAction(access: Access): Promise<Principal> {
  const principal = await currentPrincipal();
  const decision = decide(principal, access);
  if (decision !== "allow") throw new AccessDenied(decision);
  return principal!;
}

/**
 * For form actions that return nothing to show a message in: answers like a page would (401 or 403 page),
 * never with an error.
 */
export async function requireFormAction(access: Access): Promise<Principal> {
  const principal = await currentPrincipal();
  const decision = decide(principal, access);
  if (decision === "unauthenticated") unauthorized();
  if (decision === "forbidden") forbidden();
  return principal!;
}

/**
 * For route handlers: the principal, or the 401/403 response to return. With allowInactive, a deactivated
 * user still gets through (with active=false) so a device can be told why its data is refused.
 */
export async function requireRoute(
  access: Access,
  options: { allowInactive?: boolean } = {},
): Promise<Principal | Response> {
  const principal = await currentPrincipal();
  const decision = decide(principal && options.allowInactive ? { ...principal, active: true } : principal, access);
  if (decision === "unauthenticated") return Response.json({ error: "unauthenticated" }, { status: 401 });
  if (decision === "forbidden") return Response.json({ error: "forbidden" }, { status: 403 });
  return principal!;
}
