import { describe, expect, it } from "vitest";
import { type RunContext, visibleSlots } from "@/lib/battery/logic";
import { readSlot } from "@/modules/respondent/form";
import { askedModules, buildPage, neighbours, resumePage, ruleHolds, SEND_PAGE } from "@/modules/respondent/page-flow";
import { formatReceipt, hashReceipt, newReceipt, normalizeReceipt } from "@/modules/respondent/receipt";
import { buildReferenceBattery, referenceCatalogue } from "@/lib/seed/reference-battery";
import { payloadHash } from "@/modules/respondent/canonical";
import { responsePayloadSchema } from "@/modules/respondent/payload";

const battery = buildReferenceBattery();
const ctx: RunContext = { municipalities: [], catalogue: referenceCatalogue().slice(0, 3) };
const slot = (id: string) => {
  const [key, item] = id.split("#");
  const all = buildPage(
    battery,
    battery.modules.find((m) => m.questions.some((q) => q.key === key))!.key,
    {},
    ctx,
  )!.slots;
  return (
    all.find((s) => s.id === id) ??
    visibleSlots(battery, {}, ctx).find((s) => s.question.key === key && s.item?.key === item)!
  );
};
const read = (id: string, fields: Record<string, string[]>) =>
  readSlot(slot(id), (name) => fields[name] ?? [], ctx, battery.scales);

describe("receipt codes", () => {
  it("are ten unambiguous characters, drawn at random, and read back as they were made", () => {
    const codes = Array.from({ length: 200 }, () => newReceipt());
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
      expect(normalizeReceipt(formatReceipt(code).toLowerCase())).toBe(code);
    }
    expect(new Set(codes).size).toBe(codes.length);
    // Every character of the alphabet turns up: nothing is derived from anything but chance.
    expect(new Set(codes.join("")).size).toBe(32);
    // Stored as a hash that does not contain the code.
    expect(hashReceipt(codes[0]!)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashReceipt(codes[0]!)).not.toBe(hashReceipt(codes[1]!));
  });

  it("survive being typed by hand", () => {
    expect(normalizeReceipt("abcde-fghjk")).toBe("ABCDEFGHJK");
    expect(normalizeReceipt(" 0o1il 23456 ")).toBe("0011123456");
    expect(normalizeReceipt("ABCDE-FGHJU")).toBeNull();
    expect(normalizeReceipt("short")).toBeNull();
    expect(formatReceipt("ABCDEFGHJK")).toBe("ABCDE-FGHJK");
  });
});

describe("reading a posted page", () => {
  it("reads each kind of answer and treats an untouched question as skipped", () => {
    expect(read("bg.gender", { "q:bg.gender": ["woman"] })).toEqual({
      value: { kind: "choice", value: "woman" },
      problem: null,
    });
    expect(read("bg.gender", {})).toEqual({ value: null, problem: null });
    expect(read("bg.gender", { "q:bg.gender": ["~no_answer"] }).value).toEqual({ kind: "special", value: "no_answer" });
    expect(read("trust.respect_staff", { "q:trust.respect_staff": ["~dont_know"] }).value).toEqual({
      kind: "special",
      value: "dont_know",
    });
    expect(read("work.obstacles", { "q:work.obstacles": ["language", "health"] }).value).toEqual({
      kind: "choices",
      values: ["language", "health"],
    });
    expect(read("trust.one_change", { "q:trust.one_change": ["  Fler tolkar \r\n "] }).value).toEqual({
      kind: "text",
      value: "Fler tolkar",
    });
    expect(
      read("trust.one_change", { "q:trust.one_change": [""], "q:trust.one_change:skip": ["~no_answer"] }).value,
    ).toEqual({ kind: "special", value: "no_answer" });
  });

  it("reports what cannot be accepted", () => {
    expect(read("bg.gender", { "q:bg.gender": ["woman", "man"] }).problem).toBe("wrong_kind");
    expect(read("bg.gender", { "q:bg.gender": ["robot"] }).problem).toBe("unknown_option");
    expect(read("work.obstacles", { "q:work.obstacles": ["language", "~no_answer"] }).problem).toBe(
      "exclusive_combined",
    );
    expect(read("work.obstacles", { "q:work.obstacles": ["language", "licence", "health", "other"] }).problem).toBe(
      "too_many",
    );
    expect(read("trust.one_change", { "q:trust.one_change": ["x".repeat(2001)] }).problem).toBe("too_long");
    expect(read("bg.gender", { "q:bg.gender": ["~dont_know"] }).problem).toBe("special_not_allowed");
  });
});

describe("pages", () => {
  it("are the modules with something to ask, in order", () => {
    const keys = askedModules(battery, {}, ctx).map((m) => m.key);
    expect(keys[0]).toBe("background");
    expect(keys.at(-1)).toBe("closing");
    expect(askedModules(battery, {}, { ...ctx, catalogue: [] }).map((m) => m.key)).not.toContain("interventions");
    expect(neighbours(askedModules(battery, {}, ctx), "work")).toMatchObject({
      previous: "language_education",
      next: "housing",
    });
  });

  it("carry the questions the page's own answers can reveal, hidden until they do", () => {
    const page = buildPage(battery, "interventions", {}, ctx)!;
    expect(page.slots.map((s) => s.id)).toEqual([
      "interventions.participated",
      ...ctx.catalogue.map((c) => `interventions.useful#${c.key}`),
      "interventions.improve",
    ]);
    expect([...page.visible]).toEqual(["interventions.participated"]);
    const useful = page.rules.find((r) => r.slot === `interventions.useful#${ctx.catalogue[1]!.key}`)!;
    expect(
      ruleHolds(useful, { "interventions.participated": { kind: "choices", values: [ctx.catalogue[1]!.key] } }),
    ).toBe(true);
    expect(ruleHolds(useful, { "interventions.participated": { kind: "choices", values: ["none"] } })).toBe(false);
    const improve = page.rules.find((r) => r.slot === "interventions.improve")!;
    expect(ruleHolds(improve, { "interventions.participated": { kind: "choices", values: ["none"] } })).toBe(false);
    // A condition on an earlier page is settled by the server, not left to the browser.
    const education = buildPage(battery, "language_education", {}, ctx)!;
    expect(education.slots.map((s) => s.id)).not.toContain("edu.sfi_fits");
    expect(
      buildPage(battery, "language_education", { "bg.main_activity": { kind: "choices", values: ["sfi"] } }, ctx)!
        .slots[0]!.id,
    ).toBe("edu.sfi_fits");
  });

  it("bring a returning respondent back to the page where they stopped, if their answers still lead there", () => {
    const answers = { "bg.time_in_sweden": { kind: "choice", value: "1to2" } } as const;
    expect(resumePage(battery, answers, ctx, "work")).toBe("work");
    expect(resumePage(battery, answers, ctx, SEND_PAGE)).toBe(SEND_PAGE);
    // A page no longer asked (here: no services in the catalogue) or unknown: the first page with nothing answered.
    expect(resumePage(battery, answers, { ...ctx, catalogue: [] }, "interventions")).toBe(
      askedModules(battery, answers, ctx)[1]!.key,
    );
    expect(resumePage(battery, answers, ctx, "no_such_page")).not.toBe("background");
    // Nothing saved yet: the first page.
    expect(resumePage(battery, {}, ctx, null)).toBe("background");
  });
});

describe("payloads", () => {
  it("hash the same whatever the key order", () => {
    expect(payloadHash({ a: 1, b: { c: [1, 2], d: "x" } })).toBe(payloadHash({ b: { d: "x", c: [1, 2] }, a: 1 }));
    expect(payloadHash({ a: 1 })).not.toBe(payloadHash({ a: 2 }));
  });

  it("refuse unknown keys, bad ids and prototype tricks", () => {
    const ok = {
      id: crypto.randomUUID(),
      survey: "lin580",
      locale: "ar",
      answers: { "bg.gender": { kind: "choice", value: "woman" } },
    };
    expect(responsePayloadSchema.parse(ok).survey).toBe("LIN580");
    expect(responsePayloadSchema.safeParse({ ...ok, extra: 1 }).success).toBe(false);
    expect(responsePayloadSchema.safeParse({ ...ok, id: "1" }).success).toBe(false);
    expect(responsePayloadSchema.safeParse({ ...ok, locale: "de" }).success).toBe(false);
    expect(
      responsePayloadSchema.safeParse({ ...ok, answers: { __proto__: { kind: "text", value: "x" } } }).success,
    ).toBe(true);
    // A "__proto__" key from JSON is dropped, never assigned: the parsed answers stay a plain empty object.
    const polluted = responsePayloadSchema.parse({
      ...ok,
      answers: JSON.parse('{"__proto__": {"kind": "text", "value": "x"}}'),
    });
    expect(Object.keys(polluted.answers)).toEqual([]);
    expect(Object.getPrototypeOf(polluted.answers)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).kind).toBeUndefined();
    expect(
      responsePayloadSchema.safeParse({ ...ok, answers: JSON.parse('{"constructor": {"kind": "text", "value": "x"}}') })
        .success,
    ).toBe(false);
    expect(
      responsePayloadSchema.safeParse({ ...ok, answers: { "bg.gender": { kind: "choice", value: "woman", extra: 1 } } })
        .success,
    ).toBe(false);
  });
});
