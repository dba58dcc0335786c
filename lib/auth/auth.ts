/**
 * Staff sign-in with better-auth on our own PostgreSQL (through the one Kysely instance).
 * Respondents never sign in. Sign-up is closed: users are seeded or invited.
 */
import { betterAuth } from "better-auth";
import { APIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { getDb } from "@/lib/db";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/request-guard";

function createAuth() {
  const db = getDb();
  return betterAuth({
    appName: "Frågebatteri Östergötland",
    secret: process.env.BETTER_AUTH_SECRET,
    baseURL: process.env.BETTER_AUTH_URL,
    database: { db, type: "postgres" },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10 },
    session: {
      modelName: "auth_session",
      fields: {
        userId: "user_id",
        expiresAt: "expires_at",
        ipAddress: "ip_address",
        userAgent: "user_agent",
        createdAt: "created_at",
        updatedAt: "updated_at",
      },
      expiresIn: 60 * 60 * 12,
      updateAge: 60 * 60,
    },
    user: {
      modelName: "app_user",
      fields: { emailVerified: "email_verified", createdAt: "created_at", updatedAt: "updated_at" },
      additionalFields: {
        role: { type: "string", required: true, input: false },
        municipalityCode: { type: "string", required: false, input: false, fieldName: "municipality_code" },
        active: { type: "boolean", required: false, input: false },
      },
    },
    account: {
      modelName: "auth_account",
      fields: {
        userId: "user_id",
        accountId: "account_id",
        providerId: "provider_id",
        accessToken: "access_token",
        refreshToken: "refresh_token",
        idToken: "id_token",
        accessTokenExpiresAt: "access_token_expires_at",
        refreshTokenExpiresAt: "refresh_token_expires_at",
        createdAt: "created_at",
        updatedAt: "updated_at",
      },
    },
    verification: {
      modelName: "auth_verification",
      fields: { expiresAt: "expires_at", createdAt: "created_at", updatedAt: "updated_at" },
    },
    advanced: {
      cookiePrefix: "fb",
      // Our HTTP layer sets this from the socket (or the trusted proxy) and drops any client-sent copy.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      database: { generateId: () => crypto.randomUUID() },
    },
    // Our own sign-in action slows repeated failures per account down; better-auth's per-address limiter is a
    // coarse second fence, loose enough for an office signing in on Monday morning behind one address.
    rateLimit: { enabled: true, window: 60, max: 300, customRules: { "/sign-in/email": { window: 60, max: 120 } } },
    databaseHooks: {
      session: {
        create: {
          // A deactivated user (for example an ambassador who left) can no longer sign in.
          before: async (session) => {
            const user = await db
              .selectFrom("app_user")
              .select("active")
              .where("id", "=", session.userId)
              .executeTakeFirst();
            if (!user?.active) throw new APIError("FORBIDDEN", { message: "Account deactivated" });
            return { data: session };
          },
        },
      },
    },
    plugins: [nextCookies()],
  });
}

type Auth = ReturnType<typeof createAuth>;
const holder = globalThis as unknown as { __auth?: Auth };

export function getAuth(): Auth {
  if (!holder.__auth) holder.__auth = createAuth();
  return holder.__auth;
}
