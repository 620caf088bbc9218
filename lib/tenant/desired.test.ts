import { describe, expect, it } from "vitest";
import { appIdentities, mergeNotes, NOTES_HEADER, parseIdentityNote, identityNote } from "./desired";

describe("desired state helpers", () => {
  it("gives the shared app of the empty environment and of 'default' different unique names", () => {
    const names = ["", "default"].map(
      (environmentId) => appIdentities({ environmentId, connectorIds: ["outlook-mail"], appMode: "shared" })[0]!.uniqueName,
    );
    expect(new Set(names).size).toBe(2);
  });

  it("replaces only the wizard's block of the notes", () => {
    const block = `${NOTES_HEADER}\nProxy identity: GCP service account 1.`;
    expect(mergeNotes(null, block)).toBe(block);
    expect(mergeNotes("Theirs.", block)).toBe(`Theirs.\n\n${block}`);
    expect(mergeNotes(`Theirs.\n\n${NOTES_HEADER}\nold`, block)).toBe(`Theirs.\n\n${block}`);
  });

  it("round-trips the AWS identity note with a custom developer provider", () => {
    const platform = {
      platform: "aws" as const,
      region: "eu-west-1",
      identityPoolId: "eu-west-1:0f7d7a4c-33d2-4d9f-a0d8-3a8e1c2b9d10",
      developerProviderName: "prod-azure",
      identityIds: {},
    };
    expect(parseIdentityNote(identityNote(platform, "outlook-mail"))).toEqual({
      platform: "aws",
      poolId: platform.identityPoolId,
      region: "eu-west-1",
      developerProviderName: "prod-azure",
    });
  });
});
