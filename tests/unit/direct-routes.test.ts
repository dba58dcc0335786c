/**
 * Routes our HTTP layer answers ahead of Next.js (POST /api/responses): over a real socket, with the layer's
 * headers and limits, every bad request gets a clear JSON answer and the route's handler never sees it.
 */
import http from "node:http";
import { logger } from "@/lib/observability/log";
import { counterValue, metricsText } from "@/lib/observability/metrics";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DirectRoute } from "@/lib/server/direct-routes";
import { createHttpLayer } from "@/lib/server/http-layer";

const seen: unknown[] = [];
const route: DirectRoute = {
  method: "POST",
  path: "/api/echo",
  maxBytes: 1024,
  handle: async (body) => {
    if ((body as { boom?: boolean }).boom) throw new Error("handler failed");
    seen.push(body);
    return { status: 201, body: { got: body }, headers: { "x-route": "echo" } };
  },
};
let base = "";
let nextCalls = 0;
const server = http.createServer(
  createHttpLayer(
    (_req, res) => {
      nextCalls++;
      res.writeHead(404).end("next");
    },
    { trustedProxies: 0, rateLimits: false, routes: [route] },
  ),
);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/echo`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
    duplex: "half",
  } as RequestInit);

describe("direct routes", () => {
  it("hands the parsed body to the route and sends its answer with the layer's security headers", async () => {
    const res = await post(JSON.stringify({ a: [1, "å"] }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ got: { a: [1, "å"] } });
    expect(res.headers.get("x-route")).toBe("echo");
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    expect(nextCalls).toBe(0);
  });

  it("refuses another method, a body over the limit (declared or streamed) and text that is not JSON, before the route", async () => {
    seen.length = 0;
    const get = await fetch(`${base}/api/echo`);
    expect([get.status, get.headers.get("allow"), await get.json()]).toEqual([
      405,
      "POST",
      { error: "method_not_allowed" },
    ]);

    // Far over the limit: answered at once, and the client still gets to read the answer (no broken pipe).
    const declared = await post(JSON.stringify({ x: "y".repeat(2_000_000) }));
    expect([declared.status, await declared.json()]).toEqual([413, { error: "too_large" }]);

    // No content-length: the body arrives in chunks, still coming after the answer, and is kept only up to the limit.
    let sent = 0;
    const chunks = new ReadableStream({
      async pull(c) {
        await new Promise((r) => setTimeout(r, 5));
        if (sent++ < 40) c.enqueue(new TextEncoder().encode(`"${"z".repeat(30_000)}"`));
        else c.close();
      },
    });
    const streamed = await post(chunks);
    expect([streamed.status, await streamed.json()]).toEqual([413, { error: "too_large" }]);

    const broken = await post("{not json");
    expect([broken.status, await broken.json()]).toEqual([400, { error: "invalid_json" }]);
    expect(seen).toEqual([]);
  });

  it("answers a body over the limit at once, then reads the rest, so the client can finish and use the connection again", async () => {
    const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let received = "";
    socket.on("data", (d: Buffer) => (received += d.toString()));
    const answers = () => received.split("HTTP/1.1 ").slice(1);
    const body = `"${"x".repeat(100_000)}"`;
    socket.write(
      `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    socket.write(body.slice(0, 10_000));
    await expect.poll(answers).toHaveLength(1); // 413 before the body is all there
    expect(answers()[0]).toMatch(/^413 [\s\S]*\{"error":"too_large"\}$/);
    expect(answers()[0]).not.toMatch(/connection: close/i);
    socket.write(body.slice(10_000));
    socket.write(
      `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}`,
    );
    await expect.poll(answers).toHaveLength(2);
    expect(answers()[1]).toMatch(/^201 [\s\S]*\{"got":\{"a":1\}\}$/);
    socket.destroy();
  });

  it("answers 500 with a JSON body when the route fails unexpectedly, and keeps serving", async () => {
    const error = vi.spyOn(logger, "error").mockImplementation(() => {});
    try {
      const res = await post(JSON.stringify({ boom: true }));
      expect([res.status, await res.json()]).toEqual([500, { error: "internal" }]);
      expect(error).toHaveBeenCalledWith(
        { error: expect.objectContaining({ message: "handler failed" }) },
        "[POST /api/echo] failed",
      );
    } finally {
      error.mockRestore();
    }
    expect((await post("{}")).status).toBe(201);
  });

  it("leaves every other path to Next.js", async () => {
    const before = nextCalls;
    const res = await fetch(`${base}/api/echo/more`, { method: "POST", body: "{}" });
    expect([res.status, await res.text()]).toEqual([404, "next"]);
    expect(nextCalls).toBe(before + 1);
  });
});

describe("direct routes under the rate limit", () => {
  it("limits POST /api/responses per address before the route is reached", async () => {
    let handled = 0;
    const limited = http.createServer(
      createHttpLayer(() => {}, {
        trustedProxies: 1,
        rateLimits: true,
        routes: [{ ...route, path: "/api/responses", handle: async () => ({ status: 201, body: { n: ++handled } }) }],
      }),
    );
    await new Promise<void>((resolve) => limited.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(limited.address() as AddressInfo).port}/api/responses`;
      const send = (address: string) =>
        fetch(url, { method: "POST", body: "{}", headers: { "x-forwarded-for": address } });
      const statuses: number[] = [];
      const refusedBefore = counterValue("rate_limited_total", { limit: "submit" });
      for (let i = 0; i < 121; i++) statuses.push((await send("203.0.113.7")).status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(120);
      const refused = await send("203.0.113.7");
      expect([refused.status, (await refused.json()).error]).toEqual([429, "too_many_requests"]);
      expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
      // Counted for the operator, and the answer carries our own request id (not one the client sent).
      expect(counterValue("rate_limited_total", { limit: "submit" })).toBe(refusedBefore + 2);
      expect(metricsText()).toMatch(/^fb_rate_limited_total\{limit="submit"\} \d+$/m);
      expect(refused.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect((await send("203.0.113.8")).status).toBe(201);
      expect(handled).toBe(121);
    } finally {
      limited.close();
    }
  });
});
