import { DIRECTORY_ROLES } from "@/lib/connectors/microsoft-ids";
import { escapeHtml } from "./http";
import type { Persona } from "./types";

/**
 * The simulator's stand-in for Microsoft's sign-in page: one button per persona
 * (accessible name "Sign in as <name>"), the role beside it, and Cancel. The form
 * posts the choice plus every original authorize parameter back to /authorize.
 */

const STYLE = `
  :root { color-scheme: light; font-family: "Segoe UI", system-ui, -apple-system, sans-serif; }
  body { margin: 0; background: #f3f2f1; color: #1b1b1b; }
  main { max-width: 40rem; margin: 3rem auto; background: #fff; padding: 2rem 2.5rem; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  h1 { font-size: 1.4rem; font-weight: 600; margin: 0 0 .25rem; }
  p.lead { margin: 0 0 1.5rem; color: #505050; }
  ul { list-style: none; padding: 0; margin: 0 0 1.5rem; }
  li { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem 1rem; padding: .75rem 0; border-bottom: 1px solid #edebe9; }
  li.hinted { background: #f3f9fd; }
  button { font: inherit; cursor: pointer; border-radius: 2px; padding: .45rem 1rem; }
  button.persona { background: #0067b8; color: #fff; border: 1px solid #0067b8; min-width: 16rem; text-align: left; }
  button.persona:focus, button.persona:hover { background: #005da6; outline: 2px solid #1b1b1b; outline-offset: 2px; }
  button.cancel { background: #fff; border: 1px solid #8a8886; color: #1b1b1b; }
  .role { font-weight: 600; }
  .upn, .note { color: #605e5c; font-size: .9rem; width: 100%; }
  .scopes { font-size: .85rem; color: #605e5c; margin-bottom: 1.5rem; word-break: break-all; }
  .error { border-left: 4px solid #a4262c; padding: .5rem 1rem; background: #fde7e9; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

function roleLabel(persona: Persona): string {
  return persona.roles.length > 0 ? persona.roles.map((r) => DIRECTORY_ROLES[r].displayName).join(", ") : "No admin role";
}

interface PickerInput {
  action: string;
  params: ReadonlyArray<readonly [string, string]>;
  personas: readonly Persona[];
  scopes: readonly string[];
  loginHint?: string;
}

export function renderPicker(input: PickerInput): string {
  const hidden = input.params
    .filter(([name]) => name !== "persona" && name !== "action")
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const hint = input.loginHint?.toLowerCase();
  const items = input.personas
    .map((p) => {
      const hinted = hint !== undefined && p.userPrincipalName === hint;
      return `<li${hinted ? ' class="hinted"' : ""}>
  <button type="submit" class="persona" name="persona" value="${escapeHtml(p.id)}">Sign in as ${escapeHtml(p.displayName)}</button>
  <span class="role">${escapeHtml(roleLabel(p))}</span>
  <span class="upn">${escapeHtml(p.userPrincipalName)}</span>
  <span class="note">${escapeHtml(p.description)}</span>
</li>`;
    })
    .join("\n");
  const scopes = input.scopes.length > 0 ? `<p class="scopes">The app asks for: ${escapeHtml(input.scopes.join(" "))}</p>` : "";
  return page(
    "Sign in to your account",
    `<h1>Contoso demo tenant — choose who signs in</h1>
<p class="lead">This is the offline tenant simulator, standing in for Microsoft's sign-in page.</p>
${scopes}
<form method="post" action="${escapeHtml(input.action)}">
${hidden}
<ul>
${items}
</ul>
<button type="submit" class="cancel" name="action" value="cancel">Cancel</button>
</form>`,
  );
}

export function renderError(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p class="error">${escapeHtml(message)}</p>`);
}

/** response_mode=form_post: an auto-submitting form to the redirect URI. */
export function renderFormPost(redirectUri: string, fields: ReadonlyArray<readonly [string, string]>): string {
  const inputs = fields.map(([n, v]) => `<input type="hidden" name="${escapeHtml(n)}" value="${escapeHtml(v)}">`).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Working...</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${escapeHtml(redirectUri)}">
${inputs}
<noscript><button type="submit">Continue</button></noscript>
</form>
</body></html>`;
}

export function renderSignedOut(): string {
  return page("Signed out", "<h1>You signed out of your account</h1>\n<p>It's a good idea to close all browser windows.</p>");
}
