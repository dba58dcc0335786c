import fc from "fast-check";
import { strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { XlsxError, type XlsxProblem } from "@/lib/xlsx/error";
import { readWorkbook, type Row } from "@/lib/xlsx/workbook";
import { xmlTokens } from "@/lib/xlsx/xml";
import { buildXlsx } from "@/tests/fixtures/xlsform/build";
import { housingForm } from "@/tests/fixtures/xlsform/housing-form";

const limits = { maxUnpackedBytes: 20 * 1024 * 1024, maxRows: 5000 };

function problemOf(read: () => unknown): XlsxProblem {
  try {
    read();
  } catch (e) {
    if (e instanceof XlsxError) return e.problem;
    throw e;
  }
  throw new Error("expected an XlsxError");
}

/** Row number → { column letter index → text }, for compact expectations. */
function plain(rows: Row[] | undefined) {
  return rows?.map((r) => [r.row, Object.fromEntries(r.cells)]);
}

/** A workbook written by hand: one sheet of raw sheetData XML, optionally with a raw shared-strings part. */
function rawWorkbook(sheetData: string, sharedStrings?: string): Uint8Array {
  const files: Zippable = {
    "_rels/.rels": strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
    ),
    "xl/workbook.xml": strToU8(
      `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name=" Data " sheetId="1" rel:id="rIdA"/></x:sheets></x:workbook>`,
    ),
    "xl/_rels/workbook.xml.rels": strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdA" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="./sheets/../worksheets/data.xml"/><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/></Relationships>`,
    ),
    "xl/worksheets/data.xml": strToU8(
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>`,
    ),
  };
  if (sharedStrings !== undefined)
    files["xl/strings.xml"] = strToU8(
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${sharedStrings}</sst>`,
    );
  return zipSync(files);
}

describe("readWorkbook: sheets and cells", () => {
  it("finds sheets through the workbook's relationships, by lower-cased name, and reads only those asked for", () => {
    const bytes = buildXlsx([
      {
        name: "Survey",
        rows: [
          ["type", "name"],
          ["text", "q"],
        ],
        strings: "shared",
      },
      { name: "notes", rows: [["anything"]], strings: "inline" },
      { name: "Empty", rows: [], strings: "inline" },
    ]);
    const all = readWorkbook(bytes, limits);
    expect([...all.keys()]).toEqual(["survey", "notes", "empty"]);
    expect(plain(all.get("survey"))).toEqual([
      [1, { 0: "type", 1: "name" }],
      [2, { 0: "text", 1: "q" }],
    ]);
    expect(all.get("empty")).toEqual([]);

    const some = readWorkbook(bytes, { ...limits, sheets: ["SURVEY", "choices"] });
    expect([...some.keys()]).toEqual(["survey"]);
  });

  it("reads shared strings with rich-text runs (without phonetic runs), inline strings, numbers and booleans, sparse cells and row gaps", () => {
    const bytes = buildXlsx([
      {
        name: "data",
        rows: [["Bo|ende", "plain & <odd>", 3, true], undefined, [null, "", false, 2.5, "x"]],
        strings: "shared",
      },
    ]);
    expect(plain(readWorkbook(bytes, limits).get("data"))).toEqual([
      [1, { 0: "Boende", 1: "plain & <odd>", 2: "3", 3: "TRUE" }],
      [3, { 2: "FALSE", 3: "2.5", 4: "x" }],
    ]);
  });

  it("decodes OOXML escapes, character references and CDATA, and reads numbers as they were typed", () => {
    const bytes = rawWorkbook(
      [
        `<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>7</v></c></row>`,
        `<row><c r="A3"><v>0.10000000000000001</v></c><c r="C3" t="str"><v>a_x000D_b</v></c><c t="inlineStr"><is><t><![CDATA[<raw> & ]]>&#x263A;&#65;</t></is></c></row>`,
        `<row r="9"><c r="AA9" t="e"><v>#N/A</v></c><c r="B9"/><c r="XFE9" t="inlineStr"><is><t>beyond XFD</t></is></c></row>`,
        `<row r="10"><c r="A10" t="inlineStr"><is><r><t>run</t></r><r><t xml:space="preserve"> two</t></r><rPh><t>ignored</t></rPh></is></c></row>`,
        `<row r="11"/><row r="12"><c r="A12"><v></v></c></row>`,
      ].join(""),
      `<si><t>line_x000A_two</t></si><si/>`,
    );
    // The sheet name is trimmed and lower-cased; the rels target has "./" and ".." in it.
    expect(plain(readWorkbook(bytes, limits).get("data"))).toEqual([
      [2, { 0: "line\ntwo" }],
      [3, { 0: "0.1", 2: "a\rb", 3: "<raw> & ☺A" }],
      [9, { 26: "#N/A" }],
      [10, { 0: "run two" }],
    ]);
  });

  it("reads the realistic fixture, whose sheet parts are numbered in reverse", () => {
    const sheets = readWorkbook(housingForm(), limits);
    expect([...sheets.keys()]).toEqual(["survey", "choices", "settings"]);
    expect(sheets.get("survey")!.map((r) => r.row)).toEqual([
      ...Array.from({ length: 18 }, (_, i) => i + 1),
      20,
      21,
      22,
      23,
    ]);
    expect(
      sheets
        .get("choices")!
        .find((r) => r.row === 11)!
        .cells.get(1),
    ).toBe("1");
  });
});

describe("readWorkbook: bad and hostile files", () => {
  it("refuses bytes that are not a zip", () => {
    for (const bytes of [
      new Uint8Array(0),
      strToU8("type,name,label\ntext,q,Fråga\n"),
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251),
    ]) {
      expect(problemOf(() => readWorkbook(bytes, limits))).toEqual({ code: "notZip" });
    }
  });

  it("refuses a truncated workbook", () => {
    const bytes = housingForm();
    expect(problemOf(() => readWorkbook(bytes.subarray(0, Math.floor(bytes.length / 2)), limits)).code).toBe("notZip");
  });

  it("refuses a zip that is not a workbook, and a workbook whose sheet part is missing", () => {
    expect(problemOf(() => readWorkbook(zipSync({ "readme.txt": strToU8("hello") }), limits))).toEqual({
      code: "notWorkbook",
    });
    const files = unzipSync(buildXlsx([{ name: "Survey", rows: [["type"]], strings: "inline" }]));
    delete files["xl/worksheets/sheet1.xml"];
    expect(problemOf(() => readWorkbook(zipSync(files), limits))).toEqual({ code: "sheetMissing", sheet: "survey" });
    // A sheet that is not asked for is never opened.
    expect(readWorkbook(zipSync(files), { ...limits, sheets: ["choices"] }).size).toBe(0);
  });

  it("refuses a zip bomb from its declared sizes, without inflating it", () => {
    const bomb = zipSync({ "xl/worksheets/sheet1.xml": new Uint8Array(50 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    const started = performance.now();
    expect(problemOf(() => readWorkbook(bomb, limits))).toEqual({
      code: "unpackedTooLarge",
      limit: limits.maxUnpackedBytes,
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("stops inflating a part that outgrows the size its directory declares", () => {
    const bytes = zipSync({ "xl/workbook.xml": new Uint8Array(30 * 1024 * 1024) }, { level: 9 });
    // Rewrite the central directory's uncompressed size (offset 24 of the entry) to a harmless 1 KB.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const directory = view.getUint32(bytes.length - 22 + 16, true);
    view.setUint32(directory + 24, 1024, true);
    const started = performance.now();
    expect(problemOf(() => readWorkbook(bytes, limits))).toEqual({ code: "sizeMismatch" });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("refuses encrypted parts, unknown compression methods and zip64 markers", () => {
    const patched = (edit: (view: DataView, directory: number, eocd: number) => void) => {
      const bytes = zipSync({ "xl/workbook.xml": strToU8("<workbook/>") });
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const eocd = bytes.length - 22;
      edit(view, view.getUint32(eocd + 16, true), eocd);
      return bytes;
    };
    expect(
      problemOf(() =>
        readWorkbook(
          patched((v, d) => v.setUint16(d + 8, v.getUint16(d + 8, true) | 1, true)),
          limits,
        ),
      ),
    ).toEqual({ code: "encrypted" });
    expect(
      problemOf(() =>
        readWorkbook(
          patched((v, d) => v.setUint16(d + 10, 12, true)),
          limits,
        ),
      ),
    ).toEqual({ code: "unsupportedCompression", part: "xl/workbook.xml" });
    expect(
      problemOf(() =>
        readWorkbook(
          patched((v, _, e) => v.setUint32(e + 16, 0xffffffff, true)),
          limits,
        ),
      ),
    ).toEqual({ code: "zip64" });
    expect(
      problemOf(() =>
        readWorkbook(
          patched((v, d) => v.setUint32(d + 42, 9999, true)),
          limits,
        ),
      ),
    ).toEqual({ code: "damaged", part: "xl/workbook.xml" });
  });

  it("refuses a sheet with more rows than the limit", () => {
    const rows = Array.from({ length: 11 }, (_, i) => [`r${i}`]);
    const bytes = buildXlsx([{ name: "Big", rows, strings: "inline" }]);
    expect(readWorkbook(bytes, { ...limits, maxRows: 11 }).get("big")).toHaveLength(11);
    expect(problemOf(() => readWorkbook(bytes, { ...limits, maxRows: 10 }))).toEqual({
      code: "tooManyRows",
      sheet: "big",
      limit: 10,
    });
  });

  it("throws nothing but XlsxError on damaged bytes", () => {
    const original = housingForm();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: original.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const bytes = original.slice();
          for (const [at, value] of edits) bytes[at] = value;
          try {
            readWorkbook(bytes, limits);
          } catch (e) {
            expect(e).toBeInstanceOf(XlsxError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("xmlTokens", () => {
  it("strips element prefixes but keeps attribute prefixes, and finds the tag end outside quoted values", () => {
    const tokens = [
      ...xmlTokens(`<?xml version="1.0"?><!-- a > b --><x:a r:id='1>2' b="&quot;q&quot;">t&amp;t</x:a><br/>`),
    ];
    expect(tokens).toEqual([
      { kind: "open", name: "a", attrs: { "r:id": "1>2", b: '"q"' }, selfClosing: false },
      { kind: "text", text: "t&t" },
      { kind: "close", name: "a" },
      { kind: "open", name: "br", attrs: {}, selfClosing: true },
    ]);
  });

  it("leaves unknown and invalid entities alone, and stops at an unterminated tag", () => {
    expect([...xmlTokens("&nbsp; &#0; &#xD800; &#x41;<a")]).toEqual([{ kind: "text", text: "&nbsp; &#0; &#xD800; A" }]);
  });
});
