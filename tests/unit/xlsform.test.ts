import fc from "fast-check";
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
  importXlsForm,
  parseRelevant,
  xlsFormIssueCodes,
  xlsFormIssueEnglish,
  type XlsFormIssue,
  type XlsFormResult,
} from "@/modules/authoring/xlsform";
import { allQuestions, batteryContentSchema, type BatteryContent, type LocalizedText } from "@/lib/battery/schema";
import { buildReferenceBattery } from "@/lib/seed/reference-battery";
import { buildXlsx, type SheetRows } from "@/tests/fixtures/xlsform/build";
import { housingForm } from "@/tests/fixtures/xlsform/housing-form";

const base = buildReferenceBattery();

/**
 * Every issue a test sees must be renderable from a catalogue: a known code, string params holding
 * each placeholder of its English template, and a message that is that template filled in.
 */
function checked(issues: XlsFormIssue[]): XlsFormIssue[] {
  for (const i of issues) {
    expect(xlsFormIssueCodes).toContain(i.code);
    const template = xlsFormIssueEnglish[i.code];
    expect(
      Object.values(i.params).every((v) => typeof v === "string"),
      i.code,
    ).toBe(true);
    for (const [, name] of template.matchAll(/\{(\w+)\}/g)) expect(i.params, i.code).toHaveProperty([name!]);
    expect(i.message).toBe(template.replace(/\{(\w+)\}/g, (_, name: string) => i.params[name]!));
  }
  return issues;
}

function ok(result: XlsFormResult) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.issues)}`);
  checked(result.issues);
  return result;
}

function failure(result: XlsFormResult): XlsFormIssue[] {
  expect(result.ok).toBe(false);
  return checked(result.issues);
}

/** Issues as [row, code, params], for compact expectations. */
function brief(issues: XlsFormIssue[]) {
  return issues.map((i) => [i.row, i.code, i.params]);
}

function question(content: BatteryContent, key: string) {
  const q = allQuestions(content).find((x) => x.key === key);
  if (!q) throw new Error(`no question ${key}`);
  return q;
}

/** A one-sheet-plus form, for the smaller cases. */
function form(survey: SheetRows, choices?: SheetRows, settings?: SheetRows): Uint8Array {
  return buildXlsx([
    { name: "survey", rows: survey, strings: "inline" },
    ...(choices ? [{ name: "choices", rows: choices, strings: "shared" as const }] : []),
    ...(settings ? [{ name: "settings", rows: settings, strings: "inline" as const }] : []),
  ]);
}

const yesNo: SheetRows = [
  ["list_name", "name", "label::Swedish (sv)", "label::English (en)"],
  ["yn", "yes", "Ja", "Yes"],
  ["yn", "no", "Nej", "No"],
];

describe("importXlsForm on a realistic three-language form", () => {
  const result = ok(importXlsForm(housingForm(), base));
  const content = result.content;

  it("turns groups into modules and keeps ungrouped runs in order around them", () => {
    expect(content.modules.map((m) => m.key)).toEqual(["main", "housing", "main_2"]);
    expect(content.modules.map((m) => m.questions.map((q) => q.key))).toEqual([
      ["main.consent"],
      [
        "housing.housing_type",
        "housing.housing_problems",
        "housing.has_job",
        "housing.job_title",
        "housing.problem_detail",
        "housing.rooms",
      ],
      ["main_2.comments", "main_2.again", "main_2.floor"],
    ]);
    // The group label is a shared string written as rich-text runs.
    expect(content.modules[1]!.title).toEqual({ sv: "Boende", ar: "السكن", en: "Housing" });
    expect(result.counts).toEqual({ questions: 10, modules: 3, languages: ["sv", "en", "ar"] });
  });

  it("maps types and labels in all three languages", () => {
    expect(question(content, "main.consent")).toMatchObject({
      type: "single",
      text: { sv: "Vill du delta?", ar: "هل تريد المشاركة؟", en: "Do you want to take part?" },
    });
    expect(question(content, "housing.housing_problems").type).toBe("multi");
    expect(question(content, "housing.job_title").type).toBe("text");
    expect(question(content, "housing.rooms").type).toBe("text");
    // Entities survive the shared-string round trip.
    expect(question(content, "housing.problem_detail").text.sv).toBe("Beskriv problemet & <mögel>");
    // The French column is not one of ours and must not leak in.
    expect(Object.keys(question(content, "main.consent").text).sort()).toEqual(["ar", "en", "sv"]);
  });

  it("takes options and their labels from the choices sheet", () => {
    expect(question(content, "housing.housing_type").options).toEqual([
      { key: "rent", label: { sv: "Hyr", ar: "إيجار", en: "Rent" } },
      { key: "own", label: { sv: "Äger", ar: "ملك", en: "Own" } },
      { key: "other", label: { sv: "Annat", ar: "آخر", en: "Other" } },
    ]);
    // "none" has no Swedish label and is left out.
    expect(question(content, "housing.housing_problems").options!.map((o) => o.key)).toEqual([
      "mould",
      "noise",
      "cold",
    ]);
    // Numeric choice names (number cells) and a normalised one.
    expect(question(content, "main_2.floor").options!.map((o) => o.key)).toEqual(["1", "2", "top_floor"]);
    // or_other: imported without the other option.
    expect(question(content, "main_2.again").options!.map((o) => o.key)).toEqual(["yes", "no"]);
  });

  it("maps relevant expressions to showIf", () => {
    expect(question(content, "housing.job_title").showIf).toEqual({
      question: "housing.has_job",
      op: "is",
      values: ["yes"],
    });
    expect(question(content, "housing.problem_detail").showIf).toEqual({
      question: "housing.housing_problems",
      op: "includes",
      values: ["mould"],
    });
    expect(question(content, "main_2.again").showIf).toEqual({
      question: "housing.has_job",
      op: "is",
      values: ["no", "yes"],
    });
    expect(question(content, "main_2.floor").showIf).toEqual({
      question: "housing.housing_type",
      op: "isNot",
      values: ["own", "other"],
    });
    expect(question(content, "main_2.comments").showIf).toBeUndefined();
  });

  it("reports exactly the rows it could not map", () => {
    const at = (sheet: XlsFormIssue["sheet"], row: number) =>
      result.issues.filter((i) => i.sheet === sheet && i.row === row).map((i) => [i.code, i.params]);
    expect(at("survey", 1)).toEqual([["languageNotRecognised", { column: "label::Français (fr)" }]]);
    expect(at("survey", 2)).toEqual([["metadataSkipped", { type: "start" }]]);
    expect(at("survey", 10)).toEqual([
      ["numberAsText", { type: "integer" }],
      ["ignoredColumn", { column: "constraint" }],
    ]);
    expect(at("survey", 11)).toEqual([["noteSkipped", {}]]);
    expect(at("survey", 12)).toEqual([["unsupportedType", { type: "geopoint" }]]);
    expect(at("survey", 13)).toEqual([
      ["duplicateName", { name: "Housing_Type", firstRow: "5", key: "housing.housing_type" }],
    ]);
    expect(at("survey", 15)).toEqual([["repeatSkipped", { first: "15", last: "18" }]]);
    expect(at("survey", 20)).toEqual([["relevantNotUnderstood", { expression: "${rooms} > 3" }]]);
    expect(at("survey", 21)).toEqual([["orOther", {}]]);
    expect(at("survey", 23)).toEqual([["missingSwedish", { name: "no_swedish" }]]);
    expect(at("choices", 10)).toEqual([["choiceMissingSwedish", { name: "none", list: "problems" }]]);
    expect(at("choices", 13)).toEqual([["choiceRenamed", { name: "Top Floor", key: "top_floor" }]]);
    // The English text stays as the fallback.
    expect(result.issues.filter((i) => i.sheet === "survey" && i.row === 10).map((i) => i.message)).toEqual([
      'Type "integer" imported as free text.',
      'Column "constraint" is not imported.',
    ]);
    expect(result.issues.find((i) => i.row === 15)!.message).toBe(
      'Type "begin repeat" is not supported; rows 15–18 skipped.',
    );
    // Nothing else: hints, required, the group's field-list appearance and the skipped repeat rows are silent.
    expect(result.issues).toHaveLength(13);
    expect(result.issues.map((i) => `${i.sheet}:${i.row}`)).toEqual(
      [...result.issues]
        .map((i) => `${i.sheet}:${i.row}`)
        .sort((a, b) => {
          const order = ["file", "settings", "survey", "choices"];
          const [sa, ra] = a.split(":");
          const [sb, rb] = b.split(":");
          return order.indexOf(sa!) - order.indexOf(sb!) || Number(ra) - Number(rb);
        }),
    );
  });

  it("keeps the base draft's other parts and takes the title from the settings sheet", () => {
    expect(batteryContentSchema.safeParse(content).success).toBe(true);
    expect(content.title).toEqual({ sv: "Boende och arbete" });
    expect(content.intro).toEqual(base.intro);
    expect(content.scales).toEqual(base.scales);
    expect(content.special).toEqual(base.special);
    expect(content.yesno).toEqual(base.yesno);
    expect(content.ambassadorFields).toEqual(base.ambassadorFields);
  });
});

describe("importXlsForm: columns and languages", () => {
  it("uses a plain label column as Swedish when there is no Swedish column, and flags languages it does not know", () => {
    const r = ok(
      importXlsForm(
        form([
          ["type", "name", "label", "label::English", "label::ENGLISH (EN)", "label::Dari (fa-af)"],
          ["text", "q1", "Fråga ett", "Question one (no code)", "Question one", "پرسش یک"],
        ]),
        base,
      ),
    );
    expect(r.content.modules[0]!.questions[0]!.text).toEqual({
      sv: "Fråga ett",
      en: "Question one",
      "fa-AF": "پرسش یک",
    });
    expect(r.issues).toEqual([
      {
        sheet: "survey",
        row: 1,
        code: "languageNotRecognised",
        params: { column: "label::English" },
        message: 'Column "label::English": language not recognised, ignored.',
      },
    ]);
    expect(r.counts.languages).toEqual(["sv", "en", "fa-AF"]);
  });

  it("reports a plain label column when a Swedish column exists, and maps it by default_language", () => {
    const survey: SheetRows = [
      ["type", "name", "label::Svenska (sv)", "label"],
      ["text", "q1", "Fråga", "Question"],
    ];
    const flagged = ok(importXlsForm(form(survey), base));
    expect(brief(flagged.issues)).toEqual([[1, "languageNotRecognised", { column: "label" }]]);
    const mapped = ok(importXlsForm(form(survey, undefined, [["default_language"], ["English (en)"]]), base));
    expect(mapped.issues).toEqual([]);
    expect(mapped.content.modules[0]!.questions[0]!.text).toEqual({ sv: "Fråga", en: "Question" });
  });

  it("flags a second column for the same language and a default_language it does not know", () => {
    const r = ok(
      importXlsForm(
        form(
          [
            ["type", "name", "label::Swedish (sv)", "label::sv", "label::English (en)"],
            ["text", "q1", "Fråga", "Dubblett", "Question"],
          ],
          undefined,
          [
            ["form_title", "default_language"],
            ["Titel", "Klingon (tlh)"],
          ],
        ),
        base,
      ),
    );
    expect(r.issues.map((i) => [i.sheet, i.row, i.code, i.params])).toEqual([
      ["settings", 2, "unknownDefaultLanguage", { language: "Klingon (tlh)" }],
      ["survey", 1, "duplicateLanguage", { column: "label::sv", language: "sv" }],
    ]);
    expect(r.content.modules[0]!.questions[0]!.text).toEqual({ sv: "Fråga", en: "Question" });
  });

  it("refuses a survey without a Swedish label column, a type column or a name column, and an empty survey", () => {
    expect(
      failure(
        importXlsForm(
          form([
            ["type", "name", "label::English (en)"],
            ["text", "q", "Q"],
          ]),
          base,
        ),
      ),
    ).toEqual([
      {
        sheet: "survey",
        row: 1,
        code: "noSwedishColumn",
        params: { sheet: "survey" },
        message: 'The survey sheet has no Swedish label column: add "label::Swedish (sv)" (or a plain "label" column).',
      },
    ]);
    const noType = failure(
      importXlsForm(
        form([
          ["kind", "name", "label"],
          ["text", "q", "Fråga"],
        ]),
        base,
      ),
    );
    expect(noType).toEqual([
      {
        sheet: "survey",
        row: 1,
        code: "noTypeColumn",
        params: {},
        message: 'The survey sheet has no "type" column in its first row.',
      },
    ]);
    expect(
      brief(
        failure(
          importXlsForm(
            form([
              ["type", "label"],
              ["text", "Fråga"],
            ]),
            base,
          ),
        ),
      ),
    ).toEqual([[1, "noNameColumn", {}]]);
    expect(failure(importXlsForm(form([]), base)).map((i) => [i.sheet, i.row, i.code])).toEqual([
      ["survey", 0, "emptySurvey"],
    ]);
  });

  it("reports ignored logic columns and unsupported types at their rows", () => {
    const r = ok(
      importXlsForm(
        form(
          [
            ["type", "name", "label", "appearance", "choice_filter", "calculation"],
            ["select_one yn", "a", "A", "minimal", "x = 1"],
            ["rank yn", "b", "B"],
            ["select_one_from_file places.csv", "c", "C"],
            ["range", "d", "D"],
            ["calculate", "e", "", "", "", "1 + 1"],
            ["date", "f", "F"],
            ["select_one missing", "g", "G"],
          ],
          yesNo,
        ),
        base,
      ),
    );
    expect(brief(r.issues)).toEqual([
      [2, "ignoredColumn", { column: "choice_filter" }],
      [2, "ignoredColumn", { column: "appearance" }],
      [3, "unsupportedType", { type: "rank yn" }],
      [4, "unsupportedType", { type: "select_one_from_file places.csv" }],
      [5, "unsupportedType", { type: "range" }],
      [6, "metadataSkipped", { type: "calculate" }],
      [7, "unsupportedType", { type: "date" }],
      [8, "missingChoiceList", { list: "missing" }],
    ]);
    expect(r.content.modules.map((m) => m.questions.map((q) => q.key))).toEqual([["main.a"]]);
  });
});

describe("importXlsForm: names", () => {
  it("skips a question whose name collides with an earlier one, and normalises names to keys (case changes silently)", () => {
    const r = ok(
      importXlsForm(
        form([
          ["type", "name", "label"],
          ["begin_group", "Bakgrund", "Bakgrund"],
          ["text", "ålder", "Ålder"],
          ["text", "Ålder", "Ålder igen"],
          ["text", "2nd-name", "Andra"],
          ["end_group"],
          ["begin group", "bakgrund", "Samma grupp igen"],
          ["text", "alder", "Ålder i en annan grupp"],
          ["end group"],
        ]),
        base,
      ),
    );
    expect(r.content.modules.map((m) => [m.key, m.questions.map((q) => q.key)])).toEqual([
      ["bakgrund", ["bakgrund.alder", "bakgrund.q_2nd_name"]],
      ["bakgrund_2", ["bakgrund_2.alder"]],
    ]);
    expect(brief(r.issues)).toEqual([
      [3, "questionRenamed", { name: "ålder", key: "alder" }],
      [4, "duplicateName", { name: "Ålder", firstRow: "3", key: "bakgrund.alder" }],
      [5, "questionRenamed", { name: "2nd-name", key: "q_2nd_name" }],
      [7, "moduleKeyTaken", { wanted: "bakgrund", key: "bakgrund_2" }],
    ]);
    expect(r.issues[1]!.message).toBe('Name "Ålder" is already used on row 3 (key "bakgrund.alder"); row skipped.');
  });

  it("does not let a question take an ambassador field's key", () => {
    const ambassadorKey = base.ambassadorFields[0]!.key;
    const [moduleKey, name] = ambassadorKey.split(".");
    const r = ok(
      importXlsForm(
        form([
          ["type", "name", "label"],
          ["begin group", moduleKey!, "Grupp"],
          ["text", name!, "Krock"],
          ["text", "other", "Annan"],
          ["end group"],
        ]),
        base,
      ),
    );
    expect(r.issues).toEqual([
      {
        sheet: "survey",
        row: 3,
        code: "ambassadorKey",
        params: { key: ambassadorKey },
        message: `Key "${ambassadorKey}" is already used by an ambassador field; row skipped.`,
      },
    ]);
  });
});

describe("importXlsForm: relevant", () => {
  it("parses the expression forms it supports", () => {
    expect(parseRelevant("${a} = 'x'")).toEqual({ name: "a", op: "is", values: ["x"] });
    expect(parseRelevant(' ( ${a}="x" ) ')).toEqual({ name: "a", op: "is", values: ["x"] });
    expect(parseRelevant("${a} != 'x'")).toEqual({ name: "a", op: "isNot", values: ["x"] });
    expect(parseRelevant("selected(${a},'x') or selected( ${a} , \"y\" )")).toEqual({
      name: "a",
      op: "selected",
      values: ["x", "y"],
    });
    expect(parseRelevant("(${a} = 'x') or (${a} = 'y')")).toEqual({ name: "a", op: "is", values: ["x", "y"] });
    expect(parseRelevant("${a} = 1")).toEqual({ name: "a", op: "is", values: ["1"] });
    expect(parseRelevant("'x' = ${a}")).toEqual({ name: "a", op: "is", values: ["x"] });
  });

  it("rejects what it cannot express exactly", () => {
    for (const expr of [
      "${a} = 'x' and ${b} = 'y'",
      "${a} = 'x' or ${b} = 'y'",
      "${a} = 'x' and ${a} = 'y'",
      "${a} != 'x' or ${a} != 'y'",
      "not(selected(${a}, 'x'))",
      "${a} > 3",
      "${a} >= '3'",
      "${a} = 'x' or selected(${a}, 'y')",
      "${a} = 'x' or ${a} = 'y' and ${a} = 'z'",
      "(${a} = 'x'",
      "${a} = 'o''clock'",
      "",
    ]) {
      expect(parseRelevant(expr), expr).toBeUndefined();
    }
  });

  it("drops conditions on unknown, later, free-text or mismatched questions, with a reason", () => {
    const r = ok(
      importXlsForm(
        form(
          [
            ["type", "name", "label", "relevant"],
            ["text", "early", "Tidig", "${late} = 'yes'"],
            ["select_one yn", "late", "Sen"],
            ["select_multiple yn", "many", "Flera"],
            ["text", "t1", "T1", "${nobody} = 'yes'"],
            ["text", "t2", "T2", "${early} = 'yes'"],
            ["text", "t3", "T3", "${late} = 'maybe'"],
            ["text", "t4", "T4", "${many} = 'yes'"],
            ["text", "t5", "T5", "selected(${late}, 'no')"],
          ],
          yesNo,
        ),
        base,
      ),
    );
    expect(brief(r.issues)).toEqual([
      [2, "relevantNotEarlier", { expression: "${late} = 'yes'", name: "late" }],
      [5, "relevantUnknownQuestion", { expression: "${nobody} = 'yes'", name: "nobody" }],
      [6, "relevantFreeText", { expression: "${early} = 'yes'", name: "early" }],
      [7, "relevantNoChoice", { expression: "${late} = 'maybe'", name: "late", choice: "maybe" }],
      [8, "relevantNeedsSelected", { expression: "${many} = 'yes'", name: "many" }],
    ]);
    // The expression's own braces are not placeholders.
    expect(r.issues[3]!.message).toBe(
      `relevant expression not understood: \${late} = 'maybe' ("late" has no choice "maybe"); imported without the condition.`,
    );
    // selected() on a single-choice question is plain equality.
    expect(question(r.content, "main.t5").showIf).toEqual({ question: "main.late", op: "is", values: ["no"] });
  });

  it("cannot resolve a name used by questions in two groups", () => {
    const r = ok(
      importXlsForm(
        form(
          [
            ["type", "name", "label", "relevant"],
            ["begin group", "g1", "G1"],
            ["select_one yn", "same", "Samma 1"],
            ["end group"],
            ["begin group", "g2", "G2"],
            ["select_one yn", "same", "Samma 2"],
            ["text", "t", "T", "${same} = 'yes'"],
            ["end group"],
          ],
          yesNo,
        ),
        base,
      ),
    );
    expect(brief(r.issues)).toEqual([[7, "relevantAmbiguous", { expression: "${same} = 'yes'", name: "same" }]]);
  });
});

describe("importXlsForm: groups and repeats", () => {
  it("reports nesting, unmatched ends, unnamed and unlabelled groups, and rows it cannot place", () => {
    const r = ok(
      importXlsForm(
        form([
          ["type", "name", "label", "relevant"],
          /* 2 */ ["begin group", "outer", "Yttre", "${x} = 'y'"],
          /* 3 */ ["begin group", "inner", "Inre"],
          /* 4 */ ["text", "a", "A"],
          /* 5 */ ["end group"],
          /* 6 */ ["end group"],
          /* 7 */ ["end group"],
          /* 8 */ ["end repeat"],
          /* 9 */ ["begin_group", "", "Namnlös"],
          /* 10 */ ["note", "n", "Bara en not"],
          /* 11 */ ["end_group"],
          /* 12 */ ["begin group", "Bäst grupp", ""],
          /* 13 */ ["", "orphan", "Utan typ"],
          /* 14 */ ["text", "", "Utan namn"],
          /* 15 */ ["text", "b", "B"],
          /* 16 */ ["begin repeat", "r", "R"],
          /* 17 */ ["text", "c", "C"],
        ]),
        base,
      ),
    );
    expect(r.content.modules.map((m) => [m.key, m.title, m.questions.map((q) => q.key)])).toEqual([
      ["outer", { sv: "Yttre" }, ["outer.a"]],
      ["bast_grupp", { sv: "Bäst grupp" }, ["bast_grupp.b"]],
    ]);
    expect(brief(r.issues)).toEqual([
      [2, "groupRelevantIgnored", {}],
      [3, "nestedGroup", { name: "inner", module: "outer" }],
      [7, "endGroupUnmatched", {}],
      [8, "endRepeatUnmatched", {}],
      [9, "groupNoName", { module: "group_9" }],
      [9, "emptyGroup", { module: "group_9" }],
      [10, "noteSkipped", {}],
      [12, "groupRenamed", { name: "Bäst grupp", key: "bast_grupp" }],
      [12, "groupMissingSwedish", { name: "Bäst grupp" }],
      [12, "groupNotClosed", { name: "Bäst grupp" }],
      [13, "noType", {}],
      [14, "noName", {}],
      [16, "repeatNotClosed", {}],
    ]);
  });
});

describe("importXlsForm: the choices sheet", () => {
  it("skips choices it cannot use, and says why", () => {
    const r = ok(
      importXlsForm(
        form(
          [
            ["type", "name", "label"],
            ["select_one yn", "q", "Fråga"],
            ["select_one empty", "r", "Fråga 2"],
          ],
          [
            ["list_name", "name", "label::Swedish (sv)", "label::sv", "media::image"],
            /* 2 */ ["yn", "yes", "Ja", "", "ja.png"],
            /* 3 */ ["yn", "YES", "Ja igen"],
            /* 4 */ ["", "maybe", "Kanske"],
            /* 5 */ ["yn", "", "Tomt"],
            /* 6 */ ["yn", "???", "Frågetecken"],
            /* 7 */ ["empty", "x", ""],
            /* 8 */ ["yn", "No!", "Nej"],
          ],
        ),
        base,
      ),
    );
    expect(question(r.content, "main.q").options!.map((o) => o.key)).toEqual(["yes", "no_"]);
    expect(r.issues.map((i) => [i.sheet, i.row, i.code, i.params])).toEqual([
      ["survey", 3, "missingChoiceList", { list: "empty" }],
      ["choices", 1, "duplicateLanguage", { column: "label::sv", language: "sv" }],
      ["choices", 2, "mediaSkipped", {}],
      ["choices", 3, "choiceDuplicate", { name: "YES", list: "yn" }],
      ["choices", 4, "choiceNoList", { name: "maybe" }],
      ["choices", 5, "choiceNoName", { list: "yn" }],
      ["choices", 6, "choiceBadName", { name: "???" }],
      ["choices", 7, "choiceMissingSwedish", { name: "x", list: "empty" }],
      ["choices", 8, "choiceRenamed", { name: "No!", key: "no_" }],
    ]);
  });

  it("imports no choices without a list_name column, and refuses choices without a Swedish label", () => {
    const survey: SheetRows = [
      ["type", "name", "label"],
      ["text", "t", "Text"],
      ["select_one yn", "q", "Fråga"],
    ];
    const r = ok(
      importXlsForm(
        form(survey, [
          ["list", "name", "label"],
          ["yn", "yes", "Ja"],
        ]),
        base,
      ),
    );
    expect(r.issues.map((i) => [i.sheet, i.row, i.code, i.params])).toEqual([
      ["survey", 3, "missingChoiceList", { list: "yn" }],
      ["choices", 1, "choicesColumnMissing", { column: "list_name" }],
    ]);
    expect(
      failure(
        importXlsForm(
          form(survey, [
            ["list_name", "name", "label::English (en)"],
            ["yn", "yes", "Yes"],
          ]),
          base,
        ),
      ),
    ).toEqual([
      {
        sheet: "choices",
        row: 1,
        code: "noSwedishColumn",
        params: { sheet: "choices" },
        message:
          'The choices sheet has no Swedish label column: add "label::Swedish (sv)" (or a plain "label" column).',
      },
    ]);
  });
});

describe("importXlsForm: bad files", () => {
  it("reports the reader's refusals as file issues, without throwing", () => {
    for (const bytes of [new Uint8Array(0), strToU8("type,name,label\ntext,q,Fråga\n")]) {
      expect(failure(importXlsForm(bytes, base))).toEqual([
        {
          sheet: "file",
          row: 0,
          code: "notZip",
          params: {},
          message: "The file is not an .xlsx workbook (it is not a zip archive).",
        },
      ]);
    }
    const truncated = housingForm();
    expect(failure(importXlsForm(truncated.subarray(0, Math.floor(truncated.length / 2)), base))[0]!.sheet).toBe(
      "file",
    );
    expect(brief(failure(importXlsForm(zipSync({ "readme.txt": strToU8("hello") }), base)))).toEqual([
      [0, "notWorkbook", {}],
    ]);

    // A directory that declares 30 MB is refused before anything is inflated.
    const big = form([
      ["type", "name", "label"],
      ["text", "q", "Fråga"],
    ]);
    const view = new DataView(big.buffer, big.byteOffset, big.byteLength);
    view.setUint32(view.getUint32(big.length - 22 + 16, true) + 24, 30 * 1024 * 1024, true);
    expect(failure(importXlsForm(big, base))).toEqual([
      {
        sheet: "file",
        row: 0,
        code: "zipBomb",
        params: { limit: "20" },
        message: "The workbook unpacks to more than 20 MB, which is far more than an XLSForm needs; it was not opened.",
      },
    ]);

    // Damage to the workbook part itself, patched into its central directory entry.
    const patched = (content: Uint8Array, edit: (view: DataView, entry: number, eocd: number) => void) => {
      const bytes = zipSync({ "xl/workbook.xml": content });
      const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      edit(v, v.getUint32(bytes.length - 22 + 16, true), bytes.length - 22);
      return bytes;
    };
    const workbookXml = strToU8("<workbook/>");
    for (const [bytes, expected] of [
      [patched(workbookXml, (v, e) => v.setUint16(e + 8, 1, true)), [0, "encrypted", {}]],
      [
        patched(workbookXml, (v, e) => v.setUint16(e + 10, 12, true)),
        [0, "unsupportedCompression", { part: "xl/workbook.xml" }],
      ],
      [patched(workbookXml, (v, e) => v.setUint32(e + 42, 9999, true)), [0, "damaged", { part: "xl/workbook.xml" }]],
      [patched(workbookXml, (v, _, eocd) => v.setUint32(eocd + 16, 0xffffffff, true)), [0, "zip64", {}]],
      [patched(new Uint8Array(64 * 1024), (v, e) => v.setUint32(e + 24, 1024, true)), [0, "sizeMismatch", {}]],
    ] as const) {
      expect(brief(failure(importXlsForm(bytes, base)))).toEqual([expected]);
    }

    const files = unzipSync(housingForm());
    delete files["xl/worksheets/sheet2.xml"];
    expect(brief(failure(importXlsForm(zipSync(files), base)))).toEqual([[0, "sheetMissing", { sheet: "choices" }]]);
  });

  it("refuses a workbook without a survey sheet", () => {
    const noSurvey = buildXlsx([{ name: "Sheet1", rows: [["type", "name", "label"]], strings: "inline" }]);
    expect(failure(importXlsForm(noSurvey, base))).toEqual([
      {
        sheet: "file",
        row: 0,
        code: "noSurveySheet",
        params: {},
        message: 'The workbook has no sheet named "survey"; it is not an XLSForm.',
      },
    ]);
  });

  it("refuses a file over maxBytes before reading it", () => {
    const bytes = housingForm();
    expect(brief(failure(importXlsForm(new Uint8Array(2 * 1024 * 1024 + 1), base)))).toEqual([
      [0, "tooLarge", { size: "2.1", limit: "2" }],
    ]);
    expect(brief(failure(importXlsForm(bytes, base, { maxBytes: 1024 })))).toEqual([
      [0, "tooLarge", { size: expect.stringMatching(/^0\.00\d+$/), limit: "0.00098" }],
    ]);
    const padded = new Uint8Array(3 * 1024 * 1024);
    expect(failure(importXlsForm(padded, base))).toEqual([
      {
        sheet: "file",
        row: 0,
        code: "tooLarge",
        params: { size: "3", limit: "2" },
        message: "The file is 3 MB; XLSForm files over 2 MB are not accepted.",
      },
    ]);
    expect(importXlsForm(bytes, base, { maxBytes: bytes.length }).ok).toBe(true);
  });

  it("refuses a survey sheet with more than 5,000 rows", () => {
    const rows: SheetRows = [
      ["type", "name", "label"],
      ...Array.from({ length: 5001 }, (_, i) => ["text", `q${i}`, `Fråga ${i}`]),
    ];
    expect(failure(importXlsForm(form(rows), base))).toEqual([
      {
        sheet: "survey",
        row: 0,
        code: "tooManyRows",
        params: { sheet: "survey", max: "5000" },
        message: "The survey sheet has more than 5000 rows, more than a question battery can hold.",
      },
    ]);
  });

  it("refuses a form where nothing can be imported", () => {
    const issues = failure(
      importXlsForm(
        form([
          ["type", "name", "label"],
          ["note", "n", "Hej"],
          ["geopoint", "g", "Plats"],
        ]),
        base,
      ),
    );
    expect(brief(issues)).toEqual([
      [2, "noteSkipped", {}],
      [3, "unsupportedType", { type: "geopoint" }],
      [0, "nothingImported", {}],
    ]);
  });

  it("never throws on damaged bytes", () => {
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
          const result = importXlsForm(bytes, base);
          checked(result.issues);
          if (result.ok)
            expect(
              batteryContentSchema.safeParse(result.content).error?.issues.filter((i) => i.code !== "custom") ?? [],
            ).toEqual([]);
          else expect(result.issues.map((i) => i.code)).not.toContain("unreadable");
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("importXlsForm: content problems", () => {
  it("still returns the draft, with structural problems from the base reported with the battery's problem code", () => {
    const brokenBase = structuredClone(base);
    brokenBase.ambassadorFields = [
      ...brokenBase.ambassadorFields,
      { key: "amb.extra", type: "single", text: { sv: "Extra" } },
    ];
    const r = ok(
      importXlsForm(
        form([
          ["type", "name", "label"],
          ["text", "q", "Fråga"],
        ]),
        brokenBase,
      ),
    );
    expect(r.issues).toEqual([
      {
        sheet: "survey",
        row: 0,
        code: "structuralProblem",
        params: { problem: "optionsNeeded", detail: "A choice question needs options" },
        message: "A choice question needs options",
      },
    ]);
    expect(r.content.modules[0]!.questions.map((q) => q.key)).toEqual(["main.q"]);
  });

  it("refuses content that does not fit the battery's shape, saying where", () => {
    const brokenBase = { ...structuredClone(base), intro: {} as LocalizedText };
    const issues = failure(
      importXlsForm(
        form([
          ["type", "name", "label"],
          ["text", "q", "Fråga"],
        ]),
        brokenBase,
      ),
    );
    expect(brief(issues)).toEqual([[0, "invalidContent", { path: "intro.sv", detail: expect.any(String) }]]);
  });
});

describe("XLSForm issue codes", () => {
  it("lists each code once, each with an English template", () => {
    expect(new Set(xlsFormIssueCodes).size).toBe(xlsFormIssueCodes.length);
    expect(Object.keys(xlsFormIssueEnglish).sort()).toEqual([...xlsFormIssueCodes].sort());
  });
});
