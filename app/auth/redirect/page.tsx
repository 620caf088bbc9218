import { RedirectBridge } from "@/components/auth/redirect-bridge";

/** MSAL v5 redirect bridge: outside the (app) group, so no MSAL instance is created here. */
export default function RedirectBridgePage() {
  return <RedirectBridge />;
}
