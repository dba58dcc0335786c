/**
 * npm run bench:dashboard [-- 10000 100000 1000000]: server time of the overview and of one module's
 * question charts for one municipality, at each size, on its own embedded database (.data/bench-postgres,
 * wiped first). Synthetic responses (about 45 answers each) are made in SQL with generate_series, then
 * the tallies are rebuilt from scratch, as after a bulk import.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import type { Principal } from "@/lib/auth/policy";
import { createDb } from "@/lib/db";
import { startEmbedded } from "@/lib/db/embedded";
import { migrateToLatest } from "@/lib/db/migrate";
import { dashboardScope, fetchModeGap, fetchModuleStats, fetchOverview } from "@/lib/dashboard/queries";
import { foldTallies, rebuildTallies } from "@/lib/dashboard/tallies";
import { seedDatabase } from "@/lib/seed";
import { buildReferenceBattery } from "@/lib/seed/reference-battery";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (!sizes.length) sizes.push(10_000, 100_000, 1_000_000);

const dataDir = path.resolve(".data/bench-postgres");
rmSync(dataDir, { recursive: true, force: true });
const server = await startEmbedded({ dataDir, quiet: true });
const db = createDb(server.url, { max: 4 });
const content = buildReferenceBattery();
const questions = content.modules
  .flatMap((m) => m.questions)
  .filter((q) => !q.repeatFor && !q.optionsFrom && q.type !== "text" && q.type !== "multi")
  .map((q) => ({ key: q.key, scale: q.type === "scale", options: q.type === "scale" ? content.scales[q.scale!]!.options.map((o) => o.key) : q.type === "yesno" ? ["yes", "no"] : q.options!.map((o) => o.key) }));
const staff: Principal = { id: "bench", name: "b", email: "b", role: "staff", municipalityCode: "0580", ambassadorMunicipalities: [], ambassadorLocales: [], translationReviewer: false, active: true };

async function time<T>(fn: () => Promise<T>, runs = 5): Promise<number> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

try {
  await migrateToLatest(db);
  await seedDatabase(db, { responses: 0 });
  await sql`create table bench_question (i int, key text, scale boolean, opts text[])`.execute(db);
  for (const [i, q] of questions.entries()) await sql`insert into bench_question values (${i}, ${q.key}, ${q.scale}, ${q.options})`.execute(db);
  const results: Record<string, unknown>[] = [];
  let have = 0;
  for (const size of sizes) {
    const t0 = performance.now();
    // Responses spread over the 13 surveys (Linköping about a third), ten languages, two modes, a year.
    await sql`
      insert into response (id, survey_id, battery_version_id, local_version_id, municipality_code, locale, mode, interview, handover_questions, submitted_on, payload_hash)
      select md5('bench' || g)::uuid, s.id, s.battery_version_id, null, sm.municipality_code,
             (array['ar','uk','ti','so','fa-AF','fa','ckb','ku','en','sv'])[1 + g % 10],
             case when g % 5 < 2 then 'assisted' else 'self' end,
             case when g % 5 < 2 then '{}'::jsonb end,
             case when g % 5 < 2 then array['trust.safe_to_criticise'] else '{}' end,
             current_date - (g % 365), 'bench'
      from generate_series(${have + 1}::int, ${size}::int) g
      join lateral (select * from survey order by (survey.public_code = 'LIN580') desc, id offset case when g % 3 = 0 then 0 else 1 + g % 12 end limit 1) s on true
      join survey_municipality sm on sm.survey_id = s.id`.execute(db);
    await sql`
      insert into answer (response_id, question_key, item_key, choice, value, in_handover)
      select md5('bench' || g)::uuid, q.key, '', c.choice, case when q.scale then c.choice::smallint end,
             q.key = 'trust.safe_to_criticise' and g % 5 < 2
      from generate_series(${have + 1}::int, ${size}::int) g
      cross join bench_question q
      cross join lateral (select q.opts[1 + abs(hashint4(g * 131 + q.i)) % array_length(q.opts, 1)] as choice) c`.execute(db);
    const generated = performance.now() - t0;
    const t1 = performance.now();
    await rebuildTallies(db);
    await foldTallies(db);
    const rebuilt = performance.now() - t1;
    have = size;
    const scope = dashboardScope(staff, {}, 5);
    const overview = await time(() => fetchOverview(db, scope));
    const moduleTime = await time(() => fetchModuleStats(db, scope, content, "trust", []));
    const gap = await time(() => fetchModeGap(db, scope, content));
    const answers = (await sql<{ n: number }>`select count(*)::int as n from answer`.execute(db)).rows[0]!.n;
    results.push({ responses: size, answers, generateMs: Math.round(generated), tallyRebuildMs: Math.round(rebuilt), overviewMs: +overview.toFixed(1), moduleMs: +moduleTime.toFixed(1), modeGapMs: +gap.toFixed(1) });
    console.table(results);
  }
  const first = results[0] as { overviewMs: number; moduleMs: number };
  const last = results[results.length - 1] as { overviewMs: number; moduleMs: number };
  console.log(`ratio largest/smallest: overview ${(last.overviewMs / first.overviewMs).toFixed(2)}, module ${(last.moduleMs / first.moduleMs).toFixed(2)}`);
} finally {
  await db.destroy();
  await server.stop();
}
process.exit(0);
