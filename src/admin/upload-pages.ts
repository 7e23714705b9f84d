import { html } from './html.js';

import type { UploadTexts } from './upload-texts.js';

/** The customer's upload page and its answers: plain words, no staff navigation, no data shown. */
function page(t: UploadTexts, title: string, body: ReturnType<typeof html>, scripts = false): string {
  return `<!doctype html>${html`<html lang="${t.language}"><head><meta charset="utf-8">
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

const size = (n: number) =>
  n >= 1024 ** 3
    ? `${Number((n / 1024 ** 3).toFixed(1))} GB`
    : `${Math.max(1, Math.round(n / 1024 ** 2))} MB`;

function when(ms: number, language: string): string {
  try {
    return `${new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(ms)} UTC`;
  } catch {
    return new Date(ms).toUTCString();
  }
}

export function uploadPage(t: UploadTexts, i: UploadPageInfo, error?: string): string {
  return page(
    t,
    t.t('title'),
    html`<h1>${t.t('title')}</h1>
      <p>${t.t('intro', { ticketId: i.ticketId })}</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/upload/${i.token}" id="upload-form" data-token="${i.token}" data-max="${i.maxBytes}"
        data-sending="${t.t('sending', { name: '{name}', percent: '{percent}' })}"
        data-stopped="${t.t('stopped', { name: '{name}' })}" data-too-large="${t.t('too.large', { name: '{name}' })}"
        data-empty="${t.t('empty')}">
        <label for="text">${t.t('label.text')}</label>
        <textarea id="text" name="text" rows="6" maxlength="65536" autocomplete="off" spellcheck="false"></textarea>
        <label for="files">${t.t('label.files', { maxSize: size(i.maxBytes) })}</label>
        <input id="files" type="file" multiple>
        <input type="hidden" name="files" id="file-ids" value="">
        <p id="progress" role="status" aria-live="polite"></p>
        <button type="submit">${t.t('button')}</button>
      </form>
      <p class="small">${t.t('note', { expires: when(i.expiresAt, t.language) })}</p>
      ${
        i.pgp?.fingerprint
          ? html`<p class="small">${t.t('pgp', { fingerprint: i.pgp.fingerprint })}${
              i.pgp.url ? html` (<a href="${i.pgp.url}">${t.t('pgp.file')}</a>)` : ''
            }</p>`
          : ''
      }`,
    true,
  );
}

export function uploadDonePage(t: UploadTexts, ticketId: string): string {
  return page(
    t,
    t.t('done.title'),
    html`<h1>${t.t('done.title')}</h1><p>${t.t('done.text', { ticketId })}</p>`,
  );
}

export function uploadGonePage(t: UploadTexts, why: 'unknown' | 'expired' | 'spent'): string {
  return page(t, t.t('gone.title'), html`<h1>${t.t('gone.title')}</h1><p>${t.t(`gone.${why}`)}</p>`);
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
  var say = function (key, name, percent) {
    return form.getAttribute('data-' + key).replace('{name}', name || '').replace('{percent}', percent || '');
  };
  var sending = false;
  form.addEventListener('submit', function (ev) {
    var files = Array.prototype.slice.call(picker.files || []);
    if (files.length === 0 && !document.getElementById('text').value.trim()) { ev.preventDefault(); progress.textContent = say('empty'); return; }
    if (sending || files.length === 0) return;
    ev.preventDefault();
    for (var i = 0; i < files.length; i++) if (files[i].size > max) { progress.textContent = say('too-large', files[i].name); return; }
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
        onProgress: function (sent, total) { progress.textContent = say('sending', f.name, String(Math.floor(sent * 100 / total))); },
        onError: function () { sending = false; progress.textContent = say('stopped', f.name); },
        onSuccess: function () { done.push(up.url.split('/').pop()); next(k + 1); }
      });
      up.findPreviousUploads().then(function (prev) { if (prev.length) up.resumeFromPreviousUpload(prev[0]); up.start(); });
    };
    next(0);
  });
});
`;
