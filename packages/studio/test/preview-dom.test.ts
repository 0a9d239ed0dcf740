/**
 * The phone preview's and the translations table's DOM, in a real browser: Debian's Chromium
 * driven by playwright-core, the page's own modules served by Vite on 127.0.0.1. The bubbles are
 * Jalna Mitra's real replies (serve's renderer → `previewTurn`); taps and row picks reach the handlers.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, nodeHost } from '@samvad/compiler';
import { runTurn } from '@samvad/runtime';
import type { Graph, GraphOption, MenuNode, Outbound, Session } from '@samvad/runtime';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { createServer } from 'vite';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainText } from '../src/shared/preview-format.js';
import { previewTurn } from '../src/shared/preview-serve.js';
import type { Bubble } from '../src/shared/preview-types.js';
import { translationTable } from '../src/shared/translations.js';
import type { TranslationTable } from '../src/shared/translations-types.js';

const repo = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
/** Debian's Chromium, or `SAMVAD_CHROMIUM` (as the studio's browser tests). */
const CHROMIUM = process.env['SAMVAD_CHROMIUM'] ?? '/usr/bin/chromium';
/** Screenshots of what was drawn (gitignored). */
const ARTIFACTS = repo('.tmp/studio-screenshots');
const webDir = fileURLToPath(new URL('../src/web', import.meta.url));

let graph: Graph;
let vite: ViteDevServer;
let browser: Browser;
let page: Page;
let origin: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`the preview's browser tests need Chromium at ${CHROMIUM}, which is missing: apt-get update && apt-get install -y chromium (.ci/run does this), or set SAMVAD_CHROMIUM`);
  const result = compile(repo('flows/jalna-mitra.flow'), nodeHost());
  if (result.graph === undefined) throw new Error('flows/jalna-mitra.flow did not compile');
  graph = result.graph;
  vite = await createServer({
    configFile: false,
    root: webDir,
    appType: 'custom',
    logLevel: 'silent',
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null, fs: { allow: [repo('packages')] } },
  });
  await vite.listen();
  const address = vite.httpServer?.address();
  if (address === null || address === undefined || typeof address === 'string') throw new Error('vite did not listen');
  origin = `http://127.0.0.1:${address.port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 420, height: 800 } });
  await page.goto(`${origin}/phone.css`);
  // The page's own modules, as Vite serves them to the studio (CSS included).
  await page.addScriptTag({
    type: 'module',
    content: `import { renderBubble } from '/phone.ts';
import { renderTranslations } from '/translations-view.ts';
window.studio = { renderBubble, renderTranslations };`,
  });
  await page.waitForFunction(() => 'studio' in window, undefined, { timeout: 30_000 });
}, 60_000);

/** The modules the test page loaded. */
interface Studio {
  readonly renderBubble: typeof import('../src/web/phone.js').renderBubble;
  readonly renderTranslations: typeof import('../src/web/translations-view.js').renderTranslations;
}

afterAll(async () => {
  await browser?.close();
  await vite?.close();
});

/** Draws `bubbles` in a fresh chat; taps and picks are recorded in `window.events`. */
async function show(bubbles: readonly Bubble[]): Promise<void> {
  await page.evaluate((list) => {
    const w = window as unknown as { events: string[]; studio: Studio };
    const { renderBubble } = w.studio;
    w.events = [];
    document.body.innerHTML = '';
    const phone = document.createElement('div');
    phone.className = 'phone';
    const chat = document.createElement('div');
    chat.className = 'wa-chat';
    phone.append(chat);
    document.body.append(phone);
    for (const bubble of list) {
      chat.append(
        renderBubble(bubble, {
          onTap: (id, title) => w.events.push(`tap ${id} ${title}`),
          onPickRow: (id, title) => w.events.push(`row ${id} ${title}`),
        }),
      );
    }
  }, bubbles);
}

const events = () => page.evaluate(() => (window as unknown as { events: string[] }).events);
const texts = (selector: string) => page.locator(selector).allInnerTexts();

/** The bubbles of a conversation after each reply id, starting in `lang`. */
async function conversation(lang: string, replies: readonly string[]): Promise<Bubble[]> {
  let session: Session | undefined;
  let outbound: readonly Outbound[] = [];
  let now = 1_700_000_000_000;
  for (const inbound of [{ kind: 'reply' as const, id: `~lang:${lang}` }, ...replies.map((id) => ({ kind: 'reply' as const, id }))]) {
    const result = await runTurn(graph, session, inbound, { now: (now += 1000), providers: {} });
    session = result.session;
    outbound = result.outbound;
  }
  return previewTurn(graph, outbound, lang);
}

describe('renderBubble in Chromium', () => {
  it('draws a list: the body with its formatting, a button that opens a sheet of rows, the pick reaches onPickRow', async () => {
    const bubbles = await conversation('mr', ['home/jalna_mitra']);
    const list = bubbles.find((b) => b.kind === 'list');
    if (list?.kind !== 'list') throw new Error(`no list in ${JSON.stringify(bubbles.map((b) => b.kind))}`);
    await show([list]);
    expect(await page.locator('[data-testid=bubble]').getAttribute('data-kind')).toBe('list');
    expect(await texts('[data-testid=list-button]')).toEqual([list.button]);
    expect(await texts('[data-testid=bubble-text]')).toEqual([plainText(list.body)]);
    await expect.poll(() => page.locator('[data-testid=list-sheet]').count()).toBe(0);
    await page.locator('[data-testid=list-button]').click();
    // The sheet covers the phone's screen from the bottom, not the page; Escape closes it.
    const phone = await page.locator('.phone').boundingBox();
    const sheet = await page.locator('[data-testid=list-sheet]').boundingBox();
    if (phone === null || sheet === null) throw new Error('the phone or the sheet is not drawn');
    expect(sheet.x >= phone.x && sheet.x + sheet.width <= phone.x + phone.width).toBe(true);
    expect(Math.abs(sheet.y + sheet.height - (phone.y + phone.height - 8))).toBeLessThanOrEqual(1);
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=list-sheet]').count()).toBe(0);
    await page.locator('[data-testid=list-button]').click();
    // A second open (the button is under the backdrop: a script's click) still shows one sheet.
    await page.locator('[data-testid=list-button]').evaluate((b) => (b as HTMLButtonElement).click());
    expect(await page.locator('[data-testid=list-sheet]').count()).toBe(1);
    const rows = list.sections.flatMap((s) => s.rows);
    expect(await page.locator('[data-testid=list-row]').count()).toBe(rows.length);
    const titles = await texts('[data-testid=list-row] .wa-row-title');
    expect(titles).toEqual(rows.map((r) => r.title));
    const described = rows.filter((r) => r.description !== undefined).map((r) => r.description);
    expect(await texts('[data-testid=list-row] .wa-row-description')).toEqual(described);
    expect(await page.locator('[data-testid=list-send]').isDisabled()).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('.phone').screenshot({ path: join(ARTIFACTS, 'preview-list-sheet-mr.png') });
    const second = rows[1];
    if (second === undefined) throw new Error('the list has fewer than 2 rows');
    await page.locator('[data-testid=list-row]').nth(1).click();
    await page.locator('[data-testid=list-send]').click();
    expect(await events()).toEqual([`row ${second.id} ${second.title}`]);
    expect(await page.locator('[data-testid=list-sheet]').count()).toBe(0);
  });

  it('draws reply buttons under the bubble, and a tap reaches onTap with the id and title', async () => {
    const page1 = await conversation('en', ['home/jalna_mitra', 'departments/electricity']);
    const buttons = page1.find((b) => b.kind === 'buttons');
    if (buttons?.kind !== 'buttons') throw new Error(`no buttons in ${JSON.stringify(page1.map((b) => b.kind))}`);
    await show([buttons]);
    expect(await texts('[data-testid=reply-button]')).toEqual(buttons.buttons.map((b) => b.title));
    const bubbleBox = await page.locator('[data-testid=bubble]').boundingBox();
    const firstButton = await page.locator('[data-testid=reply-button]').first().boundingBox();
    expect(firstButton && bubbleBox && firstButton.y >= bubbleBox.y + bubbleBox.height).toBe(true);
    const last = buttons.buttons[buttons.buttons.length - 1];
    if (last === undefined) throw new Error('no button');
    await page.locator('[data-testid=reply-button]').last().click();
    expect(await events()).toEqual([`tap ${last.id} ${last.title}`]);
  });

  it('draws WhatsApp formatting (bold without its stars), a link button and tappable links', async () => {
    const bubbles = await conversation('mr', []);
    await show([
      ...bubbles,
      { kind: 'link', body: { raw: 'See the portal', spans: [{ text: 'See the portal', styles: [] }] }, label: 'Aaple Sarkar', url: 'https://aaplesarkar.mahaonline.gov.in/' },
      {
        kind: 'text',
        previewUrl: true,
        text: { raw: 'GR: https://gr.maharashtra.gov.in/', spans: [{ text: 'GR: ', styles: [] }, { text: 'https://gr.maharashtra.gov.in/', styles: [], href: 'https://gr.maharashtra.gov.in/' }] },
      },
      ...previewTurn(graph, [{ kind: 'media', mediaType: 'document', url: 'https://example.org/gr/rain%202025.pdf', caption: '*GR*' }], 'en'),
    ]);
    expect(await texts('[data-testid=media] .wa-media-name')).toEqual(['rain 2025.pdf']);
    expect(await texts('[data-testid=media] .wa-media-type')).toEqual(['PDF']);
    expect(await page.locator('[data-testid=media]').getAttribute('title')).toBe('https://example.org/gr/rain%202025.pdf');
    const bold = page.locator('.wa-bold').first();
    expect(await bold.innerText()).toBe('जालना मित्र');
    expect(await bold.evaluate((e) => getComputedStyle(e).fontWeight)).toBe('700');
    expect((await texts('[data-testid=bubble-text]')).join('\n')).not.toContain('*');
    expect(await page.locator('[data-testid=link-button]').getAttribute('href')).toBe('https://aaplesarkar.mahaonline.gov.in/');
    expect(await texts('[data-testid=link-button]')).toEqual(['Aaple Sarkar']);
    expect(await page.locator('[data-testid=bubble-text] a').last().getAttribute('href')).toBe('https://gr.maharashtra.gov.in/');
    expect(await texts('[data-testid=link-preview]')).toEqual(['gr.maharashtra.gov.in']);
  });
});

/** Jalna Mitra's table with one Marathi row title made too long and one Hindi label removed. */
function editedTable(): TranslationTable {
  const menu = graph.nodes['revenue'] as MenuNode;
  const options = menu.options.map((o): GraphOption => {
    if (o.id === 'caste') return { ...o, label: { ...o.label, mr: 'जातीचे प्रमाणपत्र व दाखला' } };
    if (o.id === 'income') {
      const { hi: _hi, ...label } = o.label;
      return { ...o, label };
    }
    return o;
  });
  return translationTable({ ...graph, nodes: { ...graph.nodes, revenue: { ...menu, options } } });
}

describe('renderTranslations in Chromium', () => {
  it('shows every text, marks missing and too-long cells with letters and characters, and filters', async () => {
    const table = editedTable();
    await page.evaluate((t) => {
      const { renderTranslations } = (window as unknown as { studio: Studio }).studio;
      document.body.innerHTML = '';
      document.body.append(renderTranslations(t));
    }, table);
    const rows = page.locator('[data-testid=translation-row]');
    expect(await rows.count()).toBe(table.rows.length);
    expect(await page.locator('th').allInnerTexts()).toEqual(['Where', 'Shown as', 'मराठी (mr)', 'हिंदी (hi)', 'English (en)']);
    const caste = page.locator('[data-testid=translation-row][data-key="revenue.option.caste"] [data-testid=translation-cell][data-lang=mr]');
    expect(await caste.innerText()).toContain('15 letters (25 characters)');
    expect(await caste.innerText()).toContain('too long: 25 of 24 characters');
    await page.locator('[data-testid=filter-missing]').check();
    expect(await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['key']))).toEqual(['revenue.option.income']);
    expect(await page.locator('[data-testid=translation-cell][data-lang=hi]').innerText()).toBe('missing');
    await page.locator('[data-testid=filter-missing]').uncheck();
    await page.locator('[data-testid=filter-too-long]').check();
    expect(await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['key']))).toEqual(['revenue.option.caste']);
    expect(await page.locator('[data-testid=translations-summary]').innerText()).toBe(`1 of ${table.rows.length} texts · 1 missing · 1 too long`);
  });
});
