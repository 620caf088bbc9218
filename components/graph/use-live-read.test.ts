import { describe, expect, it } from "vitest";
import { nextInterval } from "./use-live-read";

describe("nextInterval (polling backoff)", () => {
  const poll = { baseMs: 20_000, maxMs: 300_000 };
  it("doubles while nothing changes, up to the cap", () => {
    const seen: number[] = [];
    let current = poll.baseMs;
    for (let i = 0; i < 6; i++) seen.push((current = nextInterval(current, poll, false)));
    expect(seen).toEqual([40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });
  it("goes back to the base interval after a change", () => {
    expect(nextInterval(300_000, poll, true)).toBe(20_000);
  });
});
