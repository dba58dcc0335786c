/**
 * After `next build` (and the service worker): copies what the standalone server serves but Next does not put in it,
 * `.next/static` and `public/`, so `node .next/standalone/server.js` runs on its own (Next's documented step).
 */
import { cpSync, existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const standalone = path.join(root, ".next/standalone");
if (!existsSync(path.join(standalone, "server.js"))) {
  console.error("no .next/standalone/server.js: is output 'standalone' set in next.config.mjs?");
  process.exit(1);
}
cpSync(path.join(root, ".next/static"), path.join(standalone, ".next/static"), { recursive: true });
cpSync(path.join(root, "public"), path.join(standalone, "public"), { recursive: true });
console.log("[standalone] .next/standalone has its static files and public/");
