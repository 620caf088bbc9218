import { WIZARD_CLIENT_ID } from "../lib/sim/personas";

/** Fixed values the e2e servers and specs share. */
export const E2E_PORTS = { tenant: 3210, demo: 3211 } as const;
/** The wizard's own SPA client id in the e2e tenant: the simulator's preregistered wizard app (lib/sim/app-registry.ts). */
export const E2E_CLIENT_ID = WIZARD_CLIENT_ID;
