import type { Db } from "@/lib/db";

/** How many municipalities the region's surveys cover, from the database (never from the seed's reference list). */
export async function municipalityCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom("municipality")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
