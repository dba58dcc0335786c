/**
 * Dashboard at scale: synthetic responses at each size (see synthetic.ts), then the server time of what a page
 * does before it renders: the view's resolution (scope, rounds, group table) and the loader behind the overview
 * (all rounds), one module's charts (in the municipality's closed round, for everyone and for one language) and
 * the mode gap, for one municipality as its staff see it, every figure through the disclosure layer. Each figure is the median of
 * `runs` timed calls after one untimed warm-up call.
 */
import { sql } from "kysely";
import { createTranslator } from "next-intl";
import type { Principal } from "@/lib/auth/policy";
import type { BatteryContent } from "@/lib/battery/schema";
import { loadModeGap, loadOverview, loadQuestions, viewContext } from "@/modules/dashboard/loaders";
import type { ViewKind } from "@/modules/dashboard/scope";
import { resolveDashboardView } from "@/modules/dashboard/view";
import type { Db } from "@/lib/db";
import sv from "@/messages/sv.json";
import { generateSynthetic, type SyntheticResult } from "./synthetic";

export const DASHBOARD_MUNICIPALITY = "0580";
export const DASHBOARD_MODULE = "trust";
/** The demo's staff user of that municipality (lib/seed), who opens the dashboard pages in the bench. */
export const DASHBOARD_STAFF = "staff.linkoping@demo.example";

/** Staff of that municipality, as the dashboard functions see them. */
export const DASHBOARD_PRINCIPAL: Principal = {
  id: "bench",
  name: "Bench",
  email: "bench@bench.invalid",
  role: "staff",
  municipalityCode: DASHBOARD_MUNICIPALITY,
  ambassadorMunicipalities: [],
  ambassadorLocales: [],
  translationReviewer: false,
  active: true,
};

export async function median(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn(); // warm-up, not counted
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor((runs - 1) / 2)]! * 10) / 10;
}

/**
 * moduleMs is the module as every dashboard opens; moduleFilteredMs the same charts for one language in the
 * municipality's closed round (which also builds that round's group table).
 */
export type DashboardTimes = {
  overviewMs: number;
  moduleMs: number;
  moduleFilteredMs: number;
  modeGapMs: number;
  respondents: number;
};

const translate = createTranslator({ locale: "sv", messages: sv, namespace: "dashboard" }) as unknown as (
  key: string,
  values?: Record<string, string | number>,
) => string;

/** The view and loader context a page builds, for the bench's principal and URL parameters. */
export async function benchContext(db: Db, params: Record<string, string>, kind: ViewKind = "counts") {
  const view = await resolveDashboardView(db, DASHBOARD_PRINCIPAL, params, { kind });
  if (!view.ok) throw new Error(`dashboard view refused: ${JSON.stringify(view)}`);
  return viewContext(view, "sv", translate);
}

/** The municipality's round in the synthetic data (closed, figures final). */
export async function dashboardRound(db: Db): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    select s.id from survey s join survey_municipality sm on sm.survey_id = s.id
    where s.figures_final_on is not null
    group by s.id having count(*) = 1 and bool_and(sm.municipality_code = ${DASHBOARD_MUNICIPALITY}) order by s.id limit 1`.execute(
    db,
  );
  if (!rows[0]) throw new Error("no closed round of the dashboard municipality");
  return rows[0].id;
}

export async function timeDashboard(db: Db, content: BatteryContent, runs: number): Promise<DashboardTimes> {
  void content;
  const round = String(await dashboardRound(db));
  const overview = await loadOverview(db, await benchContext(db, {}));
  const stats = await loadQuestions(db, await benchContext(db, { round }, "answers"), DASHBOARD_MODULE);
  if (!stats?.stats.length) throw new Error(`module ${DASHBOARD_MODULE} has no charts`);
  const filtered = await loadQuestions(db, await benchContext(db, { round, lang: "ar" }, "answers"), DASHBOARD_MODULE);
  if (!filtered?.stats.some((s) => s.answered.here?.shown))
    throw new Error("one language in the closed round shows nothing");
  const total = overview.overview.total.here;
  return {
    overviewMs: await median(async () => loadOverview(db, await benchContext(db, {})), runs),
    moduleMs: await median(
      async () => loadQuestions(db, await benchContext(db, { round }, "answers"), DASHBOARD_MODULE),
      runs,
    ),
    moduleFilteredMs: await median(
      async () => loadQuestions(db, await benchContext(db, { round, lang: "ar" }, "answers"), DASHBOARD_MODULE),
      runs,
    ),
    modeGapMs: await median(async () => loadModeGap(db, await benchContext(db, { round }, "answers")), runs),
    respondents: total && total.shown ? total.value : 0,
  };
}

export type DashboardStep = {
  responses: number;
  answers: number;
  answerTallyRows: number;
  generateMs: number;
  generate: SyntheticResult["ms"];
} & DashboardTimes;

export async function runDashboardSizes(
  db: Db,
  content: BatteryContent,
  sizes: number[],
  options: { runs: number; baseDate: string; log: (m: string) => void },
): Promise<DashboardStep[]> {
  const steps: DashboardStep[] = [];
  for (const size of sizes) {
    options.log(`dashboard: generating ${size.toLocaleString("en")} synthetic responses`);
    const made = await generateSynthetic(db, content, size, { baseDate: options.baseDate, log: options.log });
    // Write out what the load left in the buffers now, rather than while the reads are timed.
    await sql`checkpoint`.execute(db).catch(() => {});
    const times = await timeDashboard(db, content, options.runs);
    options.log(
      `dashboard: ${size.toLocaleString("en")} responses: overview ${times.overviewMs} ms, module ${times.moduleMs} ms (one language ${times.moduleFilteredMs} ms), mode gap ${times.modeGapMs} ms (generated in ${(made.ms.total / 1000).toFixed(1)} s)`,
    );
    steps.push({
      responses: size,
      answers: made.answers,
      answerTallyRows: made.answerTallyRows,
      generateMs: Math.round(made.ms.total),
      generate: roundAll(made.ms),
      ...times,
    });
  }
  return steps;
}

function roundAll<T extends Record<string, number>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)])) as T;
}
