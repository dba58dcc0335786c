import { describe, expect, it } from "vitest";
import { clientAddress, isWellFormedUrl, trustedProxies } from "@/lib/server/request-guard";

describe("isWellFormedUrl", () => {
  it("accepts ordinary and encoded paths", () => {
    for (const url of ["/", "/sv", "/ar/s/LIN580?x=1", "/sv/%C3%A5", "/sv?q=a+b%20c"])
      expect(isWellFormedUrl(url), url).toBe(true);
  });
  it("refuses malformed percent-encoding and non-paths", () => {
    for (const url of ["/sv/%E0%A4%A", "/a%ZZ", "/sv?q=%E0", "http://x/", "", undefined])
      expect(isWellFormedUrl(url), String(url)).toBe(false);
  });
});

describe("clientAddress", () => {
  it("uses the socket unless told how many proxies to trust", () => {
    expect(clientAddress("10.0.0.1", "1.2.3.4", 0)).toBe("10.0.0.1");
    expect(clientAddress(undefined, undefined, 1)).toBe("unknown");
  });

  it("takes the entry the trusted proxy added, never one the client wrote on the left", () => {
    // Through one proxy (10.0.0.9): it appended the address it was reached from.
    expect(clientAddress("10.0.0.9", "198.51.100.4", 1)).toBe("198.51.100.4");
    // The client sent its own X-Forwarded-For to rotate its address: the proxy's entry still wins.
    for (const forged of ["1.1.1.1", "1.1.1.1, 2.2.2.2", "203.0.113.77, 8.8.8.8, 9.9.9.9"]) {
      expect(clientAddress("10.0.0.9", `${forged}, 198.51.100.4`, 1)).toBe("198.51.100.4");
    }
    // Two proxies (a CDN, then the balancer): two entries from the right.
    expect(clientAddress("10.0.0.9", "6.6.6.6, 198.51.100.4, 172.16.0.2", 2)).toBe("198.51.100.4");
    // Several header lines are one list.
    expect(clientAddress("10.0.0.9", ["6.6.6.6", "198.51.100.4"], 1)).toBe("198.51.100.4");
  });

  it("reads the number of proxies from the environment", () => {
    expect(trustedProxies({})).toBe(0);
    expect(trustedProxies({ TRUST_PROXY: "1" })).toBe(1);
    expect(trustedProxies({ TRUSTED_PROXIES: "2" })).toBe(2);
    expect(trustedProxies({ TRUSTED_PROXIES: "many" })).toBe(0);
  });
});
