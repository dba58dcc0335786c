/**
 * Demo data: the region, its 13 municipalities, the regional battery (version 1, ten languages), one local module
 * per municipality, a closed regional round (spring) and one open survey per municipality, one demo user per role
 * and synthetic responses, published to the dashboards as the daily job would.
 * Idempotent: every row has a natural or derived key and is inserted with "on conflict do nothing".
 */
import { hashPassword } from "better-auth/crypto";
import { sql } from "kysely";
import type { Db } from "@/lib/db";
import type { Role } from "@/lib/db/schema";
import { publishPools } from "@/modules/dashboard/publication";
import { toAnswerRow } from "@/modules/respondent/answer-rows";
import { payloadHash } from "@/modules/respondent/canonical";
import { visibleSlots } from "@/lib/battery/logic";
import type { Locale } from "@/lib/i18n/locales";
import { type DemoAmbassador, type DemoMunicipality, demoUuid, generateDemoResponses } from "./demo-responses";
import {
  buildReferenceBattery,
  referenceCatalogue,
  referenceMunicipalities,
  referenceRegion,
} from "./reference-battery";

export const DEMO_PASSWORD = "demo-ostergotland-2026";

export type DemoUser = {
  email: string;
  name: string;
  role: Role;
  municipality?: string;
  ambassador?: { municipalities: string[]; locales: Locale[] };
};

/** One sign-in per role (printed in the README), plus more ambassadors so assisted interviews spread. */
export const demoUsers: DemoUser[] = [
  { email: "admin@demo.example", name: "Alva Admin", role: "admin" },
  { email: "coordinator@demo.example", name: "Kim Koordinator", role: "coordinator" },
  { email: "staff.linkoping@demo.example", name: "Sara Linköping", role: "staff", municipality: "0580" },
  { email: "staff.norrkoping@demo.example", name: "Nils Norrköping", role: "staff", municipality: "0581" },
  {
    email: "ambassador@demo.example",
    name: "Amina Ambassadör",
    role: "ambassador",
    ambassador: { municipalities: ["0580", "0581"], locales: ["ar", "fa-AF", "fa"] },
  },
  {
    email: "ambassador.ti@demo.example",
    name: "Yonas Ambassadör",
    role: "ambassador",
    ambassador: { municipalities: ["0581", "0583", "0586", "0562"], locales: ["ti", "so", "ar"] },
  },
  {
    email: "ambassador.uk@demo.example",
    name: "Olena Ambassadör",
    role: "ambassador",
    ambassador: { municipalities: ["0580", "0583", "0582", "0561", "0513"], locales: ["uk", "ckb", "ku"] },
  },
  {
    email: "ambassador.small@demo.example",
    name: "Hodan Ambassadör",
    role: "ambassador",
    ambassador: { municipalities: ["0509", "0512", "0560", "0563", "0584"], locales: ["so", "ar", "ti", "fa-AF"] },
  },
];

export const REGIONAL_BATTERY_SLUG = "ostergotland";

/** A survey code people can read aloud and type: three letters of the name and the last digits of the code. */
export function demoSurveyCode(name: string, code: string): string {
  const letters = name
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toUpperCase()
    .slice(0, 3);
  return `${letters}${code.slice(1)}`;
}

export type SeedReport = { responsesInserted: number; usersInserted: number; surveys: number };

/** The closed regional round of the demo: responses older than this many days belong to it. */
export const SPRING_ROUND = { code: "VAREN26", name: "Nyanländas röst, våren 2026", closedDaysAgo: 120 };

export async function seedDatabase(
  db: Db,
  options: { responses?: number; now?: Date; log?: (m: string) => void } = {},
): Promise<SeedReport> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const content = buildReferenceBattery();
  const catalogue = referenceCatalogue();

  await db
    .insertInto("region")
    .values({ code: referenceRegion.code, name: referenceRegion.name })
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();
  await db
    .insertInto("municipality")
    .values(
      referenceMunicipalities.map((m) => ({
        code: m.code,
        name: m.name,
        population: m.population,
        region_code: referenceRegion.code,
      })),
    )
    .onConflict((oc) => oc.column("code").doNothing())
    .execute();

  const regionalVersionId = await ensureBatteryVersion(db, {
    slug: REGIONAL_BATTERY_SLUG,
    kind: "regional",
    municipality: null,
    content,
  });

  const day = 86_400_000;
  await db
    .insertInto("survey")
    .values({
      region_code: referenceRegion.code,
      battery_version_id: regionalVersionId,
      name: SPRING_ROUND.name,
      public_code: SPRING_ROUND.code,
      opens_at: new Date(now.getTime() - 300 * day),
      closes_at: new Date(now.getTime() - SPRING_ROUND.closedDaysAgo * day),
    })
    .onConflict((oc) => oc.column("public_code").doNothing())
    .execute();
  const spring = await db
    .selectFrom("survey")
    .select("id")
    .where("public_code", "=", SPRING_ROUND.code)
    .executeTakeFirstOrThrow();

  const municipalities: DemoMunicipality[] = [];
  for (const [index, m] of referenceMunicipalities.entries()) {
    // Smaller municipalities offer fewer interventions; each keeps a stable subset of the example catalogue.
    const size = m.population > 100_000 ? catalogue.length : m.population > 20_000 ? 8 : 5 + (index % 2);
    const own = catalogue.slice(0, size);
    const localVersionId = await ensureBatteryVersion(db, {
      slug: `local-${m.code}`,
      kind: "local",
      municipality: m.code,
      content: { catalogue: own, questions: [] },
    });
    const code = demoSurveyCode(m.name, m.code);
    await db
      .insertInto("survey")
      .values({
        region_code: referenceRegion.code,
        battery_version_id: regionalVersionId,
        name: `Nyanländas röst 2026 – ${m.name}`,
        public_code: code,
        opens_at: new Date(now.getTime() - (SPRING_ROUND.closedDaysAgo - 1) * day),
        closes_at: new Date(now.getTime() + 365 * day),
      })
      .onConflict((oc) => oc.column("public_code").doNothing())
      .execute();
    const survey = await db.selectFrom("survey").select("id").where("public_code", "=", code).executeTakeFirstOrThrow();
    await db
      .insertInto("survey_municipality")
      .values({ survey_id: survey.id, municipality_code: m.code, local_version_id: localVersionId })
      .onConflict((oc) => oc.columns(["survey_id", "municipality_code"]).doNothing())
      .execute();
    await db
      .insertInto("survey_municipality")
      .values({ survey_id: spring.id, municipality_code: m.code, local_version_id: localVersionId })
      .onConflict((oc) => oc.columns(["survey_id", "municipality_code"]).doNothing())
      .execute();
    municipalities.push({
      code: m.code,
      population: m.population,
      catalogue: own,
      surveyId: survey.id,
      localVersionId,
    });
  }

  const usersInserted = await ensureDemoUsers(db);
  const ambassadors: DemoAmbassador[] = [];
  for (const u of demoUsers.filter((d) => d.ambassador)) {
    const row = await db.selectFrom("app_user").select("id").where("email", "=", u.email).executeTakeFirstOrThrow();
    ambassadors.push({ id: row.id, ...u.ambassador! });
  }

  const count = options.responses ?? 3200;
  const springEnds = now.getTime() - SPRING_ROUND.closedDaysAgo * day;
  const generated = generateDemoResponses({ count, content, municipalities, ambassadors, now }).map((r) =>
    // Answered before the spring round closed: filed under it.
    r.submittedAt.getTime() < springEnds ? { ...r, surveyId: spring.id } : r,
  );
  let responsesInserted = 0;
  const batchSize = 250;
  for (let start = 0; start < generated.length; start += batchSize) {
    const batch = generated.slice(start, start + batchSize);
    responsesInserted += await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto("response")
        .values(
          batch.map((r) => ({
            id: r.id,
            survey_id: r.surveyId,
            battery_version_id: regionalVersionId,
            local_version_id: r.localVersionId,
            municipality_code: r.municipalityCode,
            locale: r.locale,
            mode: r.mode,
            ambassador_id: r.ambassadorId,
            interview: r.interview ? JSON.stringify(r.interview) : null,
            handover_questions: r.handover,
            submitted_on: r.submittedAt.toISOString().slice(0, 10),
            payload_hash: payloadHash({ answers: r.answers, locale: r.locale, mode: r.mode }),
          })),
        )
        .onConflict((oc) => oc.column("id").doNothing())
        .returning("id")
        .execute();
      const fresh = new Set(inserted.map((r) => r.id));
      const rows = batch
        .filter((r) => fresh.has(r.id))
        .flatMap((r) => {
          const ctx = {
            municipalities: [],
            catalogue: municipalities.find((m) => m.code === r.municipalityCode)!.catalogue,
          };
          return visibleSlots(content, r.answers, ctx)
            .filter((slot) => r.answers[slot.id])
            .map((slot) => ({
              response_id: r.id,
              ...toAnswerRow(slot, r.answers[slot.id]!, content.scales, r.handover.includes(slot.id)),
            }));
        });
      for (let i = 0; i < rows.length; i += 2000) {
        await trx
          .insertInto("answer")
          .values(rows.slice(i, i + 2000))
          .execute();
      }
      return fresh.size;
    });
  }
  // What the daily job would have published by now (and the spring round's figures made final).
  const published = await publishPools(db, { now });
  log(
    `seed: ${responsesInserted} responses inserted (${count - responsesInserted} already there), ${usersInserted} users inserted, ` +
      `${published.responses} responses and ${published.answers} answers published`,
  );
  return { responsesInserted, usersInserted, surveys: municipalities.length + 1 };
}

async function ensureBatteryVersion(
  db: Db,
  input: { slug: string; kind: "regional" | "local"; municipality: string | null; content: unknown },
): Promise<number> {
  await db
    .insertInto("battery")
    .values({
      slug: input.slug,
      kind: input.kind,
      municipality_code: input.municipality,
      region_code: referenceRegion.code,
    })
    .onConflict((oc) => oc.column("slug").doNothing())
    .execute();
  const battery = await db.selectFrom("battery").select("id").where("slug", "=", input.slug).executeTakeFirstOrThrow();
  await db
    .insertInto("battery_version")
    .values({ battery_id: battery.id, version: 1, content: JSON.stringify(input.content) })
    .onConflict((oc) => oc.columns(["battery_id", "version"]).doNothing())
    .execute();
  const version = await db
    .selectFrom("battery_version")
    .select("id")
    .where("battery_id", "=", battery.id)
    .where("version", "=", 1)
    .executeTakeFirstOrThrow();
  return version.id;
}

async function ensureDemoUsers(db: Db): Promise<number> {
  let inserted = 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of demoUsers) {
    const id = demoUuid(`demo-user-${u.email}`);
    const created = await db.transaction().execute(async (trx) => {
      const result = await trx
        .insertInto("app_user")
        .values({
          id,
          name: u.name,
          email: u.email,
          email_verified: true,
          role: u.role,
          municipality_code: u.municipality ?? null,
        })
        .onConflict((oc) => oc.column("email").doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await trx
        .insertInto("auth_account")
        .values({
          id: demoUuid(`demo-account-${u.email}`),
          user_id: id,
          account_id: id,
          provider_id: "credential",
          password: passwordHash,
        })
        .execute();
      if (u.ambassador) {
        await trx
          .insertInto("ambassador_municipality")
          .values(u.ambassador.municipalities.map((m) => ({ user_id: id, municipality_code: m })))
          .execute();
        await trx
          .insertInto("ambassador_language")
          .values(u.ambassador.locales.map((l) => ({ user_id: id, locale: l })))
          .execute();
      }
      return true;
    });
    if (created) inserted++;
  }
  return inserted;
}

/** Whether the database has never been seeded (used to seed automatically on the first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await sql<{ n: number }>`select count(*)::int as n from region`.execute(db);
  return (row.rows[0]?.n ?? 0) === 0;
}
