/**
 * What the XLSForm import reports: a closed set of codes with named string parameters, so each
 * screen can word an issue in its reader's language from a message catalogue ({name} placeholders).
 * The English wording below is the fallback: every issue's `message` is its template filled in.
 */

/** Where an issue is: a sheet and its 1-based spreadsheet row, or row 0 for the sheet (or file) as a whole. */
export type XlsFormSheet = "file" | "settings" | "survey" | "choices";

export const xlsFormIssueCodes = [
  // The file as a whole
  "tooLarge",
  "notZip",
  "zip64",
  "encrypted",
  "unsupportedCompression",
  "damaged",
  "zipBomb",
  "sizeMismatch",
  "notWorkbook",
  "sheetMissing",
  "unreadable",
  "tooManyRows",
  "noSurveySheet",
  "emptySurvey",
  "noTypeColumn",
  "noNameColumn",
  "noSwedishColumn",
  "nothingImported",
  "invalidContent",
  "structuralProblem",
  // Settings and columns
  "unknownDefaultLanguage",
  "languageNotRecognised",
  "duplicateLanguage",
  "ignoredColumn",
  "mediaSkipped",
  // Choices
  "choicesColumnMissing",
  "choiceNoList",
  "choiceNoName",
  "choiceBadName",
  "choiceMissingSwedish",
  "choiceDuplicate",
  "choiceRenamed",
  // Survey rows
  "noType",
  "repeatSkipped",
  "repeatNotClosed",
  "endRepeatUnmatched",
  "nestedGroup",
  "groupNoName",
  "groupRenamed",
  "groupMissingSwedish",
  "groupRelevantIgnored",
  "endGroupUnmatched",
  "groupNotClosed",
  "emptyGroup",
  "moduleKeyTaken",
  "metadataSkipped",
  "noteSkipped",
  "unsupportedType",
  "noName",
  "missingSwedish",
  "missingChoiceList",
  "duplicateName",
  "ambassadorKey",
  "questionRenamed",
  "numberAsText",
  "orOther",
  // relevant → showIf
  "relevantNotUnderstood",
  "relevantAmbiguous",
  "relevantUnknownQuestion",
  "relevantNotEarlier",
  "relevantFreeText",
  "relevantNoChoice",
  "relevantNeedsSelected",
] as const;
export type XlsFormIssueCode = (typeof xlsFormIssueCodes)[number];

/**
 * `message` is the English text, for logs and as a fallback. `params` holds every placeholder the
 * code's messages use. structuralProblem also carries `problem` (the battery's ProblemCode) and that
 * problem's own parameters, for screens that word battery problems themselves.
 */
export type XlsFormIssue = {
  sheet: XlsFormSheet;
  row: number;
  code: XlsFormIssueCode;
  params: Record<string, string>;
  message: string;
};

const notImported = "imported without the condition.";

const english = {
  tooLarge: "The file is {size} MB; XLSForm files over {limit} MB are not accepted.",
  notZip: "The file is not an .xlsx workbook (it is not a zip archive).",
  zip64: "The workbook uses zip64, which is not supported for XLSForm import.",
  encrypted: "The workbook is password-protected; save it without a password and try again.",
  unsupportedCompression: 'The workbook uses an unsupported compression method (part "{part}").',
  damaged: 'The workbook is damaged (part "{part}" cannot be read).',
  zipBomb: "The workbook unpacks to more than {limit} MB, which is far more than an XLSForm needs; it was not opened.",
  sizeMismatch: "The workbook's contents are larger than its directory says; it was not opened.",
  notWorkbook: "The file is a zip archive but not an .xlsx workbook (xl/workbook.xml is missing).",
  sheetMissing: 'The workbook is damaged (sheet "{sheet}" is missing).',
  unreadable: "The file could not be read as an XLSForm (.xlsx); it may be damaged.",
  tooManyRows: "The {sheet} sheet has more than {max} rows, more than a question battery can hold.",
  noSurveySheet: 'The workbook has no sheet named "survey"; it is not an XLSForm.',
  emptySurvey: "The survey sheet is empty.",
  noTypeColumn: 'The survey sheet has no "type" column in its first row.',
  noNameColumn: 'The survey sheet has no "name" column in its first row.',
  noSwedishColumn:
    'The {sheet} sheet has no Swedish label column: add "label::Swedish (sv)" (or a plain "label" column).',
  nothingImported: "No question in the form could be imported.",
  invalidContent: "The imported content is not valid at {path}: {detail}",
  structuralProblem: "{detail}",

  unknownDefaultLanguage: 'default_language "{language}" is not one of our languages; ignored.',
  languageNotRecognised: 'Column "{column}": language not recognised, ignored.',
  duplicateLanguage: 'Column "{column}": a second column for language "{language}", ignored.',
  ignoredColumn: 'Column "{column}" is not imported.',
  mediaSkipped: "Media (image, audio, video) is not imported.",

  choicesColumnMissing: 'The choices sheet has no "{column}" column; no choices were imported.',
  choiceNoList: 'Choice "{name}" has no list_name; choice skipped.',
  choiceNoName: 'A choice in list "{list}" has no name; choice skipped.',
  choiceBadName: 'Choice name "{name}" cannot be used as an option key; choice skipped.',
  choiceMissingSwedish: 'Choice "{name}" in list "{list}" has no Swedish label; choice skipped.',
  choiceDuplicate: 'Choice "{name}" is used twice in list "{list}"; choice skipped.',
  choiceRenamed: 'Choice name "{name}" imported as "{key}".',

  noType: "Row has no type; row skipped.",
  repeatSkipped: 'Type "begin repeat" is not supported; rows {first}–{last} skipped.',
  repeatNotClosed: 'Type "begin repeat" is not supported, and it is never closed; the rest of the sheet was skipped.',
  endRepeatUnmatched: '"end repeat" without a matching "begin repeat"; ignored.',
  nestedGroup: 'Group "{name}" is inside another group; its questions are imported into module "{module}".',
  groupNoName: 'Group has no name; imported as module "{module}".',
  groupRenamed: 'Group name "{name}" imported as "{key}".',
  groupMissingSwedish: 'Group "{name}" has no Swedish label; its name is used as the module title.',
  groupRelevantIgnored: "relevant on a group is not imported; its questions are always shown.",
  endGroupUnmatched: '"end group" without a matching "begin group"; ignored.',
  groupNotClosed: 'Group "{name}" is never closed with "end group".',
  emptyGroup: 'Group "{module}" has no importable questions; not imported.',
  moduleKeyTaken: 'Module key "{wanted}" is already used; imported as module "{key}".',
  metadataSkipped: 'Type "{type}" (metadata or calculation) is not imported; row skipped.',
  noteSkipped: "Note rows are not imported; row skipped.",
  unsupportedType: 'Type "{type}" is not supported; row skipped.',
  noName: "Question has no name; row skipped.",
  missingSwedish: 'Question "{name}" has no Swedish label; row skipped.',
  missingChoiceList: 'Choice list "{list}" is not in the choices sheet; row skipped.',
  duplicateName: 'Name "{name}" is already used on row {firstRow} (key "{key}"); row skipped.',
  ambassadorKey: 'Key "{key}" is already used by an ambassador field; row skipped.',
  questionRenamed: 'Name "{name}" imported as "{key}".',
  numberAsText: 'Type "{type}" imported as free text.',
  orOther: '"or_other" is not imported; the question has no "other" option.',

  relevantNotUnderstood: `relevant expression not understood: {expression}; ${notImported}`,
  relevantAmbiguous: `relevant expression not understood: {expression} ("{name}" names more than one question); ${notImported}`,
  relevantUnknownQuestion: `relevant expression not understood: {expression} ("{name}" is not an imported question); ${notImported}`,
  relevantNotEarlier: `relevant expression not understood: {expression} ("{name}" is not an earlier question); ${notImported}`,
  relevantFreeText: `relevant expression not understood: {expression} ("{name}" is a free-text question); ${notImported}`,
  relevantNoChoice: `relevant expression not understood: {expression} ("{name}" has no choice "{choice}"); ${notImported}`,
  relevantNeedsSelected: `relevant expression not understood: {expression} (use selected() for the multiple-choice question "{name}"); ${notImported}`,
} as const satisfies Record<XlsFormIssueCode, string>;

/** The English message templates, e.g. as the "en" catalogue's starting point. */
export const xlsFormIssueEnglish: Readonly<Record<XlsFormIssueCode, string>> = english;

type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** Exactly the placeholders of the code's English template (structuralProblem may carry more). */
export type XlsFormIssueParams<C extends XlsFormIssueCode> = C extends "structuralProblem"
  ? { detail: string } & Record<string, string>
  : [Placeholders<(typeof english)[C]>] extends [never]
    ? Record<string, never>
    : { [K in Placeholders<(typeof english)[C]>]: string };

export function issue<C extends XlsFormIssueCode>(
  sheet: XlsFormSheet,
  row: number,
  code: C,
  params: XlsFormIssueParams<C>,
): XlsFormIssue {
  const values: Record<string, string> = { ...params };
  // One pass over the template, so braces inside a value (a relevant expression's ${name}) stay as they are.
  const message = english[code].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
  return { sheet, row, code, params: values, message };
}

/** A file-level failure: aborts the import with this one issue. */
export class ImportFailure extends Error {
  constructor(readonly issue: XlsFormIssue) {
    super(issue.message);
  }
}

const sheetOrder: Record<XlsFormSheet, number> = { file: 0, settings: 1, survey: 2, choices: 3 };

export function sortIssues(issues: XlsFormIssue[]): XlsFormIssue[] {
  return [...issues].sort((a, b) => sheetOrder[a.sheet] - sheetOrder[b.sheet] || a.row - b.row);
}
