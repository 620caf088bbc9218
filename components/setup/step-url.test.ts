import { describe, expect, it } from "vitest";
import { resumeApplyHref, stepFromSearch, stepHref, wantsResumedApply, withoutResume } from "./step-url";

describe("the wizard's step in the URL", () => {
  it("reads the step a query names, and nothing else", () => {
    expect(stepFromSearch("?step=identity")).toBe("identity");
    expect(stepFromSearch("?env=x&step=results")).toBe("results");
    expect(stepFromSearch("")).toBeNull();
    expect(stepFromSearch("?step=")).toBeNull();
    expect(stepFromSearch("?step=nope")).toBeNull();
    expect(stepFromSearch("?step=__proto__")).toBeNull();
    expect(stepFromSearch("?step=Plan")).toBeNull();
  });

  it("sets only the step: path, other parameters and hash stay; nothing typed goes in", () => {
    expect(stepHref("http://localhost:3000/setup", "connectors")).toBe("/setup?step=connectors");
    expect(stepHref("http://localhost:3000/setup?step=plan#top", "owners")).toBe("/setup?step=owners#top");
    expect(stepHref("http://localhost:3000/setup?x=1&step=plan", "results")).toBe("/setup?x=1&step=results");
    const href = stepHref("http://localhost:3000/setup", "identity");
    expect(new URL(href, "http://localhost").searchParams.size).toBe(1);
  });

  it("marks a return from signing in again during Apply, and removes only that mark", () => {
    const back = resumeApplyHref("http://localhost:3000/setup?step=apply");
    expect(back).toBe("/setup?step=apply&then=apply");
    expect(wantsResumedApply(new URL(back, "http://localhost").search)).toBe(true);
    expect(wantsResumedApply("?step=apply")).toBe(false);
    expect(wantsResumedApply("?then=plan")).toBe(false);
    expect(withoutResume(`http://localhost:3000${back}#x`)).toBe("/setup?step=apply#x");
  });
});
