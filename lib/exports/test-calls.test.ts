import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CONNECTORS, getConnector, type ConnectorId } from "@/lib/connectors";
import {
  awsRoleArnSchema,
  parseAwsRoleArn,
  parseProxyUrl,
  proxyHealthCheckCommand,
  proxyTestCalls,
  proxyUrlSchema,
  testCallsFormSchema,
  TEST_TOOL_INSTALL_NOTE,
} from "@/lib/exports/test-calls";
import { appIdentities } from "@/lib/tenant/desired";

const USER = "48d31887-5fad-4d73-a9f5-3c356e68a038";
const ARN = "arn:aws:iam::123456789012:role/PsoxyCaller";
const AWS_URL = "https://abc123xyz.lambda-url.us-east-1.on.aws";
const GCP_URL = "https://psoxy-outlook-cal-abcdefghij-uc.a.run.app";

/** The words /bin/sh makes of a command line (no expansion happens inside single quotes). */
function shellWords(command: string): string[] {
  const out = execFileSync("sh", ["-c", `for w in ${command}; do printf '%s\\0' "$w"; done`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

describe("proxyTestCalls: one command per example call", () => {
  for (const connector of CONNECTORS) {
    for (const platform of ["gcp", "aws"] as const) {
      it(`${connector.id} on ${platform}`, () => {
        const calls = proxyTestCalls({ connectorId: connector.id, platform });
        expect(calls).toHaveLength(connector.exampleApiCalls.length);
        calls.forEach((call, i) => {
          expect(call.command.startsWith("node cli-call.js -u ")).toBe(true);
          expect(call.command.includes(" -r ")).toBe(platform === "aws");
          // the path is the catalog's call with Psoxy's {EXAMPLE_…} names (or dates) where the tokens were
          const shape = connector.exampleApiCalls[i]!.split(/\{[A-Z_]+\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join("(?:\\{EXAMPLE_MSFT_[A-Z_]+\\}|\\d{4}-\\d\\d-\\d\\dT[0-9%A:]+Z)");
          expect(call.path).toMatch(new RegExp(`^${shape}$`));
          expect(call.path).not.toMatch(/\{(USER_ID|GROUP_ID|TEAM_ID|START_DATE_TIME|FROM_DATE_TIME)\}/);
          for (const name of call.unresolved) expect(call.path).toContain(`{${name}}`);
          expect(shellWords(call.command)[3]).toBe(`<PROXY_URL>${call.path}`);
        });
      });
    }
  }
});

describe("proxyTestCalls: ids", () => {
  it("fills the user GUID where Psoxy's example_msft_user_guid goes", () => {
    const calls = proxyTestCalls({ connectorId: "outlook-cal", platform: "gcp", proxyUrl: GCP_URL, ids: { EXAMPLE_MSFT_USER_GUID: USER } });
    const events = calls.find((c) => c.path.endsWith("/events"))!;
    expect(events.path).toBe(`/v1.0/users/${USER}/events`);
    expect(events.unresolved).toEqual([]);
    expect(events.command).toBe(`node cli-call.js -u ${GCP_URL}/v1.0/users/${USER}/events`);
    expect(calls.flatMap((c) => c.unresolved)).toEqual(["EXAMPLE_MSFT_GROUP_GUID"]);
  });

  it("accepts the p~ id the proxy returns when it pseudonymizes app ids", () => {
    const token = "p~JuB1uFI_rtVS0Ygtc3m4uxhEiLI-6vn5ySKma20etlGvAJvlFOlnYuRejZSdIm5tmHzio";
    const [, user] = proxyTestCalls({ connectorId: "msft-entra-id", platform: "gcp", ids: { EXAMPLE_MSFT_USER_GUID: token } });
    expect(user!.path).toBe(`/v1.0/users/${token}`);
  });

  it.each([
    ["not a GUID", "not-a-guid"],
    ["a cut-off GUID", "48d31887-5fad-4d73-a9f5"],
    ["a GUID with a line break and a command", `${USER}\nrm -rf ~`],
    ["a GUID with a path", `${USER}/../../groups`],
    ["an empty value", ""],
  ])("keeps {EXAMPLE_MSFT_USER_GUID} for %s", (_label, value) => {
    const calls = proxyTestCalls({ connectorId: "outlook-mail", platform: "aws", ids: { EXAMPLE_MSFT_USER_GUID: value } });
    const settings = calls.find((c) => c.path.endsWith("/mailboxSettings"))!;
    expect(settings.path).toBe("/v1.0/users/{EXAMPLE_MSFT_USER_GUID}/mailboxSettings");
    expect(settings.unresolved).toEqual(["EXAMPLE_MSFT_USER_GUID"]);
    expect(settings.command).not.toContain("rm -rf");
  });

  it("fills Teams and OneDrive ids by their own shapes, once per placeholder in unresolved", () => {
    const team = "0a1b2c3d-0000-4000-8000-000000000001";
    const channel = "19:09fc54a3141a45d0bc769cf506d2e079@thread.tacv2";
    const calls = proxyTestCalls({
      connectorId: "msft-teams",
      platform: "gcp",
      ids: { EXAMPLE_MSFT_TEAMS_TEAM_GUID: team, EXAMPLE_MSFT_TEAMS_CHANNEL_GUID: channel, EXAMPLE_MSFT_TEAMS_CHAT_GUID: "chat 1" },
    });
    expect(calls[3]!.path).toBe(`/v1.0/teams/${team}/channels/${channel}/messages`);
    expect(calls[3]!.unresolved).toEqual([]);
    expect(calls[5]!.path).toBe("/v1.0/chats/{EXAMPLE_MSFT_TEAMS_CHAT_GUID}/messages");

    const drive = "b!-RIj2DuyvEyV1T4NlOaMHk8XkS_I8MdFlUCq1BlcjgmhRfAj3-Z8RY2VpuvV_tpd";
    const od = proxyTestCalls({ connectorId: "msft-onedrive", platform: "gcp", ids: { EXAMPLE_MSFT_ONEDRIVE_DRIVE_ID: drive } });
    const item = od.find((c) => c.path.includes("/items/"))!;
    expect(item.path).toBe(`/v1.0/drives/${drive}/items/{EXAMPLE_MSFT_ONEDRIVE_ITEM_ID}/activities`);
    expect(item.unresolved).toEqual(["EXAMPLE_MSFT_ONEDRIVE_ITEM_ID"]);
    expect(shellWords(item.command)[3]).toBe(`<PROXY_URL>${item.path}`);
  });

  it("quotes the OData filter so the shell passes it through whole", () => {
    const join = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_N2Q%40thread.v2/0?context=%7b%22Tid%22%7d";
    const calls = proxyTestCalls({
      connectorId: "msft-teams",
      platform: "aws",
      proxyUrl: AWS_URL,
      awsRoleArn: ARN,
      ids: { EXAMPLE_MSFT_USER_GUID: USER, EXAMPLE_MSFT_TEAMS_ONLINE_MEETING_URL: join },
    });
    const meetings = calls.at(-1)!;
    expect(meetings.path).toBe(`/v1.0/users/${USER}/onlineMeetings?$filter=JoinWebUrl eq '${join}'`);
    expect(shellWords(meetings.command)).toEqual(["node", "cli-call.js", "-u", `${AWS_URL}${meetings.path}`, "-r", ARN]);
    const quoted = proxyTestCalls({
      connectorId: "msft-teams",
      platform: "aws",
      ids: { EXAMPLE_MSFT_TEAMS_ONLINE_MEETING_URL: "https://x/' or 1 eq 1 or '" },
    });
    expect(quoted.at(-1)!.unresolved).toContain("EXAMPLE_MSFT_TEAMS_ONLINE_MEETING_URL");
  });
});

describe("proxyTestCalls: dates as Psoxy's msft-365.tf computes them", () => {
  it("uses 180 days before the sample date for calendarView, as RFC 3339", () => {
    const calls = proxyTestCalls({ connectorId: "outlook-cal", platform: "gcp", sampleDate: new Date("2026-03-01T00:00:00Z") });
    expect(calls[3]!.path).toBe(
      "/v1.0/users/{EXAMPLE_MSFT_USER_GUID}/calendarView?startDateTime=2025-09-02T00:00:00Z&endDateTime=2026-03-01T00:00:00Z",
    );
  });

  it("uses 90 days before it for Teams PSTN calls, URL-encoded", () => {
    const calls = proxyTestCalls({ connectorId: "msft-teams", platform: "gcp", sampleDate: new Date("2026-03-01T00:00:00Z") });
    expect(calls.find((c) => c.path.includes("getPstnCalls"))!.path).toBe(
      "/v1.0/communications/callRecords/getPstnCalls(fromDateTime=2025-12-01T00%3A00%3A00Z,toDateTime=2026-03-01T00%3A00%3A00Z)",
    );
  });

  it("falls back to Psoxy's default example_api_calls_sample_date", () => {
    const calls = proxyTestCalls({ connectorId: "outlook-cal", platform: "gcp", sampleDate: new Date("nonsense") });
    expect(calls[3]!.path).toContain("startDateTime=2025-02-02T00:00:00Z&endDateTime=2025-08-01T00:00:00Z");
  });
});

describe("proxy URL", () => {
  it("normalises the trailing slash and leaves the host recognised by the tool alone", () => {
    const [users] = proxyTestCalls({ connectorId: "msft-entra-id", platform: "aws", proxyUrl: ` ${AWS_URL}/ `, awsRoleArn: ARN });
    expect(users!.command).toBe(`node cli-call.js -u ${AWS_URL}/v1.0/users -r ${ARN}`);
    expect(parseProxyUrl("https://us-central1-acme.cloudfunctions.net/psoxy-outlook-cal//")).toEqual({
      ok: true,
      url: "https://us-central1-acme.cloudfunctions.net/psoxy-outlook-cal",
    });
  });

  it.each([
    ["a line break", `${GCP_URL}\n`, /line break/],
    ["a line break inside", `https://psoxy\n.run.app`, /line break/],
    ["http://", "http://psoxy-outlook-cal-abc-uc.a.run.app", /https:\/\//],
    ["a query", `${GCP_URL}/?x=1`, /after '\?' or '#'/],
    ["a fragment", `${GCP_URL}#top`, /after '\?' or '#'/],
    ["an API path", `${GCP_URL}/v1.0/users`, /API path/],
    ["spaces", "https://psoxy outlook.run.app", /spaces/],
    ["credentials", "https://me:pw@psoxy.run.app", /user name and password/],
    ["not a URL", "psoxy-outlook-cal", /not a URL/],
    ["an AWS URL for a GCP proxy", AWS_URL, /AWS URL/],
  ])("refuses %s and keeps <PROXY_URL>", (_label, url, message) => {
    const parsed = parseProxyUrl(url, "gcp");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
    expect(proxyUrlSchema("gcp").safeParse(url).success).toBe(false);
    const [users] = proxyTestCalls({ connectorId: "msft-entra-id", platform: "gcp", proxyUrl: url });
    expect(users!.command).toBe("node cli-call.js -u '<PROXY_URL>/v1.0/users'");
  });

  it("forces the platform for a host the tool would not recognise (load balancer, custom domain)", () => {
    const [gcp] = proxyTestCalls({ connectorId: "msft-entra-id", platform: "gcp", proxyUrl: "https://proxy.acme.com/psoxy-azure-ad/" });
    expect(gcp!.command).toBe("node cli-call.js -u https://proxy.acme.com/psoxy-azure-ad/v1.0/users -f gcp");
    const [aws] = proxyTestCalls({ connectorId: "msft-entra-id", platform: "aws", proxyUrl: "https://proxy.acme.com", awsRoleArn: ARN });
    expect(aws!.command).toBe(`node cli-call.js -u https://proxy.acme.com/v1.0/users -r ${ARN} -f aws`);
  });
});

describe("AWS role ARN", () => {
  it("passes -r with the role, or <ROLE_ARN> when missing or invalid", () => {
    const [withRole] = proxyTestCalls({ connectorId: "outlook-cal", platform: "aws", proxyUrl: AWS_URL, awsRoleArn: ARN });
    expect(shellWords(withRole!.command).slice(4)).toEqual(["-r", ARN]);
    for (const bad of [undefined, "PsoxyCaller", `${ARN}\n`, "arn:aws:iam::1234:role/PsoxyCaller"]) {
      const [call] = proxyTestCalls({ connectorId: "outlook-cal", platform: "aws", proxyUrl: AWS_URL, awsRoleArn: bad });
      expect(call!.command).toBe(`node cli-call.js -u ${AWS_URL}/v1.0/users -r '<ROLE_ARN>'`);
    }
  });

  it("ignores a role ARN on GCP", () => {
    const [call] = proxyTestCalls({ connectorId: "outlook-cal", platform: "gcp", awsRoleArn: ARN });
    expect(call!.command).not.toContain("-r");
  });

  it("accepts role paths and partitions, says what to do otherwise", () => {
    expect(parseAwsRoleArn("arn:aws:iam::123456789012:role/service/PsoxyCaller").ok).toBe(true);
    expect(parseAwsRoleArn("arn:aws-us-gov:iam::123456789012:role/PsoxyCaller").ok).toBe(true);
    const messages = [
      "arn:aws:sts::123456789012:assumed-role/PsoxyCaller/me",
      "arn:aws:iam::123456789012:user/alice",
      "arn:aws:iam::12345:role/PsoxyCaller",
      "",
    ].map((arn) => {
      const parsed = awsRoleArnSchema.safeParse(arn);
      return parsed.success ? "" : parsed.error.issues[0]!.message;
    });
    expect(messages[0]).toMatch(/session \(assumed-role\) ARN/);
    expect(messages[1]).toMatch(/user ARN/);
    expect(messages[2]).toMatch(/12 digits/);
    expect(messages[3]).toMatch(/caller_role_arn/);
  });
});

describe("health check", () => {
  it("matches Psoxy's TODO: AWS on <url>/ with the role, GCP on <url>", () => {
    expect(proxyHealthCheckCommand({ platform: "aws", proxyUrl: `${AWS_URL}/`, awsRoleArn: ARN })).toBe(
      `node cli-call.js -u ${AWS_URL}/ -r ${ARN} --health-check`,
    );
    expect(proxyHealthCheckCommand({ platform: "gcp", proxyUrl: GCP_URL })).toBe(`node cli-call.js -u ${GCP_URL} --health-check`);
    expect(proxyHealthCheckCommand({ platform: "gcp" })).toBe("node cli-call.js -u '<PROXY_URL>' --health-check");
  });
});

describe("a shared app: one application, one proxy instance per connector", () => {
  it("still yields each connector's own commands against its own URL", () => {
    const connectorIds: ConnectorId[] = ["msft-entra-id", "outlook-cal", "msft-teams"];
    const [shared] = appIdentities({ environmentId: "psoxy", connectorIds, appMode: "shared" });
    expect(shared!.connectorIds).toEqual(connectorIds);
    const byConnector = shared!.connectorIds.map((connectorId) => {
      const proxyUrl = `https://${connectorId}-abc.lambda-url.us-east-1.on.aws/`;
      return {
        connectorId,
        proxyUrl,
        calls: proxyTestCalls({ connectorId, platform: "aws", proxyUrl, awsRoleArn: ARN, ids: { EXAMPLE_MSFT_USER_GUID: USER } }),
      };
    });
    for (const { connectorId, proxyUrl, calls } of byConnector) {
      expect(calls).toHaveLength(getConnector(connectorId).exampleApiCalls.length);
      for (const call of calls) expect(shellWords(call.command)[3]).toBe(`${proxyUrl.slice(0, -1)}${call.path}`);
    }
    expect(byConnector[2]!.calls[0]!.path).toBe("/v1.0/teams");
    expect(byConnector[1]!.calls[2]!.path).toBe(`/v1.0/users/${USER}/events`);
  });
});

describe("testCallsFormSchema", () => {
  it("treats blank fields as not given and normalises valid ones", () => {
    expect(testCallsFormSchema("aws").parse({ proxyUrl: "", roleArn: "  " })).toEqual({ proxyUrl: undefined, roleArn: undefined });
    expect(testCallsFormSchema("aws").parse({ proxyUrl: `${AWS_URL}/`, roleArn: ARN })).toEqual({ proxyUrl: AWS_URL, roleArn: ARN });
    expect(testCallsFormSchema("gcp").parse({ proxyUrl: GCP_URL, roleArn: "anything" })).toEqual({ proxyUrl: GCP_URL, roleArn: undefined });
  });

  it("reports each field's problem under that field", () => {
    const result = testCallsFormSchema("aws").safeParse({ proxyUrl: "http://x.on.aws", roleArn: "nope" });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(issues).toEqual([
      ["proxyUrl", expect.stringMatching(/https:\/\//)],
      ["roleArn", expect.stringMatching(/IAM role ARN/)],
    ]);
  });
});

it("the install note names Psoxy's installer and the folder to run from", () => {
  expect(TEST_TOOL_INSTALL_NOTE).toContain("./tools/install-test-tool.sh");
  expect(TEST_TOOL_INSTALL_NOTE).toContain("tools/psoxy-test");
  expect(TEST_TOOL_INSTALL_NOTE).not.toContain("\n");
});
