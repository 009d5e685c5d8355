// The approval page: the exact operation, why it needs a human, the diff, and two buttons posting back with the page's
// anti-CSRF token. Self-contained (no script, no external resource), every value HTML-escaped, strict headers.
import { whyConfirm, type OperationSummary } from "../operation-summary.js";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const pretty = (value: unknown) => escapeHtml(JSON.stringify(value, null, 2) ?? "(unset)");

/**
 * Headers of every answer: nothing loads from elsewhere, nothing frames it, the URL's secret never leaves as a Referer.
 * `same-origin`, not `no-referrer`: under no-referrer a browser sends `Origin: null` with the page's own POST, which the
 * origin check must refuse (sandboxed frames and data: URLs send it too).
 */
export function pageHeaders(styleNonce: string): Record<string, string> {
  return {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": `default-src 'none'; style-src 'nonce-${styleNonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.3rem}pre{background:#f4f4f4;padding:.6rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
.why{background:#fff4e5;border-left:4px solid #e8912d;padding:.5rem .8rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:1rem}.approve{background:#b3261e;color:#fff;border:0}.muted{color:#555}`;

function layout(title: string, body: string, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(title)}</title><style nonce="${nonce}">${STYLE}</style></head><body>${body}</body></html>`;
}

export function approvalPage(summary: OperationSummary, form: { action: string; csrf: string; expiresAt: number; viewer?: string }, nonce: string): string {
  const diff = summary.diff?.length
    ? `<h2>What changes</h2><table><tr><th>field</th><th>now</th><th>after</th></tr>${summary.diff
        .map((c) => `<tr><td><code>${escapeHtml(c.path)}</code></td><td><pre>${pretty(c.before)}</pre></td><td><pre>${pretty(c.after)}</pre></td></tr>`)
        .join("")}</table>`
    : "";
  const body =
    `<h1>Approve ${escapeHtml(summary.title)}?</h1>` +
    `<p class="muted">An AI assistant using okta-mcp-server asks to run <code>${escapeHtml(summary.tool)}</code>. Approve only if you asked for exactly this.</p>` +
    `<p class="why">${escapeHtml(whyConfirm(summary))}${summary.undo ? ` ${escapeHtml(summary.undo)}` : ""}${summary.note ? ` ${escapeHtml(summary.note)}` : ""}</p>` +
    (summary.state ? `<p>Now: ${escapeHtml(summary.state)}.</p>` : "") +
    (summary.steps
      ? `<h2>Changes, in this order</h2><ol>${summary.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join("")}</ol>`
      : `<h2>Request</h2><pre>${escapeHtml(`${summary.method} ${summary.url}`)}</pre>`) +
    (summary.headers ? `<h2>Headers</h2><pre>${pretty(summary.headers)}</pre>` : "") +
    (summary.body !== undefined ? `<h2>Body</h2><pre>${pretty(summary.body)}</pre>` : "") +
    diff +
    `<form method="post" action="${escapeHtml(form.action)}"><input type="hidden" name="csrf" value="${escapeHtml(form.csrf)}">` +
    `<p><button class="approve" type="submit" name="decision" value="approve">Approve</button>` +
    `<button type="submit" name="decision" value="deny">Deny</button></p></form>` +
    `<p class="muted">This page works once and expires at ${escapeHtml(new Date(form.expiresAt).toISOString())}. Secret values are shown as [REDACTED].` +
    `${form.viewer ? ` Signed in to Okta as ${escapeHtml(form.viewer)}.` : ""}</p>`;
  return layout(`Approve ${summary.tool}`, body, nonce);
}

/** Remote mode: the signed-in admin's approvals waiting for a decision, each linking to its page, and sign-out. */
export function approvalListPage(
  viewer: string,
  items: { title: string; tool: string; url: string; expiresAt: number }[],
  signOut: { action: string; csrf: string },
  nonce: string,
): string {
  const list = items.length
    ? `<ul>${items
        .map((i) => `<li><a href="${escapeHtml(i.url)}">${escapeHtml(i.title)}</a> <code>${escapeHtml(i.tool)}</code> <span class="muted">until ${escapeHtml(new Date(i.expiresAt).toISOString())}</span></li>`)
        .join("")}</ul>`
    : `<p>Nothing is waiting for your approval.</p>`;
  const body =
    `<h1>Approvals waiting for you</h1>` +
    `<p class="muted">Operations an AI assistant asked to run in your Okta org through okta-mcp-server, as you. Open one to see exactly what it changes, then approve or deny it. Reload after the assistant asks again.</p>` +
    list +
    `<form method="post" action="${escapeHtml(signOut.action)}"><input type="hidden" name="csrf" value="${escapeHtml(signOut.csrf)}">` +
    `<p class="muted">Signed in to Okta as ${escapeHtml(viewer)}. <button type="submit">Sign out</button></p></form>`;
  return layout("Approvals", body, nonce);
}

export function messagePage(title: string, text: string, nonce: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`, nonce);
}
