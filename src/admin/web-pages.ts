import type { AuditRow } from '../adapters/sqlite/audit-log.js';
import type { QuarantineFilter, QuarantineItem } from '../adapters/sqlite/quarantine-index.js';
import { QUARANTINE_STATES } from '../adapters/sqlite/quarantine-index.js';
import type { TicketRow } from '../adapters/sqlite/ticket-store.js';
import { SECRET_TYPES } from '../domain/finding.js';
import { may } from '../domain/staff/roles.js';
import { type Html, html, withMarkers } from './html.js';
import type { RedactedView } from './redacted-view.js';
import type { Principal } from './staff-auth.js';

/** What every signed-in page needs: who is looking, and the form token for their session. */
export interface PageContext {
  principal: Principal;
  csrf: string;
}

const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
const typeName = (t: string) => t.replace(/_/g, ' ');

function layout(title: string, body: Html, ctx?: PageContext): string {
  const nav = ctx
    ? html`<nav aria-label="main">
        <a href="/quarantine">Quarantine</a> <a href="/tickets">Tickets</a>
        ${may(ctx.principal.role, 'act') ? html`<a href="/audit">Audit log</a>` : ''}
        <span class="who">${ctx.principal.name} (${ctx.principal.role})</span>
        <form method="post" action="/logout" class="inline">
          <input type="hidden" name="_csrf" value="${ctx.csrf}"><button type="submit">Sign out</button>
        </form>
      </nav>`
    : '';
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Deskguard</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header><strong>Deskguard</strong> ${nav}</header><main>${body}</main></body></html>`}`;
}

export function loginPage(csrf: string, next: string, error?: string): string {
  return layout(
    'Sign in',
    html`<h1>Sign in</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/login" class="stack">
        <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="next" value="${next}">
        <label>Name <input name="name" autocomplete="username" required autofocus></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
      </form>`,
  );
}

export function setupPage(csrf: string, token: string, error?: string): string {
  return layout(
    'First administrator',
    html`<h1>Create the first administrator</h1>
      <p>No administrator exists yet. This link works once; it was printed when the gateway started.</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/setup/${token}" class="stack">
        <input type="hidden" name="_csrf" value="${csrf}">
        <label>Name <input name="name" autocomplete="username" required autofocus></label>
        <label>Password (at least 12 characters)
          <input name="password" type="password" autocomplete="new-password" minlength="12" required></label>
        <button type="submit">Create administrator</button>
      </form>`,
  );
}

function itemRow(i: QuarantineItem): Html {
  return html`<tr>
    <td><a href="/quarantine/${i.id}">${i.id}</a></td><td>${iso(i.receivedAt)}</td>
    <td>${i.sender || '<>'}</td><td>${i.subject}</td>
    <td>${i.types.map((t) => html`<span class="tag">${typeName(t)}</span> `)}</td>
    <td>${i.verdict === 'hold' ? html`<strong>held</strong>${i.reason ? html`: ${i.reason}` : ''}` : 'redacted'}</td>
    <td>${i.state}</td><td>${i.ticket ? html`<a href="/tickets/${i.ticket}">${i.ticket}</a>` : '-'}</td></tr>`;
}

export function listPage(
  ctx: PageContext,
  items: QuarantineItem[],
  counts: Record<string, number>,
  f: QuarantineFilter & { fromText?: string; toText?: string },
): string {
  const option = (value: string, current: string | undefined, label = value) =>
    html`<option value="${value}" ${value === (current ?? '') ? html`selected` : ''}>${label}</option>`;
  return layout(
    'Quarantine',
    html`<h1>Quarantine</h1>
      <p class="counts">${QUARANTINE_STATES.map((s) => html`<span>${s}: <strong>${counts[s] ?? 0}</strong></span> `)}</p>
      <form method="get" action="/quarantine" class="filters" role="search">
        <label>State <select name="state">${option('', f.state ?? undefined, 'any')}${QUARANTINE_STATES.map((s) => option(s, f.state ?? undefined))}</select></label>
        <label>Type <select name="type">${option('', f.type, 'any')}${SECRET_TYPES.map((t) => option(t, f.type, typeName(t)))}</select></label>
        <label>Sender <input name="sender" value="${f.sender ?? ''}"></label>
        <label>From <input name="from" type="date" value="${f.fromText ?? ''}"></label>
        <label>To <input name="to" type="date" value="${f.toText ?? ''}"></label>
        <button type="submit">Filter</button>
      </form>
      ${
        items.length
          ? html`<table><caption>${items.length} item(s)</caption><thead><tr><th>Item</th><th>Received (UTC)</th><th>Sender</th>
              <th>Subject (redacted)</th><th>Found</th><th>Why</th><th>State</th><th>Ticket</th></tr></thead>
              <tbody>${items.map(itemRow)}</tbody></table>`
          : html`<p>No items match.</p>`
      }`,
    ctx,
  );
}

type ShownItem = QuarantineItem & {
  findings: Array<{ type: string; location: string; preview: string }>;
  view: RedactedView | undefined;
};

export function itemPage(ctx: PageContext, item: ShownItem, notice?: string): string {
  const act = may(ctx.principal.role, 'act');
  const v = item.view;
  const reasonForm = (action: string, label: string, confirmText: string, required: boolean) =>
    html`<form method="post" action="/quarantine/${item.id}/${action}" class="stack action">
      <input type="hidden" name="_csrf" value="${ctx.csrf}">
      <label>Reason${required ? '' : ' (optional)'} <input name="reason" ${required ? html`required` : ''} maxlength="500"></label>
      <label class="confirm"><input type="checkbox" name="confirm" value="yes" required> ${confirmText}</label>
      <button type="submit">${label}</button></form>`;
  return layout(
    `Item ${item.id}`,
    html`<h1>Quarantine item ${item.id}</h1>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      <dl class="meta"><dt>State</dt><dd>${item.state}</dd>
        <dt>Why</dt><dd>${item.verdict === 'hold' ? html`held${item.reason ? html`: ${item.reason}` : ''}` : 'confidential data removed'}</dd>
        <dt>Sender</dt><dd>${item.sender || '<>'}</dd><dt>Received</dt><dd>${iso(item.receivedAt)} UTC</dd>
        <dt>Ticket</dt><dd>${item.ticket ? html`<a href="/tickets/${item.ticket}">${item.ticket}</a>` : '-'}</dd></dl>
      <h2>Found</h2>
      ${
        item.findings.length
          ? html`<ul class="findings">${item.findings.map((f) => html`<li><span class="tag">${typeName(f.type)}</span> in ${f.location} <code>${f.preview}</code></li>`)}</ul>`
          : html`<p>${item.types.map((t) => html`<span class="tag">${typeName(t)}</span> `)}</p>`
      }
      <h2>The message as the helpdesk got it</h2>
      ${
        v === undefined
          ? html`<p>The original is ${item.state}: nothing left to show.</p>`
          : v.omitted
            ? html`<p>Not shown: ${v.omitted}.</p>`
            : html`<dl class="meta"><dt>Subject</dt><dd>${withMarkers(v.subject)}</dd><dt>From</dt><dd>${v.from}</dd></dl>
              <pre class="body">${withMarkers(v.text)}${v.truncated ? '\n[…]' : ''}</pre>
              ${v.attachments.length ? html`<p>Attachments: ${v.attachments.map((a) => html`<span class="tag">${withMarkers(a.name)} (${a.size} bytes)</span> `)}</p>` : ''}`
      }
      ${
        act && (item.state === 'quarantined' || item.state === 'released')
          ? html`<h2>Actions</h2><div class="actions">
              ${reasonForm('reveal', 'Reveal the original', 'I need to see the confidential data; this is logged.', true)}
              ${item.state === 'quarantined' ? reasonForm('release', 'Release to the helpdesk', 'Deliver the original, unredacted, to the helpdesk.', true) : ''}
              ${reasonForm('delete', 'Delete the original', 'Destroy the original for good.', false)}</div>`
          : ''
      }`,
    ctx,
  );
}

export function revealPage(ctx: PageContext, id: string, original: string): string {
  return layout(
    `Original of ${id}`,
    html`<h1>Original of item ${id}</h1>
      <p class="warning" role="alert">This is the message as received, with the confidential data. It is shown
      once and hides itself after a minute; reload to hide it now. Your access is in the audit log.</p>
      <pre class="original">${original}</pre>
      <p><a href="/quarantine/${id}">Back to the item</a></p>`,
    ctx,
  );
}

export function ticketsPage(ctx: PageContext, tickets: TicketRow[]): string {
  return layout(
    'Tickets',
    html`<h1>Tickets</h1>
      ${
        tickets.length
          ? html`<table><thead><tr><th>Ticket</th><th>Status</th><th>Requester</th><th>Subject (redacted)</th><th>Updated (UTC)</th></tr></thead>
            <tbody>${tickets.map((t) => html`<tr><td><a href="/tickets/${t.id}">${t.id}</a></td><td>${t.status}</td><td>${t.requester}</td><td>${t.subject}</td><td>${iso(t.updatedAt)}</td></tr>`)}</tbody></table>`
          : html`<p>No tickets yet.</p>`
      }`,
    ctx,
  );
}

export function ticketPage(
  ctx: PageContext,
  t: TicketRow & {
    messages: Array<{ queueId: string; receivedAt: number }>;
    findings: Array<{ queueId: string; type: string; location: string }>;
    items: QuarantineItem[];
    uploads:
      | Array<{ id: string; kind: string; size: number | null; name: string; submittedAt: number | null }>
      | undefined;
  },
  notice?: string,
): string {
  return layout(
    `Ticket ${t.id}`,
    html`<h1>Ticket ${t.id}</h1>
      ${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
      <dl class="meta"><dt>Status</dt><dd>${t.status}</dd><dt>Requester</dt><dd>${t.requester}</dd>
        <dt>Subject</dt><dd>${t.subject}</dd><dt>Opened</dt><dd>${iso(t.createdAt)} UTC</dd></dl>
      <h2>Thread</h2>
      <ol>${t.messages.map((m) => {
        const found = t.findings.filter((f) => f.queueId === m.queueId);
        const item = t.items.find((i) => i.id === m.queueId);
        return html`<li>${iso(m.receivedAt)} UTC
          ${found.length ? html` · removed: ${[...new Set(found.map((f) => typeName(f.type)))].join(', ')}` : ''}
          ${item ? html` · <a href="/quarantine/${item.id}">item ${item.id}</a> (${item.state})` : ''}</li>`;
      })}</ol>
      ${
        t.uploads
          ? html`<h2>Sent through the secure channel</h2>${
              t.uploads.length
                ? html`<ul>${t.uploads.map(
                    (u) =>
                      html`<li><a href="/tickets/${t.id}/uploads/${u.id}">${u.name}</a> (${u.size ?? '?'} bytes${
                        u.submittedAt ? html`, ${iso(u.submittedAt)} UTC` : ''
                      }) · opening it is logged</li>`,
                  )}</ul>`
                : html`<p>Nothing yet.</p>`
            }`
          : ''
      }
      ${
        t.status === 'open' && may(ctx.principal.role, 'act')
          ? html`<form method="post" action="/tickets/${t.id}/solve" class="stack action">
              <input type="hidden" name="_csrf" value="${ctx.csrf}">
              <label class="confirm"><input type="checkbox" name="confirm" value="yes" required>
                Solving destroys every quarantined original of this ticket.</label>
              <button type="submit">Mark solved</button></form>`
          : ''
      }`,
    ctx,
  );
}

export function auditPage(ctx: PageContext, rows: AuditRow[]): string {
  return layout(
    'Audit log',
    html`<h1>Audit log</h1><p>Newest first. Every view, reveal, release, delete and solve is here, with who and why.</p>
      <table><thead><tr><th>#</th><th>When (UTC)</th><th>Who</th><th>What</th><th>Item</th><th>Reason</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td>${r.id}</td><td>${iso(r.at)}</td><td>${r.actor}</td><td>${r.action}</td><td>${r.item ?? ''}</td><td>${r.reason ?? ''}</td></tr>`)}</tbody></table>`,
    ctx,
  );
}

export function errorPage(status: number, text: string, ctx?: PageContext): string {
  return layout(`${status}`, html`<h1>${status}</h1><p>${text}</p><p><a href="/">Back</a></p>`, ctx);
}

export const APP_CSS = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header{display:flex;gap:1.2em;align-items:center;padding:.6em 1.2em;background:#243447;color:#fff}
header a{color:#fff;margin-right:1em}header .who{margin-left:auto;opacity:.85}
main{padding:1em 1.5em;max-width:1200px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}
caption{text-align:left;padding:.3em 0;color:#555}
.tag{display:inline-block;background:#e8eef6;border-radius:3px;padding:0 .35em;margin:.1em 0;font-size:.9em}
mark.redacted{background:#ffe08a;color:#000;font-weight:600;padding:0 .15em;border-radius:2px}
pre{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #ddd;padding:.8em;max-height:60vh;overflow:auto}
.original{border-color:#c0392b}
.warning,.error{color:#8b1a10;font-weight:600}.notice{color:#155724}
.stack{display:flex;flex-direction:column;gap:.5em;max-width:28em}
.filters{display:flex;flex-wrap:wrap;gap:.8em;align-items:end;margin:.8em 0}
.actions{display:flex;flex-wrap:wrap;gap:2em}.action{border:1px solid #ddd;padding:.8em;background:#fff}
.inline{display:inline}dl.meta{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{color:#555}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #2d7ff9;outline-offset:1px}
button{padding:.35em .9em}
/* An original is on screen for a minute at most: hidden by the stylesheet, no script needed. */
.original{animation:hide-original 0s linear 60s forwards}
@keyframes hide-original{to{visibility:hidden;max-height:0;padding:0;border:0}}
`;
