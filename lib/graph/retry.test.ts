import { describe, expect, it } from "vitest";
import { backoffDelayMs, isReplicationLag, parseRetryAfterMs, retryReason } from "@/lib/graph";
import { resolveRetryPolicy } from "./retry";
import { graphErrorBody } from "./scripted-fetch";

describe("parseRetryAfterMs", () => {
  it("reads seconds and HTTP dates, ignores the rest", () => {
    expect(parseRetryAfterMs("10")).toBe(10_000);
    expect(parseRetryAfterMs("1.5")).toBe(1500);
    const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
    expect(parseRetryAfterMs("Wed, 21 Oct 2026 07:28:05 GMT", () => now)).toBe(5000);
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs("")).toBeUndefined();
    expect(parseRetryAfterMs("soon")).toBeUndefined();
  });
});

describe("retry classification", () => {
  it("treats 429/503/504 as transient regardless of opt-in", () => {
    expect(retryReason(429, undefined, false)).toBe("throttled");
    expect(retryReason(503, undefined, false)).toBe("unavailable");
    expect(retryReason(504, undefined, false)).toBe("unavailable");
    expect(retryReason(500, undefined, true)).toBeNull();
  });

  it("recognises the three just-created answers and nothing else", () => {
    expect(
      isReplicationLag(
        404,
        graphErrorBody(
          "Request_ResourceNotFound",
          "Resource 'x' does not exist or one of its queried reference-property objects are not present.",
        ),
      ),
    ).toBe(true);
    expect(
      isReplicationLag(
        400,
        graphErrorBody("Request_BadRequest", "The appId 'x' of the service principal does not reference a valid application object."),
      ),
    ).toBe(true);
    expect(
      isReplicationLag(
        403,
        JSON.stringify(
          graphErrorBody(
            "Authorization_RequestDenied",
            "When using this permission, the backing application of the service principal being created must in the local tenant",
          ),
        ),
      ),
    ).toBe(true);
    expect(isReplicationLag(403, graphErrorBody("Authorization_RequestDenied", "Insufficient privileges to complete the operation."))).toBe(
      false,
    );
    expect(isReplicationLag(400, graphErrorBody("Request_BadRequest", "Invalid value"))).toBe(false);
    expect(retryReason(404, graphErrorBody("Request_ResourceNotFound", "gone"), false)).toBeNull();
    expect(retryReason(404, graphErrorBody("Request_ResourceNotFound", "gone"), true)).toBe("replication");
  });
});

describe("backoffDelayMs", () => {
  it("doubles per attempt, caps at maxDelayMs and jitters within [step/2, step]", () => {
    const at = (random: number) => resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 }, () => random);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, at(0)))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, at(1)))).toEqual([100, 200, 400, 800, 1000]);
  });
});
