/** The bench's one table: every figure beside its target, and whether it is met. */
import type { DashboardStep } from "./dashboard";
import type { LoadResult } from "./load";
import type { PageTiming } from "./pages";
import type { WeightResult } from "./weight";

export type BenchResults = {
  submissions?: {
    concurrency: number;
    total: number;
    warmup: number;
    answersPerResponse: { min: number; max: number; mean: number };
    app: LoadResult;
    stored: number;
    limit: LoadResult;
    ratio: number;
    /** The same limit from as many connections as the app's pool has. */
    limitAtPool: LoadResult & { connections: number };
    /** app / the faster of the two limits. */
    ratioToBest: number;
  };
  sync?: {
    interviews: number;
    batchSize: number;
    batches: number;
    totalMs: number;
    perSecond: number;
    stored: number;
    refused: number;
    inDatabase: number;
    slowestBatchMs: number;
  };
  dashboard?: {
    municipality: string;
    module: string;
    runs: number;
    steps: DashboardStep[];
    ratio: { overview: number; module: number; modeGap: number };
  };
  /** The dashboard pages from the app, signed in as the municipality's staff, on the largest database. */
  dashboardPages?: { responses: number; respondents: number; runs: number; pages: PageTiming[] };
  weight?: WeightResult | { skipped: string };
  startup?: { postgresStartMs: number; appStartMs: number; totalMs: number; firstStartMs: number; page: string };
  memory?: {
    serverPid: number;
    peakBytes: number;
    sampledMaxBytes: number;
    kernelPeakBytes: number | null;
    afterStartBytes: number;
    launcherBytes: number;
    phases?: Record<string, number>;
  };
};

export type Row = { section: string; label: string; value: string; target: string; met: boolean | null };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x * 10) / 10} ms`);
const n = (x: number) => x.toLocaleString("en");

export function rows(r: BenchResults, quick: boolean): Row[] {
  const out: Row[] = [];
  const add = (section: string, label: string, value: string, target = "", met: boolean | null = null) =>
    out.push({ section, label, value, target, met });

  if (r.submissions) {
    const s = r.submissions;
    const sec = `1 Submissions: ${n(s.app.sent)} full responses (${s.answersPerResponse.min}-${s.answersPerResponse.max} answers each), ${s.concurrency} clients`;
    add(
      sec,
      "app: responses/s",
      n(s.app.perSecond),
      quick ? "(quick run)" : "≥ 300",
      quick ? null : s.app.perSecond >= 300,
    );
    add(
      sec,
      "app: latency p50 / p99",
      `${ms(s.app.latencyMs.p50)} / ${ms(s.app.latencyMs.p99)}`,
      "p99 < 300 ms",
      s.app.latencyMs.p99 < 300,
    );
    add(
      sec,
      "app: errors",
      `${s.app.errors}${s.app.errors ? ` ${JSON.stringify(s.app.errorKinds)}` : ""}`,
      "0",
      s.app.errors === 0,
    );
    add(
      sec,
      "app: responses stored (checked in the database)",
      `${n(s.stored)} of ${n(s.app.ok)}`,
      "all",
      s.stored === s.app.ok,
    );
    add(
      sec,
      `limit: same rows straight to PostgreSQL, ${s.concurrency} connections`,
      `${n(s.limit.perSecond)}/s, p99 ${ms(s.limit.latencyMs.p99)}, ${s.limit.errors} errors`,
    );
    add(
      sec,
      `limit: the same, ${s.limitAtPool.connections} connections (the app's pool size)`,
      `${n(s.limitAtPool.perSecond)}/s, p99 ${ms(s.limitAtPool.latencyMs.p99)}, ${s.limitAtPool.errors} errors`,
    );
    add(sec, "app / limit", s.ratio.toFixed(2), "≥ 0.5", s.ratio >= 0.5);
    add(sec, "app / the faster limit", s.ratioToBest.toFixed(2), "≥ 0.5", s.ratioToBest >= 0.5);
  }
  if (r.sync) {
    const s = r.sync;
    const sec = `2 Ambassador sync: ${n(s.interviews)} queued interviews in ${s.batches} batches of ${s.batchSize}`;
    add(sec, "total time", ms(s.totalMs), quick ? "(quick run)" : "< 15 s", quick ? null : s.totalMs < 15_000);
    add(sec, "interviews/s (slowest batch)", `${n(s.perSecond)} (${ms(s.slowestBatchMs)})`);
    add(
      sec,
      "stored / refused (server's answer)",
      `${n(s.stored)} / ${n(s.refused)}`,
      `${n(s.interviews)} / 0`,
      s.stored === s.interviews && s.refused === 0,
    );
    add(
      sec,
      "assisted responses with those ids in the database",
      n(s.inDatabase),
      `exactly ${n(s.interviews)}`,
      s.inDatabase === s.interviews,
    );
  }
  if (r.dashboard) {
    const d = r.dashboard;
    const sec = `3 Dashboard at scale: municipality ${d.municipality}, module "${d.module}" (median of ${d.runs})`;
    const largest = d.steps[d.steps.length - 1]!;
    const bigEnough = largest.responses >= 1_000_000;
    for (const step of d.steps) {
      const isLargest = step === largest;
      const target = isLargest ? (bigEnough ? "< 500 ms" : "(< 500 ms at 1M)") : "";
      const met =
        isLargest && bigEnough ? step.overviewMs < 500 && step.moduleMs < 500 && step.moduleFilteredMs < 500 : null;
      add(
        sec,
        `${n(step.responses)} responses (${n(step.answers)} answers, made in ${ms(step.generateMs)})`,
        `overview ${ms(step.overviewMs)} · module ${ms(step.moduleMs)} (one language: ${ms(step.moduleFilteredMs)}) · mode gap ${ms(step.modeGapMs)}`,
        target,
        met,
      );
    }
    if (d.steps.length > 1) {
      const label =
        bigEnough && d.steps[0]!.responses === 10_000
          ? "1M / 10k"
          : `${n(largest.responses)} / ${n(d.steps[0]!.responses)}`;
      add(
        sec,
        `ratio ${label}: overview · module`,
        `${d.ratio.overview.toFixed(2)} · ${d.ratio.module.toFixed(2)}`,
        "≤ 3",
        bigEnough ? d.ratio.overview <= 3 && d.ratio.module <= 3 : null,
      );
    }
  }
  if (r.dashboardPages) {
    const d = r.dashboardPages;
    const sec = `3b Dashboard pages from the app at ${n(d.responses)} responses, signed in as staff (median of ${d.runs}, after a first render)`;
    const bigEnough = d.responses >= 1_000_000;
    for (const p of d.pages) {
      add(
        sec,
        `${p.name}: ${p.path}`,
        `${ms(p.medianMs)} (slowest ${ms(p.slowestMs)}) · HTML ${kb(p.htmlBytes)}`,
        bigEnough ? "< 500 ms" : "(< 500 ms at 1M)",
        bigEnough ? p.medianMs < 500 : null,
      );
    }
  }
  if (r.weight) {
    const sec = "4 Respondent page weight (compressed, Chromium, phone viewport)";
    if ("skipped" in r.weight) add(sec, "skipped", r.weight.skipped);
    else {
      const w = r.weight;
      add(
        sec,
        `intro page, JS on (${w.survey}, ${w.locale})`,
        `JS ${kb(w.jsOn.intro.js)} · CSS ${kb(w.jsOn.intro.css)} · HTML ${kb(w.jsOn.intro.html)}`,
      );
      add(
        sec,
        "question page, JS on",
        `JS ${kb(w.jsOn.question.js)} (${w.jsOn.question.jsFiles} files) · CSS ${kb(w.jsOn.question.css)} · HTML ${kb(w.jsOn.question.html)}`,
        "JS ≤ 150 KB",
        w.jsOn.question.js <= 150 * 1024,
      );
      add(
        sec,
        "intro page, JS off",
        `JS ${kb(w.jsOff.intro.js)} · CSS ${kb(w.jsOff.intro.css)} · HTML ${kb(w.jsOff.intro.html)}`,
      );
      add(
        sec,
        "question page, JS off (usable: fields shown)",
        `JS ${kb(w.jsOff.question.js)} · CSS ${kb(w.jsOff.question.css)} · HTML ${kb(w.jsOff.question.html)} · ${w.jsOff.questionFieldsVisible} fields`,
        "works without JS",
        w.jsOff.questionFieldsVisible > 0 && w.jsOff.question.js === 0,
      );
    }
  }
  if (r.startup || r.memory) {
    const sec = "5 Start-up and memory";
    if (r.startup) {
      const s = r.startup;
      add(
        sec,
        `start-up: embedded PostgreSQL ${ms(s.postgresStartMs)} + app to first page (${s.page}) ${ms(s.appStartMs)}`,
        ms(s.totalMs),
        "< 10 s",
        s.totalMs < 10_000,
      );
      add(sec, "first start of a new database (migrate and seed, for reference)", ms(s.firstStartMs));
    }
    if (r.memory) {
      const m = r.memory;
      add(
        sec,
        "app server peak memory during the submission run (RSS)",
        mb(m.peakBytes),
        "< 500 MB",
        m.peakBytes < 500 * 1024 * 1024,
      );
      const others = Object.entries(m.phases ?? {}).filter(([phase]) => phase !== "submissions");
      if (others.length) {
        const peak = Math.max(...others.map(([, bytes]) => bytes));
        add(
          sec,
          "app server peak memory in the other phases (RSS)",
          others.map(([phase, bytes]) => `${phase} ${mb(bytes)}`).join(" · "),
          "< 500 MB",
          peak < 500 * 1024 * 1024,
        );
      }
      add(
        sec,
        "app server memory after start-up / launching process (none: 0)",
        `${mb(m.afterStartBytes)} / ${mb(m.launcherBytes)}`,
      );
    }
  }
  return out;
}

export function renderTable(title: string, all: Row[], footer: string[]): string {
  const labelWidth = Math.max(...all.map((r) => r.label.length)) + 2;
  const valueWidth = Math.max(...all.map((r) => r.value.length)) + 2;
  const targetWidth = Math.max(8, ...all.map((r) => r.target.length)) + 2;
  const lines = [title, ""];
  lines.push(`  ${"".padEnd(labelWidth)}${"measured".padEnd(valueWidth)}${"target".padEnd(targetWidth)}`);
  let section = "";
  for (const r of all) {
    if (r.section !== section) {
      section = r.section;
      lines.push(section);
    }
    const status = r.met === null ? "" : r.met ? "met" : "MISSED";
    lines.push(
      `  ${r.label.padEnd(labelWidth)}${r.value.padEnd(valueWidth)}${r.target.padEnd(targetWidth)}${status}`.trimEnd(),
    );
  }
  const judged = all.filter((r) => r.met !== null);
  lines.push(
    "",
    `Targets: ${judged.filter((r) => r.met).length} of ${judged.length} met${
      judged.some((r) => !r.met)
        ? ` (missed: ${judged
            .filter((r) => !r.met)
            .map((r) => r.label)
            .join("; ")})`
        : ""
    }`,
  );
  lines.push(...footer);
  return lines.join("\n");
}
