/**
 * npm run weight [-- http://localhost:3000]: the compressed weight of a respondent's intro and question
 * pages on a running production server, with JavaScript on and off.
 */
import { chromium } from "playwright-core";
import { kb, measureSurvey } from "@/lib/perf/page-weight";

const baseUrl = process.argv[2] ?? "http://localhost:3000";
const code = process.argv[3] ?? "LIN580";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
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
try {
  for (const javaScriptEnabled of [true, false]) {
    const r = await measureSurvey(browser, baseUrl, code, "ar", { javaScriptEnabled });
    console.log(`JavaScript ${javaScriptEnabled ? "on" : "off"} (${code}, ar):`);
    for (const [name, w] of [
      ["intro", r.intro],
      ["question", r.question],
    ] as const) {
      console.log(
        `  ${name.padEnd(9)} JS ${kb(w.js.gzip)} gz (${w.js.files} files, ${kb(w.js.raw)} raw) · CSS ${kb(w.css.gzip)} · HTML ${kb(w.html.gzip)} · fonts ${kb(w.fonts.gzip)} (${w.fonts.files})`,
      );
    }
    console.log(`  question fields usable: ${r.questionFieldsVisible}`);
  }
} finally {
  await browser.close();
}
