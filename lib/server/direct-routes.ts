/**
 * Routes our HTTP layer answers itself, ahead of Next.js: JSON in, JSON out, no session, no page. Only the hot
 * public path is here (POST /api/responses, see lib/survey/submit-api.ts): Next's own work per request (routing,
 * Web Request and Response objects, async context) measured 2.5 ms of CPU on the bench machine against 1 ms for
 * checking and storing a whole response, so through Next the app could never keep up with the database. Everything
 * else, and everything that needs a session or renders, stays a Next.js route.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export type JsonAnswer = { status: number; body: unknown; headers?: Record<string, string> };

export type DirectRoute = {
  method: "POST";
  path: string;
  /** Larger bodies get 413 without being read further. */
  maxBytes: number;
  /** Gets the parsed JSON body; answers with a status and a JSON body. */
  handle: (body: unknown) => Promise<JsonAnswer>;
};

/** The route for this path, if we answer it ourselves. */
export function directRouteFor(routes: readonly DirectRoute[], pathname: string): DirectRoute | undefined {
  return routes.find((r) => r.path === pathname);
}

function send(res: ServerResponse, answer: JsonAnswer, close = false): void {
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
    ...(close ? { connection: "close" } : {}),
    ...answer.headers,
  });
  res.end(payload);
}

/** The body as text, or null when it is larger than maxBytes (then the rest is not read). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off("data", onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}

/** Answers one request on a direct route: 405 for another method, 413 too large, 400 not JSON, else the route's answer. */
export async function serveDirect(route: DirectRoute, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== route.method) {
    send(res, { status: 405, body: { error: "method_not_allowed" }, headers: { allow: route.method } });
    return;
  }
  const tooLarge: JsonAnswer = { status: 413, body: { error: "too_large" } };
  if (Number(req.headers["content-length"] ?? 0) > route.maxBytes) {
    send(res, tooLarge, true);
    return;
  }
  let text: string | null;
  try {
    text = await readBody(req, route.maxBytes);
  } catch {
    res.destroy(); // the client went away mid-body: nobody to answer
    return;
  }
  if (text === null) {
    send(res, tooLarge, true);
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    send(res, { status: 400, body: { error: "invalid_json" } });
    return;
  }
  try {
    send(res, await route.handle(body));
  } catch (err) {
    console.error(`[${route.method} ${route.path}] failed`, err);
    if (!res.headersSent) send(res, { status: 500, body: { error: "internal" } });
  }
}
