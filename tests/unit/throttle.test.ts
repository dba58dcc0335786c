import { describe, expect, it } from "vitest";
import { MemoryThrottleStore, SignInThrottle } from "@/lib/auth/throttle";

const throttleAt = (clock: { now: number }) => new SignInThrottle(new MemoryThrottleStore(), () => clock.now);

describe("SignInThrottle", () => {
  it("allows three failures, then makes each attempt wait twice as long", async () => {
    const clock = { now: 1_000_000 };
    const t = throttleAt(clock);
    const keys = ["email:a@x"];
    for (let i = 0; i < 3; i++) {
      expect(await t.check(keys)).toEqual({ allowed: true });
      await t.fail(keys);
    }
    expect(await t.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 5 });
    clock.now += 5_000;
    expect(await t.check(keys)).toEqual({ allowed: true });
    await t.fail(keys);
    expect(await t.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    clock.now += 10_000;
    await t.fail(keys);
    expect(await t.check(keys)).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it("caps the wait at five minutes and forgets after fifteen", async () => {
    const clock = { now: 0 };
    const t = throttleAt(clock);
    for (let i = 0; i < 20; i++) await t.fail(["email:k"]);
    expect(await t.check(["email:k"])).toEqual({ allowed: false, retryAfterSeconds: 300 });
    clock.now += 15 * 60_000 + 1;
    expect(await t.check(["email:k"])).toEqual({ allowed: true });
  });

  it("allows an address (an office) more failures than an account, and throttles by either", async () => {
    const t = throttleAt({ now: 0 });
    for (let i = 0; i < 4; i++) await t.fail(["email:a", "addr:1"]);
    expect((await t.check(["email:a", "addr:2"])).allowed).toBe(false);
    expect((await t.check(["email:b", "addr:1"])).allowed).toBe(true);
    for (let i = 0; i < 16; i++) await t.fail(["email:c" + i, "addr:1"]);
    expect((await t.check(["email:b", "addr:1"])).allowed).toBe(false);
    expect((await t.check(["email:b", "addr:2"])).allowed).toBe(true);
  });

  it("forgives an account on a correct password, but not the address that guessed other accounts", async () => {
    const t = throttleAt({ now: 0 });
    for (let i = 0; i < 20; i++) await t.fail([`email:victim${i}`, "addr:1"]);
    expect((await t.check(["email:own", "addr:1"])).allowed).toBe(false);
    // The guesser signs in to their own account from the same address...
    await t.succeed(["email:own", "addr:1"]);
    // ...and the address is still slowed down for every other account.
    expect((await t.check(["email:victim99", "addr:1"])).allowed).toBe(false);
  });
});
