/** Driving the ambassador's interview screen in a browser test, as an ambassador and a respondent would. */
import type { Page } from "playwright-core";

/** Holds the "continue" button down, as the ambassador does to get back from the respondent's locked screen. */
export async function holdToContinue(page: Page) {
  const box = (await page.locator(".hold-button").boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.locator("#record-title").waitFor({ timeout: 10_000 });
  await page.mouse.up();
}

/** Presses "next" (or "I am ready" at the handover) page by page until `until` shows, answering each page with `answer`. */
export async function stepUntil(page: Page, until: string, answer: (page: Page) => Promise<void> = async () => {}) {
  for (let step = 0; step < 40; step++) {
    if (await page.locator(until).count()) return;
    if (await page.locator("#handover-ready").count()) {
      await page.locator("#handover-ready").click();
      continue;
    }
    const form = page.locator("form[id^=interview-]");
    await form.locator("fieldset[data-slot]").first().waitFor();
    const id = await form.getAttribute("id");
    await answer(page);
    await form.locator("button[type=submit]").click();
    await page.waitForFunction(
      ([before, target]) =>
        document.querySelector("form[id^=interview-]")?.id !== before || !!document.querySelector(target!),
      [id, `${until}, #handover-ready`],
    );
  }
  throw new Error(`${until} never came`);
}

/** From the language screen to "saved": the spoken part, the handover, the private part, the hand-back, the record. */
export async function runInterview(
  page: Page,
  respondentLocale: string,
  options: { answer?: (page: Page) => Promise<void>; record: (page: Page) => Promise<void> },
) {
  await page.locator(`button[lang="${respondentLocale}"]`).click();
  await stepUntil(page, "#handback-title", options.answer);
  await holdToContinue(page);
  await options.record(page);
  await page.locator("#interview-record button[type=submit]").click();
  await page.locator("#saved-title").waitFor();
}
