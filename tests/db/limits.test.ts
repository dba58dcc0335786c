import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgThrottleStore, SignInThrottle } from "@/lib/auth/throttle";
import { SharedLimiter } from "@/lib/limits/shared";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
const pools: pg.Pool[] = [];
const instance = () => {
  const pool = new pg.Pool({ connectionString: t.url, max: 2 });
  // The test database is dropped with its connections at the end: an idle client's error then is expected.
  pool.on("error", () => {});
  pools.push(pool);
  return new SharedLimiter(pool, "secret");
};

beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  for (const p of pools) await p.end();
  await t?.drop();
});

describe("limits shared in PostgreSQL", () => {
  it("gives two instances one budget per address, not one each", async () => {
    const [a, b] = [instance(), instance()];
    const limit = { name: "withdraw", burst: 10, perMinute: 10 };
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) waits.push(await (i % 2 ? a : b).take(limit, "203.0.113.7"));
    expect(waits.filter((w) => w === 0)).toHaveLength(10);
    expect(waits.slice(10).every((w) => w > 0 && w <= 60)).toBe(true);
    // Another address has its own budget, on either instance.
    expect(await a.take(limit, "203.0.113.8")).toBe(0);
  });

  it("stores no address, only keyed hashes", async () => {
    const keys = (await t.db.selectFrom("rate_limit").select("key").execute()).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(" ")).not.toMatch(/203\.0\.113/);
  });

  it("keeps sign-in failures across instances, hashed, and a correct password clears only the account", async () => {
    const one = new SignInThrottle(new PgThrottleStore(t.db, "secret"));
    const two = new SignInThrottle(new PgThrottleStore(t.db, "secret"));
    for (let i = 0; i < 20; i++) await (i % 2 ? one : two).fail([`email:victim${i}@example.se`, "addr:198.51.100.4"]);
    expect((await one.check(["email:someone@example.se", "addr:198.51.100.4"])).allowed).toBe(false);
    await two.succeed(["email:own@example.se", "addr:198.51.100.4"]);
    expect((await one.check(["email:victim3@example.se", "addr:198.51.100.4"])).allowed).toBe(false);
    const stored = (await t.db.selectFrom("sign_in_failure").select("key").execute()).map((r) => r.key).join(" ");
    expect(stored).not.toMatch(/example\.se|198\.51/);
  });
});
