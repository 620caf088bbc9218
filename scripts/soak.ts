/**
 * `npm run soak`: the fault soak (lib/tenant/soak.testing.ts) over SOAK_SCHEDULES seeded schedules (default 200):
 * six connectors planned, applied and read back against the tenant simulator under 429 bursts, 503/504, lost
 * answers, replication delay, page reloads at a random step and tokens that stop working mid-apply. Prints the
 * schedules run, how many converged or failed with a clear error, duplicates and lost objects; exits 1 unless
 * both are 0 and every schedule converged or failed with a clear error.
 */
import { pathToFileURL } from "node:url";
import { formatSoak, runSoak, type SoakSummary } from "@/lib/tenant/soak.testing";

export const SOAK_SCHEDULES = Number(process.env.SOAK_SCHEDULES ?? 200);

export function soakPassed(summary: SoakSummary): boolean {
  return summary.schedules >= 1 && summary.duplicates === 0 && summary.lost === 0 && summary.failures.length === 0;
}

export async function soak(schedules = SOAK_SCHEDULES): Promise<SoakSummary> {
  const summary = await runSoak({ schedules, firstSeed: Number(process.env.SOAK_FIRST_SEED ?? 1) });
  console.log(formatSoak(summary));
  return summary;
}

// Run when started as the script itself (`npm run soak`), not when `npm run bench` imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  soak()
    .then((summary) => process.exit(soakPassed(summary) ? 0 : 1))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
