/**
 * The Microsoft clouds the wizard can run against, as data: each is a sign-in host and a Microsoft Graph host that
 * belong together (a token from one cloud is worthless in another), plus the names the admin tools give the cloud.
 *
 * Hosts: https://learn.microsoft.com/graph/deployments (Graph and token service root endpoints) and
 * https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud (sign-in hosts, including China's
 * older login.partner.microsoftonline.cn). The same pairs are Microsoft Graph PowerShell's built-in environments
 * (https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/get-mgenvironment).
 * Azure CLI cloud names: https://learn.microsoft.com/cli/azure/manage-clouds-azure-cli.
 */

export const ENTRA_CLOUD_IDS = ["global", "usgov", "usgov-dod", "china"] as const;
export type EntraCloudId = (typeof ENTRA_CLOUD_IDS)[number];

export interface EntraCloud {
  id: EntraCloudId;
  label: string;
  /** Sign-in (token service) root, no trailing slash. */
  authorityHost: string;
  /** Other sign-in roots Microsoft documents for the same cloud. */
  authorityAliases: readonly string[];
  /** Microsoft Graph root, no version, no trailing slash. */
  graphBaseUrl: string;
  /** `az cloud set --name …` */
  azureCliCloud: string;
  /** `Connect-MgGraph -Environment …` */
  graphPowerShellEnvironment: string;
  /** The Azure portal of this cloud (Cloud Shell opens from its toolbar). */
  portal: string;
  /** A page that opens Azure Cloud Shell directly, where Microsoft documents one. */
  cloudShell?: string;
}

export const ENTRA_CLOUDS = {
  global: {
    id: "global",
    label: "Microsoft global cloud (including Microsoft 365 GCC)",
    authorityHost: "https://login.microsoftonline.com",
    authorityAliases: [],
    graphBaseUrl: "https://graph.microsoft.com",
    azureCliCloud: "AzureCloud",
    graphPowerShellEnvironment: "Global",
    portal: "https://portal.azure.com",
    // https://learn.microsoft.com/azure/cloud-shell/overview
    cloudShell: "https://shell.azure.com",
  },
  usgov: {
    id: "usgov",
    label: "US Government L4 (Microsoft 365 GCC High)",
    authorityHost: "https://login.microsoftonline.us",
    authorityAliases: [],
    graphBaseUrl: "https://graph.microsoft.us",
    azureCliCloud: "AzureUSGovernment",
    graphPowerShellEnvironment: "USGov",
    portal: "https://portal.azure.us",
  },
  "usgov-dod": {
    id: "usgov-dod",
    label: "US Government L5 (Microsoft 365 DoD)",
    authorityHost: "https://login.microsoftonline.us",
    authorityAliases: [],
    graphBaseUrl: "https://dod-graph.microsoft.us",
    azureCliCloud: "AzureUSGovernment",
    graphPowerShellEnvironment: "USGovDoD",
    portal: "https://portal.azure.us",
  },
  china: {
    id: "china",
    label: "China, operated by 21Vianet",
    authorityHost: "https://login.chinacloudapi.cn",
    authorityAliases: ["https://login.partner.microsoftonline.cn"],
    graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn",
    azureCliCloud: "AzureChinaCloud",
    graphPowerShellEnvironment: "China",
    portal: "https://portal.azure.cn",
  },
} as const satisfies Record<EntraCloudId, EntraCloud>;

export function isEntraCloudId(value: string): value is EntraCloudId {
  return (ENTRA_CLOUD_IDS as readonly string[]).includes(value);
}

/** The origin of an absolute URL (lower-case host, no path or trailing slash), or null. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.pathname === "/" || parsed.pathname === "" ? parsed.origin : null;
  } catch {
    return null;
  }
}

function signsInAt(cloud: EntraCloud, authorityHost: string): boolean {
  const origin = originOf(authorityHost);
  return origin !== null && [cloud.authorityHost, ...cloud.authorityAliases].includes(origin);
}

/**
 * The cloud whose sign-in host and Graph host these are, or null when they are not one cloud's pair
 * (for example US Government sign-in with global Graph). Login.microsoftonline.us serves both US Government
 * clouds; the Graph host tells them apart.
 */
export function cloudOfHosts(authorityHost: string, graphBaseUrl: string): EntraCloud | null {
  const graph = originOf(graphBaseUrl);
  return Object.values(ENTRA_CLOUDS).find((cloud) => cloud.graphBaseUrl === graph && signsInAt(cloud, authorityHost)) ?? null;
}

/** Every cloud whose sign-in host this is (both US Government clouds share one). */
export function cloudsSigningInAt(authorityHost: string): EntraCloud[] {
  return Object.values(ENTRA_CLOUDS).filter((cloud) => signsInAt(cloud, authorityHost));
}

/** The cloud whose Graph host this is. */
export function cloudOfGraph(graphBaseUrl: string): EntraCloud | null {
  const graph = originOf(graphBaseUrl);
  return Object.values(ENTRA_CLOUDS).find((cloud) => cloud.graphBaseUrl === graph) ?? null;
}
