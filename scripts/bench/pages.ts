/**
 * Dashboard pages as staff open them: signed in, over HTTP from the production app, on the largest synthetic
 * database. Each page is checked for what a person would see (a 200, not a redirect; its heading; the municipality
 * or the right direction) before it is timed, so a sign-in or error page is never timed as a dashboard; the
 * overviews must also show the respondent count the data functions gave, so they are never timed suppressed.
 */
export type DashboardPage = {
  /** What the table calls it. */
  name: string;
  path: string;
  /** Text the page must contain, as served. */
  mustContain: string[];
};

export type PageTiming = { name: string; path: string; medianMs: number; slowestMs: number; htmlBytes: number };

/** The overview in Swedish and Arabic, one module's charts and the mode gap, for the municipality in `place`. */
export function dashboardPages(place: string, respondents: number, module: string): DashboardPage[] {
  const count = (locale: string) => new Intl.NumberFormat(locale).format(respondents);
  return [
    {
      name: "overview (sv)",
      path: "/sv/dashboard",
      mustContain: ['<html lang="sv" dir="ltr"', "<h1", place, count("sv")],
    },
    {
      name: "overview (ar, right to left)",
      path: "/ar/dashboard",
      mustContain: ['<html lang="ar" dir="rtl"', "<h1", count("ar")],
    },
    {
      name: `module "${module}"`,
      path: `/sv/dashboard/questions?module=${encodeURIComponent(module)}`,
      mustContain: ["<h1", place, 'aria-current="page"'],
    },
    { name: "mode gap", path: "/sv/dashboard/mode-gap", mustContain: ["<h1", place] },
  ];
}

/** Fetches a page with the signed-in user's headers (their cookie); throws unless it is served (200, not redirected) with all it must contain. */
export async function fetchPage(
  baseUrl: string,
  headers: Record<string, string>,
  page: DashboardPage,
): Promise<string> {
  const res = await fetch(`${baseUrl}${page.path}`, { headers, redirect: "manual" });
  const html = await res.text();
  if (res.status !== 200)
    throw new Error(
      `${page.path} answered ${res.status}${res.headers.get("location") ? ` (to ${res.headers.get("location")})` : ""}`,
    );
  const missing = page.mustContain.filter((text) => !html.includes(text));
  if (missing.length)
    throw new Error(`${page.path} was served without ${missing.map((m) => JSON.stringify(m)).join(", ")}`);
  return html;
}

/** The median and slowest of `runs` checked fetches of each page, after one untimed fetch (the page's first render). */
export async function timePages(
  baseUrl: string,
  headers: Record<string, string>,
  pages: DashboardPage[],
  runs: number,
): Promise<PageTiming[]> {
  const out: PageTiming[] = [];
  for (const page of pages) {
    let htmlBytes = Buffer.byteLength(await fetchPage(baseUrl, headers, page));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      htmlBytes = Buffer.byteLength(await fetchPage(baseUrl, headers, page));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 10) / 10;
    out.push({
      name: page.name,
      path: page.path,
      medianMs: round(times[Math.floor((runs - 1) / 2)]!),
      slowestMs: round(times[runs - 1]!),
      htmlBytes,
    });
  }
  return out;
}
