/**
 * Respondent page weight on the running production build, in Debian's Chromium (as `npm run weight` does):
 * compressed JavaScript, CSS and HTML of the intro page and a question page, with JavaScript on and off.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { measureSurvey, type PageWeight } from "@/lib/perf/page-weight";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export type WeightFigures = { js: number; css: number; html: number; fonts: number; jsFiles: number };
export type WeightResult = {
  survey: string;
  locale: string;
  jsOn: { intro: WeightFigures; question: WeightFigures; questionUrl: string };
  jsOff: { intro: WeightFigures; question: WeightFigures; questionFieldsVisible: number };
};

const figures = (w: PageWeight): WeightFigures => ({
  js: w.js.gzip,
  css: w.css.gzip,
  html: w.html.gzip,
  fonts: w.fonts.gzip,
  jsFiles: w.js.files,
});

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

let open: Browser | null = null;

/** Closes the browser if a measurement is under way (for the bench's Ctrl-C cleanup). */
export async function closeBrowser(): Promise<void> {
  await open?.close().catch(() => {});
  open = null;
}

export async function measureWeight(baseUrl: string, survey: string, locale: string): Promise<WeightResult> {
  let browser: Browser | null = null;
  try {
    browser = open = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const on = await measureSurvey(browser, baseUrl, survey, locale, { javaScriptEnabled: true });
    const off = await measureSurvey(browser, baseUrl, survey, locale, { javaScriptEnabled: false });
    return {
      survey,
      locale,
      jsOn: {
        intro: figures(on.intro),
        question: figures(on.question),
        questionUrl: new URL(on.question.url).pathname,
      },
      jsOff: {
        intro: figures(off.intro),
        question: figures(off.question),
        questionFieldsVisible: off.questionFieldsVisible,
      },
    };
  } finally {
    await browser?.close();
    open = null;
  }
}
