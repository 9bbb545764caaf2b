/**
 * Headless Chromium (the Debian package) driven by playwright-core, and the page helpers the
 * browser tests share: wait for the map, click a place given in lon/lat, save screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { mercator } from './page-globals.ts';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../../screenshots');

/** WebGL on the CPU (SwiftShader), asked for outright: headless Chromium has no GPU, and its silent fallback is deprecated. */
const SOFTWARE_WEBGL = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

/** @param options.webgl for pages that draw with WebGL (MapLibre GL); the OpenLayers client needs none */
export async function launchBrowser(options: { webgl?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--headless', ...(options.webgl ? SOFTWARE_WEBGL : [])],
  });
}

/** A page that fails the test on any script error it throws. */
export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number; mobile?: boolean; geolocation?: { longitude: number; latitude: number } } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
    locale: 'zh-CN',
    geolocation: options.geolocation,
    permissions: options.geolocation ? ['geolocation'] : [],
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

/** Opens the map and waits until its layers are loaded and drawn. */
export async function openMap(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60_000 });
}

/** Centres the map on a place, waits for the redraw, and clicks it. */
export async function clickLonLat(page: Page, lon: number, lat: number, zoom = 15): Promise<void> {
  const pixel = await page.evaluate(
    async ([c, z]) => {
      const handle = window.__onemap;
      if (!handle) throw new Error('the map is not running');
      const { map } = handle;
      map.getView().setCenter(c);
      map.getView().setZoom(z);
      await new Promise<void>((resolve) => {
        map.once('rendercomplete', () => resolve());
        map.render();
      });
      const p = map.getPixelFromCoordinate(c);
      const rect = map.getTargetElement().getBoundingClientRect();
      return [p[0] + rect.left, p[1] + rect.top];
    },
    [mercator(lon, lat), zoom] as const,
  );
  await page.mouse.click(pixel[0], pixel[1]);
}

/** Form controls in `scope` that a screen reader could not name (no label, aria-label or text). */
export async function unlabelledControls(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(`${sel} input, ${sel} select, ${sel} textarea, ${sel} button`)) {
      if (el.offsetParent === null) continue; // not shown
      const labelled = ('labels' in el && (el as HTMLInputElement).labels?.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent?.trim());
      if (!labelled) out.push(el.outerHTML.slice(0, 80));
    }
    return out;
  }, scope);
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/**
 * How much of the map is drawn: the share of map pixels that differ from the empty
 * background, and how many distinct colours they use (a blank or broken map has ~0 and ~1).
 */
export async function mapInk(page: Page, map = '#map'): Promise<{ inked: number; colours: number }> {
  return page.evaluate((sel) => {
    const el = document.querySelector(`${sel} .ol-viewport`) as HTMLElement;
    const { width, height } = el.getBoundingClientRect();
    const out = document.createElement('canvas');
    out.width = Math.round(width);
    out.height = Math.round(height);
    const ctx = out.getContext('2d') as CanvasRenderingContext2D;
    for (const c of el.querySelectorAll('canvas')) ctx.drawImage(c, 0, 0, out.width, out.height);
    const data = ctx.getImageData(0, 0, out.width, out.height).data;
    let inked = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      inked++;
      colours.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
    }
    return { inked: inked / (out.width * out.height), colours: colours.size };
  }, map);
}
