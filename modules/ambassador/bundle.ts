/**
 * Everything an ambassador's device needs to interview with no network: the open surveys of their
 * municipalities, the battery versions they use, and the interview texts in every language (the
 * ambassador reads instructions in their own language, the respondent reads questions in theirs).
 */
import type { Db } from "@/lib/db";
import type { Principal } from "@/lib/auth/policy";
import type { BatteryContent, Option } from "@/lib/battery/schema";
import { locales, type Locale } from "@/lib/i18n/locales";
import { loadMessages, type Messages } from "@/lib/i18n/messages";
import { loadSurvey } from "@/modules/respondent/run";

export type InterviewTexts = {
  interview: Messages["interview"];
  survey: Record<string, string>;
  notTranslated: string;
};

export type AmbassadorBundle = {
  generatedAt: string;
  ambassador: { id: string; name: string; locales: string[]; municipalities: string[] };
  surveys: {
    code: string;
    name: string;
    closesAt: string;
    batteryVersionId: number;
    disabledModules: string[];
    municipalities: { code: string; name: string; catalogue: Option[] }[];
  }[];
  batteries: Record<string, BatteryContent>;
  texts: Record<Locale, InterviewTexts>;
};

const surveyKeys = ["chooseAll", "chooseMax", "textLabel", "textHint", "progress", "next", "back"] as const;

export async function buildBundle(db: Db, principal: Principal, now = new Date()): Promise<AmbassadorBundle> {
  const codes = await db
    .selectFrom("survey")
    .innerJoin("survey_municipality as sm", "sm.survey_id", "survey.id")
    .select("survey.public_code")
    .distinct()
    .where(
      "sm.municipality_code",
      "in",
      principal.ambassadorMunicipalities.length ? principal.ambassadorMunicipalities : ["----"],
    )
    .where("survey.opens_at", "<=", now)
    .where("survey.closes_at", ">", now)
    .orderBy("survey.public_code")
    .execute();
  const surveys: AmbassadorBundle["surveys"] = [];
  const batteries: AmbassadorBundle["batteries"] = {};
  for (const { public_code } of codes) {
    const run = await loadSurvey(db, public_code, now);
    if (!run) continue;
    batteries[String(run.batteryVersionId)] = run.content;
    surveys.push({
      code: run.code,
      name: run.name,
      closesAt: run.closesAt.toISOString(),
      batteryVersionId: run.batteryVersionId,
      disabledModules: run.disabledModules,
      // Only the municipalities this ambassador works in: an interview elsewhere would be refused on sync.
      municipalities: run.municipalities
        .filter((m) => principal.ambassadorMunicipalities.includes(m.code))
        .map((m) => ({ code: m.code, name: m.name, catalogue: m.catalogue })),
    });
  }
  const texts = {} as Record<Locale, InterviewTexts>;
  for (const locale of locales) {
    const m = await loadMessages[locale]();
    texts[locale] = {
      interview: m.interview,
      survey: Object.fromEntries(surveyKeys.map((k) => [k, m.survey[k]])),
      notTranslated: m.common.notTranslated,
    };
  }
  return {
    generatedAt: now.toISOString(),
    ambassador: {
      id: principal.id,
      name: principal.name,
      locales: principal.ambassadorLocales,
      municipalities: principal.ambassadorMunicipalities,
    },
    surveys,
    batteries,
    texts,
  };
}
