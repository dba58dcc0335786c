import { promises as fs } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type Migration, type MigrationProvider, Migrator } from "kysely";
import type { Db } from "./index";

const migrationsFolder = path.resolve(process.cwd(), "migrations");

/** Reads migrations/NNNN_name.ts in order. (Kysely's FileMigrationProvider, with file URLs for ESM.) */
class FolderProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(migrationsFolder)).filter((f) => /^\d{4}_.+\.ts$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      out[file.replace(/\.ts$/, "")] = (await import(
        pathToFileURL(path.join(migrationsFolder, file)).href
      )) as Migration;
    }
    return out;
  }
}

/** Kysely's migrator over migrations/ (for moving to a given migration, as tests do). */
export function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: new FolderProvider() });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error");
    throw new Error(
      `Migration ${failed?.migrationName ?? ""} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
