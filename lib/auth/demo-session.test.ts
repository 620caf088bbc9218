import { afterEach, describe, expect, it, vi } from "vitest";
import { memoryStorage } from "@/lib/memory-storage.testing";
import { demoAccessToken, demoSignIn, safeReturnTo } from "./demo-session";

const ORIGIN = "http://localhost:3000";

describe("safeReturnTo", () => {
  it.each([
    ["/setup", "/setup"],
    ["/status?x=1#top", "/status?x=1#top"],
    [null, "/"],
    ["", "/"],
    ["//evil.example/path", "/"],
    ["/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    // issue 8: paths the URL parser turns into "//host"
    ["/.//evil.example", "/"],
    ["/./\\evil.example", "/"],
    ["/a/..//evil.example", "/"],
    ["/%2e//evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["setup", "/"],
    ["/setup/./step", "/setup/step"],
  ])("%j → %j", (input, expected) => {
    expect(safeReturnTo(input, ORIGIN)).toBe(expected);
  });
});

describe("demoAccessToken", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("serves the cached token until Graph refused it, then mints a new one and drops the refused one", async () => {
    let minted = 0;
    const account = { name: "A", username: "a@x", tenantId: "t", objectId: "o" };
    vi.stubGlobal(
      "fetch",
      async () => new Response(JSON.stringify({ accessToken: `demo-${++minted}`, expiresIn: 3600, account }), { status: 200 }),
    );
    const storage = memoryStorage();
    await demoSignIn(storage, "cloud-app-admin", ["User.Read"]);
    expect(await demoAccessToken(storage, ["User.Read"])).toBe("demo-1");
    expect(await demoAccessToken(storage, ["User.Read"], { forceRefresh: true })).toBe("demo-2");
    expect(await demoAccessToken(storage, ["User.Read"])).toBe("demo-2");
    expect(minted).toBe(2);
  });
});
