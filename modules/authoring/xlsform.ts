/**
 * XLSForm import: maps an ODK/KoboToolbox form (.xlsx) onto battery modules and reports, row by row,
 * what it could not carry over. Pure (no database, React or Next), and it never throws: a broken or
 * hostile file comes back as `{ ok: false, issues }`.
 *
 * Reading the spreadsheet itself is lib/xlsx's job; the parts of the mapping live beside this file
 * in xlsform/ (issue codes, name → key rules, relevant → showIf).
 */
import {
  batteryContentSchema,
  type BatteryContent,
  type BatteryModule,
  type LocalizedText,
  type Option,
  type Question,
} from "@/lib/battery/schema";
import { locales, type Locale } from "@/lib/i18n/locales";
import { XlsxError, type XlsxProblem } from "@/lib/xlsx/error";
import { readWorkbook, type Row } from "@/lib/xlsx/workbook";
import {
  ImportFailure,
  issue,
  sortIssues,
  type XlsFormIssue,
  type XlsFormIssueCode,
  type XlsFormIssueParams,
  type XlsFormSheet,
} from "./xlsform/issues";
import { nameKey, optionKey } from "./xlsform/keys";
import { resolveRelevant } from "./xlsform/relevant";

export {
  xlsFormIssueCodes,
  xlsFormIssueEnglish,
  type XlsFormIssue,
  type XlsFormIssueCode,
  type XlsFormIssueParams,
  type XlsFormSheet,
} from "./xlsform/issues";
export { parseRelevant, type ParsedRelevant } from "./xlsform/relevant";

export type XlsFormResult =
  | {
      ok: true;
      content: BatteryContent;
      issues: XlsFormIssue[];
      counts: { questions: number; modules: number; languages: string[] };
    }
  | { ok: false; issues: XlsFormIssue[] };

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 20 * 1024 * 1024;
const MAX_ROWS = 5000;

export function importXlsForm(
  bytes: Uint8Array,
  base: BatteryContent,
  opts: { maxBytes?: number } = {},
): XlsFormResult {
  try {
    return importOrFail(bytes, base, opts.maxBytes ?? DEFAULT_MAX_BYTES);
  } catch (e) {
    if (e instanceof ImportFailure) return { ok: false, issues: [e.issue] };
    if (e instanceof XlsxError) return { ok: false, issues: [readerIssue(e.problem)] };
    return { ok: false, issues: [issue("file", 0, "unreadable", {})] };
  }
}

/** Megabytes to two significant digits for messages ("2", "1.5", "0.25"); a file's size rounds up, so it never looks like the limit. */
function megabytes(bytes: number, roundUp = false): string {
  const mb = bytes / 1024 / 1024;
  if (mb <= 0) return "0";
  const step = 10 ** (Math.floor(Math.log10(mb)) - 1);
  return String(Number(((roundUp ? Math.ceil(mb / step) : Math.round(mb / step)) * step).toPrecision(2)));
}

function readerIssue(p: XlsxProblem): XlsFormIssue {
  switch (p.code) {
    case "notZip":
    case "zip64":
    case "encrypted":
    case "sizeMismatch":
    case "notWorkbook":
      return issue("file", 0, p.code, {});
    case "unsupportedCompression":
    case "damaged":
      return issue("file", 0, p.code, { part: p.part });
    case "unpackedTooLarge":
      return issue("file", 0, "zipBomb", { limit: megabytes(p.limit) });
    case "sheetMissing":
      return issue("file", 0, "sheetMissing", { sheet: p.sheet });
    case "tooManyRows": {
      const sheet: XlsFormSheet =
        p.sheet === "survey" || p.sheet === "choices" || p.sheet === "settings" ? p.sheet : "file";
      return issue(sheet, 0, "tooManyRows", { sheet: p.sheet, max: String(p.limit) });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Tables: header row + data rows, and the label columns' languages
// ---------------------------------------------------------------------------------------------

class Table {
  readonly headerRow: number;
  readonly headers: { index: number; name: string }[];
  readonly rows: Row[];

  constructor(rows: Row[]) {
    const [header, ...data] = rows;
    this.headerRow = header?.row ?? 1;
    this.headers = header
      ? [...header.cells.entries()]
          .map(([index, name]) => ({ index, name: name.trim() }))
          .sort((a, b) => a.index - b.index)
      : [];
    this.rows = data;
  }

  /** The first column whose header is one of `names` (case-insensitive). */
  column(...names: string[]): number | undefined {
    const wanted = names.map((n) => n.toLowerCase());
    return this.headers.find((h) => wanted.includes(h.name.toLowerCase()))?.index;
  }

  static get(row: Row, col: number | undefined): string {
    return col === undefined ? "" : (row.cells.get(col) ?? "").trim();
  }
}

function localeOfLanguage(language: string): Locale | undefined {
  // "Swedish (sv)" carries the code in parentheses; a bare code such as "sv" is accepted too.
  const code = (/\(([^()]+)\)\s*$/.exec(language)?.[1] ?? language).trim().replace("_", "-").toLowerCase();
  return locales.find((l) => l.toLowerCase() === code);
}

/**
 * Which column holds which language's label. The plain `label` column is the form's default
 * language (settings default_language), or Swedish when the form has no Swedish column.
 */
function labelColumns(
  table: Table,
  sheet: XlsFormSheet,
  defaultLocale: Locale | undefined,
  issues: XlsFormIssue[],
): Map<Locale, number> {
  const columns = new Map<Locale, number>();
  const plain: { index: number; name: string }[] = [];
  for (const h of table.headers) {
    const m = /^label\s*(?:::\s*(.*))?$/i.exec(h.name);
    if (!m) continue;
    if (m[1] === undefined || m[1].trim() === "") {
      plain.push(h);
      continue;
    }
    const locale = localeOfLanguage(m[1]);
    if (!locale) issues.push(issue(sheet, table.headerRow, "languageNotRecognised", { column: h.name }));
    else if (columns.has(locale))
      issues.push(issue(sheet, table.headerRow, "duplicateLanguage", { column: h.name, language: locale }));
    else columns.set(locale, h.index);
  }
  for (const h of plain) {
    const target = defaultLocale && !columns.has(defaultLocale) ? defaultLocale : !columns.has("sv") ? "sv" : undefined;
    if (target) columns.set(target, h.index);
    else issues.push(issue(sheet, table.headerRow, "languageNotRecognised", { column: h.name }));
  }
  return columns;
}

function readLabel(row: Row, columns: Map<Locale, number>): Partial<Record<Locale, string>> {
  const out: Partial<Record<Locale, string>> = {};
  for (const [locale, col] of columns) {
    const text = Table.get(row, col);
    if (text) out[locale] = text;
  }
  return out;
}

function asLocalized(label: Partial<Record<Locale, string>>): LocalizedText | undefined {
  return label.sv ? ({ ...label, sv: label.sv } as LocalizedText) : undefined;
}

/** Media columns (image, audio, video, and their media:: and language variants). */
function mediaColumns(table: Table): number[] {
  return table.headers
    .filter((h) => /^(media::)?(image|big-image|audio|video)(::.*)?$/i.test(h.name))
    .map((h) => h.index);
}

// ---------------------------------------------------------------------------------------------
// Settings and choices
// ---------------------------------------------------------------------------------------------

type Settings = { title?: string; defaultLocale?: Locale };

function readSettings(rows: Row[] | undefined, issues: XlsFormIssue[]): Settings {
  if (!rows || rows.length === 0) return {};
  const table = new Table(rows);
  const values = table.rows[0];
  if (!values) return {};
  const title = Table.get(values, table.column("form_title"));
  const language = Table.get(values, table.column("default_language"));
  const defaultLocale = language ? localeOfLanguage(language) : undefined;
  if (language && !defaultLocale) issues.push(issue("settings", values.row, "unknownDefaultLanguage", { language }));
  return { title: title || undefined, defaultLocale };
}

type ChoiceList = { options: Option[] };

function readChoices(rows: Row[] | undefined, settings: Settings, issues: XlsFormIssue[]): Map<string, ChoiceList> {
  const lists = new Map<string, ChoiceList>();
  if (!rows || rows.length <= 1) return lists;
  const table = new Table(rows);
  const listCol = table.column("list_name", "list name");
  const nameCol = table.column("name");
  if (listCol === undefined || nameCol === undefined) {
    issues.push(
      issue("choices", table.headerRow, "choicesColumnMissing", {
        column: listCol === undefined ? "list_name" : "name",
      }),
    );
    return lists;
  }
  const labels = labelColumns(table, "choices", settings.defaultLocale, issues);
  if (!labels.has("sv"))
    throw new ImportFailure(issue("choices", table.headerRow, "noSwedishColumn", { sheet: "choices" }));
  const media = mediaColumns(table);
  for (const row of table.rows) {
    const list = Table.get(row, listCol);
    const name = Table.get(row, nameCol);
    const report = <C extends XlsFormIssueCode>(code: C, params: XlsFormIssueParams<C>) =>
      issues.push(issue("choices", row.row, code, params));
    if (!list && !name) continue;
    if (!list) {
      report("choiceNoList", { name });
      continue;
    }
    if (!name) {
      report("choiceNoName", { list });
      continue;
    }
    const key = optionKey(name);
    if (!key) {
      report("choiceBadName", { name });
      continue;
    }
    const label = asLocalized(readLabel(row, labels));
    if (!label) {
      report("choiceMissingSwedish", { name, list });
      continue;
    }
    const choices = lists.get(list) ?? { options: [] };
    lists.set(list, choices);
    if (choices.options.some((o) => o.key === key)) {
      report("choiceDuplicate", { name, list });
      continue;
    }
    if (key !== name.toLowerCase()) report("choiceRenamed", { name, key });
    if (media.some((c) => Table.get(row, c))) report("mediaSkipped", {});
    choices.options.push({ key, label });
  }
  return lists;
}

// ---------------------------------------------------------------------------------------------
// Survey
// ---------------------------------------------------------------------------------------------

const metadataTypes = new Set([
  "start",
  "end",
  "today",
  "deviceid",
  "username",
  "calculate",
  "audit",
  "phonenumber",
  "simserial",
  "subscriberid",
  "email",
  "imei",
  "uri:email",
  "uri:phonenumber",
  "uri:username",
  "uri:deviceid",
  "uri:subscriberid",
  "uri:simserial",
  "start-geopoint",
  "background-audio",
  "hidden",
  "xml-external",
  "csv-external",
]);

/** Columns whose logic has no counterpart in our format: reported, then ignored. */
const ignoredLogic: [label: string, headers: string[]][] = [
  ["constraint", ["constraint", "bind::constraint"]],
  ["choice_filter", ["choice_filter"]],
  ["calculation", ["calculation", "bind::calculate"]],
  ["appearance", ["appearance", "control::appearance"]],
  ["default", ["default"]],
  ["parameters", ["parameters"]],
];

type DraftQuestion = { question: Question; row: number; relevant: string };
type DraftModule = { key: string; title: LocalizedText; row: number; questions: DraftQuestion[] };

const mainTitle: LocalizedText = { sv: "Allmänt", en: "General" };

function isType(type: string, ...names: string[]): boolean {
  return names.includes(type);
}

function readSurvey(
  rows: Row[],
  choices: Map<string, ChoiceList>,
  settings: Settings,
  reservedKeys: Set<string>,
  issues: XlsFormIssue[],
): { modules: DraftModule[]; byName: Map<string, Question | "ambiguous"> } {
  const table = new Table(rows);
  const col = {
    type: table.column("type"),
    name: table.column("name"),
    relevant: table.column("relevant", "bind::relevant"),
  };
  if (col.type === undefined) throw new ImportFailure(issue("survey", table.headerRow, "noTypeColumn", {}));
  if (col.name === undefined) throw new ImportFailure(issue("survey", table.headerRow, "noNameColumn", {}));
  const labels = labelColumns(table, "survey", settings.defaultLocale, issues);
  if (!labels.has("sv"))
    throw new ImportFailure(issue("survey", table.headerRow, "noSwedishColumn", { sheet: "survey" }));
  const logic = ignoredLogic.map(([column, headers]) => [column, table.column(...headers)] as const);
  const media = mediaColumns(table);

  const modules: DraftModule[] = [];
  const moduleKeys = new Set<string>();
  const usedKeys = new Map<string, number>([...reservedKeys].map((k) => [k, 0]));
  /** XLSForm names → question, for ${name} references; a name used in two groups cannot be resolved. */
  const byName = new Map<string, Question | "ambiguous">();
  /**
   * The module for questions outside any group. Each run of them between groups gets its own
   * (main, main_2, …) so the form's order survives and conditions keep pointing backwards.
   */
  let main: DraftModule | undefined;
  let group: DraftModule | undefined;
  /** Open groups, outermost first; only the outermost one becomes a module. */
  const openGroups: { row: number; name: string }[] = [];
  let repeat: { row: number; depth: number } | undefined;

  const uniqueModuleKey = (wanted: string, row: number, quiet = false): string => {
    let key = wanted;
    for (let i = 2; moduleKeys.has(key); i++) key = `${wanted}_${i}`;
    if (key !== wanted && !quiet) issues.push(issue("survey", row, "moduleKeyTaken", { wanted, key }));
    moduleKeys.add(key);
    return key;
  };

  for (const row of table.rows) {
    const rawType = Table.get(row, col.type).replace(/\s+/g, " ");
    const type = rawType.toLowerCase();
    const name = Table.get(row, col.name);
    const report = <C extends XlsFormIssueCode>(code: C, params: XlsFormIssueParams<C>) =>
      issues.push(issue("survey", row.row, code, params));

    // Everything inside a repeat is skipped; groups and repeats nest, so count depth to find its end.
    if (repeat) {
      if (isType(type, "begin group", "begin_group", "begin repeat", "begin_repeat")) repeat.depth++;
      else if (isType(type, "end group", "end_group", "end repeat", "end_repeat")) repeat.depth--;
      if (repeat.depth === 0) {
        issues.push(issue("survey", repeat.row, "repeatSkipped", { first: String(repeat.row), last: String(row.row) }));
        repeat = undefined;
      }
      continue;
    }

    if (!type) {
      if (name || [...labels.values()].some((c) => Table.get(row, c))) report("noType", {});
      continue;
    }

    if (isType(type, "begin group", "begin_group")) {
      const label = asLocalized(readLabel(row, labels));
      if (openGroups.length > 0) {
        openGroups.push({ row: row.row, name });
        report("nestedGroup", { name, module: group?.key ?? "" });
        continue;
      }
      let key: string;
      if (!name) {
        key = uniqueModuleKey(`group_${row.row}`, row.row);
        report("groupNoName", { module: key });
      } else {
        const wanted = nameKey(name);
        if (wanted !== name.toLowerCase()) report("groupRenamed", { name, key: wanted });
        key = uniqueModuleKey(wanted, row.row);
      }
      if (!label) report("groupMissingSwedish", { name: name || key });
      group = { key, title: label ?? { sv: name || key }, row: row.row, questions: [] };
      main = undefined;
      modules.push(group);
      openGroups.push({ row: row.row, name });
      for (const [column, c] of logic)
        if (column !== "appearance" && Table.get(row, c)) report("ignoredColumn", { column });
      if (col.relevant !== undefined && Table.get(row, col.relevant)) report("groupRelevantIgnored", {});
      continue;
    }
    if (isType(type, "end group", "end_group")) {
      if (openGroups.length === 0) report("endGroupUnmatched", {});
      else {
        openGroups.pop();
        if (openGroups.length === 0) group = undefined;
      }
      continue;
    }
    if (isType(type, "begin repeat", "begin_repeat")) {
      repeat = { row: row.row, depth: 1 };
      continue;
    }
    if (isType(type, "end repeat", "end_repeat")) {
      report("endRepeatUnmatched", {});
      continue;
    }
    if (metadataTypes.has(type)) {
      report("metadataSkipped", { type: rawType });
      continue;
    }
    if (type === "note") {
      report("noteSkipped", {});
      continue;
    }

    const select = /^(select_one|select one|select_multiple|select multiple) (\S+)( or_other)?$/i.exec(rawType);
    const kind = select
      ? /one/i.test(select[1]!)
        ? "single"
        : "multi"
      : isType(type, "text", "integer", "int", "decimal")
        ? "text"
        : undefined;
    if (!kind) {
      report("unsupportedType", { type: rawType });
      continue;
    }
    if (!name) {
      report("noName", {});
      continue;
    }
    const label = asLocalized(readLabel(row, labels));
    if (!label) {
      report("missingSwedish", { name });
      continue;
    }

    let options: Option[] | undefined;
    if (select) {
      const list = select[2]!;
      // A list is only created with its first usable choice, so a list that is found is never empty.
      const found =
        choices.get(list) ?? [...choices.entries()].find(([k]) => k.toLowerCase() === list.toLowerCase())?.[1];
      if (!found) {
        report("missingChoiceList", { list });
        continue;
      }
      options = found.options.map((o) => ({ ...o, label: { ...o.label } }));
    }

    if (!group && !main) {
      main = { key: uniqueModuleKey("main", row.row, true), title: { ...mainTitle }, row: row.row, questions: [] };
      modules.push(main);
    }
    const home = (group ?? main)!;
    const qName = nameKey(name);
    const key = `${home.key}.${qName}`;
    const firstRow = usedKeys.get(key);
    if (firstRow !== undefined) {
      if (firstRow) report("duplicateName", { name, firstRow: String(firstRow), key });
      else report("ambassadorKey", { key });
      continue;
    }
    usedKeys.set(key, row.row);
    if (qName !== name.toLowerCase()) report("questionRenamed", { name, key: qName });

    if (isType(type, "integer", "int", "decimal")) report("numberAsText", { type: rawType });
    if (select?.[3]) report("orOther", {});
    for (const [column, c] of logic) if (Table.get(row, c)) report("ignoredColumn", { column });
    if (media.some((c) => Table.get(row, c))) report("mediaSkipped", {});

    const question: Question = { key, type: kind, text: label, ...(options ? { options } : {}) };
    home.questions.push({ question, row: row.row, relevant: Table.get(row, col.relevant) });
    byName.set(qName, byName.has(qName) ? "ambiguous" : question);
  }

  if (repeat) issues.push(issue("survey", repeat.row, "repeatNotClosed", {}));
  for (const g of openGroups) issues.push(issue("survey", g.row, "groupNotClosed", { name: g.name }));
  return { modules, byName };
}

// ---------------------------------------------------------------------------------------------
// Putting it together
// ---------------------------------------------------------------------------------------------

function importOrFail(bytes: Uint8Array, base: BatteryContent, maxBytes: number): XlsFormResult {
  if (bytes.length > maxBytes)
    throw new ImportFailure(
      issue("file", 0, "tooLarge", { size: megabytes(bytes.length, true), limit: megabytes(maxBytes) }),
    );
  const sheets = readWorkbook(bytes, {
    maxUnpackedBytes: MAX_UNPACKED_BYTES,
    maxRows: MAX_ROWS,
    sheets: ["survey", "settings", "choices"],
  });
  const surveyRows = sheets.get("survey");
  if (!surveyRows) throw new ImportFailure(issue("file", 0, "noSurveySheet", {}));
  if (surveyRows.length === 0) throw new ImportFailure(issue("survey", 0, "emptySurvey", {}));

  const issues: XlsFormIssue[] = [];
  const settings = readSettings(sheets.get("settings"), issues);
  const choices = readChoices(sheets.get("choices"), settings, issues);
  const reserved = new Set(base.ambassadorFields.map((q) => q.key));
  const { modules: drafts, byName } = readSurvey(surveyRows, choices, settings, reserved, issues);

  // Resolved once everything is read, so a reference to a later question is reported as such
  // (showIf may only point backwards) rather than as an unknown name.
  const earlier = new Set<string>();
  for (const m of drafts) {
    for (const d of m.questions) {
      if (d.relevant) {
        const resolved = resolveRelevant(d.relevant, d.row, byName, earlier);
        if ("condition" in resolved) d.question.showIf = resolved.condition;
        else issues.push(resolved.issue);
      }
      earlier.add(d.question.key);
    }
  }

  const kept = drafts.filter((m) => {
    if (m.questions.length === 0) issues.push(issue("survey", m.row, "emptyGroup", { module: m.key }));
    return m.questions.length > 0;
  });
  if (kept.length === 0)
    return { ok: false, issues: [...sortIssues(issues), issue("survey", 0, "nothingImported", {})] };

  const modules: BatteryModule[] = kept.map((m) => ({
    key: m.key,
    title: m.title,
    questions: m.questions.map((d) => d.question),
  }));
  const content = {
    title: settings.title ? { sv: settings.title } : base.title,
    intro: base.intro,
    scales: base.scales,
    special: base.special,
    yesno: base.yesno,
    modules,
    ambassadorFields: base.ambassadorFields,
  };

  const parsed = batteryContentSchema.safeParse(content);
  if (!parsed.success) {
    // Structural problems are the custom issues that name a battery problem; any other issue (a custom one too,
    // such as text the database cannot store) means the content lacks the battery's shape.
    const shape = parsed.error.issues.filter((i) => i.code !== "custom" || typeof i.params?.problem !== "string");
    if (shape.length > 0) {
      const invalid = shape.map((i) =>
        issue("file", 0, "invalidContent", { path: i.path.join(".") || "content", detail: i.message }),
      );
      return { ok: false, issues: [...sortIssues(issues), ...invalid] };
    }
    // Structural problems (e.g. a duplicate key) may stay in a draft until publishing; say where they are.
    for (const i of parsed.error.issues) {
      const [where, mi, , qi] = i.path;
      const m = where === "modules" && typeof mi === "number" ? kept[mi] : undefined;
      const row = m ? (typeof qi === "number" ? (m.questions[qi]?.row ?? m.row) : m.row) : 0;
      issues.push(
        issue("survey", row, "structuralProblem", {
          ...problemParams(i.code === "custom" ? i.params : undefined),
          detail: i.message,
        }),
      );
    }
  }

  const languages = new Set<Locale>();
  const addLanguages = (t: LocalizedText) => {
    for (const l of locales) if (t[l]) languages.add(l);
  };
  for (const m of modules) {
    addLanguages(m.title);
    for (const q of m.questions) {
      addLanguages(q.text);
      for (const o of q.options ?? []) addLanguages(o.label);
    }
  }

  return {
    ok: true,
    content: (parsed.success ? parsed.data : content) as BatteryContent,
    issues: sortIssues(issues),
    counts: {
      questions: modules.reduce((n, m) => n + m.questions.length, 0),
      modules: modules.length,
      languages: locales.filter((l) => languages.has(l)),
    },
  };
}

/** The battery's own problem code and parameters, which its schema puts in a custom issue's params. */
function problemParams(params: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params ?? {})) if (typeof v === "string") out[k] = v;
  return out;
}
