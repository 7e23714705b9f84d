import { html } from './html.js';

/** The customer's upload page and its answers: plain words, no staff navigation, no data shown. */
function page(title: string, body: ReturnType<typeof html>, scripts = false): string {
  return `<!doctype html>${html`<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${title}</title><link rel="stylesheet" href="/upload-assets/upload.css">
${scripts ? html`<script src="/upload-assets/tus.min.js" defer></script><script src="/upload-assets/upload.js" defer></script>` : ''}
</head><body><main>${body}</main></body></html>`}`;
}

export interface UploadPageInfo {
  ticketId: string;
  token: string;
  maxBytes: number;
  expiresAt: number;
  pgp?: { fingerprint: string; url: string } | undefined;
}

const gib = (n: number) =>
  n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 ? 1 : 0)} GB` : `${Math.round(n / 1024 ** 2)} MB`;

export function uploadPage(i: UploadPageInfo): string {
  return page(
    `Secure upload for ticket ${i.ticketId}`,
    html`<h1>Send us confidential information securely</h1>
      <p>This page belongs to your support ticket <strong>${i.ticketId}</strong>. What you send here goes
      straight into encrypted storage. Only the support staff working on your ticket can open it, and it
      is deleted when the ticket is solved.</p>
      <form method="post" action="/upload/${i.token}" id="upload-form" data-token="${i.token}" data-max="${i.maxBytes}">
        <label for="text">Password, key or other details</label>
        <textarea id="text" name="text" rows="6" maxlength="65536" autocomplete="off" spellcheck="false"></textarea>
        <label for="files">Files (up to ${gib(i.maxBytes)} each)</label>
        <input id="files" type="file" multiple>
        <input type="hidden" name="files" id="file-ids" value="">
        <p id="progress" role="status" aria-live="polite"></p>
        <button type="submit">Send securely</button>
      </form>
      <p class="small">You can send once with this link; it works until ${new Date(i.expiresAt).toUTCString()}.
      Large files resume where they stopped if your connection drops. Files need JavaScript; text works without.</p>
      ${
        i.pgp?.fingerprint
          ? html`<p class="small">You can also encrypt to our PGP key, fingerprint <code>${i.pgp.fingerprint}</code>${
              i.pgp.url ? html` (<a href="${i.pgp.url}">key file</a>)` : ''
            }.</p>`
          : ''
      }`,
    true,
  );
}

export function uploadDonePage(ticketId: string): string {
  return page(
    'Received',
    html`<h1>Thank you</h1><p>We received what you sent for ticket <strong>${ticketId}</strong>. It is stored
      encrypted and our team will use it to help you. There is nothing else to do.</p>`,
  );
}

export function uploadGonePage(why: 'unknown' | 'expired' | 'spent'): string {
  const text =
    why === 'spent'
      ? 'Something has already been sent with this link, so it no longer works. If you need to send more, reply to your ticket and we will send you a new link.'
      : why === 'expired'
        ? 'This link has expired. Reply to your ticket and we will send you a new one.'
        : 'This link is not valid. Please check that you copied the whole address from our message.';
  return page('Link not usable', html`<h1>This link cannot be used</h1><p>${text}</p>`);
}

export const UPLOAD_CSS = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1b1b}
main{max-width:40em;margin:2em auto;background:#fff;padding:1.5em 2em;border:1px solid #ddd;border-radius:6px}
label{display:block;font-weight:600;margin-top:1em}textarea,input[type=file]{width:100%;box-sizing:border-box;margin-top:.3em}
button{margin-top:1.2em;padding:.5em 1.4em;font-size:1em}.small{color:#555;font-size:.9em}
:focus{outline:3px solid #2d7ff9;outline-offset:1px}
`;

/** The page's script: files go by tus (resumable), then the form carries their ids and the text. */
export const UPLOAD_JS = `
document.addEventListener('DOMContentLoaded', function () {
  var form = document.getElementById('upload-form');
  var picker = document.getElementById('files');
  var ids = document.getElementById('file-ids');
  var progress = document.getElementById('progress');
  var token = form.getAttribute('data-token');
  var max = Number(form.getAttribute('data-max'));
  var sending = false;
  form.addEventListener('submit', function (ev) {
    var files = Array.prototype.slice.call(picker.files || []);
    if (sending || files.length === 0) return;
    ev.preventDefault();
    for (var i = 0; i < files.length; i++) if (files[i].size > max) { progress.textContent = files[i].name + ' is too large.'; return; }
    sending = true;
    var done = [];
    var next = function (k) {
      if (k === files.length) { ids.value = done.join(','); form.submit(); return; }
      var f = files[k];
      var up = new tus.Upload(f, {
        endpoint: '/upload/files',
        headers: { 'deskguard-upload-token': token },
        metadata: { filename: f.name, filetype: f.type },
        chunkSize: 64 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
        removeFingerprintOnSuccess: true,
        onProgress: function (sent, total) { progress.textContent = 'Sending ' + f.name + ': ' + Math.floor(sent * 100 / total) + '%'; },
        onError: function () { sending = false; progress.textContent = 'Sending ' + f.name + ' stopped. Press the button again to resume.'; },
        onSuccess: function () { done.push(up.url.split('/').pop()); next(k + 1); }
      });
      up.findPreviousUploads().then(function (prev) { if (prev.length) up.resumeFromPreviousUpload(prev[0]); up.start(); });
    };
    next(0);
  });
});
`;
