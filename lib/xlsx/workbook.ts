/**
 * Reads an .xlsx workbook's sheets as rows of text cells: the workbook and its relationships,
 * shared strings, and the sheet parts. Cell values come back as a person would read them
 * (numbers without float noise, booleans as TRUE/FALSE); styles, formulas and dates are not interpreted.
 */
import { XlsxError } from "./error";
import { xmlTokens } from "./xml";
import { openZip, type ZipArchive } from "./zip";

/** A non-empty spreadsheet row: its 1-based row number and its non-empty cells by 0-based column index. */
export type Row = { row: number; cells: Map<number, string> };

export type WorkbookLimits = {
  /** Refuse the archive when its directory declares more unpacked bytes than this (checked before inflating). */
  maxUnpackedBytes: number;
  /** Refuse a sheet with more non-empty rows than this. */
  maxRows: number;
};

/** Excel's last column (XFD); anything further is not a real cell. */
const MAX_COLUMNS = 16384;

/**
 * The workbook's sheets by name, lower-cased and trimmed (Excel treats sheet names case-insensitively).
 * With `sheets`, only those are read; a requested sheet the workbook does not have is absent from the map.
 * Throws XlsxError, and only that, when the bytes are not a readable workbook within the limits.
 */
export function readWorkbook(
  bytes: Uint8Array,
  options: WorkbookLimits & { sheets?: readonly string[] },
): Map<string, Row[]> {
  const zip = openZip(bytes);
  if (zip.declaredSize > options.maxUnpackedBytes)
    throw new XlsxError({ code: "unpackedTooLarge", limit: options.maxUnpackedBytes });
  const text = (path: string) => {
    const data = zip.read(path);
    return data ? new TextDecoder().decode(data) : undefined;
  };

  const { sheetPaths, sharedStringsPath } = readWorkbookPart(zip, text);
  const wanted = options.sheets?.map((s) => s.trim().toLowerCase()) ?? [...sheetPaths.keys()];
  const sheets = new Map<string, Row[]>();
  let shared: string[] | undefined;
  for (const name of wanted) {
    const path = sheetPaths.get(name);
    if (!path || sheets.has(name)) continue;
    const xml = text(path);
    if (xml === undefined) throw new XlsxError({ code: "sheetMissing", sheet: name });
    shared ??= readSharedStrings(text(sharedStringsPath) ?? "");
    sheets.set(name, readSheet(xml, shared, name, options.maxRows));
  }
  return sheets;
}

function readWorkbookPart(zip: ZipArchive, text: (path: string) => string | undefined) {
  const rootRels = text("_rels/.rels");
  const officeDoc = rootRels
    ? [...readRelationships(rootRels, "").values()].find((r) => r.type.endsWith("/officeDocument"))?.target
    : undefined;
  const workbookPath = officeDoc && zip.has(officeDoc) ? officeDoc : "xl/workbook.xml";
  const workbookXml = text(workbookPath);
  if (workbookXml === undefined) throw new XlsxError({ code: "notWorkbook" });
  const dir = dirOf(workbookPath);
  const rels = readRelationships(text(`${dir}_rels/${workbookPath.slice(dir.length)}.rels`) ?? "", dir);

  const sheetPaths = new Map<string, string>();
  for (const t of xmlTokens(workbookXml)) {
    if (t.kind !== "open" || t.name !== "sheet") continue;
    // The relationship id is namespaced (usually r:id); the prefix is not fixed.
    const idAttr = Object.keys(t.attrs).find((k) => /^[^:]+:id$/.test(k));
    const target = idAttr ? rels.get(t.attrs[idAttr]!)?.target : undefined;
    const name = (t.attrs.name ?? "").trim().toLowerCase();
    if (name && target && !sheetPaths.has(name)) sheetPaths.set(name, target);
  }
  const sharedStringsPath =
    [...rels.values()].find((r) => r.type.endsWith("/sharedStrings"))?.target ?? "xl/sharedStrings.xml";
  return { sheetPaths, sharedStringsPath };
}

type Relationship = { target: string; type: string };

function readRelationships(xml: string, baseDir: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  for (const t of xmlTokens(xml)) {
    if (
      t.kind === "open" &&
      t.name === "Relationship" &&
      t.attrs.Id &&
      t.attrs.Target &&
      t.attrs.TargetMode !== "External"
    ) {
      rels.set(t.attrs.Id, { target: joinPath(baseDir, t.attrs.Target), type: t.attrs.Type ?? "" });
    }
  }
  return rels;
}

function joinPath(dir: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : `${dir}${target}`).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "..") out.pop();
    else if (part !== "." && part !== "") out.push(part);
  }
  return out.join("/");
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash + 1);
}

/** OOXML escapes control characters in strings as _xHHHH_ (Excel writes line breaks as _x000D_). */
function decodeOoxmlEscapes(s: string): string {
  if (!s.includes("_x")) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function readSharedStrings(xml: string): string[] {
  const out: string[] = [];
  let current: string | null = null;
  let inText = false;
  // Phonetic runs (<rPh>) carry furigana-style readings that are not part of the visible text.
  let phonetic = 0;
  for (const t of xmlTokens(xml)) {
    if (t.kind === "open") {
      if (t.name === "si") {
        if (t.selfClosing) out.push("");
        else current = "";
      } else if (t.name === "rPh" && !t.selfClosing) phonetic++;
      else if (t.name === "t" && !t.selfClosing && phonetic === 0) inText = true;
    } else if (t.kind === "close") {
      if (t.name === "si" && current !== null) {
        out.push(decodeOoxmlEscapes(current));
        current = null;
      } else if (t.name === "rPh") phonetic = Math.max(0, phonetic - 1);
      else if (t.name === "t") inText = false;
    } else if (inText && current !== null) current += t.text;
  }
  return out;
}

function columnIndex(ref: string): number | undefined {
  const m = /^([A-Za-z]{1,3})\d*$/.exec(ref);
  if (!m) return undefined;
  let n = 0;
  for (const ch of m[1]!.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Numbers as a person typed them: 0.1 rather than 0.10000000000000001. */
function formatNumber(v: string): string {
  const s = v.trim();
  const n = Number(s);
  if (s === "" || !Number.isFinite(n)) return s;
  return Number.isInteger(n) ? String(n) : String(parseFloat(n.toPrecision(15)));
}

function readSheet(xml: string, shared: string[], sheet: string, maxRows: number): Row[] {
  const rows: Row[] = [];
  let rowNumber = 0;
  let cells: Map<number, string> | null = null;
  let col = -1;
  let cellType = "";
  let inCell = false;
  let value: string | null = null;
  let inline: string | null = null;
  let capture: "v" | "t" | null = null;
  let phonetic = 0;

  const finishCell = () => {
    if (!cells || col < 0 || col >= MAX_COLUMNS) return;
    let text: string;
    switch (cellType) {
      case "s": {
        const idx = Number(value ?? "");
        text = Number.isInteger(idx) ? (shared[idx] ?? "") : "";
        break;
      }
      case "inlineStr":
        text = decodeOoxmlEscapes(inline ?? "");
        break;
      case "b":
        text = value === null ? "" : value.trim() === "1" ? "TRUE" : "FALSE";
        break;
      case "str":
      case "e":
        text = decodeOoxmlEscapes(value ?? "");
        break;
      default:
        text = formatNumber(value ?? "");
    }
    if (text !== "") cells.set(col, text);
  };

  for (const t of xmlTokens(xml)) {
    if (t.kind === "open") {
      if (t.name === "row") {
        const r = Number(t.attrs.r);
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
        cells = t.selfClosing ? null : new Map();
        col = -1;
      } else if (t.name === "c" && cells) {
        const ref = t.attrs.r ? columnIndex(t.attrs.r) : undefined;
        col = ref ?? col + 1;
        cellType = t.attrs.t ?? "n";
        value = null;
        inline = null;
        phonetic = 0;
        if (t.selfClosing) finishCell();
        else inCell = true;
      } else if (inCell && !t.selfClosing) {
        if (t.name === "v") {
          capture = "v";
          value = "";
        } else if (t.name === "is") inline = "";
        else if (t.name === "rPh") phonetic++;
        else if (t.name === "t" && inline !== null && phonetic === 0) capture = "t";
      }
    } else if (t.kind === "close") {
      if (t.name === "c" && inCell) {
        finishCell();
        inCell = false;
        capture = null;
      } else if (t.name === "v" || t.name === "t") capture = null;
      else if (t.name === "rPh") phonetic = Math.max(0, phonetic - 1);
      else if (t.name === "row" && cells) {
        if (cells.size > 0) {
          rows.push({ row: rowNumber, cells });
          if (rows.length > maxRows) throw new XlsxError({ code: "tooManyRows", sheet, limit: maxRows });
        }
        cells = null;
      }
    } else if (capture === "v") value += t.text;
    else if (capture === "t" && inline !== null) inline += t.text;
  }
  return rows;
}
