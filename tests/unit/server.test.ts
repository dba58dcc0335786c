import { describe, expect, it } from "vitest";
import { clientAddress, isWellFormedUrl } from "@/lib/server/request-guard";

describe("isWellFormedUrl", () => {
  it("accepts ordinary and encoded paths", () => {
    for (const url of ["/", "/sv", "/ar/s/LIN580?x=1", "/sv/%C3%A5", "/sv?q=a+b%20c"]) expect(isWellFormedUrl(url), url).toBe(true);
  });
  it("refuses malformed percent-encoding and non-paths", () => {
    for (const url of ["/sv/%E0%A4%A", "/a%ZZ", "/sv?q=%E0", "http://x/", "", undefined]) expect(isWellFormedUrl(url), String(url)).toBe(false);
  });
});

describe("clientAddress", () => {
  it("uses the socket unless told to trust the proxy", () => {
    expect(clientAddress("10.0.0.1", "1.2.3.4", false)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "1.2.3.4, 10.0.0.1", true)).toBe("1.2.3.4");
    expect(clientAddress(undefined, undefined, true)).toBe("unknown");
  });
});
