/**
 * Records a Teams policy verification on the connector's application, as a tag. Tags are replaced as a
 * whole list on `PATCH /applications/{id}` (https://learn.microsoft.com/graph/api/application-update),
 * so the application's current tags are read just before and every one of them is sent back; only an
 * earlier `psoxy-teams-verified:` tag is replaced. Graph lets owners of the application and application
 * administrators do this with delegated Application.ReadWrite.All; anyone else gets 403, thrown as GraphError.
 */
import { createGraphVerbs, type GraphClient } from "@/lib/graph";
import { readTeamsVerification, teamsVerificationTag, withTeamsVerificationTag, type TeamsVerification } from "./teams-policy";

interface RecordedVerification {
  /** The verification as read back, or as written when the read-back does not show it yet. */
  verification: TeamsVerification;
  /** The read-back already shows it (otherwise Entra is still replicating the change). */
  visible: boolean;
}

export async function recordTeamsVerification(
  client: GraphClient,
  input: { objectId: string; label?: string; by: string; at: Date },
): Promise<RecordedVerification> {
  const tag = teamsVerificationTag({ at: input.at, by: input.by });
  const wrote = readTeamsVerification([tag])!;
  const verbs = createGraphVerbs(client);
  const options = input.label ? { label: input.label } : {};
  const current = await verbs.getApplication(input.objectId, options);
  await verbs.updateApplication(input.objectId, { tags: withTeamsVerificationTag(current.tags, tag) }, options);
  const after = await verbs.getApplication(input.objectId, options);
  const readBack = readTeamsVerification(after.tags);
  const visible = readBack !== null && readBack.at === wrote.at && readBack.by === wrote.by;
  return { verification: visible ? readBack : wrote, visible };
}
