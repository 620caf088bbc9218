import { describe, expect, it } from "vitest";
import {
  GraphError,
  describeGraphError,
  formatGraphError,
  graphErrorFromResponse,
  networkGraphError,
  type GraphErrorInit,
} from "@/lib/graph";
import { graphErrorBody } from "./scripted-fetch";

function err(init: Partial<GraphErrorInit> & { code: string }): GraphError {
  return new GraphError({ status: 400, graphMessage: "", operation: "Do something", ...init });
}

describe("GraphError", () => {
  it("is built from Graph's error body and the request-id header", () => {
    const e = graphErrorFromResponse({
      status: 403,
      body: graphErrorBody(
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
        "inner-id",
        "2026-03-04T05:06:07",
      ),
      headers: new Headers({ "request-id": "header-id" }),
      operation: "Create application Psoxy Connector - Outlook Mail psoxy",
      action: "upsertApplication",
      clientRequestId: "sent-id",
    });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({
      name: "GraphError",
      status: 403,
      code: "Authorization_RequestDenied",
      graphMessage: "Insufficient privileges to complete the operation.",
      requestId: "header-id",
      clientRequestId: "sent-id",
      date: "2026-03-04T05:06:07",
      operation: "Create application Psoxy Connector - Outlook Mail psoxy",
    });
  });

  it("falls back to innerError request-id and a code derived from the status", () => {
    const fromInner = graphErrorFromResponse({
      status: 404,
      body: graphErrorBody("Request_ResourceNotFound", "gone", "inner-id"),
      operation: "x",
    });
    expect(fromInner.requestId).toBe("inner-id");
    const noBody = graphErrorFromResponse({ status: 504, body: "<html>Gateway Timeout</html>", operation: "x" });
    expect(noBody.code).toBe("gatewayTimeout");
    expect(noBody.graphMessage).toContain("Gateway Timeout");
    const unknown = graphErrorFromResponse({ status: 418, body: undefined, operation: "x" });
    expect(unknown.code).toBe("HTTP418");
  });

  it("wraps network failures with code NetworkError", () => {
    const e = networkGraphError(new TypeError("Failed to fetch"), { operation: "Read your profile" });
    expect(e).toMatchObject({ status: 0, code: "NetworkError", graphMessage: "Failed to fetch", operation: "Read your profile" });
  });

  it("formats one line with operation, code, message and request-id", () => {
    const line = formatGraphError(
      err({
        status: 404,
        code: "Request_ResourceNotFound",
        graphMessage: "Resource 'a'\n does not exist.",
        requestId: "rid-9",
        operation: "Read application X",
      }),
    );
    expect(line).toBe("Read application X failed: Request_ResourceNotFound (HTTP 404): Resource 'a' does not exist. [request-id rid-9]");
    expect(line).not.toContain("\n");
  });
});

describe("describeGraphError", () => {
  it("names the app-admin roles when an app write is denied", () => {
    const d = describeGraphError(err({ status: 403, code: "Authorization_RequestDenied", action: "upsertApplication" }));
    expect(d.nextStep).toContain("Cloud Application Administrator");
    expect(d.nextStep).toContain("Application Administrator");
    expect(d).toMatchObject({ retryable: false, who: "operator" });
  });

  it("names Privileged Role Administrator / Global Administrator when a Graph grant is denied", () => {
    const d = describeGraphError(err({ status: 403, code: "Authorization_RequestDenied", action: "grantAppRole" }));
    expect(d.nextStep).toContain("Privileged Role Administrator");
    expect(d.nextStep).toContain("Global Administrator");
    expect(d.who).toBe("consent-admin");
  });

  it("gives generic access-denied advice when the operation is unknown", () => {
    const d = describeGraphError(err({ status: 403, code: "Authorization_RequestDenied" }));
    expect(d.nextStep).not.toContain("Privileged Role Administrator");
    expect(d.retryable).toBe(false);
  });

  it.each([
    ["InvalidAuthenticationToken", 401, /sign in again/i, false],
    ["SignInExpired", 401, /sign in again and continue/i, false],
    ["Request_ResourceNotFound", 404, /replicate/i, true],
    ["TooManyRequests", 429, /wait/i, true],
    ["serviceNotAvailable", 503, /retry/i, true],
    ["gatewayTimeout", 504, /retry/i, true],
    ["NetworkError", 0, /connection/i, true],
  ] as const)("%s -> next step", (code, status, text, retryable) => {
    const d = describeGraphError(err({ code, status }));
    expect(d.nextStep).toMatch(text);
    expect(d.retryable).toBe(retryable);
  });

  it("recognises duplicates among Request_BadRequest", () => {
    const dup = describeGraphError(
      err({
        code: "Request_BadRequest",
        graphMessage: "One or more added object references already exist for the following modified properties: 'owners'.",
      }),
    );
    expect(dup.title).toBe("Already exists");
    const other = describeGraphError(
      err({ code: "Request_BadRequest", graphMessage: "Invalid value specified for property 'signInAudience'." }),
    );
    expect(other.title).not.toBe("Already exists");
    expect(other.who).toBe("support");
  });

  it("maps by status when the code is unknown", () => {
    expect(describeGraphError(err({ code: "SomethingNew", status: 429 })).title).toMatch(/throttling/);
    expect(describeGraphError(err({ code: "SomethingNew", status: 503 })).retryable).toBe(true);
  });

  it("sends the Teams access policy error to a Teams admin", () => {
    const d = describeGraphError(err({ code: "Forbidden", status: 403, graphMessage: "No application access policy found for this app" }));
    expect(d.who).toBe("teams-admin");
    expect(d.nextStep).toContain("Grant-CsApplicationAccessPolicy");
  });

  it("falls back to a generic row with the request-id for support", () => {
    const server = describeGraphError(err({ code: "weirdThing", status: 502 }));
    expect(server).toMatchObject({ retryable: true, who: "support" });
    const client = describeGraphError(err({ code: "weirdThing", status: 409 }));
    expect(client).toMatchObject({ retryable: false, who: "support" });
    expect(client.nextStep).toContain("request-id");
    expect(describeGraphError(new Error("boom")).nextStep).toContain("boom");
  });
});
