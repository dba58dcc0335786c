import { getDb } from "@/lib/db";
import { qrSvg, surveyLink } from "@/modules/respondent/links";
import { surveyCodeSchema } from "@/modules/respondent/payload";

/** The QR code of a survey's public link, as SVG (public: the link itself is public). */
export async function GET(_request: Request, { params }: { params: Promise<{ code: string }> }): Promise<Response> {
  const parsed = surveyCodeSchema.safeParse((await params).code);
  if (!parsed.success) return Response.json({ error: "invalid_code" }, { status: 400 });
  const survey = await getDb()
    .selectFrom("survey")
    .select("id")
    .where("public_code", "=", parsed.data)
    .executeTakeFirst();
  if (!survey) return Response.json({ error: "unknown_survey" }, { status: 404 });
  return new Response(await qrSvg(surveyLink(parsed.data)), {
    headers: { "content-type": "image/svg+xml", "cache-control": "public, max-age=86400" },
  });
}
