import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { kb, measureSurvey } from "@/lib/perf/page-weight";
import { launch } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it("a question page downloads at most 150 KB of compressed JavaScript, and is usable with none", async () => {
  const on = await measureSurvey(browser, baseUrl, "VAL563", "ar");
  console.log(
    `[weight] question page: JS ${kb(on.question.js.gzip)} gz in ${on.question.js.files} files, CSS ${kb(on.question.css.gzip)}, HTML ${kb(on.question.html.gzip)}, fonts ${kb(on.question.fonts.gzip)}`,
  );
  console.log(
    `[weight] intro page: JS ${kb(on.intro.js.gzip)} gz, CSS ${kb(on.intro.css.gzip)}, HTML ${kb(on.intro.html.gzip)}`,
  );
  expect(on.question.js.gzip).toBeGreaterThan(0);
  expect(on.question.js.gzip).toBeLessThanOrEqual(150 * 1024);
  expect(on.intro.js.gzip).toBeLessThanOrEqual(150 * 1024);
  const off = await measureSurvey(browser, baseUrl, "VAL563", "ar", { javaScriptEnabled: false });
  console.log(
    `[weight] without JavaScript: question page HTML ${kb(off.question.html.gzip)}, CSS ${kb(off.question.css.gzip)}, JS downloaded ${kb(off.question.js.gzip)}`,
  );
  expect(off.questionFieldsVisible).toBeGreaterThan(3);
  expect(off.question.js.gzip).toBe(0);
});
