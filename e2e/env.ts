import { existsSync } from "node:fs";
import { WIZARD_CLIENT_ID } from "../lib/sim/personas";

/** Fixed values the e2e servers and specs share. */
export const E2E_PORTS = { tenant: 3210, demo: 3211 } as const;
/** The wizard's own SPA client id in the e2e tenant: the simulator's preregistered wizard app (lib/sim/app-registry.ts). */
export const E2E_CLIENT_ID = WIZARD_CLIENT_ID;

/**
 * The browser the e2e tests and the page-weight bench launch: Debian's Chromium when it is installed (no download, no
 * network), otherwise Playwright's own.
 */
const DEBIAN_CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_LAUNCH_OPTIONS = existsSync(DEBIAN_CHROMIUM)
  ? {
      executablePath: DEBIAN_CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    }
  : {};
