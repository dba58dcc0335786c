/**
 * Routes our HTTP layer answers itself, ahead of Next.js: JSON in, JSON out, no session, no page. Only the hot
 * public path is here (POST /api/responses, see lib/survey/submit-api.ts): Next's own work per request (routing,
 * Web Request and Response objects, async context) measured 2.5 ms of CPU on the bench machine against 1 ms for
 * checking and storing a whole response, so through Next the app could never keep up with the database. Everything
 * else, and everything that needs a session or renders, stays a Next.js route.
 */
import { errorFields, logger } from "@/lib/observability/log";
import type { IncomingMessage, ServerResponse } from "node:http";

export type JsonAnswer = { status: number; body: unknown; headers?: Record<string, string> };

export type DirectRoute = {
  method: "POST";
  path: string;
  /** Larger bodies get 413 (and are not kept). */
  maxBytes: number;
  /** Gets the parsed JSON body; answers with a status and a JSON body. */
  handle: (body: unknown) => Promise<JsonAnswer>;
};

/** The route for this path, if we answer it ourselves. */
export function directRouteFor(routes: readonly DirectRoute[], pathname: string): DirectRoute | undefined {
  return routes.find((r) => r.path === pathname);
}

function send(res: ServerResponse, answer: JsonAnswer): void {
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
    ...answer.headers,
  });
  res.end(payload);
}

/**
 * The rest of a body we refuse is read and thrown away, so that the client can finish sending and then read our
 * answer (cutting the connection mid-upload leaves it with a broken pipe instead of a 413); past this, it is cut.
 */
const DISCARD_AT_MOST = 4 * 1024 * 1024;

function discardRest(req: IncomingMessage, alreadyRead: number): void {
  let size = alreadyRead;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > DISCARD_AT_MOST) req.destroy();
  });
  req.resume();
}

/** The body as text, or null when it is larger than maxBytes (the rest is then discarded, not kept). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off("data", onData);
        discardRest(req, size);
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
    send(res, tooLarge);
    discardRest(req, 0);
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
    send(res, tooLarge);
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
    logger.error(errorFields(err), `[${route.method} ${route.path}] failed`);
    if (!res.headersSent) send(res, { status: 500, body: { error: "internal" } });
  }
}
