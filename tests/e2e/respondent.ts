/** Completing the battery as a respondent would, in a real browser, recording what was answered. */
import type pg from "pg";
import type { Page } from "playwright-core";
import { hashReceipt, normalizeReceipt } from "@/modules/respondent/receipt";

export type Given = { kind: "choice" | "choices" | "text" | "special"; value: string | string[] };

/** Deterministic answers that exercise every question type, show-if, repeat-for and both special answers. */
function plan(slot: string, type: string, options: string[]): { values: string[]; text?: string; skip?: boolean } {
  const real = options.filter((o) => !o.startsWith("~"));
  if (slot === "bg.gender") return { values: ["~no_answer"] };
  if (slot === "health.know_care") return { values: ["~dont_know"] };
  if (slot === "bg.main_activity") return { values: ["work", "sfi"] };
  if (slot === "interventions.participated") return { values: real.slice(0, 2) };
  if (slot === "trust.discrimination") return { values: ["none"] };
  if (slot === "work.obstacles") return { values: ["language", "licence"] };
  if (slot === "info.so_own_language") return { values: ["partly"] };
  if (slot === "housing.comment") return { values: [], skip: true };
  if (type === "text") return { values: [], text: `Svar på ${slot}: mer tid och tolk` };
  const index = [...slot].reduce((n, c) => n + c.charCodeAt(0), 0) % real.length;
  return { values: [real[index]!] };
}

export async function answerVisibleQuestions(page: Page, given: Map<string, Given>): Promise<void> {
  for (let guard = 0; guard < 40; guard++) {
    const slot = await page.evaluate(
      (done) => {
        const el = [...document.querySelectorAll<HTMLFieldSetElement>("fieldset[data-slot]")].find(
          (f) => !f.hidden && !done.includes(f.dataset.slot!),
        );
        return el?.dataset.slot ?? null;
      },
      [...given.keys()],
    );
    if (!slot) return;
    const fieldset = page.locator(`fieldset[data-slot="${slot}"]`);
    const inputs = fieldset.locator(`input[name="q:${slot}"]`);
    const hasText = (await fieldset.locator("textarea").count()) > 0;
    const type = hasText ? "text" : (await inputs.first().getAttribute("type")) === "checkbox" ? "multi" : "single";
    const options = hasText ? [] : await inputs.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    const p = plan(slot, type, options);
    if (p.skip) {
      await fieldset.locator(`input[name="q:${slot}:skip"]`).check();
      given.set(slot, { kind: "special", value: "no_answer" });
    } else if (p.text !== undefined) {
      await fieldset.locator("textarea").fill(p.text);
      given.set(slot, { kind: "text", value: p.text });
    } else {
      for (const v of p.values) await fieldset.locator(`input[value="${v}"]`).check();
      const special = p.values[0]!.startsWith("~");
      given.set(
        slot,
        special
          ? { kind: "special", value: p.values[0]!.slice(1) }
          : type === "multi"
            ? { kind: "choices", value: p.values }
            : { kind: "choice", value: p.values[0]! },
      );
    }
  }
}

/** Answers what the page shows and sends it: on to the next page, or (without JavaScript) the same page with more questions. */
export async function answerAndSubmitPage(page: Page, given: Map<string, Given>): Promise<void> {
  const before = page.url();
  await answerVisibleQuestions(page, given);
  await page.locator("#survey-page button[type=submit]").click();
  await page
    .waitForURL((url) => url.toString() !== before || url.searchParams.has("more"), { timeout: 15_000 })
    .catch(() => {});
  await page.waitForLoadState("load");
}

/** Whether the page shows the answer given (the option ticked, the text filled in). */
export async function showsAnswer(page: Page, slot: string, answer: Given): Promise<boolean> {
  const fieldset = page.locator(`fieldset[data-slot="${slot}"]`);
  if (answer.kind === "text") return (await fieldset.locator("textarea").inputValue()) === answer.value;
  if (answer.kind === "special")
    return fieldset.locator(`input[value="~${answer.value}"], input[name="q:${slot}:skip"]`).first().isChecked();
  for (const v of [answer.value].flat()) if (!(await fieldset.locator(`input[value="${v}"]`).isChecked())) return false;
  return true;
}

/** The stored response a receipt code (as shown) belongs to: the database keeps only the code's hash. */
export async function responseIdByReceipt(db: pg.Pool, receipt: string): Promise<string | null> {
  const code = normalizeReceipt(receipt);
  if (!code) return null;
  const { rows } = await db.query("select id from response where receipt_hash = $1", [hashReceipt(code)]);
  return rows[0]?.id ?? null;
}

/** From the survey's entry page to the thank-you page; returns the answers given and the receipt shown. */
export async function completeSurvey(
  page: Page,
  baseUrl: string,
  locale: string,
  code: string,
): Promise<{ given: Map<string, Given>; receipt: string; pages: number }> {
  await page.goto(`${baseUrl}/${locale}/s/${code}`);
  await page.locator(`main .language-list a[hreflang="${locale}"]`).click();
  await page.waitForURL(`**/${locale}/s/${code}/intro`);
  await page.locator("main form button[type=submit]").click();
  await page.waitForURL(/\/m\//);
  const given = new Map<string, Given>();
  let pages = 0;
  const path = () => new URL(page.url()).pathname;
  while (!path().endsWith("/send") && pages < 40) {
    pages++;
    await answerAndSubmitPage(page, given);
  }
  await page.locator("main form button[type=submit]").first().click();
  await page.waitForURL((url) => url.pathname.endsWith("/thanks"));
  const receipt = (await page.locator(".receipt").textContent())!.trim();
  return { given, receipt, pages };
}
