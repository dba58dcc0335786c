import { describe, expect, it } from "vitest";
import { readJsonBody } from "@/lib/server/json-body";

const request = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/api/echo", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("reading a JSON body with a cap", () => {
  it("gives the parsed value", async () => {
    expect(await readJsonBody(request(JSON.stringify({ a: [1, "å"] })), 1024)).toEqual({
      ok: true,
      body: { a: [1, "å"] },
    });
  });

  it("refuses a body over the cap, declared or streamed without a length, before reading it all", async () => {
    const declared = await readJsonBody(request("{}", { "content-length": "5000" }), 1024);
    expect(declared.ok).toBe(false);
    if (!declared.ok)
      expect([declared.response.status, await declared.response.json()]).toEqual([413, { error: "too_large" }]);

    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new TextEncoder().encode("x".repeat(1000)));
      },
    });
    const streamed = await readJsonBody(request(endless), 10_000);
    expect(streamed.ok).toBe(false);
    if (!streamed.ok) expect(streamed.response.status).toBe(413);
    expect(pulled).toBeLessThan(20);
  });

  it("refuses text that is not JSON, and bytes that are not UTF-8, with 400", async () => {
    for (const body of ["{not json", new Uint8Array([0x7b, 0xff, 0x7d]), ""]) {
      const read = await readJsonBody(request(body), 1024);
      expect(read.ok).toBe(false);
      if (!read.ok)
        expect([read.response.status, await read.response.json()]).toEqual([400, { error: "invalid_json" }]);
    }
  });
});
