/**
 * The coordinator's follow-up of ambassadors: interviews per ambassador, language and municipality, and an
 * interviewer-effect check: do one ambassador's respondents answer the scale questions markedly more or less
 * positively than other ambassadors' respondents? (Two-proportion test, flagged when significant at 1% and
 * at least 10 points apart.) Counts below k are suppressed like everywhere else.
 */
import { sql } from "kysely";
import type { Db } from "@/lib/db";
import type { BatteryContent } from "@/lib/battery/schema";
import { type ProportionTest, twoProportionTest } from "./stats";
import { type SafeCell, type SafeCount, safeCount, suppressBreakdown } from "./suppression";

export type AmbassadorFollowUp = {
  id: string;
  name: string;
  interviews: SafeCount;
  byLanguage: SafeCell[];
  byMunicipality: SafeCell[];
  effect: ProportionTest | null;
  flagged: boolean;
};

export async function fetchAmbassadorFollowUp(db: Db, content: BatteryContent, k: number): Promise<AmbassadorFollowUp[]> {
  const people = await db.selectFrom("app_user").select(["id", "name"]).where("role", "=", "ambassador").orderBy("name").execute();
  const { rows: counts } = await sql<{ ambassador_id: string; locale: string; municipality_code: string | null; n: number }>`
    select ambassador_id, locale, municipality_code, count(*)::int as n from response
    where mode = 'assisted' and ambassador_id is not null group by 1, 2, 3`.execute(db);
  const positives = new Map<string, Set<string>>();
  for (const q of content.modules.flatMap((m) => m.questions)) {
    if (q.type === "scale" && !q.repeatFor) positives.set(q.key, new Set(content.scales[q.scale ?? ""]?.positive ?? []));
  }
  const { rows: answers } = await sql<{ ambassador_id: string; question_key: string; choice: string; n: number }>`
    select r.ambassador_id, a.question_key, a.choice, count(*)::int as n
    from answer a join response r on r.id = a.response_id
    where r.mode = 'assisted' and r.ambassador_id is not null and a.value is not null and a.question_key = any(${[...positives.keys()]})
    group by 1, 2, 3`.execute(db);
  const tally = (pred: (r: (typeof answers)[number]) => boolean) => {
    const mine = answers.filter(pred);
    return { n: mine.reduce((s, r) => s + r.n, 0), x: mine.filter((r) => positives.get(r.question_key)?.has(r.choice)).reduce((s, r) => s + r.n, 0) };
  };
  const locales = [...new Set(counts.map((c) => c.locale))].sort();
  const municipalities = [...new Set(counts.map((c) => c.municipality_code ?? ""))].sort();
  return people.map((p) => {
    const mine = counts.filter((c) => c.ambassador_id === p.id);
    const total = mine.reduce((s, c) => s + c.n, 0);
    const interviews = safeCount(total, k);
    const them = tally((r) => r.ambassador_id === p.id);
    const others = tally((r) => r.ambassador_id !== p.id);
    const effect = total >= k && them.n > 0 && others.n > 0 ? twoProportionTest(them.x, them.n, others.x, others.n) : null;
    return {
      id: p.id,
      name: p.name,
      interviews,
      byLanguage: suppressBreakdown(locales.map((key) => ({ key, n: mine.filter((c) => c.locale === key).reduce((s, c) => s + c.n, 0) })), k).cells,
      byMunicipality: suppressBreakdown(municipalities.map((key) => ({ key, n: mine.filter((c) => (c.municipality_code ?? "") === key).reduce((s, c) => s + c.n, 0) })), k).cells,
      effect,
      flagged: !!effect && effect.pValue < 0.01 && Math.abs(effect.difference) >= 0.1,
    };
  });
}
