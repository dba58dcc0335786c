/**
 * The coordinator's follow-up of ambassadors: published interviews per ambassador, language and municipality, and
 * an interviewer-effect check: do one ambassador's respondents answer the scale questions markedly more or less
 * positively than other ambassadors' respondents? (Two-proportion test, flagged when significant at 1% and at
 * least 10 points apart.) Every count passes the disclosure layer; the effect reads closed rounds only, whose
 * figures no longer move, so that it cannot be compared before and after one interview.
 */
import { sql } from "kysely";
import type { BatteryContent } from "@/lib/battery/schema";
import type { Db } from "@/lib/db";
import { type ProtectedCell, protectBreakdown } from "@/lib/disclosure/breakdown";
import { type Figure, protectCount, type RawCell, type Rules, subtractRaw, sumRaw } from "@/lib/disclosure/figure";
import { type ProtectedProportionTest, proportionTestOfFigures } from "@/lib/disclosure/stats";

export type AmbassadorFollowUp = {
  id: string;
  name: string;
  interviews: Figure;
  byLanguage: ProtectedCell[];
  byMunicipality: ProtectedCell[];
  effect: ProtectedProportionTest | null;
  flagged: boolean;
};

export async function fetchAmbassadorFollowUp(
  db: Db,
  content: BatteryContent,
  r: Rules,
): Promise<AmbassadorFollowUp[]> {
  const people = await db
    .selectFrom("app_user")
    .select(["id", "name"])
    .where("role", "=", "ambassador")
    .orderBy("name")
    .execute();
  const { rows: counts } = await sql<{
    ambassador_id: string;
    locale: string;
    municipality_code: string;
    n: number;
    key: number;
  }>`
    select ambassador_id, locale, coalesce(municipality_code, '') as municipality_code, count(*)::float8 as n, (sum(record_key) % 4294967296)::float8 as key
    from response where mode = 'assisted' and ambassador_id is not null and published_on is not null group by 1, 2, 3`.execute(
    db,
  );
  const positives = new Map<string, Set<string>>();
  for (const q of content.modules.flatMap((m) => m.questions)) {
    if (q.type === "scale" && !q.repeatFor)
      positives.set(q.key, new Set(content.scales[q.scale ?? ""]?.positive ?? []));
  }
  const { rows: answers } = await sql<{
    ambassador_id: string;
    question_key: string;
    choice: string;
    n: number;
    key: number;
  }>`
    select r.ambassador_id, a.question_key, a.choice, count(*)::float8 as n, (sum(r.record_key) % 4294967296)::float8 as key
    from answer a join response r on r.id = a.response_id join survey s on s.id = r.survey_id
    where r.mode = 'assisted' and r.ambassador_id is not null and a.published and s.figures_final_on is not null
      and a.value is not null and a.question_key = any(${[...positives.keys()]}::text[])
    group by 1, 2, 3`.execute(db);
  const tally = (pred: (row: (typeof answers)[number]) => boolean) => {
    const mine = answers.filter(pred);
    return {
      n: sumRaw(mine.map((x) => ({ n: x.n, key: x.key }))),
      x: sumRaw(mine.filter((x) => positives.get(x.question_key)?.has(x.choice)).map((x) => ({ n: x.n, key: x.key }))),
    };
  };
  const locales = [...new Set(counts.map((c) => c.locale))].sort();
  const municipalities = [...new Set(counts.map((c) => c.municipality_code))].sort();
  const cell = (rows: typeof counts): RawCell => sumRaw(rows.map((c) => ({ n: c.n, key: c.key })));
  return people.map((p) => {
    const mine = counts.filter((c) => c.ambassador_id === p.id);
    const total = cell(mine);
    const them = tally((x) => x.ambassador_id === p.id);
    const others = tally((x) => x.ambassador_id !== p.id);
    const pairOf = (t: { n: RawCell; x: RawCell }) =>
      protectBreakdown(
        [
          { key: "positive", raw: t.x },
          { key: "other", raw: subtractRaw(t.n, t.x) },
        ],
        t.n,
        r,
        { smallGroups: true },
      );
    const theirs = pairOf(them);
    const rest = pairOf(others);
    const testable = theirs.cells.every((c) => c.figure.shown) && rest.cells.every((c) => c.figure.shown);
    const effect =
      testable && theirs.total.shown && theirs.total.value >= r.k
        ? proportionTestOfFigures(
            theirs.cells[0]!.figure,
            theirs.total,
            rest.cells[0]!.figure,
            rest.total,
            r.table.params.D,
          )
        : null;
    return {
      id: p.id,
      name: p.name,
      interviews: protectCount(total, r),
      byLanguage: protectBreakdown(
        locales.map((key) => ({ key, raw: cell(mine.filter((c) => c.locale === key)) })),
        total,
        r,
      ).cells,
      byMunicipality: protectBreakdown(
        municipalities.map((key) => ({ key, raw: cell(mine.filter((c) => c.municipality_code === key)) })),
        total,
        r,
      ).cells,
      effect,
      flagged: !!effect && effect.robust && effect.pValue < 0.01 && Math.abs(effect.difference) >= 0.1,
    };
  });
}
