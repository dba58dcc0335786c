/** Reads a JSON request body with a size cap: the parsed value, or the 400/413 response to return. */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const tooLarge = () => ({ ok: false as const, response: Response.json({ error: "too_large" }, { status: 413 }) });
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return tooLarge();
  try {
    const text = await request.text();
    if (text.length > maxBytes) return tooLarge();
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, response: Response.json({ error: "invalid_json" }, { status: 400 }) };
  }
}
