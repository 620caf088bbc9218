import type { Metadata } from "next";
import { TeamsPage } from "@/components/teams/teams-page";
import { parseTeamsStepParams } from "@/lib/tenant/teams-policy";

export const metadata: Metadata = { title: "Microsoft Teams policy · Psoxy Microsoft 365 setup" };

/** `/teams?env=<env>&connector=msft-teams`: the Teams Administrator's step for one connector application. */
export default async function TeamsRoute({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <TeamsPage params={parseTeamsStepParams(await searchParams)} />;
}
