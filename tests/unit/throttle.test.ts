import { describe, expect, it } from "vitest";
import { SignInThrottle } from "@/lib/auth/throttle";

describe("SignInThrottle", () => {
  it("allows three failures, then makes each attempt wait twice as long", () => {
    let now = 1_000_000;
    const t = new SignInThrottle(() => now);
    const keys = ["email:a@x"];
    for (let i = 0; i < 3; i++) {
      expect(t.check(keys)).toEqual({ allowed: true });
      t.fail(keys);
    }
    expect(t.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 5 });
    now += 5_000;
    expect(t.check(keys)).toEqual({ allowed: true });
    t.fail(keys);
    expect(t.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now += 10_000;
    t.fail(keys);
    expect(t.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it("caps the wait at five minutes and forgets after fifteen", () => {
    let now = 0;
    const t = new SignInThrottle(() => now);
    for (let i = 0; i < 20; i++) t.fail(["k"]);
    expect(t.check(["k"])).toEqual({ allowed: false, retryAfterSeconds: 300 });
    now += 15 * 60_000 + 1;
    expect(t.check(["k"])).toEqual({ allowed: true });
  });

  it("allows an address (an office) more failures than an account, throttles by either, and clears on success", () => {
    const t = new SignInThrottle(() => 0);
    for (let i = 0; i < 4; i++) t.fail(["email:a", "addr:1"]);
    expect(t.check(["email:a", "addr:2"]).allowed).toBe(false);
    expect(t.check(["email:b", "addr:1"]).allowed).toBe(true);
    for (let i = 0; i < 16; i++) t.fail(["email:c" + i, "addr:1"]);
    expect(t.check(["email:b", "addr:1"]).allowed).toBe(false);
    expect(t.check(["email:b", "addr:2"]).allowed).toBe(true);
    t.succeed(["email:a", "addr:1"]);
    expect(t.check(["email:a", "addr:1"]).allowed).toBe(true);
  });
});
