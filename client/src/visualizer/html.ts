// The visualizer page's HTML. Pure (no vscode import) so the Chromium test loads exactly what the panel shows.
// The page is a shell: everything in it is built by dist/webview.js with createElement/textContent, and the
// Content-Security-Policy allows only that script (by nonce), the explore worker it starts from its own text (a
// blob: URL: explore-thread.ts) and the extension's own stylesheet — nothing remote, no inline script or style.

export interface PageResources {
  /** `webview.cspSource`: the origin the webview serves extension files from. */
  cspSource: string;
  /** A fresh random value per page load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy({ cspSource, nonce }: Pick<PageResources, 'cspSource' | 'nonce'>): string {
  return [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `worker-src blob:`, `style-src ${cspSource}`, `img-src ${cspSource} data:`].join('; ');
}

export function visualizerHtml(resources: PageResources): string {
  const attr = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(resources))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(resources.styleUri)}">
<title>Lockstep Visualizer</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="placeholder">Loading the concurrency model…</p></main>
<script nonce="${attr(resources.nonce)}" src="${attr(resources.scriptUri)}"></script>
</body>
</html>
`;
}

/** 128 random bits in base64, from whatever random source the caller has (node:crypto in the host). */
export function nonceFrom(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
