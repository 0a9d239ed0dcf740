/**
 * Samvad Studio in a real browser (Chromium, playwright-core) against the real `samvad studio`
 * on a copy of flows/: diagnostics as the author types, the phone preview walked by tapping, the
 * language switch, the tests panel, the map, saving, and a reload after an edit on disk.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, copyFlows, launchChromium, spawnStudio } from './support/browser.js';
import type { Studio } from './support/browser.js';

let flows: { dir: string; remove: () => void };
let studio: Studio;
let browser: Browser;
let page: Page;
/** Keystroke → diagnostic on screen, per measured edit (ms). */
const latencies: number[] = [];
/** The server's check of those edits (ms). */
const checks: number[] = [];

beforeAll(async () => {
  flows = copyFlows();
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
  studio = await spawnStudio([join(flows.dir, 'jalna-mitra.flow'), '--port', '0', '--data', join(flows.dir, 'tests/gr-canned.json')]);
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`));
  page.on('response', (response) => void (response.status() >= 400 && errors.push(`${response.url()}: HTTP ${response.status()}`)));
  await page.goto(studio.url);
  try {
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  } catch (error) {
    throw new Error(`the page did not get ready: ${String(error)}\npage errors: ${JSON.stringify(errors)}\nstudio said:\n${studio.output()}`);
  }
  expect(errors).toEqual([]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await studio?.stop();
  flows?.remove();
  if (latencies.length > 0) {
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = (list: readonly number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
    process.stdout.write(
      `studio latency, last keystroke → diagnostic shown (Jalna Mitra, ${sorted.length} edits): median ${median(sorted).toFixed(0)} ms, max ${(sorted.at(-1) ?? 0).toFixed(0)} ms; server check median ${median(checks).toFixed(0)} ms\n`,
    );
  }
});

/** The phone's bubbles: kind and text. */
function bubbles(): Promise<{ kind: string; text: string }[]> {
  return page.$$eval('[data-testid=phone-messages] [data-testid=bubble]', (nodes) => nodes.map((n) => ({ kind: (n as HTMLElement).dataset['kind'] ?? '', text: n.textContent ?? '' })));
}

/** Opens the last list message's sheet and sends the row titled `title`. */
async function pickRow(title: string): Promise<void> {
  await page.locator('[data-testid=list-button]').last().click();
  await page.locator('[data-testid=list-sheet] [data-testid=list-row]', { hasText: title }).first().click();
  await page.locator('[data-testid=list-send]').click();
}

async function waitForNode(node: string): Promise<void> {
  await page.waitForSelector(`[data-testid=current-node][data-node="${node}"]`, { timeout: 15_000 });
}

/** Puts the editor's cursor just after `text` in the file shown (the page's test hook). */
async function cursorAfter(text: string): Promise<void> {
  expect(await page.evaluate((t) => (window as unknown as { studio: { find(t: string): boolean } }).studio.find(t), text)).toBe(true);
}

/** The text of the file shown in the editor. */
function editorText(): Promise<string> {
  return page.evaluate(() => (window as unknown as { studio: { text(): string } }).studio.text());
}

describe('samvad studio in Chromium', () => {
  it('serves a UTF-8 page with the bot\'s files in tabs and the welcome menu on the phone', async () => {
    expect(await page.evaluate(() => document.characterSet)).toBe('UTF-8');
    const tabs = await page.$$eval('[data-testid=tab]', (nodes) => nodes.map((n) => n.textContent));
    expect(tabs[0]).toBe('jalna-mitra.flow');
    expect(tabs).toContain('departments/revenue.flow');
    expect(tabs).toContain('gr.flow');
    const shown = await bubbles();
    expect(shown.at(-1)?.kind).toBe('list');
    expect(shown.at(-1)?.text).toContain('जालना मित्र');
    await page.waitForSelector('[data-testid=diagnostics-summary]');
  });

  it('shows a mistake\'s diagnostic inline as the author types, with help and its docs page; the fix clears it', async () => {
    for (let round = 0; round < 8; round += 1) {
      await cursorAfter('start: home');
      await page.keyboard.press('Backspace'); // start: hom
      const diagnostic = page.locator('[data-testid=diagnostic][data-code=FLOW2001]').first();
      await diagnostic.waitFor({ timeout: 10_000 });
      await page.waitForFunction(() => (window as unknown as { studio: { timings: { shownAt: number; lastKeyAt: number } } }).studio.timings.shownAt > (window as unknown as { studio: { timings: { lastKeyAt: number } } }).studio.timings.lastKeyAt);
      const timings = await page.evaluate(() => (window as unknown as { studio: { timings: { shownAt: number; lastKeyAt: number; checkMs: number } } }).studio.timings);
      latencies.push(timings.shownAt - timings.lastKeyAt);
      checks.push(timings.checkMs);
      if (round === 0) {
        expect(await diagnostic.locator('[data-testid=diagnostic-message]').textContent()).toContain('hom');
        expect(await diagnostic.locator('[data-testid=diagnostic-help]').textContent()).toMatch(/^help: .*home/);
        expect(await diagnostic.locator('[data-testid=diagnostic-code]').getAttribute('href')).toMatch(/docs\/diagnostics\/FLOW2001\.md$/);
        // Inline: the editor underlines the word and marks the line in the gutter.
        expect(await page.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
        expect(await page.locator('.cm-lint-marker-error').count()).toBeGreaterThan(0);
      }
      await page.keyboard.type('e'); // start: home again
      await page.locator('[data-testid=diagnostic][data-code=FLOW2001]').first().waitFor({ state: 'detached', timeout: 10_000 });
      expect(await page.locator('.cm-lintRange-error').count()).toBe(0);
    }
    expect(latencies.length).toBe(8);
  });

  it('goes to a node\'s definition with F12, or Ctrl-click, from a reference', async () => {
    await page.locator('[data-testid=tab]', { hasText: 'jalna-mitra.flow' }).click();
    await cursorAfter('option jalna_mitra -> departments');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('F12');
    await page.waitForFunction(() => document.querySelector('.cm-activeLine')?.textContent?.startsWith('menu departments') === true, undefined, { timeout: 10_000 });
    // Ctrl-click on a reference does the same.
    await cursorAfter('option jalna_mitra -> departments');
    await page.keyboard.press('Home');
    const at = await page.evaluate(() => {
      const line = [...document.querySelectorAll('.cm-line')].find((l) => l.textContent === '  option jalna_mitra -> departments');
      if (line === undefined) return undefined;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const index = node.textContent?.indexOf('departments') ?? -1;
        if (index < 0) continue;
        const range = document.createRange();
        range.setStart(node, index + 2);
        range.setEnd(node, index + 3);
        const box = range.getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }
      return undefined;
    });
    expect(at).toBeDefined();
    expect(await page.evaluate(() => document.querySelector('.cm-activeLine')?.textContent)).toBe('  option jalna_mitra -> departments');
    await page.keyboard.down('Control');
    await page.mouse.click(at?.x ?? 0, at?.y ?? 0);
    await page.keyboard.up('Control');
    await page.waitForFunction(() => document.querySelector('.cm-activeLine')?.textContent?.startsWith('menu departments') === true, undefined, { timeout: 10_000 });
  });

  it('walks Jalna Mitra from the welcome menu to a service\'s documents by tapping, the node highlighted in the editor', async () => {
    await page.locator('[data-testid=language][data-code=en]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=language].active')?.getAttribute('data-code') === 'en');
    await pickRow('Jalna Mitra');
    await waitForNode('departments');
    await pickRow('Revenue');
    await waitForNode('revenue');
    await pickRow('Income certificate');
    await waitForNode('rev_income');
    const shown = await bubbles();
    const page1 = shown.slice(-2).map((b) => b.text).join('\n');
    expect(page1).toContain('Income certificate');
    expect(page1).toContain('Documents required:');
    expect(page1).toContain('Self-declaration (mandatory)');
    expect(shown.map((b) => b.kind)).toContain('link'); // "Apply: Aaple Sarkar" as a link button
    expect(shown.at(-1)?.kind).toBe('buttons'); // What next?
    expect(await page.locator('[data-testid=link-button]').last().textContent()).toContain('Apply: Aaple Sarkar');
    // The user's taps are on the phone too, and the current node is highlighted in its file.
    const said = await page.$$eval('[data-testid=user-message]', (nodes) => nodes.map((n) => n.textContent));
    expect(said).toEqual(['Jalna Mitra', 'Revenue', 'Income certificate']);
    // The editor follows the conversation into the file of the current node.
    await page.waitForSelector('[data-testid=tab].active[data-path="departments/revenue.flow"]', { timeout: 10_000 });
    expect(await page.locator('.cm-current-node').textContent()).toBe('page rev_income');
    const phone = page.locator('[data-testid=phone]');
    await phone.screenshot({ path: join(ARTIFACTS, 'phone-income-certificate.png') });
    expect(await phone.locator('[data-testid=bubble]').count()).toBeGreaterThanOrEqual(4);
  });

  it('highlights the current node in the editor and in the map; a click on the map opens a node\'s source', async () => {
    await page.locator('[data-panel=map]').click();
    await page.waitForSelector('[data-testid=graph] svg g.node.current');
    expect(await page.locator('[data-testid=graph] g.node.current title').textContent()).toBe('rev_income');
    expect(await page.locator('[data-testid=graph] g.node.visited').count()).toBeGreaterThanOrEqual(3);
    await page.locator('[data-testid=graph] g.node', { has: page.locator('title', { hasText: /^gr_latest$/ }) }).click();
    await page.waitForSelector('[data-testid=tab].active[data-path="gr.flow"]');
    await page.locator('[data-panel=phone]').click();
  });

  it('switches language: the page is shown again in Hindi, and a restart greets in Hindi', async () => {
    await page.locator('[data-testid=language][data-code=hi]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=language].active')?.getAttribute('data-code') === 'hi');
    const again = await bubbles();
    expect(again.map((b) => b.text).join('\n')).toContain('आय प्रमाण पत्र');
    await waitForNode('rev_income');
    await page.locator('[data-testid=restart]').click();
    await waitForNode('home');
    const shown = await bubbles();
    expect(shown).toHaveLength(1);
    expect(shown[0]?.text).toContain('नमस्ते 🙏');
    expect(shown[0]?.kind).toBe('list');
    await page.locator('[data-testid=list-button]').last().click();
    const rows = await page.$$eval('[data-testid=list-sheet] [data-testid=list-row]', (nodes) => nodes.map((n) => n.querySelector('.wa-row-title')?.textContent));
    expect(rows[0]).toBe('जालना मित्र');
    expect(rows).toHaveLength(5);
    await page.locator('[data-testid=phone]').screenshot({ path: join(ARTIFACTS, 'phone-list-sheet-hi.png') });
    expect(await page.locator('[data-testid=list-sheet] [data-testid=list-send]').isDisabled()).toBe(true);
    await page.locator('[data-testid=list-close]').click();
  });

  it('runs the bot\'s .convo tests from the page, with their coverage; a broken expectation shows its diff', async () => {
    await page.locator('[data-panel=tests]').click();
    await page.locator('[data-testid=run-tests]').click();
    const summary = page.locator('[data-testid=tests-summary]');
    await summary.waitFor({ timeout: 60_000 });
    expect(await summary.textContent()).toMatch(/^\d+ passed, 0 failed$/);
    expect(await page.locator('[data-testid=test-case][data-passed=true]').count()).toBeGreaterThan(10);
    expect(await page.locator('[data-testid=coverage] tr[data-measure=nodes]').textContent()).toMatch(/nodes\d+\/\d+\d+%/);

    // Change a text a test expects, without saving: the tests run on the editor's text.
    await page.locator('[data-testid=tab]', { hasText: 'departments/revenue.flow' }).click();
    await cursorAfter('en: "📄 *Income certificate*"');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(' (new)');
    await page.locator('[data-testid=run-tests]').click();
    await page.waitForFunction(() => /[1-9]\d* failed$/.test(document.querySelector('[data-testid=tests-summary]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const diff = await page.locator('[data-testid=test-diff]').first().textContent();
    expect(diff).toContain('(new)');
    await cursorAfter('*Income certificate* (new)');
    for (let i = 0; i < ' (new)'.length; i += 1) await page.keyboard.press('Backspace');
    expect(await page.locator('[data-testid=tab].dirty').count()).toBe(0);
    await page.locator('[data-panel=phone]').click();
  });

  it('shows every text by language in the translations panel', async () => {
    await page.locator('[data-panel=translations]').click();
    await page.waitForSelector('[data-testid=translations] [data-testid=translation-row]', { timeout: 15_000 });
    expect(await page.locator('[data-testid=translation-row]').count()).toBeGreaterThan(100);
    const income = page.locator('[data-testid=translation-row][data-key^="rev_income."]').first();
    const cells = await income.locator('[data-testid=translation-cell]').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset['lang']));
    expect(cells).toEqual(['mr', 'hi', 'en']);
    expect(await page.locator('[data-testid=translations-summary]').textContent()).not.toBe('');
    await page.locator('[data-panel=phone]').click();
  });

  it('saves with Ctrl-S: the file on disk changes', async () => {
    await page.locator('[data-testid=tab]', { hasText: 'jalna-mitra.flow' }).click();
    await cursorAfter('# Marathi (default), Hindi and English.');
    await page.keyboard.type(' Edited in the studio.');
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'saved jalna-mitra.flow', undefined, { timeout: 10_000 });
    expect(readFileSync(join(flows.dir, 'jalna-mitra.flow'), 'utf8')).toContain('# Marathi (default), Hindi and English. Edited in the studio.\n');
    expect(await page.locator('[data-testid=tab].dirty').count()).toBe(0);
  });

  it('reloads a file changed on disk by another editor, and checks it', async () => {
    const file = join(flows.dir, 'departments/revenue.flow');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `${text}\n# Added by another editor.\n`);
    await page.locator('[data-testid=tab]', { hasText: 'departments/revenue.flow' }).click();
    await expect.poll(editorText, { timeout: 10_000 }).toContain('# Added by another editor.');
    writeFileSync(file, text.replace('page rev_income', 'page rev_incom'));
    await page.locator('[data-testid=diagnostic][data-code=FLOW2001]').first().waitFor({ timeout: 10_000 });
    writeFileSync(file, text);
    await page.locator('[data-testid=diagnostic][data-code=FLOW2001]').first().waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('opens a tab for a file a new include brings in', async () => {
    writeFileSync(join(flows.dir, 'departments/extra.flow'), 'page extra_page\n  text:\n    mr: "अधिक"\n    hi: "अधिक"\n    en: "More"\n  then home\n');
    const root = join(flows.dir, 'jalna-mitra.flow');
    writeFileSync(root, readFileSync(root, 'utf8').replace('include "gr.flow"\n', 'include "gr.flow"\ninclude "departments/extra.flow"\n'));
    await page.waitForSelector('[data-testid=tab][data-path="departments/extra.flow"]', { timeout: 10_000 });
  });
});
