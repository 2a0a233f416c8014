// National clouds: where Graph lives, which token scope it wants, and which login host issues that token.
// Values from graph.md §7 and @azure/identity's AzureAuthorityHosts.

export type CloudName = "public" | "usgovernment" | "dod" | "china";

export interface Cloud {
  name: CloudName;
  graphBaseUrl: string;
  /** Resource whose `/.default` scope the token is requested for. */
  graphResource: string;
  authorityHost: string;
}

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
  public: {
    name: "public",
    graphBaseUrl: "https://graph.microsoft.com",
    graphResource: "https://graph.microsoft.com",
    authorityHost: "https://login.microsoftonline.com",
  },
  usgovernment: {
    name: "usgovernment",
    graphBaseUrl: "https://graph.microsoft.us",
    graphResource: "https://graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
  },
  dod: {
    name: "dod",
    graphBaseUrl: "https://dod-graph.microsoft.us",
    graphResource: "https://dod-graph.microsoft.us",
    authorityHost: "https://login.microsoftonline.us",
  },
  china: {
    name: "china",
    graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn",
    graphResource: "https://microsoftgraph.chinacloudapi.cn",
    authorityHost: "https://login.chinacloudapi.cn",
  },
};

/** Spellings users already write: azuread `environment`, Terraform's `usgovernmentl4/l5`, ARM/CLI names. */
const ALIASES: Record<string, CloudName> = {
  public: "public",
  global: "public",
  azurecloud: "public",
  azurepubliccloud: "public",
  usgovernment: "usgovernment",
  usgovernmentl4: "usgovernment",
  azureusgovernment: "usgovernment",
  dod: "dod",
  usgovernmentl5: "dod",
  china: "china",
  azurechinacloud: "china",
};

export function cloudNamed(name: string): Cloud | undefined {
  const canonical = ALIASES[name.trim().toLowerCase()];
  return canonical ? CLOUDS[canonical] : undefined;
}

export function isKnownAuthorityHost(url: string): boolean {
  const host = new URL(url).host.toLowerCase();
  return Object.values(CLOUDS).some((c) => new URL(c.authorityHost).host === host);
}
