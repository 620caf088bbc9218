import { it } from "vitest";
import * as I from "@/lib/tenant/inputs";
import { parseTeamsPolicyOutput, checkVerifierName, parseTeamsStepParams } from "@/lib/tenant/teams-policy";
import { parseConsentParams } from "@/lib/tenant/consent";
import { parseBoardFilter } from "@/lib/tenant/board";
import { parseProxyUrl, parseAwsRoleArn } from "@/lib/exports/test-calls";
import { placeholderValueSchema } from "@/lib/connectors/example-calls";

const V: Record<string, (ok: string) => string> = {
  nl: (v) => v.slice(0, 2) + "\n" + v.slice(2),
  cr: (v) => v.slice(0, 2) + "\r" + v.slice(2),
  nul: (v) => v.slice(0, 2) + "\u0000" + v.slice(2),
  esc: (v) => v.slice(0, 2) + "\u001b" + v.slice(2),
  zwsp: (v) => v.slice(0, 2) + "\u200b" + v.slice(2),
  rlo: (v) => v.slice(0, 2) + "\u202e" + v.slice(2),
  bom: (v) => v.slice(0, 2) + "\ufeff" + v.slice(2),
  shy: (v) => v.slice(0, 2) + "\u00ad" + v.slice(2),
  trailnl: (v) => v + "\n",
  leadbom: (v) => "\ufeff" + v,
  cyr: (v) => v.replace(/[aeo]/, (c) => ({ a: "а", e: "е", o: "о" })[c]!),
  fw: (v) => v.replace(/[0-9]/, (d) => String.fromCharCode(0xff10 + Number(d))),
  long: (v) => v + "a".repeat(400),
};
const res = (r: any) => ("success" in r ? (r.success ? "ACCEPT " + JSON.stringify(r.data) : "refuse: " + r.error.issues[0].message) : r.ok ? "ACCEPT " + JSON.stringify(r).slice(0, 80) : "refuse: " + r.message);
const F: Record<string, [string, (s: string) => any]> = {
  env: ["psoxy-prod", (s) => I.environmentIdSchema.safeParse(s)],
  gcpid: ["103456789012345678901", (s) => I.gcpServiceAccountUniqueIdSchema.safeParse(s)],
  region: ["us-east-1", (s) => I.awsRegionSchema.safeParse(s)],
  pool: ["us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0", (s) => I.cognitoIdentityPoolIdSchema.safeParse(s)],
  identity: ["us-east-1:1f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0", (s) => I.cognitoIdentityIdSchema.safeParse(s)],
  provider: ["psoxy-azure-access", (s) => I.developerProviderNameSchema.safeParse(s)],
  cognitoPaste: ['{"IdentityId":"us-east-1:1f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0","Token":"eyJ.a.b"}', (s) => I.parseCognitoIdentityInput(s, "us-east-1:0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0")],
  owners: ["alice@contoso.com", (s) => I.ownerEmailsSchema.safeParse(s)],
  verifier: ["Ada Lovelace", (s) => checkVerifierName(s)],
  proxyUrl: ["https://abc123.lambda-url.us-east-1.on.aws", (s) => parseProxyUrl(s, "aws")],
  roleArn: ["arn:aws:iam::123456789012:role/psoxy-caller", (s) => parseAwsRoleArn(s)],
  userGuid: ["48d31887-5fad-4d73-a9f5-3c356e68a038", (s) => placeholderValueSchema("EXAMPLE_MSFT_USER_GUID").safeParse(s)],
  joinUrl: ["https://teams.microsoft.com/l/meetup-join/19abc", (s) => placeholderValueSchema("EXAMPLE_MSFT_TEAMS_ONLINE_MEETING_URL").safeParse(s)],
  channel: ["19:abc@thread.tacv2", (s) => placeholderValueSchema("EXAMPLE_MSFT_TEAMS_CHANNEL_GUID").safeParse(s)],
  drive: ["b!-RIj2DuyvEyV1T4", (s) => placeholderValueSchema("EXAMPLE_MSFT_ONEDRIVE_DRIVE_ID").safeParse(s)],
  teamsStep: ["psoxy", (s) => parseTeamsStepParams({ env: s })],
  consent: ["psoxy", (s) => ({ ok: parseConsentParams({ env: s }).environmentGiven })],
  board: ["psoxy", (s) => ({ ok: parseBoardFilter({ env: s }).environmentId !== undefined })],
};
it("probe", () => {
  const out: string[] = [];
  for (const [name, [ok, f]] of Object.entries(F)) {
    out.push(`${name} ok: ${res(f(ok))}`);
    for (const [v, mk] of Object.entries(V)) out.push(`  ${v}: ${res(f(mk(ok))).slice(0, 150)}`);
  }
  console.log(out.join("\n"));
});
