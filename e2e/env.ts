/** Fixed values the e2e servers and specs share. */
export const E2E_PORTS = { tenant: 3210, demo: 3211 } as const;
/** The wizard's own SPA client id in the e2e tenant (any GUID: the simulator accepts it). */
export const E2E_CLIENT_ID = "5b1f0f0e-0a11-4c6b-9d2e-7a57e2e0c1d1";
