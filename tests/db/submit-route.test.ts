import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDatabase } from "@/lib/seed";
import { freshDatabase, type TestDatabase } from "./database";

let t: TestDatabase;
const holder = globalThis as unknown as {
  __db?: { destroy(): Promise<void> };
  __limitPool?: { end(): Promise<void> };
  __sharedLimiter?: unknown;
};
let POST: (request: Request) => Promise<Response>;

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 0 });
  await holder.__db?.destroy();
  delete holder.__db;
  process.env.DATABASE_URL = t.url;
  // The route takes its rate limit from the budget shared in this database, keyed with the server secret.
  process.env.BETTER_AUTH_SECRET ??= "route-test-secret-route-test-secret-01";
  await holder.__limitPool?.end();
  delete holder.__limitPool;
  delete holder.__sharedLimiter;
  ({ POST } = await import("@/app/api/responses/route"));
});
afterAll(async () => {
  await holder.__db?.destroy();
  delete holder.__db;
  await holder.__limitPool?.end();
  delete holder.__limitPool;
  delete holder.__sharedLimiter;
  await t?.drop();
});

const post = (body: string, headers: Record<string, string> = {}) =>
  POST(
    new Request("http://localhost/api/responses", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...headers },
    }),
  );

describe("POST /api/responses as a route handler (no server of our own)", () => {
  it("stores a response once, with a code the first time only, and refuses bad bodies with a clear 4xx", async () => {
    const payload = JSON.stringify({
      id: crypto.randomUUID(),
      survey: "LIN580",
      locale: "sv",
      answers: { "bg.gender": { kind: "choice", value: "woman" } },
    });
    const first = await post(payload);
    expect(first.status).toBe(201);
    expect((await first.json()).receipt).toMatch(/^[0-9A-Z]{10}$/);
    const again = await post(payload);
    expect(again.status).toBe(200);
    expect(await again.json()).not.toHaveProperty("receipt");
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify({ id: "x" }))).status).toBe(400);
    expect((await post("x".repeat(300 * 1024))).status).toBe(413);
    expect(first.headers.get("cache-control")).toBe("no-store");
  });
});
