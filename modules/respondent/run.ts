/**
 * A survey as a respondent meets it: its battery version, municipalities and their catalogues,
 * and whether it is open. Battery versions never change, so parsed content is cached by version id.
 */
import type { Db } from "@/lib/db";
import type { RunContext } from "@/lib/battery/logic";
import { type BatteryContent, batteryContentSchema, localModuleContentSchema, type Option } from "@/lib/battery/schema";

export type SurveyStatus = "open" | "closed" | "upcoming";

export type SurveyRun = {
  id: number;
  code: string;
  name: string;
  opensAt: Date;
  closesAt: Date;
  status: SurveyStatus;
  batteryVersionId: number;
  content: BatteryContent;
  disabledModules: string[];
  municipalities: { code: string; name: string; localVersionId: number | null; catalogue: Option[] }[];
};

const contentCache = new Map<number, unknown>();

async function versionContent<T>(db: Db, id: number, parse: (c: unknown) => T): Promise<T> {
  if (!contentCache.has(id)) {
    const row = await db.selectFrom("battery_version").select("content").where("id", "=", id).executeTakeFirstOrThrow();
    contentCache.set(id, parse(row.content));
  }
  return contentCache.get(id) as T;
}

export function statusAt(opensAt: Date, closesAt: Date, now: Date): SurveyStatus {
  if (now < opensAt) return "upcoming";
  if (now >= closesAt) return "closed";
  return "open";
}

type CachedSurvey = { run: Omit<SurveyRun, "status">; fetchedAt: number };

/**
 * Surveys by code, read again after SURVEY_CACHE_MS. A round's version, municipalities and catalogues never change
 * once it is open; only its closing time can move earlier ("close now"), which clears this instance's entry at
 * once. Other instances may show a closed round as open for up to SURVEY_CACHE_MS, but never store a response
 * in it: submitResponse checks the closing time in the statement that writes. One cache per database handle, kept
 * on globalThis so that every route bundle of this process shares it (and clearSurvey reaches it).
 */
export const SURVEY_CACHE_MS = 10_000;
const SURVEY_CACHE_MAX = 1_000;
const cacheHolder = globalThis as unknown as { __surveyCaches?: WeakMap<Db, Map<string, CachedSurvey>> };
const caches = (cacheHolder.__surveyCaches ??= new WeakMap());

function cacheOf(db: Db): Map<string, CachedSurvey> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

/** Forgets a cached survey (after its closing time changed). */
export function clearSurvey(db: Db, code: string): void {
  cacheOf(db).delete(code.toUpperCase());
}

async function readSurvey(db: Db, code: string): Promise<Omit<SurveyRun, "status"> | null> {
  const survey = await db
    .selectFrom("survey")
    .select(["id", "public_code", "name", "opens_at", "closes_at", "battery_version_id", "disabled_modules"])
    .where("public_code", "=", code)
    .executeTakeFirst();
  if (!survey) return null;
  const rows = await db
    .selectFrom("survey_municipality as sm")
    .innerJoin("municipality as m", "m.code", "sm.municipality_code")
    .select(["m.code", "m.name", "sm.local_version_id"])
    .where("sm.survey_id", "=", survey.id)
    .orderBy("m.name")
    .execute();
  const municipalities = await Promise.all(
    rows.map(async (r) => ({
      code: r.code,
      name: r.name,
      localVersionId: r.local_version_id,
      catalogue: r.local_version_id
        ? (await versionContent(db, r.local_version_id, (c) => localModuleContentSchema.parse(c))).catalogue
        : [],
    })),
  );
  return {
    id: survey.id,
    code: survey.public_code,
    name: survey.name,
    opensAt: survey.opens_at,
    closesAt: survey.closes_at,
    batteryVersionId: survey.battery_version_id,
    content: await versionContent(db, survey.battery_version_id, (c) => batteryContentSchema.parse(c)),
    disabledModules: survey.disabled_modules,
    municipalities,
  };
}

export async function loadSurvey(db: Db, code: string, now = new Date()): Promise<SurveyRun | null> {
  const key = code.toUpperCase();
  const surveyCache = cacheOf(db);
  const cached = surveyCache.get(key);
  let run = cached && Date.now() - cached.fetchedAt < SURVEY_CACHE_MS ? cached.run : undefined;
  if (!run) {
    const read = await readSurvey(db, key);
    // Unknown codes are not remembered: guessing codes must not fill the memory.
    if (!read) return null;
    run = read;
    if (surveyCache.size >= SURVEY_CACHE_MAX) surveyCache.delete(surveyCache.keys().next().value!);
    surveyCache.set(key, { run, fetchedAt: Date.now() });
  }
  return { ...run, status: statusAt(run.opensAt, run.closesAt, now) };
}

/** The municipality a response belongs to: the survey's only one, or the one the respondent chose. */
export function municipalityOf(run: SurveyRun, chosen: string | undefined | null): string | null {
  if (run.municipalities.length === 1) return run.municipalities[0]!.code;
  return chosen && run.municipalities.some((m) => m.code === chosen) ? chosen : null;
}

export function runContext(run: SurveyRun, municipality: string | null): RunContext {
  return {
    municipalities: run.municipalities.map((m) => ({ key: m.code, label: { sv: m.name } })),
    catalogue: run.municipalities.find((m) => m.code === municipality)?.catalogue ?? [],
    disabledModules: run.disabledModules,
  };
}
