/** Why a workbook could not be read: `problem` for callers that word it themselves, `message` in English. */
export type XlsxProblem =
  | { code: "notZip" }
  | { code: "zip64" }
  | { code: "encrypted" }
  | { code: "unsupportedCompression"; part: string }
  | { code: "damaged"; part: string }
  /** The directory declares more unpacked bytes than the caller's limit (a zip bomb, or simply far too big). */
  | { code: "unpackedTooLarge"; limit: number }
  /** A part inflates to more than the directory declared for it. */
  | { code: "sizeMismatch" }
  | { code: "notWorkbook" }
  | { code: "sheetMissing"; sheet: string }
  | { code: "tooManyRows"; sheet: string; limit: number };

export class XlsxError extends Error {
  constructor(readonly problem: XlsxProblem) {
    super(describe(problem));
    this.name = "XlsxError";
  }
}

function describe(p: XlsxProblem): string {
  switch (p.code) {
    case "notZip":
      return "Not a zip archive.";
    case "zip64":
      return "Zip64 archives are not supported.";
    case "encrypted":
      return "The workbook is password-protected.";
    case "unsupportedCompression":
      return `Part "${p.part}" uses an unsupported compression method.`;
    case "damaged":
      return `Part "${p.part}" cannot be read.`;
    case "unpackedTooLarge":
      return `The archive unpacks to more than ${p.limit} bytes.`;
    case "sizeMismatch":
      return "A part is larger than the archive's directory says.";
    case "notWorkbook":
      return "The archive has no workbook part.";
    case "sheetMissing":
      return `Sheet "${p.sheet}" is listed but its part is missing.`;
    case "tooManyRows":
      return `Sheet "${p.sheet}" has more than ${p.limit} rows.`;
  }
}
