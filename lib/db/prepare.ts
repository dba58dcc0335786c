/**
 * Brings a database up to date for the app: start the embedded server when no DATABASE_URL is given,
 * run the migrations, and seed the demo data on the first start of an empty database.
 */
import path from "node:path";
import { createDb } from "./index";
import { type EmbeddedServer, startEmbedded } from "./embedded";
import { migrateToLatest } from "./migrate";

export const EMBEDDED_DATA_DIR = path.resolve(process.cwd(), ".data/postgres");

export async function resolveDatabase(
  log: (m: string) => void,
): Promise<{ url: string; embedded: EmbeddedServer | null }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null };
  const embedded = await startEmbedded({
    dataDir: EMBEDDED_DATA_DIR,
    port: process.env.EMBEDDED_PG_PORT ? Number(process.env.EMBEDDED_PG_PORT) : undefined,
  });
  log(
    embedded.startedHere
      ? `embedded PostgreSQL started on port ${embedded.port} (data in .data/postgres)`
      : `using the embedded PostgreSQL already running on port ${embedded.port}`,
  );
  return { url: embedded.url, embedded };
}

export async function prepareDatabase(
  url: string,
  options: { seed: "if-empty" | "always" | "never"; log: (m: string) => void },
) {
  const db = createDb(url, { max: 4 });
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) options.log(`migrations applied: ${applied.join(", ")}`);
    if (options.seed !== "never") {
      const { isEmpty, seedDatabase } = await import("@/lib/seed");
      if (options.seed === "always" || (await isEmpty(db))) {
        const t0 = Date.now();
        await seedDatabase(db, { log: options.log });
        options.log(`demo data ready in ${Date.now() - t0} ms`);
      }
    }
  } finally {
    await db.destroy();
  }
}
