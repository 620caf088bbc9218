import { describe, expect, it } from "vitest";
import { CONNECTORS, GRAPH_APP_ROLE_IDS, type GraphAppPermission } from "@/lib/connectors";
import { PERMISSION_WORDS, PERMISSION_WORDS_SOURCE, permissionInPlainWords } from "./permission-words";

const WRITE_VERBS = /\b(write|writes|create|creates|update|updates|delete|deletes|change|changes|manage|manages|send|sends|post|posts)\b/i;

/** What each permission's words must name: the thing it reads. */
const SUBJECT: Record<GraphAppPermission, RegExp> = {
  "User.Read.All": /profile/i,
  "Group.Read.All": /group/i,
  "MailboxSettings.Read": /mailbox settings/i,
  "Calendars.Read": /calendar/i,
  "Mail.ReadBasic.All": /mail/i,
  "Files.Read.All": /files/i,
  "Team.ReadBasic.All": /teams/i,
  "Channel.ReadBasic.All": /channels/i,
  "Chat.Read.All": /chat messages/i,
  "ChannelMessage.Read.All": /messages .*channels/i,
  "CallRecords.Read.All": /call records/i,
  "OnlineMeetings.Read.All": /online meetings/i,
  "OnlineMeetingArtifact.Read.All": /meeting artifacts/i,
  "AiEnterpriseInteraction.Read.All": /Copilot interactions/i,
};

describe("PERMISSION_WORDS", () => {
  it("has plain words for every permission of every catalog connector", () => {
    const used = new Set(CONNECTORS.flatMap((c) => [...c.permissions]));
    expect(used.size).toBeGreaterThan(0);
    for (const connector of CONNECTORS) {
      for (const permission of connector.permissions) {
        expect(PERMISSION_WORDS[permission], `${connector.id}: ${permission}`).toBeDefined();
        expect(permissionInPlainWords(permission)).toBe(PERMISSION_WORDS[permission].plain);
      }
    }
    // And nothing else: every entry is a permission with a known app role id.
    expect(Object.keys(PERMISSION_WORDS).sort()).toEqual(Object.keys(GRAPH_APP_ROLE_IDS).sort());
  });

  it("says what is read, in one non-empty read-only sentence per permission", () => {
    for (const [permission, words] of Object.entries(PERMISSION_WORDS) as [
      GraphAppPermission,
      (typeof PERMISSION_WORDS)[GraphAppPermission],
    ][]) {
      expect(words.plain.trim(), permission).not.toBe("");
      expect(words.plain, permission).toMatch(/^Read /);
      expect(words.plain, permission).toMatch(SUBJECT[permission]);
      expect(words.plain, permission).not.toMatch(/[\n\r\t]/);
      expect(words.plain, permission).not.toContain(permission);
      expect(words.readOnly, permission).toBe(true);
      // "cannot send mail" says what it can't do; strip negations before looking for write verbs.
      expect(words.plain.replace(/\b(not|cannot|without)\b[^,;:()]*/gi, ""), permission).not.toMatch(WRITE_VERBS);
    }
    const sentences = Object.values(PERMISSION_WORDS).map((w) => w.plain);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it("keeps the mail permission's promise: no bodies, no attachments", () => {
    expect(PERMISSION_WORDS["Mail.ReadBasic.All"].plain).toBe(
      "Read the basic properties of every user's mail (sender, recipients, subject, dates), not message bodies or attachments",
    );
  });
});

describe("permissionInPlainWords", () => {
  it("is case-insensitive for known permissions", () => {
    expect(permissionInPlainWords("mail.readbasic.all")).toBe(PERMISSION_WORDS["Mail.ReadBasic.All"].plain);
    expect(permissionInPlainWords(" User.Read.All ")).toBe(PERMISSION_WORDS["User.Read.All"].plain);
  });

  it("names an unknown permission in a generic sentence with Microsoft's reference", () => {
    expect(permissionInPlainWords("Sites.Read.All")).toBe(
      `The Microsoft Graph permission Sites.Read.All: see Microsoft's permissions reference (${PERMISSION_WORDS_SOURCE}) for what it allows`,
    );
  });

  it("never repeats a name with control or invisible characters, or one that is not a permission name", () => {
    for (const odd of ["Mail.Read\nALL", "Mail.\u202eRead", "", "<script>", "x".repeat(500)]) {
      const text = permissionInPlainWords(odd);
      expect(text).toMatch(/^A Microsoft Graph permission this wizard does not know/);
      expect(text).not.toContain("\u202e");
      expect(text).not.toContain("<script>");
    }
  });
});
