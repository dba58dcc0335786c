/**
 * npm run bench:dashboard [-- 10000 100000 1000000] [-- --rebuild]: part 3 of `npm run bench` alone. Server
 * time of the overview and of one module's question charts for one municipality, at each size, on its own
 * embedded database (.data/bench-postgres, wiped first and removed after). Synthetic responses are made in
 * SQL (scripts/bench/synthetic.ts); with --rebuild, rebuildPublishedTallies() is also timed at each size.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { createDb } from "@/lib/db";
import { migrateToLatest } from "@/lib/db/migrate";
import { rebuildPublishedTallies } from "@/modules/dashboard/publication";
import { seedDatabase } from "@/lib/seed";
import { swedishDay } from "@/modules/respondent/submit";
import { runDashboardSizes } from "./bench/dashboard";
import { adminQuery, databaseUrl, freshCluster, stopCluster, applyBulkLoadSettings } from "./bench/postgres";
import { loadTargets } from "./bench/responses";

const args = process.argv.slice(2);
const rebuild = args.includes("--rebuild");
const sizes = args.map(Number).filter((n) => n > 0);
if (!sizes.length) sizes.push(10_000, 100_000, 1_000_000);
const PORT = 57432;

const dataDir = path.resolve(".data/bench-postgres");
const cluster = await freshCluster(dataDir, PORT);
const stop = async () => {
  const left = await stopCluster(cluster);
  rmSync(dataDir, { recursive: true, force: true });
  if (left.length) console.log(`killed leftover PostgreSQL processes ${left.map((p) => p.pid).join(", ")}`);
};
process.once("SIGINT", () => void stop().finally(() => process.exit(130)));
let failed = false;
try {
  await adminQuery(cluster, "create database bench_dashboard");
  await applyBulkLoadSettings(cluster, PORT);
  const db = createDb(databaseUrl(cluster, "bench_dashboard"), { max: 4 });
  try {
    await migrateToLatest(db);
    await seedDatabase(db, { responses: 0 });
    const content = (await loadTargets(db, ["LIN580"]))[0]!.run.content;
    const log = (m: string) => console.log(`[bench:dashboard] ${m}`);
    const results: Record<string, unknown>[] = [];
    for (const size of sizes) {
      const [step] = await runDashboardSizes(db, content, [size], { runs: 5, baseDate: swedishDay(new Date()), log });
      const row: Record<string, unknown> = {
        responses: step!.responses,
        answers: step!.answers,
        tallyRows: step!.answerTallyRows,
        generateMs: step!.generateMs,
        overviewMs: step!.overviewMs,
        moduleMs: step!.moduleMs,
        moduleOneLanguageMs: step!.moduleFilteredMs,
        modeGapMs: step!.modeGapMs,
      };
      if (rebuild) {
        const t0 = performance.now();
        await rebuildPublishedTallies(db);
        row.rebuildTalliesMs = Math.round(performance.now() - t0);
      }
      results.push(row);
      console.table(results);
    }
    const first = results[0] as { overviewMs: number; moduleMs: number };
    const last = results[results.length - 1] as { overviewMs: number; moduleMs: number };
    console.log(
      `ratio largest/smallest: overview ${(last.overviewMs / first.overviewMs).toFixed(2)}, module ${(last.moduleMs / first.moduleMs).toFixed(2)}`,
    );
  } finally {
    await db.destroy();
  }
} catch (err) {
  console.error(err);
  failed = true;
} finally {
  await stop();
}
process.exit(failed ? 1 : 0);
