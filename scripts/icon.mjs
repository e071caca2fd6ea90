// Renders the Marketplace icon media/icon.svg to media/icon.png (256x256, transparent corners) in
// Debian's Chromium, through the same launcher as the UI tests (test/launch/browser.mjs):
//
//   node scripts/icon.mjs                      # writes media/icon.png
//   node scripts/icon.mjs --preview sheet.png  # also a sheet of the PNG at 128, 64 and 32 px on
//                                              # light and dark backgrounds, to check legibility
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openWorkbench } from '../test/launch/browser.mjs';
import { REPO_ROOT } from '../test/launch/ensureTools.mjs';

const SVG = path.join(REPO_ROOT, 'media', 'icon.svg');
const PNG = path.join(REPO_ROOT, 'media', 'icon.png');
const SIZE = 256;

const args = process.argv.slice(2);
const previewAt = args.indexOf('--preview');
const preview = previewAt >= 0 ? args[previewAt + 1] : undefined;
if ((previewAt >= 0 && !preview) || args.length !== (preview ? 2 : 0)) {
  console.error('usage: node scripts/icon.mjs [--preview <out.png>]');
  process.exit(2);
}

const wb = await openWorkbench(pathToFileURL(SVG).href, {
  viewport: { width: SIZE, height: SIZE },
  waitForWorkbench: false,
});
try {
  // An SVG document is drawn at its own width and height from the top-left corner, so the page is
  // exactly the icon; omitBackground keeps everything outside its shapes transparent.
  await wb.page.screenshot({ path: PNG, omitBackground: true });
  console.log(`[icon] wrote ${path.relative(REPO_ROOT, PNG)} (${fs.statSync(PNG).size} bytes)`);
  if (preview) {
    await writePreview(wb.page, path.resolve(preview));
  }
} finally {
  await wb.close();
}

/** The rendered PNG scaled down as VS Code and the Marketplace show it, on light and dark. */
async function writePreview(page, file) {
  const src = `data:image/png;base64,${fs.readFileSync(PNG).toString('base64')}`;
  const sizes = [128, 64, 32];
  const cell = (size) => `<img src="${src}" width="${size}" height="${size}">`;
  const strip = (background) =>
    `<div style="background:${background};display:flex;align-items:center;gap:24px;padding:24px">` +
    `${sizes.map(cell).join('')}</div>`;
  await page.goto('about:blank'); // leave the SVG document for an HTML one
  await page.setViewportSize({ width: 24 * 4 + sizes.reduce((a, b) => a + b, 0), height: 2 * (128 + 48) });
  await page.setContent(`<body style="margin:0">${strip('#ffffff')}${strip('#1e1e1e')}</body>`);
  await page.screenshot({ path: file });
  console.log(`[icon] wrote ${file}`);
}
