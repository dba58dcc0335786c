import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "./database";
import { DEMO_PASSWORD, seedDatabase } from "@/lib/seed";

let t: TestDatabase;
type AuthModule = typeof import("@/lib/auth/auth");
let auth: ReturnType<AuthModule["getAuth"]>;

beforeAll(async () => {
  t = await freshDatabase();
  await seedDatabase(t.db, { responses: 10 });
  // The app's auth module reads the one db module, which reads DATABASE_URL.
  process.env.DATABASE_URL = t.url;
  process.env.BETTER_AUTH_SECRET = "test-secret-test-secret-test-secret-00";
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  auth = (await import("@/lib/auth/auth")).getAuth();
});
afterAll(async () => {
  const { getDb } = await import("@/lib/db");
  await getDb().destroy();
  await t?.drop();
});

describe("staff sign-in (better-auth on our tables)", () => {
  it("signs a demo user in and stores the session in auth_session", async () => {
    const result = await auth.api.signInEmail({ body: { email: "coordinator@demo.example", password: DEMO_PASSWORD } });
    expect(result.user.email).toBe("coordinator@demo.example");
    const sessions = await t.db.selectFrom("auth_session").select("user_id").execute();
    expect(sessions.map((s) => s.user_id)).toContain(result.user.id);
  });

  it("refuses a wrong password", async () => {
    await expect(
      auth.api.signInEmail({ body: { email: "coordinator@demo.example", password: "wrong-password" } }),
    ).rejects.toMatchObject({
      status: "UNAUTHORIZED",
    });
  });

  it("refuses a deactivated user", async () => {
    await t.db.updateTable("app_user").set({ active: false }).where("email", "=", "ambassador@demo.example").execute();
    await expect(
      auth.api.signInEmail({ body: { email: "ambassador@demo.example", password: DEMO_PASSWORD } }),
    ).rejects.toMatchObject({
      status: "FORBIDDEN",
    });
  });

  it("does not let anyone sign up", async () => {
    await expect(
      auth.api.signUpEmail({ body: { email: "new@x.se", password: "long-enough-password", name: "New" } }),
    ).rejects.toBeTruthy();
    expect(
      await t.db.selectFrom("app_user").select("id").where("email", "=", "new@x.se").executeTakeFirst(),
    ).toBeUndefined();
  });
});
