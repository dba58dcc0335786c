/**
 * Hostile input for the property-based tests (issue #8): JSON written as text, so what reaches the server can
 * hold what a JavaScript object cannot ("__proto__" as an own key, duplicate keys, numbers out of range,
 * 10,000 levels of nesting), plus strings made of the characters that break things (RTL overrides,
 * zero-width characters, combining marks, lone surrogates, NUL) and mutations of valid payloads, so a valid
 * shell carries one hostile field deep into the validation.
 *
 * Pure: generators and a serializer only. Shared by tests/e2e/fuzz.test.ts and the import fuzz tests.
 */
import fc from "fast-check";

// ---------------------------------------------------------------------------------------------
// JSON as it is written
// ---------------------------------------------------------------------------------------------

/** An object as a list of entries: keys may repeat and may be "__proto__" (JSON.parse makes it an own property). */
export type JsonObject = { readonly $: "obj"; entries: [string, Json][] };
/** Text spliced in as is: deep nesting, huge arrays, numbers JSON.stringify cannot write. */
export type RawJson = { readonly $: "raw"; text: string };
export type Json = null | boolean | number | string | Json[] | JsonObject | RawJson;

export const obj = (entries: [string, Json][]): JsonObject => ({ $: "obj", entries });
export const raw = (text: string): RawJson => ({ $: "raw", text });

function isObj(j: Json): j is JsonObject {
  return j !== null && typeof j === "object" && !Array.isArray(j) && j.$ === "obj";
}
function isRaw(j: Json): j is RawJson {
  return j !== null && typeof j === "object" && !Array.isArray(j) && j.$ === "raw";
}

/** The JSON text, keys in the order (and with the repeats) given. */
export function toJsonText(j: Json): string {
  if (Array.isArray(j)) return `[${j.map(toJsonText).join(",")}]`;
  if (isRaw(j)) return j.text;
  if (isObj(j)) return `{${j.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(",")}}`;
  return JSON.stringify(j) ?? "null";
}

/** A plain value (as JSON.parse would give it) as a tree the mutations can work on. */
export function fromPlain(v: unknown): Json {
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (Array.isArray(v)) return v.map(fromPlain);
  if (typeof v === "object")
    return obj(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, fromPlain(x)]),
    );
  return null;
}

function clone(j: Json): Json {
  if (Array.isArray(j)) return j.map(clone);
  if (isObj(j)) return obj(j.entries.map(([k, v]) => [k, clone(v)]));
  return j;
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

/** Characters that have broken software before: bidi controls, invisible ones, combining marks, surrogates, NUL. */
export const trickyChars: readonly string[] = [
  "\u202E", // RIGHT-TO-LEFT OVERRIDE
  "\u202D", // LEFT-TO-RIGHT OVERRIDE
  "\u2066", // LEFT-TO-RIGHT ISOLATE
  "\u2069", // POP DIRECTIONAL ISOLATE
  "\u200F", // RIGHT-TO-LEFT MARK
  "\u061C", // ARABIC LETTER MARK
  "\u200B", // ZERO WIDTH SPACE
  "\u200C", // ZERO WIDTH NON-JOINER
  "\u200D", // ZERO WIDTH JOINER
  "\uFEFF", // BYTE ORDER MARK / ZERO WIDTH NO-BREAK SPACE
  "\u2060", // WORD JOINER
  "\u0301", // COMBINING ACUTE ACCENT
  "\u0308", // COMBINING DIAERESIS
  "\u20DD", // COMBINING ENCLOSING CIRCLE
  "\u0345", // COMBINING GREEK YPOGEGRAMMENI
  "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301", // "zalgo"
  "\u0000", // NUL
  "\u0001",
  "\u001F",
  "\u007F",
  "\u0085",
  "\uD800", // lone high surrogate
  "\uDBFF",
  "\uDC00", // lone low surrogate
  "\uDFFF",
  "\uDE00\uD83D", // a pair in the wrong order
  "\uD83D\uDE00", // 😀
  "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", // family: a ZWJ sequence
  "\u2028",
  "\u2029",
  "\r\n",
  "\t",
  "\u00A0",
  "\u3000",
  "\u1680",
  "\uFFFD",
  "\uFFFE",
  "\uFFFF",
  "\uFDD0",
  "\u0130", // İ: lower-cases to two code points
  "\u0131", // ı: upper-cases to I
  "ß", // upper-cases to SS
  "\uFB00", // ﬀ
  "\uFDFA", // a single code point that renders very wide
  "\\",
  '"',
  "'",
  "`",
  "<",
  ">",
  "&",
  "%00",
  "${x}",
  "{{x}}",
  "#",
  ".",
  "../",
  "ا",
  "ש",
  "ት",
  "Ω",
];

/** Whole strings worth trying as they are. */
export const notableStrings: readonly string[] = [
  "",
  " ",
  "   ",
  "\u200B",
  "\u0000",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "null",
  "undefined",
  "true",
  "0",
  "-1",
  "NaN",
  "Infinity",
  "1e400",
  "[object Object]",
  "{}",
  "[]",
  "' OR 1=1 --",
  "'; drop table response; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%s%s%s%n",
  "yes",
  "no",
  "dont_know",
  "no_answer",
  "choice",
  "choices",
  "text",
  "special",
  "sv",
  "ar",
  "LIN580",
  "lin580",
  "l\u0131n580",
  "0580",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "2026-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "0000-01-01T00:00:00Z",
  "2026-02-31T25:61:61Z",
];

const hugeUnits = ["a", "\u0000", "\u202E", "\uD83D\uDE00", "\uD800", "e\u0301", " "];
/** A string of `length` copies of one character: past every limit the endpoints and schemas set. */
export const hugeString = fc
  .record({ unit: fc.constantFrom(...hugeUnits), length: fc.constantFrom(65, 121, 2_001, 10_001, 70_000, 300_000) })
  .map(({ unit, length }) => unit.repeat(Math.ceil(length / unit.length)));
/** The same, only up to a few thousand characters: for in-process runs, where size limits are not what is tested. */
const longString = fc
  .record({ unit: fc.constantFrom(...hugeUnits), length: fc.constantFrom(65, 121, 2_001) })
  .map(({ unit, length }) => unit.repeat(Math.ceil(length / unit.length)));

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...trickyChars) },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(...notableStrings) },
);

/** Mostly short strings full of tricky characters; now and then a huge one (or, with huge: false, a long one). */
export function hostileString(options: { huge?: boolean } = {}): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(piece, { minLength: 1, maxLength: 10 }).map((p) => p.join("")) },
    { weight: 3, arbitrary: fc.constantFrom(...notableStrings) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
    { weight: 1, arbitrary: options.huge === false ? longString : hugeString },
  );
}

/** A valid string with one tricky character slipped in somewhere. */
export function decorate(s: string, char: string, pos: number): string {
  const at = pos % (s.length + 1);
  return s.slice(0, at) + char + s.slice(at);
}

export const prototypeKeys = ["__proto__", "constructor", "prototype"] as const;

/** Object keys: prototype pollution first, then look-alikes of real keys and anything else. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...prototypeKeys) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("toString", "valueOf", "hasOwnProperty", "__defineGetter__", "isAdmin", "role", "", " "),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          "id",
          "survey",
          "locale",
          "municipality",
          "answers",
          "kind",
          "value",
          "values",
          "interviews",
          "handover",
          "record",
          "finishedAt",
        ),
        fc.constantFrom(...trickyChars),
        fc.nat(),
      )
      .map(([k, c, p]) => decorate(k, c, p)),
  },
  { weight: 2, arbitrary: hostileString({ huge: false }) },
);

// ---------------------------------------------------------------------------------------------
// JSON values and texts
// ---------------------------------------------------------------------------------------------

/** Numbers JSON allows but JavaScript cannot hold exactly (or at all). */
export const oddNumbers = [
  "1e400",
  "-1e400",
  "-0",
  "1e-400",
  "123456789012345678901234567890",
  "9007199254740993",
  "0.1e1",
  "1E+2",
  "-0.0",
] as const;

/** n levels of nesting as text: arrays, objects, or unbalanced (so the parser fails, deep down). */
export function deepText(levels: number, shape: "array" | "object" | "unclosed"): string {
  if (shape === "array") return "[".repeat(levels) + "]".repeat(levels);
  if (shape === "object") return '{"a":'.repeat(levels) + "1" + "}".repeat(levels);
  return "[".repeat(levels);
}

function deepJsonOf(huge: boolean): fc.Arbitrary<RawJson> {
  return fc
    .record({
      levels: fc.constantFrom(100, 1_000, 10_000, ...(huge ? [50_000] : [])),
      shape: fc.constantFrom("array" as const, "object" as const),
    })
    .map(({ levels, shape }) => raw(deepText(levels, shape)));
}

/** Long arrays as text, so generating them stays cheap. */
function longArrayOf(huge: boolean): fc.Arbitrary<RawJson> {
  return fc
    .record({
      length: fc.constantFrom(51, 61, 301, 5_000, ...(huge ? [40_000] : [])),
      item: fc.constantFrom("1", "null", '"x"', '{"kind":"choice","value":"yes"}', "[]", "{}"),
    })
    .map(({ length, item }) => raw(`[${Array.from({ length }, () => item).join(",")}]`));
}

function hostileJsonOf(huge: boolean): fc.Arbitrary<Json> {
  const leaf: fc.Arbitrary<Json> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(...oddNumbers).map(raw),
    hostileString({ huge }),
    hostileString({ huge }),
  );
  return fc.letrec<{ value: Json }>((tie) => ({
    value: fc.oneof(
      { maxDepth: 3, depthSize: "small" },
      { weight: 5, arbitrary: leaf },
      { weight: 2, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
      { weight: 2, arbitrary: fc.array(fc.tuple(hostileKey, tie("value")), { maxLength: 4 }).map(obj) },
      { weight: 1, arbitrary: fc.oneof(deepJsonOf(huge), longArrayOf(huge)) },
    ),
  })).value;
}

/** Any JSON value, with hostile keys and strings, now and then very deep (50,000 levels) or very long (300,000 characters). */
export const hostileJson: fc.Arbitrary<Json> = hostileJsonOf(true);
/** The same, up to 10,000 levels and a few thousand characters: for the many cheap in-process runs. */
export const compactHostileJson: fc.Arbitrary<Json> = hostileJsonOf(false);

/** Bodies that are not JSON at all, or only nearly. */
export function malformedText(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      "",
      " ",
      "{",
      "}",
      "[",
      "nul",
      "undefined",
      "NaN",
      "Infinity",
      "{'id': 1}",
      '{"a":1,}',
      "[1,]",
      "{a:1}",
      '{"a" 1}',
      "/* */{}",
      "\uFEFF{}",
      "\u0000",
      '"\uD800"',
      "{}{}",
      '{"__proto__":',
    ),
    fc.nat().map((n) => valid.slice(0, n % Math.max(1, valid.length))),
    fc.constantFrom("garbage", "}", ",", " 1", "\u0000").map((tail) => valid + tail),
    fc.constantFrom(...prototypeKeys).map((k) => `{"${k}":{"polluted":true,"isAdmin":true}}`),
    fc
      .record({
        levels: fc.constantFrom(1_000, 10_000, 100_000),
        shape: fc.constantFrom("array" as const, "object" as const, "unclosed" as const),
      })
      .map(({ levels, shape }) => deepText(levels, shape)),
  );
}

// ---------------------------------------------------------------------------------------------
// Mutations of a valid tree
// ---------------------------------------------------------------------------------------------

export type Mutation =
  | { op: "replace"; at: number; value: Json }
  | { op: "string"; at: number; value: string }
  | { op: "decorate"; at: number; char: string; pos: number }
  | { op: "addKey"; at: number; key: string; value: Json }
  | { op: "dupKey"; at: number; pick: number; value: Json }
  | { op: "renameKey"; at: number; pick: number; key: string }
  | { op: "removeKey"; at: number; pick: number }
  | { op: "wrap"; at: number; inObject: boolean }
  /** Sets the value at a path of object keys, adding the keys that are missing. */
  | { op: "put"; path: readonly string[]; value: Json };

function mutationOf(huge: boolean): fc.Arbitrary<Mutation> {
  const value = huge ? hostileJson : compactHostileJson;
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constant("replace" as const), at: fc.nat(), value }) },
    {
      weight: 3,
      arbitrary: fc.record({ op: fc.constant("string" as const), at: fc.nat(), value: hostileString({ huge }) }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant("decorate" as const),
        at: fc.nat(),
        char: fc.constantFrom(...trickyChars),
        pos: fc.nat(),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("addKey" as const), at: fc.nat(), key: hostileKey, value }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("dupKey" as const), at: fc.nat(), pick: fc.nat(), value }) },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant("renameKey" as const), at: fc.nat(), pick: fc.nat(), key: hostileKey }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("removeKey" as const), at: fc.nat(), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("wrap" as const), at: fc.nat(), inObject: fc.boolean() }) },
  );
}
/** One change to a tree: a value replaced, a string made hostile, a key added, repeated, renamed or removed, a value wrapped. */
export const mutation: fc.Arbitrary<Mutation> = mutationOf(true);
export const compactMutation: fc.Arbitrary<Mutation> = mutationOf(false);

type Slot = { get: () => Json; set: (v: Json) => void };

/** Every place in the tree a value sits, root first. */
function slots(holder: { root: Json }): Slot[] {
  const out: Slot[] = [{ get: () => holder.root, set: (v) => (holder.root = v) }];
  const walk = (j: Json) => {
    if (Array.isArray(j)) {
      j.forEach((child, i) => {
        out.push({ get: () => j[i]!, set: (v) => (j[i] = v) });
        walk(child);
      });
    } else if (isObj(j)) {
      j.entries.forEach((entry) => {
        out.push({ get: () => entry[1], set: (v) => (entry[1] = v) });
        walk(entry[1]);
      });
    }
  };
  walk(holder.root);
  return out;
}

function objects(root: Json): JsonObject[] {
  const out: JsonObject[] = [];
  const walk = (j: Json) => {
    if (Array.isArray(j)) j.forEach(walk);
    else if (isObj(j)) {
      out.push(j);
      j.entries.forEach(([, v]) => walk(v));
    }
  };
  walk(root);
  return out;
}

function put(root: Json, path: readonly string[], value: Json): Json {
  if (path.length === 0) return value;
  const [key, ...rest] = path as readonly [string, ...string[]];
  // A number steps into an array element that exists; anything else makes the place an object.
  if (Array.isArray(root) && /^\d+$/.test(key) && Number(key) < root.length) {
    root[Number(key)] = put(root[Number(key)]!, rest, value);
    return root;
  }
  const target = isObj(root) ? root : obj([]);
  const entry = target.entries.find(([k]) => k === key);
  if (entry) entry[1] = put(entry[1], rest, value);
  else target.entries.push([key, put(null, rest, value)]);
  return target;
}

/** Applies the mutations to a copy of `base`, in order; a mutation with nothing to act on does nothing. */
export function mutate(base: Json, mutations: Mutation[]): Json {
  const holder = { root: clone(base) };
  for (const m of mutations) {
    if (m.op === "put") {
      holder.root = put(holder.root, m.path, clone(m.value));
      continue;
    }
    if (m.op === "replace" || m.op === "wrap") {
      const all = slots(holder);
      const slot = all[m.at % all.length]!;
      if (m.op === "replace") slot.set(clone(m.value));
      else slot.set(m.inObject ? obj([["value", slot.get()]]) : [slot.get()]);
      continue;
    }
    if (m.op === "string" || m.op === "decorate") {
      const strings = slots(holder).filter((s) => typeof s.get() === "string");
      if (strings.length === 0) continue;
      const slot = strings[m.at % strings.length]!;
      slot.set(m.op === "string" ? m.value : decorate(slot.get() as string, m.char, m.pos));
      continue;
    }
    const all = objects(holder.root);
    if (all.length === 0) continue;
    const target = all[m.at % all.length]!;
    if (m.op === "addKey") {
      target.entries.push([m.key, clone(m.value)]);
      continue;
    }
    if (target.entries.length === 0) continue;
    const i = m.pick % target.entries.length;
    if (m.op === "dupKey") target.entries.push([target.entries[i]![0], clone(m.value)]);
    else if (m.op === "renameKey") target.entries[i]![0] = m.key;
    else target.entries.splice(i, 1);
  }
  return holder.root;
}

// ---------------------------------------------------------------------------------------------
// What may be stored
// ---------------------------------------------------------------------------------------------

/** Every string in a value, keys included (without recursion: the value may be 50,000 levels deep). */
export function allStrings(value: unknown): string[] {
  const out: string[] = [];
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        stack.push(x);
      }
    }
  }
  return out;
}

/** Whether PostgreSQL can store the string as text or inside jsonb: no NUL, no lone surrogate. */
export function storable(s: string): boolean {
  return !s.includes("\u0000") && s.isWellFormed();
}

/** Own properties Object.prototype has now, to check nothing was added to it. */
export function prototypeSnapshot(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

// ---------------------------------------------------------------------------------------------
// Battery imports: JSON drafts and XLSForm workbooks
// ---------------------------------------------------------------------------------------------

/** Places in a battery where a hostile value is most likely to be kept: texts, keys, conditions, records. */
export const batteryPaths: readonly (readonly string[])[] = [
  ["title", "sv"],
  ["intro", "ar"],
  ["special", "dont_know", "sv"],
  ["yesno", "yes", "en"],
  ["modules", "0", "title", "sv"],
  ["modules", "0", "key"],
  ["modules", "0", "questions", "0", "text", "sv"],
  ["modules", "0", "questions", "0", "text", "ar"],
  ["modules", "0", "questions", "0", "key"],
  ["modules", "0", "questions", "0", "type"],
  ["modules", "0", "questions", "0", "source"],
  ["modules", "0", "questions", "4", "options", "0", "key"],
  ["modules", "0", "questions", "4", "options", "0", "label", "sv"],
  ["modules", "0", "questions", "4", "exclusiveOption"],
  ["modules", "0", "questions", "4", "maxChoices"],
  ["modules", "1", "questions", "1", "repeatFor", "question"],
  ["modules", "1", "questions", "2", "showIf"],
  ["modules", "1", "questions", "2", "showIf", "values"],
  ["modules", "1", "local"],
  ["scales", "agree5", "options", "0", "label", "sv"],
  ["scales", "agree5", "options", "0", "value"],
  ["scales", "agree5", "positive"],
  ["ambassadorFields", "0", "text", "sv"],
  ["ambassadorFields"],
  ["scales"],
  ["modules"],
];

/** A battery (or any JSON import) with one to three hostile changes, as text. */
export function mutatedDraft(
  base: unknown,
  paths: readonly (readonly string[])[] = batteryPaths,
): fc.Arbitrary<string> {
  const tree = fromPlain(base);
  const aimed: fc.Arbitrary<Mutation> = fc.record({
    op: fc.constant("put" as const),
    path: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...paths) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...paths), hostileKey).map(([p, k]) => [...p.slice(0, -1), k]) },
    ),
    value: fc.oneof(
      { weight: 3, arbitrary: hostileString({ huge: false }) },
      { weight: 1, arbitrary: compactHostileJson },
    ),
  });
  return fc
    .array(fc.oneof({ weight: 1, arbitrary: compactMutation }, { weight: 2, arbitrary: aimed }), {
      minLength: 1,
      maxLength: 3,
    })
    .map((ms) => toJsonText(mutate(tree, ms)));
}

/** Where a battery holds text: what a valid draft with odd (but storable) text changes. */
export const batteryTextPaths = batteryPaths.filter((p) => ["sv", "ar", "en", "source"].includes(p[p.length - 1]!));

/** A valid battery whose texts are full of odd characters PostgreSQL can still store: the cases that get saved. */
export function oddTextDraft(base: unknown): fc.Arbitrary<string> {
  const tree = fromPlain(base);
  const text = hostileString({ huge: false }).filter((v) => storable(v) && v.trim().length > 0);
  return fc
    .array(fc.record({ op: fc.constant("put" as const), path: fc.constantFrom(...batteryTextPaths), value: text }), {
      minLength: 1,
      maxLength: 4,
    })
    .map((ms) => toJsonText(mutate(tree, ms)));
}

/** What an import may be given: mostly a damaged valid draft, sometimes anything at all, sometimes not JSON. */
export function hostileImport(base: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: mutatedDraft(base) },
    { weight: 2, arbitrary: compactHostileJson.map(toJsonText) },
    { weight: 1, arbitrary: malformedText(JSON.stringify(base)) },
  );
}

/** Cells as a spreadsheet holds them: text (hostile), numbers, booleans, empty. */
export type Cell = string | number | boolean | null | undefined;
export type Rows = (Cell[] | undefined)[];

const cell: fc.Arbitrary<Cell> = fc.oneof(
  { weight: 6, arbitrary: hostileString({ huge: false }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, "") },
  { weight: 1, arbitrary: longString },
);

export const xlsFormTypes = [
  "text",
  "integer",
  "decimal",
  "note",
  "select_one yes_no",
  "select_multiple problems",
  "select_one housing_type",
  "select_one no_such_list",
  "select_one",
  "select_multiple",
  "select_one yes_no or_other",
  "SELECT_ONE  yes_no",
  "select_one_from_file places.csv",
  "begin group",
  "end group",
  "begin_group",
  "end_group",
  "begin repeat",
  "end repeat",
  "calculate",
  "geopoint",
  "range",
  "rank",
  "date",
  "acknowledge",
  "start",
  "",
];

const xlsName = fc.oneof(
  fc.constantFrom(
    "consent",
    "housing_type",
    "housing_problems",
    "has_job",
    "job_title",
    "rooms",
    "floor",
    "comments",
    "no_such",
    "Housing_Type",
    "",
  ),
  hostileString({ huge: false }),
);
const literal = fc.oneof(
  fc.constantFrom("yes", "no", "rent", "own", "mould", "none", "1", "Top Floor").map((v) => `'${v}'`),
  fc.constantFrom("yes", "mould").map((v) => `"${v}"`),
  fc.constantFrom("0", "3", "'", '"', "'unclosed", "''"),
  hostileString({ huge: false }).map((v) => `'${v}'`),
);

/** XLSForm `relevant` expressions: the forms the importer understands, near misses, and nonsense. */
export const relevantExpression: fc.Arbitrary<string> = fc.letrec<{ expr: string; term: string }>((tie) => ({
  term: fc.oneof(
    { maxDepth: 3, depthSize: "small" },
    fc.tuple(xlsName, fc.constantFrom("=", "!=", "==", ">", "<="), literal).map(([n, op, v]) => `\${${n}} ${op} ${v}`),
    fc.tuple(literal, fc.constantFrom("=", "!="), xlsName).map(([v, op, n]) => `${v} ${op} \${${n}}`),
    fc.tuple(xlsName, literal).map(([n, v]) => `selected(\${${n}}, ${v})`),
    tie("term").map((t) => `not(${t})`),
    tie("expr").map((e) => `(${e})`),
    fc.constantFrom(
      "${",
      "${}",
      "selected(",
      "()",
      "((",
      "))",
      "count-selected(${housing_problems}) > 1",
      "true()",
      ". > 0",
    ),
    hostileString({ huge: false }),
  ),
  expr: fc
    .tuple(
      tie("term"),
      fc.array(fc.tuple(fc.constantFrom(" and ", " or ", " AND ", "  or\t"), tie("term")), { maxLength: 3 }),
    )
    .map(([first, rest]) => first + rest.map(([c, t]) => c + t).join("")),
})).expr;

export type SheetName = "survey" | "choices" | "settings";
export type WorkbookEdit =
  | { op: "cell"; sheet: SheetName; row: number; col: number; value: Cell }
  | { op: "type"; row: number; value: string }
  | { op: "relevant"; row: number; value: string }
  | { op: "header"; sheet: SheetName; col: number; value: string }
  | { op: "dropRow"; sheet: SheetName; row: number }
  | { op: "copyRow"; sheet: SheetName; row: number; to: number };

const sheetName = fc.constantFrom<SheetName>("survey", "survey", "choices", "settings");
export const workbookEdit: fc.Arbitrary<WorkbookEdit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("cell" as const),
      sheet: sheetName,
      row: fc.nat(),
      col: fc.nat({ max: 14 }),
      value: cell,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("type" as const),
      row: fc.nat(),
      value: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...xlsFormTypes) },
        { weight: 1, arbitrary: hostileString({ huge: false }) },
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("relevant" as const), row: fc.nat(), value: relevantExpression }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("header" as const),
      sheet: sheetName,
      col: fc.nat({ max: 12 }),
      value: fc.oneof(
        fc.constantFrom(
          "type",
          "name",
          "label",
          "label::Swedish (sv)",
          "label::sv",
          "label::Klingon (tlh)",
          "relevant",
          "list_name",
          "media::image",
          "default_language",
          "form_title",
          "",
        ),
        hostileString({ huge: false }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("dropRow" as const), sheet: sheetName, row: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("copyRow" as const), sheet: sheetName, row: fc.nat(), to: fc.nat() }),
  },
);

/** Applies the edits to copies of the sheets; rows and columns are taken modulo what is there (plus one, to grow). */
export function editWorkbook(sheets: Record<SheetName, Rows>, edits: WorkbookEdit[]): Record<SheetName, Rows> {
  const out = Object.fromEntries(
    Object.entries(sheets).map(([k, rows]) => [k, rows.map((r) => (r ? [...r] : r))]),
  ) as Record<SheetName, Rows>;
  const header = (rows: Rows) => (rows[0] ?? []).map((c) => String(c ?? "").toLowerCase());
  for (const e of edits) {
    const rows = out[e.op === "type" || e.op === "relevant" ? "survey" : e.sheet];
    const at = (n: number, extra = 1) => n % (rows.length + extra);
    if (e.op === "cell") {
      const r = at(e.row);
      const row = (rows[r] ??= []);
      row[e.col] = e.value;
    } else if (e.op === "type" || e.op === "relevant") {
      const col = header(rows).indexOf(e.op);
      if (col < 0) continue;
      const r = 1 + (e.row % Math.max(1, rows.length - 1));
      (rows[r] ??= [])[col] = e.value;
    } else if (e.op === "header") {
      (rows[0] ??= [])[e.col] = e.value;
    } else if (rows.length === 0) {
      continue;
    } else if (e.op === "dropRow") {
      rows.splice(at(e.row, 0), 1);
    } else {
      rows.splice(at(e.to), 0, rows[at(e.row, 0)] ? [...rows[at(e.row, 0)]!] : undefined);
    }
  }
  return out;
}
