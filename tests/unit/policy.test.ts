import { describe, expect, it } from "vitest";
import { decide, homePath, municipalityScope, type Principal } from "@/lib/auth/policy";
import type { Role } from "@/lib/db/schema";

function principal(role: Role, extra: Partial<Principal> = {}): Principal {
  return {
    id: role,
    name: role,
    email: `${role}@x`,
    role,
    municipalityCode: role === "staff" ? "0580" : null,
    ambassadorMunicipalities: role === "ambassador" ? ["0580", "0583"] : [],
    ambassadorLocales: role === "ambassador" ? ["ar"] : [],
    translationReviewer: false,
    active: true,
    ...extra,
  };
}

describe("decide", () => {
  it("refuses the signed-out and the deactivated as unauthenticated", () => {
    expect(decide(null, { roles: ["admin"] })).toBe("unauthenticated");
    expect(decide(principal("admin", { active: false }), { roles: ["admin"] })).toBe("unauthenticated");
  });

  const roles: Role[] = ["admin", "coordinator", "staff", "ambassador"];
  it.each(roles)("lets %s into its own home only", (role) => {
    for (const other of roles) {
      expect(decide(principal(role), { roles: [other] })).toBe(role === other ? "allow" : "forbidden");
    }
  });

  it("scopes municipal staff to their municipality and ambassadors to their assignments", () => {
    const dashboard = (m: string) => ({ roles: ["admin", "coordinator", "staff"] as Role[], municipality: m });
    expect(decide(principal("staff"), dashboard("0580"))).toBe("allow");
    expect(decide(principal("staff"), dashboard("0581"))).toBe("forbidden");
    expect(decide(principal("coordinator"), dashboard("0581"))).toBe("allow");
    expect(decide(principal("admin"), dashboard("0509"))).toBe("allow");
    expect(decide(principal("ambassador"), { roles: ["ambassador"], municipality: "0583" })).toBe("allow");
    expect(decide(principal("ambassador"), { roles: ["ambassador"], municipality: "0581" })).toBe("forbidden");
    expect(decide(principal("staff", { municipalityCode: null }), dashboard("0580"))).toBe("forbidden");
  });

  it("allows something shared by several municipalities if any of them is in scope", () => {
    const survey = (ms: string[]) => ({
      roles: ["admin", "coordinator", "staff", "ambassador"] as Role[],
      anyOfMunicipalities: ms,
    });
    expect(decide(principal("staff"), survey(["0581", "0580"]))).toBe("allow");
    expect(decide(principal("staff"), survey(["0581"]))).toBe("forbidden");
    expect(decide(principal("ambassador"), survey(["0583"]))).toBe("allow");
    expect(decide(principal("coordinator"), survey([]))).toBe("allow");
  });

  it("gives each role its scope and home", () => {
    expect(municipalityScope(principal("coordinator"))).toBe("all");
    expect(municipalityScope(principal("staff"))).toEqual(["0580"]);
    expect(municipalityScope(principal("ambassador"))).toEqual(["0580", "0583"]);
    expect(roles.map(homePath)).toEqual(["/admin", "/coordinator", "/staff", "/ambassador"]);
  });
});

describe("translation review", () => {
  it("lets the coordinator review any language and an ambassador only their own, once made a reviewer", () => {
    const access = (lang: string) => ({ roles: ["coordinator", "admin", "ambassador"] as const, reviewLocale: lang });
    expect(decide(principal("coordinator"), access("ti"))).toBe("allow");
    expect(decide(principal("ambassador"), access("ar"))).toBe("forbidden");
    expect(decide(principal("ambassador", { translationReviewer: true }), access("ar"))).toBe("allow");
    expect(decide(principal("ambassador", { translationReviewer: true }), access("ti"))).toBe("forbidden");
    expect(decide(principal("staff"), access("ar"))).toBe("forbidden");
  });
});

describe("local modules", () => {
  it("lets staff edit only their own municipality's local module", () => {
    const access = (municipality: string) => ({ roles: ["staff", "coordinator", "admin"] as const, municipality });
    expect(decide(principal("staff"), access("0580"))).toBe("allow");
    expect(decide(principal("staff"), access("0581"))).toBe("forbidden");
    expect(decide(principal("coordinator"), access("0581"))).toBe("allow");
    expect(decide(principal("ambassador"), access("0580"))).toBe("forbidden");
  });
});
