/**
 * Who may do what: the pure rule behind the guard. Role decides the kind of page or action;
 * municipality scope decides which municipality's data. No framework imports, so it is unit-tested directly.
 */
import type { Role } from "@/lib/db/schema";

export type Principal = {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** Staff: their municipality. */
  municipalityCode: string | null;
  /** Ambassadors: the municipalities and languages they are assigned to. */
  ambassadorMunicipalities: string[];
  ambassadorLocales: string[];
  /** Ambassadors: the coordinator lets them review translations in their languages. */
  translationReviewer: boolean;
  active: boolean;
};

export type Access = {
  roles: readonly Role[];
  /** The municipality the request is about, if any. */
  municipality?: string;
  /** For something shared by several municipalities (a survey): allowed if any of them is in scope. */
  anyOfMunicipalities?: string[];
  /** Reviewing the battery's translations into this language: region-wide roles, or an ambassador reviewer of it. */
  reviewLocale?: string;
};

export type Decision = "allow" | "unauthenticated" | "forbidden";

export const regionWideRoles: readonly Role[] = ["admin", "coordinator"];

/** The municipalities a principal may see data of; "all" for region-wide roles. */
export function municipalityScope(p: Principal): "all" | string[] {
  if (regionWideRoles.includes(p.role)) return "all";
  if (p.role === "staff") return p.municipalityCode ? [p.municipalityCode] : [];
  return p.ambassadorMunicipalities;
}

export function inScope(p: Principal, municipality: string): boolean {
  const scope = municipalityScope(p);
  return scope === "all" || scope.includes(municipality);
}

export function decide(p: Principal | null, access: Access): Decision {
  if (!p) return "unauthenticated";
  if (!p.active) return "unauthenticated";
  if (!access.roles.includes(p.role)) return "forbidden";
  if (access.municipality !== undefined && !inScope(p, access.municipality)) return "forbidden";
  if (
    access.anyOfMunicipalities !== undefined &&
    municipalityScope(p) !== "all" &&
    !access.anyOfMunicipalities.some((m) => inScope(p, m))
  ) {
    return "forbidden";
  }
  if (
    access.reviewLocale !== undefined &&
    p.role === "ambassador" &&
    !(p.translationReviewer && p.ambassadorLocales.includes(access.reviewLocale))
  ) {
    return "forbidden";
  }
  return "allow";
}

/** Where each role lands after sign-in. */
export function homePath(role: Role): string {
  switch (role) {
    case "admin":
      return "/admin";
    case "coordinator":
      return "/coordinator";
    case "staff":
      return "/staff";
    case "ambassador":
      return "/ambassador";
  }
}

/** Thrown by the guard and by scoped data functions; actions turn it into a message, routes into 401/403. */
export class AccessDenied extends Error {
  constructor(public readonly decision: "unauthenticated" | "forbidden") {
    super(decision);
  }
}
