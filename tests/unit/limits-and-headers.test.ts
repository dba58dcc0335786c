import { describe, expect, it } from "vitest";
import { limitFor, rateLimitsOn } from "@/lib/server/rate-limit";
import { contentSecurityPolicy, securityHeaders } from "@/lib/server/security-headers";
import { servedOverHttpsRequest } from "@/lib/server/request-guard";

describe("rate limits", () => {
  it("limits public submission, code lookup and the sign-in endpoint by path, and nothing else", () => {
    expect(limitFor("POST", "/api/responses")?.name).toBe("submit");
    expect(limitFor("GET", "/sv/s")?.name).toBe("lookup");
    expect(limitFor("GET", "/ar/s/LIN580")?.name).toBe("lookup");
    expect(limitFor("GET", "/ar/s/LIN580/m/background")).toBeNull();
    // The withdraw and sign-in actions limit themselves, wherever they are posted.
    expect(limitFor("POST", "/sv/withdraw")).toBeNull();
    expect(limitFor("POST", "/sv/sign-in")).toBeNull();
    expect(limitFor("POST", "/api/auth/sign-in/email")?.name).toBe("sign-in");
    expect(limitFor("GET", "/sv/dashboard")).toBeNull();
    expect(limitFor("GET", "/_next/static/chunks/x.js")).toBeNull();
    expect(rateLimitsOn({})).toBe(true);
    expect(rateLimitsOn({ RATE_LIMITS: "off" })).toBe(false);
  });
});

describe("security headers", () => {
  it("allows scripts only with the nonce and never inline, and forbids framing", () => {
    const csp = contentSecurityPolicy("abc", { dev: false, https: false });
    const script = csp.split("; ").find((d) => d.startsWith("script-src"))!;
    expect(script).toBe("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("abc", { dev: false, https: true })).toContain("upgrade-insecure-requests");
  });

  it("keeps the referrer on our own site, no sniffing, and HSTS only over HTTPS", () => {
    expect(securityHeaders({ https: false })).toMatchObject({
      "Referrer-Policy": "same-origin",
      "X-Content-Type-Options": "nosniff",
    });
    expect(securityHeaders({ https: false })["Strict-Transport-Security"]).toBeUndefined();
    expect(securityHeaders({ https: true })["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
    expect(servedOverHttpsRequest(false, "https", 0)).toBe(false);
    expect(servedOverHttpsRequest(false, "https", 1)).toBe(true);
    expect(servedOverHttpsRequest(false, "https, http", 1)).toBe(false);
    expect(servedOverHttpsRequest(true, undefined, 0)).toBe(true);
  });
});
