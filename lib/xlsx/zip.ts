/**
 * A bounded zip reader: the central directory is read by hand and parts are inflated in small steps,
 * so a hostile archive is refused before (or as soon as) it costs more than it declared.
 */
import { Inflate } from "fflate";
import { XlsxError } from "./error";

type ZipEntry = {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
};

export type ZipArchive = {
  /** The sum of the unpacked sizes the directory declares; nothing has been inflated yet. */
  declaredSize: number;
  has(path: string): boolean;
  /** The part's bytes, or undefined when the archive has no such part. Names are case-insensitive. */
  read(path: string): Uint8Array | undefined;
};

/** Compressed bytes fed to the inflater at a time: bounds what one step can produce (deflate expands at most ~1032×). */
const INFLATE_STEP = 4096;

export function openZip(bytes: Uint8Array): ZipArchive {
  const entries = readDirectory(bytes);
  let declaredSize = 0;
  for (const e of entries.values()) declaredSize += e.size;
  const find = (path: string) => entries.get(path.replace(/^\/+/, "").toLowerCase());
  return {
    declaredSize,
    has: (path) => find(path) !== undefined,
    read: (path) => {
      const entry = find(path);
      return entry ? readEntry(bytes, entry) : undefined;
    },
  };
}

/**
 * Reads the central directory only. fflate's unzipSync would inflate into buffers sized by the
 * declared sizes but keep decoding past them, so a file with lying headers could still burn seconds
 * of CPU; reading the directory ourselves lets the caller refuse before anything is inflated.
 */
function readDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  const notZip = () => new XlsxError({ code: "notZip" });
  if (bytes.length < 22) throw notZip();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 0xffff); p--) {
    if (view.getUint32(p, true) === 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw notZip();
  const count = view.getUint16(eocd + 10, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  // A workbook under a few megabytes never needs zip64; its markers here mean something odd is going on.
  if (count === 0xffff || dirOffset === 0xffffffff) throw new XlsxError({ code: "zip64" });

  const entries = new Map<string, ZipEntry>();
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw notZip();
    const flags = view.getUint16(p + 8, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength > bytes.length) throw notZip();
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    const name = flags & 0x800 ? new TextDecoder().decode(nameBytes) : String.fromCharCode(...nameBytes);
    const entry: ZipEntry = {
      name,
      flags,
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    };
    // OOXML part names are case-insensitive and sometimes written with a leading slash.
    entries.set(name.replace(/^\/+/, "").toLowerCase(), entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const damaged = () => new XlsxError({ code: "damaged", part: entry.name });
  if (entry.flags & 1) throw new XlsxError({ code: "encrypted" });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = entry.localOffset;
  if (h + 30 > bytes.length || view.getUint32(h, true) !== 0x04034b50) throw damaged();
  const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw damaged();
  const data = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw damaged();
    return data;
  }
  if (entry.method !== 8) throw new XlsxError({ code: "unsupportedCompression", part: entry.name });
  return inflateBounded(data, entry.size, damaged);
}

/** Inflates in small steps and stops as soon as the output outgrows the size the directory declared. */
function inflateBounded(data: Uint8Array, limit: number, damaged: () => XlsxError): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > limit) throw new XlsxError({ code: "sizeMismatch" });
    chunks.push(chunk);
    if (final) finished = true;
  });
  if (data.length === 0) throw damaged();
  try {
    for (let i = 0; i < data.length; i += INFLATE_STEP) {
      inflater.push(data.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= data.length);
    }
  } catch (e) {
    // fflate throws its own errors on invalid deflate data.
    throw e instanceof XlsxError ? e : damaged();
  }
  if (!finished || total !== limit) throw damaged();
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
