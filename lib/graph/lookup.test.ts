import { describe, expect, it } from "vitest";
import { createGraphClient, createGraphVerbs } from "@/lib/graph";
import { createTenantSim } from "@/lib/sim";
import { signedInOperator } from "@/lib/tenant/operator.testing";
import { errorAnswer, scriptedFetch } from "./scripted-fetch";

/** Issue 8: owners typed by the operator are looked up without guessing. */
describe("lookUpUser", () => {
  function verbs(answers: Parameters<typeof scriptedFetch>[0]) {
    const sf = scriptedFetch(answers);
    const client = createGraphClient({
      baseUrl: "https://graph.microsoft.com",
      getAccessToken: async () => "t",
      fetch: sf.fetch,
      sleep: async () => undefined,
      random: () => 0,
    });
    return { graph: createGraphVerbs(client), sf };
  }

  it("treats Graph's 400 for the key (and for the mail filter) as 'not a user', not as a failure", async () => {
    const { graph } = verbs([
      errorAnswer(400, "Request_BadRequest", "Invalid object identifier 'x#y@contoso.com'."),
      errorAnswer(400, "Request_UnsupportedQuery", "Unsupported query."),
    ]);
    expect(await graph.lookUpUser("x#y@contoso.com")).toEqual({ status: "unknown" });
  });

  it("reports a mail address two users share instead of picking one", async () => {
    const sim = createTenantSim();
    sim.seed.user({ displayName: "Sam One", mail: "team@contoso-demo.onmicrosoft.com" });
    sim.seed.user({ displayName: "Sam Two", mail: "team@contoso-demo.onmicrosoft.com" });
    const { client } = signedInOperator(sim);
    const graph = createGraphVerbs(client);
    const result = await graph.lookUpUser("team@contoso-demo.onmicrosoft.com");
    expect(result.status).toBe("ambiguous");
    expect(result.status === "ambiguous" && result.users.map((u) => u.displayName).sort()).toEqual(["Sam One", "Sam Two"]);
    const one = sim.seed.user({ displayName: "Pat Unique", mail: "pat.mail@contoso-demo.onmicrosoft.com" });
    expect(await graph.lookUpUser("pat.mail@contoso-demo.onmicrosoft.com")).toMatchObject({ status: "found", user: { id: one.id } });
    expect(await graph.lookUpUser(one.userPrincipalName)).toMatchObject({ status: "found", user: { id: one.id } });
    expect(await graph.lookUpUser("nobody@contoso-demo.onmicrosoft.com")).toEqual({ status: "unknown" });
  });

  it("still fails loudly on anything else (403: the directory cannot be read)", async () => {
    const { graph } = verbs([errorAnswer(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")]);
    await expect(graph.lookUpUser("bob@contoso.com")).rejects.toMatchObject({ status: 403 });
  });
});
