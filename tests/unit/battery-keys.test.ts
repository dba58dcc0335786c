import { describe, expect, it } from "vitest";
import { freeKey } from "@/lib/battery/keys";

describe("freeKey", () => {
  it("starts at the given number and skips keys already taken, whatever their order", () => {
    expect(freeKey([], 1, (n) => `a${n}`)).toBe("a1");
    expect(freeKey(["a3", "a4", "a6"], 3, (n) => `a${n}`)).toBe("a5");
    // After a removal the list is shorter than the highest number: the next free one, never a duplicate.
    expect(freeKey(["trust.q1", "trust.q3"], 3, (n) => `trust.q${n}`)).toBe("trust.q4");
    expect(freeKey([undefined, "module2"], 2, (n) => `module${n}`)).toBe("module3");
  });
});
