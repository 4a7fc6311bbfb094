/**
 * Opens a written report in headless Debian Chromium (playwright-core, no downloaded browser) and
 * reports what a reader would hit: console errors, page errors, any request that is not the file
 * itself, and each plot's drawn size. CI needs the browser: `apt-get install -y chromium`.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.A2V_CHROMIUM ?? '/usr/bin/chromium';

/** A node:test `skip` value: false when Chromium is installed, else the reason. */
export function chromiumSkip(): false | string {
  return existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (or set A2V_CHROMIUM)`;
}

export interface BrowserCheck {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests other than the report file itself (a self-contained page makes none). */
  otherRequests: string[];
  /** data-plot-id and drawn width × height of each <figure class="plot">'s svg. */
  plots: Array<{ id: string; width: number; height: number; series: string }>;
  title: string;
  screenshot: Buffer;
}

export async function checkReportInBrowser(indexPath: string): Promise<BrowserCheck> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const url = pathToFileURL(indexPath).href;
    const check: Omit<BrowserCheck, 'plots' | 'title' | 'screenshot'> = { consoleErrors: [], pageErrors: [], otherRequests: [] };
    page.on('console', (m) => { if (m.type() === 'error') check.consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => check.pageErrors.push(e.message));
    page.on('request', (r) => { if (r.url() !== url) check.otherRequests.push(r.url()); });
    await page.goto(url, { waitUntil: 'load' });
    const plots = await page.$$eval('figure.plot', (figures) => figures.map((f) => {
      const svg = f.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      return { id: f.getAttribute('data-plot-id') ?? '', series: f.getAttribute('data-series') ?? '', width: box?.width ?? 0, height: box?.height ?? 0 };
    }));
    return { ...check, plots, title: await page.title(), screenshot: await page.screenshot({ fullPage: true, type: 'png' }) };
  } finally {
    await browser.close();
  }
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(signature) || png.toString('ascii', 12, 16) !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
