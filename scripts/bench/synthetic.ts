/**
 * Synthetic responses for the dashboard bench, made in PostgreSQL without a row-by-row insert.
 *
 * Response g (0 ≤ g < n) gets its survey, language, mode and day from hashes of g. Its answer to question q
 * comes from a permutation of the responses: π_q(g) = (g·A_q + B_q) mod n, and the range [0, n) of π is cut
 * into buckets (one per option, special answer or combination), sized by plausible shares. Enumerating a
 * bucket's π range and inverting the permutation gives the responses in that bucket, so the answer table is
 * written question by question and option by option (the order of its (question_key, choice) index, which
 * then builds from presorted input). A response's groups (its answers to the questions with the roles age,
 * gender and time in Sweden) are π of the role question, looked up in that question's bucket ranges, and its
 * record key a hash of g: so the published answer tallies come from one integer-keyed pass over the same
 * buckets instead of a join of tens of millions of answer rows with their responses.
 *
 * Everything is published (as the daily job would have done), and the 13 single-municipality rounds are closed
 * with their figures final, so that one group's results can be read as well.
 *
 * Responses, answers and tallies are replaced in one transaction: the indexes and key constraints of those
 * tables are dropped, the tables truncated and filled, and the same indexes and constraints (read from the
 * catalog first, so the schema ends identical) built again. With wal_level=minimal the server skips the WAL
 * for all of it. (Synthetic responses answer every question, ignoring show-if conditions: the dashboards'
 * cost depends on how many answers and tally rows there are, not on which questions were shown.)
 */
import { sql } from "kysely";
import type { Db } from "@/lib/db";
import { type BatteryContent, type Question, type QuestionRole, questionWithRole } from "@/lib/battery/schema";
import { responseTallyInsert } from "@/modules/dashboard/publication";
import { localeShares } from "@/lib/seed/demo-responses";

/** Percent of responses from an ambassador interview, and of those (out of 100) with a private handover. */
const ASSISTED_PERCENT = 42;
const HANDOVER_PERCENT = 21;
const DAYS = 365;
const TEXTS = [
  "Mer information på mitt eget språk.",
  "Det tar för lång tid att få svar.",
  "Fler mötesplatser med svenskar.",
];

type BucketValue = {
  choice?: string;
  value?: number;
  choices?: string[];
  text?: string;
  special?: "dont_know" | "no_answer";
};
export type Bucket = BucketValue & { question: string; handoverEligible: boolean; weight: number };
export type SyntheticQuestion = { key: string; sensitive: boolean; buckets: Bucket[] };

/** The questions synthetic responses answer (all but repeated ones and those whose options come from the run), with their buckets. */
export function syntheticQuestions(content: BatteryContent): SyntheticQuestion[] {
  const out: SyntheticQuestion[] = [];
  for (const q of content.modules.flatMap((m) => m.questions)) {
    if (q.repeatFor || q.optionsFrom) continue;
    out.push({ key: q.key, sensitive: q.sensitive === true, buckets: bucketsFor(q, content) });
  }
  return out;
}

function bucketsFor(q: Question, content: BatteryContent): Bucket[] {
  const handoverEligible = q.sensitive === true && q.type !== "text";
  const b = (weight: number, v: BucketValue): Bucket => ({ question: q.key, handoverEligible, weight, ...v });
  const noAnswer = b(3, { special: "no_answer" });
  switch (q.type) {
    case "scale": {
      const shares = [8, 14, 25, 30, 15];
      const options = content.scales[q.scale ?? ""]?.options ?? [];
      return [
        ...options.map((o) => b(shares[Math.min(o.value, shares.length) - 1] ?? 10, { choice: o.key, value: o.value })),
        b(5, { special: "dont_know" }),
        noAnswer,
      ];
    }
    case "yesno":
      return [b(50, { choice: "yes" }), b(47, { choice: "no" }), noAnswer];
    case "single": {
      const options = q.options ?? [];
      return [...options.map((o, i) => b(Math.max(options.length - i * 0.6, 0.5), { choice: o.key })), noAnswer];
    }
    case "multi": {
      const options = (q.options ?? []).filter((o) => o.key !== q.exclusiveOption).map((o) => o.key);
      const pairs = (q.maxChoices ?? 2) >= 2 ? options.slice(1).map((o, i) => [options[i]!, o]) : [];
      const combos = [...options.map((o) => [o]), ...pairs];
      return [
        ...(q.exclusiveOption ? [b(25, { choices: [q.exclusiveOption] })] : []),
        ...combos.map((c) => b(72 / combos.length, { choices: c })),
        noAnswer,
      ];
    }
    case "text":
      // Most leave a free-text question empty: no row at all.
      return [...TEXTS.map((t) => b(18 / TEXTS.length, { text: t })), b(82, {})];
  }
}

// ---------- modular arithmetic for the permutations

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}
/** A multiplier coprime to n, different for each question. */
function multiplier(n: bigint, index: number): bigint {
  let a = (2_654_435_761n + BigInt(index) * 40_503n) % n;
  if (a < 2n) a = 2n;
  while (gcd(a, n) !== 1n) a = (a + 1n) % n || 1n;
  return a;
}

// ---------- the SQL shared by the answer rows, the responses and the tallies

type Fragment = ReturnType<typeof sql>;
const h = (g: Fragment, seed: number) => sql`(hashint4extended(${g}::int, ${sql.lit(seed)}) & 9223372036854775807)`;

/** Lookup tables passed as array parameters: language by percentile, and month by day offset (integer keys for grouping). */
type Lookups = { localeNames: string[]; localeOfPercent: number[]; monthStarts: string[]; monthOfDay: number[] };

async function lookups(db: Db, base: string): Promise<Lookups> {
  const localeNames = localeShares.map(([l]) => l);
  const localeOfPercent = localeShares.flatMap(([, n], i) => Array<number>(n).fill(i));
  const { rows } = await sql<{ d: number; month: string }>`
    select d, to_char(date_trunc('month', ${base}::date - d), 'YYYY-MM-DD') as month from generate_series(0, ${DAYS - 1}) d order by d`.execute(
    db,
  );
  const monthStarts = [...new Set(rows.map((r) => r.month))].sort();
  return { localeNames, localeOfPercent, monthStarts, monthOfDay: rows.map((r) => monthStarts.indexOf(r.month)) };
}

/** Response attributes of response g (an SQL bigint expression), all as small integers. */
function attributes(g: Fragment, lk: Lookups) {
  const surveyHash = sql`(${h(g, 11)} % 36)`;
  const modeHash = sql`(${h(g, 13)} % 100)`;
  const assisted = sql<boolean>`(${modeHash} < ${sql.lit(ASSISTED_PERCENT)})`;
  const handover = sql<boolean>`(${modeHash} < ${sql.lit(HANDOVER_PERCENT)})`;
  const dayOffset = sql<number>`(${h(g, 14)} % ${sql.lit(DAYS)})::int`;
  return {
    /** Linköping's round gets a third of the responses, the other twelve share the rest. */
    survey: sql<number>`(case when ${surveyHash} < 12 then 0 else 1 + ${surveyHash} % 12 end)::int`,
    locale: sql<number>`(${sql.val(lk.localeOfPercent)}::int[])[1 + ${h(g, 12)} % 100]`,
    assisted,
    handover,
    dayOffset,
    month: sql<number>`(${sql.val(lk.monthOfDay)}::int[])[1 + ${dayOffset}]`,
    /** 0 self, 1 assisted, 2 in private handover (for a sensitive question). */
    modeGroup: (eligible: Fragment) =>
      sql<number>`(case when not ${assisted} then 0 when ${eligible} and ${handover} then 2 else 1 end)`,
  };
}

/** Response g's record key: a multiplicative hash of g in [0, 2^32) (the database draws real ones at random). */
const recordKey = (g: Fragment) => sql`((${g}::bigint * 2654435761 + 12345) % 4294967296)`;

/** Response g's answer to a role question, as a group value ('none' for a special answer), from the question's bucket ranges. */
type RoleRanges = { a: bigint; shift: number; cuts: { hi: number; value: string }[] };
function roleValue(g: Fragment, n: number, ranges: RoleRanges | null): Fragment {
  if (!ranges) return sql`'none'`;
  const pi = sql`((${g}::bigint * ${sql.lit(Number(ranges.a))} + ${sql.lit(ranges.shift)}) % ${sql.lit(n)})`;
  return sql`(case ${sql.join(
    ranges.cuts.map((c) => sql`when ${pi} < ${sql.lit(c.hi)} then ${sql.lit(c.value)}`),
    sql` `,
  )} else 'none' end)`;
}

/** Response g's id: g in the leading bytes (so sorting by id compares abbreviated keys), then a fixed bench marker. */
const uuidOf = (g: Fragment) => sql`(encode(int4send(${g}::int), 'hex') || 'b00040008000000000000000')::uuid`;

/** Every answer row's response: the bucket's π range, inverted. */
const bucketResponses = (n: number) => sql`
  cross join lateral generate_series(b.lo, b.hi - 1) as t(t)
  cross join lateral (select ((((t.t - b.shift) % ${n}) + ${n}) % ${n}) * b.inv % ${n} as g) gg`;

// ---------- schema: drop and rebuild indexes and key constraints around the load

const LOADED = ["response", "answer", "published_response_tally", "published_answer_tally"];

type Definition = { table: string; name: string; kind: "p" | "u" | "f" | "i"; def: string };

/** Indexes and primary, unique and foreign keys on the loaded tables (and foreign keys pointing at them). */
export async function keyDefinitions(db: Db): Promise<Definition[]> {
  const { rows } = await sql<Definition>`
    select c.conrelid::regclass::text as table, c.conname as name, c.contype as kind, pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    where c.contype in ('p', 'u', 'f') and (c.conrelid = any(${LOADED}::regclass[]) or c.confrelid = any(${LOADED}::regclass[]))
    union all
    select i.indrelid::regclass::text, ic.relname, 'i', pg_get_indexdef(i.indexrelid)
    from pg_index i join pg_class ic on ic.oid = i.indexrelid
    where i.indrelid = any(${LOADED}::regclass[]) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))
    order by 1, 2`.execute(db);
  const outside = rows.find((r) => r.kind === "f" && !LOADED.includes(r.table));
  if (outside)
    throw new Error(
      `${outside.table}.${outside.name} refers to a loaded table; the synthetic load would have to truncate it too`,
    );
  return rows;
}

const ident = (name: string) => sql.id(name);

export type SyntheticResult = {
  responses: number;
  answers: number;
  answerTallyRows: number;
  ms: { load: number; tallies: number; indexes: number; analyze: number; total: number };
};

/**
 * Replaces all responses, answers and tallies with n synthetic responses (to the seeded demo surveys).
 * baseDate ('YYYY-MM-DD') is the newest submission day; responses spread over the year before it.
 */
export async function generateSynthetic(
  db: Db,
  content: BatteryContent,
  n: number,
  options: { baseDate: string; log?: (m: string) => void },
): Promise<SyntheticResult> {
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const N = BigInt(n);
  const questions = syntheticQuestions(content);
  const base = options.baseDate;
  const sensitiveKeys = questions
    .filter((q) => q.sensitive && q.buckets.every((b) => b.handoverEligible))
    .map((q) => q.key);
  const ambassador = await db
    .selectFrom("app_user")
    .select("id")
    .where("role", "=", "ambassador")
    .orderBy("email")
    .executeTakeFirst();

  // Bucket ranges: exact integer cuts of [0, n) by cumulative share.
  const bucketRows: Record<string, unknown>[] = [];
  const valueRows: { bucket: number; value: string }[] = [];
  const roleKeyOf = (role: QuestionRole) => questionWithRole(content, role)?.key;
  const roles = new Map<string, RoleRanges>();
  questions.forEach((q, qi) => {
    const total = q.buckets.reduce((s, b) => s + b.weight, 0);
    const a = multiplier(N, qi);
    const shift = Number((BigInt(qi) * 7_919n * 104_729n) % N);
    const isRole = [roleKeyOf("age"), roleKeyOf("gender"), roleKeyOf("time_in_sweden")].includes(q.key);
    if (isRole) roles.set(q.key, { a, shift, cuts: [] });
    let cum = 0;
    for (const b of q.buckets) {
      const lo = Math.round((cum / total) * n);
      cum += b.weight;
      const hi = Math.round((cum / total) * n);
      if (isRole) roles.get(q.key)!.cuts.push({ hi, value: b.choice ?? "none" });
      const id = bucketRows.length;
      const written =
        b.choice !== undefined || b.choices !== undefined || b.text !== undefined || b.special !== undefined;
      bucketRows.push({
        id,
        question_key: q.key,
        handover_eligible: b.handoverEligible,
        lo,
        hi,
        shift,
        inv: Number(inverse(a, N)),
        written,
        choice: b.choice ?? null,
        choices: b.choices ?? null,
        value: b.value ?? null,
        text: b.text ?? null,
        special: b.special ?? null,
      });
      if (written) {
        valueRows.push({ bucket: id, value: "*" });
        if (b.text === undefined)
          for (const v of b.choices ?? [b.choice ?? b.special!]) valueRows.push({ bucket: id, value: v });
      }
    }
  });

  await sql`drop table if exists bench_bucket, bench_bucket_value, bench_survey, bench_answer_tally`.execute(db);
  await sql`create table bench_bucket (id int primary key, question_key text, handover_eligible boolean, lo bigint, hi bigint, shift bigint, inv bigint, written boolean,
                                       choice text, choices text[], value smallint, text text, special text)`.execute(
    db,
  );
  await sql`create table bench_bucket_value (bucket int, value text)`.execute(db);
  for (let i = 0; i < bucketRows.length; i += 200)
    await db
      .insertInto("bench_bucket" as never)
      .values(bucketRows.slice(i, i + 200) as never)
      .execute();
  await db
    .insertInto("bench_bucket_value" as never)
    .values(valueRows as never)
    .execute();
  await sql`
    create table bench_survey as
    select (row_number() over (order by (s.public_code = 'LIN580') desc, s.id) - 1)::int as i, s.id as survey_id, s.battery_version_id, sm.local_version_id, sm.municipality_code
    from survey s join survey_municipality sm on sm.survey_id = s.id
    where s.id in (select survey_id from survey_municipality group by survey_id having count(*) = 1)`.execute(db);
  const surveys = (await sql<{ n: number }>`select count(*)::int as n from bench_survey`.execute(db)).rows[0]!.n;
  if (surveys !== 13) throw new Error(`expected the 13 seeded single-municipality surveys, found ${surveys}`);

  const definitions = await keyDefinitions(db);
  const lk = await lookups(db, base);
  const g = sql`gg.g`;
  const attr = attributes(g, lk);
  const counts = { answers: 0, tallies: 0 };
  const ms = { load: 0, tallies: 0, indexes: 0, analyze: 0, total: 0 };

  const role = (r: QuestionRole) => {
    const key = roleKeyOf(r);
    return roleValue(g, n, key ? (roles.get(key) ?? null) : null);
  };

  // The published answer tallies are counted on a second connection while the first one writes the rows: they only
  // need the buckets. One pass, five groupings (no filter, by mode group; by language; by age, gender, time in
  // Sweden); names and values are looked up once per tally row at the end.
  const tallyStage = (async () => {
    const ts = performance.now();
    await db.transaction().execute(async (trx) => {
      await sql`set local work_mem = '512MB'`.execute(trx);
      await sql`
        create table bench_answer_tally as
        select s.survey_id, s.municipality_code,
               case when c.gm = 0 then (array['self', 'assisted', 'handover'])[c.mode_group + 1] else '' end as mode_group,
               case when c.gm = 0 then '' when c.gl = 0 then 'lang' when c.ga = 0 then 'age' when c.gg = 0 then 'gender' else 'time' end as dim,
               case when c.gm = 0 then '' when c.gl = 0 then (${sql.val(lk.localeNames)}::text[])[c.locale + 1] when c.ga = 0 then c.age when c.gg = 0 then c.gender else c.time end as dim_value,
               bb.question_key, ''::text as item_key, v.value, sum(c.n)::bigint as n, sum(c.ksum)::bigint as ksum
        from (
          select bucket, survey, mode_group, locale, age, gender, time, count(*) as n, sum(key) as ksum,
                 grouping(mode_group) as gm, grouping(locale) as gl, grouping(age) as ga, grouping(gender) as gg
          from (
            select b.id as bucket, ${attr.survey} as survey, ${attr.modeGroup(sql`b.handover_eligible`)} as mode_group, ${attr.locale} as locale,
                   ${role("age")} as age, ${role("gender")} as gender, ${role("time_in_sweden")} as time, ${recordKey(g)} as key
            from bench_bucket b ${bucketResponses(n)}
            where b.written and b.hi > b.lo
          ) x
          group by grouping sets ((bucket, survey, mode_group), (bucket, survey, locale), (bucket, survey, age), (bucket, survey, gender), (bucket, survey, time))
        ) c
        join bench_bucket bb on bb.id = c.bucket
        join bench_bucket_value v on v.bucket = c.bucket
        join bench_survey s on s.i = c.survey
        group by 1, 2, 3, 4, 5, 6, 7, 8`.execute(trx);
    });
    return performance.now() - ts;
  })();
  tallyStage.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled

  try {
    await db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      await sql`set local maintenance_work_mem = '1GB'`.execute(trx);
      await sql`set local work_mem = '256MB'`.execute(trx);
      for (const d of definitions.filter((d) => d.kind === "f"))
        await sql`alter table ${ident(d.table)} drop constraint ${ident(d.name)}`.execute(trx);
      for (const d of definitions.filter((d) => d.kind === "p" || d.kind === "u"))
        await sql`alter table ${ident(d.table)} drop constraint ${ident(d.name)}`.execute(trx);
      for (const d of definitions.filter((d) => d.kind === "i")) await sql`drop index ${ident(d.name)}`.execute(trx);
      await sql`truncate ${sql.join(LOADED.map(ident))}`.execute(trx);
      const t1 = performance.now();

      await sql`
        insert into response (id, survey_id, battery_version_id, local_version_id, municipality_code, locale, mode, ambassador_id, interview, handover_questions,
                              submitted_on, payload_hash, record_key, published_on)
        select ${uuidOf(g)}, s.survey_id, s.battery_version_id, s.local_version_id, s.municipality_code, (${sql.val(lk.localeNames)}::text[])[${attr.locale} + 1],
               case when ${attr.assisted} then 'assisted' else 'self' end,
               case when ${attr.assisted} then ${ambassador?.id ?? null}::text end,
               case when ${attr.assisted} then '{"amb.setting":{"kind":"choice","value":"alone"}}'::jsonb end,
               case when ${attr.handover} then ${sensitiveKeys}::text[] else '{}'::text[] end,
               ${base}::date - ${attr.dayOffset}, 'synthetic', ${recordKey(g)}, ${base}::date
        from generate_series(0::bigint, ${n - 1}::bigint) as gg(g)
        join bench_survey s on s.i = ${attr.survey}`.execute(trx);
      await sql`
        create temp table bench_profile on commit drop as
        select ${uuidOf(g)} as id, ${role("age")} as age, ${role("gender")} as gender, ${role("time_in_sweden")} as time
        from generate_series(0::bigint, ${n - 1}::bigint) as gg(g)`.execute(trx);
      // Question by question, option by option: the rows arrive in (question_key, choice) order.
      const answers = await sql`
        insert into answer (response_id, question_key, item_key, choice, choices, value, text, special, in_handover, published)
        select ${uuidOf(g)}, b.question_key, '', b.choice, b.choices, b.value, b.text, b.special, b.handover_eligible and ${attr.handover}, true
        from (select * from bench_bucket where written and hi > lo order by question_key, choice nulls last, id) b
        ${bucketResponses(n)}`.execute(trx);
      counts.answers = Number(answers.numAffectedRows ?? 0);
      // The response tallies as the publication job writes them, with each response's groups from the buckets.
      await sql`
        with published_r as (select id, survey_id, municipality_code, battery_version_id, locale, mode, submitted_on, handover_questions, record_key from response),
        profile as (select * from bench_profile)
        ${responseTallyInsert({ upsert: false })}`.execute(trx);
      const t2 = performance.now();
      ms.load = t2 - t1;

      ms.tallies = await tallyStage;
      // In key order: each question's rows together on disk.
      const tallies = await sql`
        insert into published_answer_tally (survey_id, municipality_code, mode_group, dim, dim_value, question_key, item_key, value, n, ksum)
        select survey_id, municipality_code, mode_group, dim, dim_value, question_key, item_key, value, n, ksum from bench_answer_tally
        order by dim, dim_value, question_key, survey_id, municipality_code, mode_group, item_key, value`.execute(trx);
      counts.tallies = Number(tallies.numAffectedRows ?? 0);
      // The rounds the load filled are closed, their figures final: a group's results can be read.
      await sql`update survey set closes_at = least(closes_at, ${base}::date), figures_final_on = ${base}::date where id in (select survey_id from bench_survey)`.execute(
        trx,
      );
      const t3 = performance.now();

      // Foreign keys are checked with one hash anti-join each (a merge join would visit the answers in index order).
      await sql`set local enable_mergejoin = off`.execute(trx);
      await sql`set local enable_nestloop = off`.execute(trx);
      for (const kind of ["p", "u", "i", "f"]) {
        for (const d of definitions.filter((d) => d.kind === kind)) {
          if (d.kind === "i") await sql.raw(d.def).execute(trx);
          else await sql`alter table ${ident(d.table)} add constraint ${ident(d.name)} ${sql.raw(d.def)}`.execute(trx);
        }
      }
      ms.indexes = performance.now() - t3;
    });
  } finally {
    await tallyStage.catch(() => {});
    await sql`drop table if exists bench_answer_tally`.execute(db);
  }
  const t4 = performance.now();
  // Planner statistics at once (and the tallies' visibility map, for index-only scans), as autovacuum would in time.
  await sql`analyze response, answer`.execute(db);
  await sql`vacuum (analyze) published_response_tally, published_answer_tally`.execute(db);
  await sql`drop table if exists bench_bucket, bench_bucket_value, bench_survey`.execute(db);
  ms.analyze = performance.now() - t4;
  ms.total = performance.now() - t0;
  log(
    `synthetic ${n}: ${counts.answers} answers, ${counts.tallies} answer tally rows; load ${(ms.load / 1000).toFixed(1)} s, tallies ${(ms.tallies / 1000).toFixed(1)} s, indexes ${(ms.indexes / 1000).toFixed(1)} s`,
  );
  return { responses: n, answers: counts.answers, answerTallyRows: counts.tallies, ms };
}
