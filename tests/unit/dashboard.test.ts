import { describe, expect, it } from "vitest";
import { readFilters, filterQuery } from "@/modules/dashboard/filters";
import { maskText } from "@/modules/dashboard/masking";
import { meanWithCi, normalCdf, twoProportionTest } from "@/lib/disclosure/stats";

const labels = { phone: "telefon", email: "e-post", personalNumber: "personnummer" };

describe("statistics", () => {
  it("computes a mean and 95% interval by hand", () => {
    // values 1,2,3,4,5 once each: mean 3, sd sqrt(2.5), se = sqrt(2.5/5) = 0.7071, half = 1.3859
    const r = meanWithCi([1, 2, 3, 4, 5].map((value) => ({ value, n: 1 })))!;
    expect(r.mean).toBe(3);
    expect(r.low).toBeCloseTo(1.6141, 3);
    expect(r.high).toBeCloseTo(4.3859, 3);
    expect(meanWithCi([{ value: 4, n: 1 }])).toBeNull();
  });

  it("tests two proportions as a textbook would", () => {
    // 60/100 vs 45/100: pooled 0.525, se = sqrt(.525*.475*.02) = 0.070622, z = 2.1240, p = 0.0337
    const r = twoProportionTest(60, 100, 45, 100)!;
    expect(r.difference).toBeCloseTo(0.15, 10);
    expect(r.z).toBeCloseTo(2.124, 3);
    expect(r.pValue).toBeCloseTo(0.0337, 3);
    expect(r.significant).toBe(true);
    expect(twoProportionTest(52, 100, 48, 100)!.significant).toBe(false);
    expect(twoProportionTest(1, 0, 1, 1)).toBeNull();
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
  });
});

describe("masking", () => {
  it("masks phone numbers, e-mail addresses and personal identity numbers", () => {
    expect(maskText("Ring 070-123 45 67 eller +46 70 123 45 67", labels)).toBe("Ring [telefon] eller [telefon]");
    expect(maskText("Skriv till anna.svensson@example.se!", labels)).toBe("Skriv till [e-post]!");
    expect(maskText("Mitt nummer 850709-9805 och 198507099805", labels)).toBe(
      "Mitt nummer [personnummer] och [personnummer]",
    );
    expect(maskText("Jag har bott här 2 år och har 3 barn", labels)).toBe("Jag har bott här 2 år och har 3 barn");
  });
});

describe("filters", () => {
  it("reads known filters and reports unknown values by name", () => {
    expect(readFilters({ lang: "ar", round: "3" })).toEqual({ ok: true, filters: { lang: "ar", round: 3 } });
    expect(readFilters({ lang: "xx", foo: "1" })).toEqual({
      ok: false,
      invalid: ["foo", "lang"],
      problem: "unreadable",
    });
    expect(readFilters({ round: "abc" })).toEqual({ ok: false, invalid: ["round"], problem: "unreadable" });
    expect(readFilters({ m: "0580", lang: "" })).toEqual({ ok: true, filters: { m: "0580" } });
  });

  it("has no date windows: a round is the unit of time", () => {
    expect(readFilters({ from: "2026-01", to: "2026-05" })).toEqual({
      ok: false,
      invalid: ["from", "to"],
      problem: "unreadable",
    });
  });

  it("takes one group at a time, and no union of rounds (such as a battery version)", () => {
    expect(readFilters({ lang: "ar", age: "65p", round: "3" })).toEqual({
      ok: false,
      invalid: ["lang", "age"],
      problem: "oneGroup",
    });
    expect(readFilters({ mode: "self", gender: "woman", time: "gt5" })).toEqual({
      ok: false,
      invalid: ["gender", "time", "mode"],
      problem: "oneGroup",
    });
    expect(readFilters({ version: "2", lang: "so" })).toEqual({
      ok: false,
      invalid: ["version"],
      problem: "unreadable",
    });
    expect(readFilters({ round: "2", mode: "handover" })).toEqual({
      ok: true,
      filters: { round: 2, mode: "handover" },
    });
  });

  it("writes a view back as a shareable query", () => {
    expect(filterQuery({ m: "0580", lang: "ar" }, { lang: undefined, mode: "self" })).toBe("?m=0580&mode=self");
    expect(filterQuery({})).toBe("");
  });
});

describe("exports", () => {
  it("write the same tables to CSV and XLSX", async () => {
    const { toCsv } = await import("@/modules/dashboard/tables");
    const { toXlsx } = await import("@/modules/dashboard/xlsx");
    const { unzipSync, strFromU8 } = await import("fflate");
    const tables = [
      {
        id: "t",
        title: "Svar per språk",
        columns: ["Språk", "Linköping"],
        rows: [
          ["العربية", "1 234"],
          ['Ti, "quoted"', "färre än 5"],
        ],
      },
    ];
    const csv = toCsv(tables);
    expect(csv).toBe('\uFEFFSvar per språk\r\nSpråk,Linköping\r\nالعربية,1 234\r\n"Ti, ""quoted""",färre än 5\r\n');
    const files = unzipSync(toXlsx(tables));
    expect(Object.keys(files).sort()).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/_rels/workbook.xml.rels",
      "xl/workbook.xml",
      "xl/worksheets/sheet1.xml",
    ]);
    const sheet = strFromU8(files["xl/worksheets/sheet1.xml"]!);
    expect(sheet).toContain('<c r="A3" t="inlineStr"><is><t xml:space="preserve">العربية</t></is></c>');
    expect(sheet).toContain("Ti, &quot;quoted&quot;");
    expect(sheet).toContain("färre än 5");
  });
});
