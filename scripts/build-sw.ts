/**
 * Builds the ambassador device's service worker after `next build`: bundles modules/ambassador/offline/sw.ts with
 * esbuild and injects a precache manifest with revisions (Serwist's injectManifest) into public/sw.js.
 *
 * The manifest is exactly what the interview shell needs offline, read from this build's own manifests:
 * - the interview page's scripts and styles (its client reference manifest) and the app's root scripts;
 * - the font files whose unicode-range covers a character of the app's texts in any language (so every script's
 *   glyphs come from fonts we serve, and no unused subset is downloaded);
 * - the shell page itself in every language, revisioned by the build id.
 *
 * Why not @serwist/next's configurator: its 9.5 release needs @serwist/cli, which is not published, and the CLI
 * checks the network for updates; this script uses the same @serwist/build underneath.
 */
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { injectManifest } from "@serwist/build";
import { build } from "esbuild";
import { locales } from "@/lib/i18n/locales";

const root = path.resolve(import.meta.dirname, "..");
const next = path.join(root, ".next");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** The interview page's own files, named in the manifests Next writes for it. */
function shellFiles(): string[] {
  const manifests = walk(path.join(next, "server/app")).filter((f) =>
    /\/ambassador\/interview\/page_client-reference-manifest\.js$/.test(f),
  );
  if (manifests.length === 0)
    throw new Error("no client reference manifest for the interview page: run `next build` first");
  const build = JSON.parse(readFileSync(path.join(next, "build-manifest.json"), "utf8")) as {
    rootMainFiles?: string[];
    polyfillFiles?: string[];
  };
  const text = manifests.map((f) => readFileSync(f, "utf8")).join("\n");
  const named = [...text.matchAll(/static\/(?:chunks|css)\/[^"'\s\\]+\.(?:js|css)/g)].map((m) => m[0]);
  const files = new Set(
    [...named, ...(build.rootMainFiles ?? []), ...(build.polyfillFiles ?? [])].map((f) =>
      f.replace(/^\/?(_next\/)?/, ""),
    ),
  );
  return [...files].filter(
    (f) => f.startsWith("static/") && statSync(path.join(next, f), { throwIfNoEntry: false })?.isFile(),
  );
}

/**
 * Every letter, mark and digit the app's texts use, in all languages. Joiners and other format characters (Persian's
 * zero-width non-joiner) are left out: many subsets list them, and they alone would pull in scripts nobody reads.
 */
function textCodePoints(): Set<number> {
  const points = new Set<number>();
  for (const file of readdirSync(path.join(root, "messages"))) {
    for (const ch of readFileSync(path.join(root, "messages", file), "utf8"))
      if (/[\p{L}\p{M}\p{N}]/u.test(ch)) points.add(ch.codePointAt(0)!);
  }
  return points;
}

function covers(range: string, points: Set<number>): boolean {
  return range.split(",").some((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, "").split("-");
    if (!a) return false;
    if (a.includes("?")) {
      const lo = parseInt(a.replace(/\?/g, "0"), 16);
      const hi = parseInt(a.replace(/\?/g, "F"), 16);
      return [...points].some((p) => p >= lo && p <= hi);
    }
    const lo = parseInt(a, 16);
    const hi = b ? parseInt(b, 16) : lo;
    return [...points].some((p) => p >= lo && p <= hi);
  });
}

/** The font files the shell's styles use for the characters of our texts. */
function fontFiles(cssFiles: string[]): string[] {
  const points = textCodePoints();
  const fonts = new Set<string>();
  for (const css of cssFiles) {
    const text = readFileSync(path.join(next, css), "utf8");
    for (const face of text.match(/@font-face\s*{[^}]*}/g) ?? []) {
      const range = /unicode-range:\s*([^;}]+)/.exec(face)?.[1];
      if (range && !covers(range, points)) continue;
      const woff2 = [...face.matchAll(/url\(([^)]+?\.woff2)\)/g)].map((m) => m[1]!.replace(/["']/g, ""));
      for (const url of woff2) fonts.add(url.replace(/^(\.\.\/)+/, "static/").replace(/^\/_next\//, ""));
    }
  }
  return [...fonts].filter((f) => statSync(path.join(next, f), { throwIfNoEntry: false })?.isFile());
}

async function main() {
  const buildId = readFileSync(path.join(next, "BUILD_ID"), "utf8").trim();
  const files = shellFiles();
  const fonts = fontFiles(files.filter((f) => f.endsWith(".css")));
  const bundled = path.join(next, "sw.src.js");
  await build({
    entryPoints: [path.join(root, "modules/ambassador/offline/sw.ts")],
    outfile: bundled,
    bundle: true,
    format: "iife",
    minify: true,
    target: "es2020",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
  });
  const result = await injectManifest({
    swSrc: bundled,
    swDest: path.join(root, "public/sw.js"),
    globDirectory: next,
    globPatterns: [...files, ...fonts],
    modifyURLPrefix: { "static/": "/_next/static/" },
    // Hashed file names are their own revision.
    dontCacheBustURLsMatching: /^\/_next\/static\//,
    additionalPrecacheEntries: locales.map((locale) => ({ url: `/${locale}/ambassador/interview`, revision: buildId })),
    maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
  });
  rmSync(bundled, { force: true });
  for (const warning of result.warnings) console.warn(`[sw] ${warning}`);
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  console.log(
    `[sw] public/sw.js: ${result.count} files precached (${kb(result.size)} of scripts, styles and fonts; ${fonts.length} font files) + ${locales.length} shell pages`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
