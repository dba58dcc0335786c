/** Reads for the staff homes: municipalities, open surveys, the battery and response counts within a scope. */
import { sql } from "kysely";
import { type Db, getDb } from "@/lib/db";
import { batteryContentSchema } from "@/lib/battery/schema";
import { type Figure, protectCount, rules, type Rules, sumRaw } from "@/lib/disclosure/figure";

export type Scope = "all" | string[];

export async function fetchRegion() {
  return getDb().selectFrom("region").selectAll().orderBy("code").executeTakeFirstOrThrow();
}

/** The region's disclosure rules (k for counts, kText for free text). */
export function regionRules(region: { k_threshold: number; k_text: number }): Rules {
  return rules(region.k_threshold, region.k_text);
}

export async function fetchMunicipalities(scope: Scope) {
  let q = getDb().selectFrom("municipality").select(["code", "name", "population"]).orderBy("name");
  if (scope !== "all") q = q.where("code", "in", scope.length ? scope : ["----"]);
  return q.execute();
}

export async function fetchMunicipality(code: string) {
  return getDb()
    .selectFrom("municipality")
    .select(["code", "name", "population"])
    .where("code", "=", code)
    .executeTakeFirst();
}

export type OpenSurvey = { id: number; name: string; publicCode: string; closesAt: Date; municipalities: string[] };

export async function fetchOpenSurveys(scope: Scope, now = new Date()): Promise<OpenSurvey[]> {
  let q = getDb()
    .selectFrom("survey")
    .innerJoin("survey_municipality as sm", "sm.survey_id", "survey.id")
    .select([
      "survey.id",
      "survey.name",
      "survey.public_code",
      "survey.closes_at",
      sql<string[]>`array_agg(sm.municipality_code order by sm.municipality_code)`.as("municipalities"),
    ])
    .where("survey.opens_at", "<=", now)
    .where("survey.closes_at", ">", now)
    .groupBy(["survey.id"])
    .orderBy("survey.name");
  if (scope !== "all") q = q.where("sm.municipality_code", "in", scope.length ? scope : ["----"]);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    publicCode: r.public_code,
    closesAt: r.closes_at,
    municipalities: r.municipalities,
  }));
}

/**
 * Published responses per municipality in scope, and the region's: each a protected figure (see lib/disclosure),
 * read from the published tallies like every dashboard figure.
 */
export async function fetchResponseCounts(
  db: Db,
  scope: Scope,
  r: Rules,
): Promise<{ byMunicipality: Map<string, Figure>; region: Figure }> {
  const { rows } = await sql<{ municipality_code: string; n: number; key: number }>`
    select municipality_code, sum(n)::float8 as n, (sum(ksum) % 4294967296)::float8 as key
    from published_response_tally where dim = '' and breakdown = 'total' group by 1`.execute(db);
  const byMunicipality = new Map<string, Figure>();
  for (const row of rows) {
    if (row.municipality_code && (scope === "all" || scope.includes(row.municipality_code)))
      byMunicipality.set(row.municipality_code, protectCount({ n: row.n, key: row.key }, r));
  }
  return { byMunicipality, region: protectCount(sumRaw(rows.map((row) => ({ n: row.n, key: row.key }))), r) };
}

export async function fetchCurrentBattery() {
  const row = await getDb()
    .selectFrom("battery_version as v")
    .innerJoin("battery as b", "b.id", "v.battery_id")
    .select(["v.id", "v.version", "v.published_at", "v.content"])
    .where("b.kind", "=", "regional")
    .orderBy("v.version", "desc")
    .executeTakeFirst();
  if (!row) return null;
  const content = batteryContentSchema.parse(row.content);
  return {
    id: row.id,
    version: row.version,
    publishedAt: row.published_at,
    modules: content.modules.length,
    questions: content.modules.reduce((n, m) => n + m.questions.length, 0),
  };
}

export async function fetchUsers() {
  const db = getDb();
  const users = await db
    .selectFrom("app_user")
    .select(["id", "name", "email", "role", "municipality_code", "active"])
    .orderBy("role")
    .orderBy("name")
    .execute();
  const assignments = await db.selectFrom("ambassador_municipality").select(["user_id", "municipality_code"]).execute();
  return users.map((u) => ({
    ...u,
    ambassadorMunicipalities: assignments.filter((a) => a.user_id === u.id).map((a) => a.municipality_code),
  }));
}
