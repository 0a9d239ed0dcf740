/**
 * The Jalna Mitra flow as a product: it compiles without a single diagnostic, every menu fits
 * WhatsApp in every language, every number it quotes carries the "as published" caveat, every
 * link it shows is one the reviewer's table lists, and its conversation tests pass with full
 * coverage.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, nodeHost } from '@samvad/compiler';
import { WHATSAPP_LIMITS, codePointLength, menuLayout } from '@samvad/runtime';
import type { Graph, GraphBlock, MenuNode, PageNode } from '@samvad/runtime';
import { beforeAll, describe, expect, it } from 'vitest';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const ROOT = here('./jalna-mitra.flow');
const CAVEAT: Readonly<Record<string, string>> = {
  mr: 'पोर्टलवर खात्री करा',
  hi: 'पोर्टल पर जाँच लें',
  en: 'check the portal',
};

let graph: Graph;

beforeAll(() => {
  const result = compile(ROOT, nodeHost());
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  if (result.graph === undefined) throw new Error('the flow did not compile');
  graph = result.graph;
});

const menus = (): [string, MenuNode][] =>
  Object.entries(graph.nodes).flatMap(([id, node]) => (node.kind === 'menu' ? [[id, node] as [string, MenuNode]] : []));
const pages = (): [string, PageNode][] =>
  Object.entries(graph.nodes).flatMap(([id, node]) => (node.kind === 'page' ? [[id, node] as [string, PageNode]] : []));
const languages = (): string[] => graph.languages.map((l) => l.code);

describe('flows/jalna-mitra.flow', () => {
  it('offers the two options of the real bot first, then the three languages', () => {
    const home = graph.nodes[graph.start];
    expect(home?.kind).toBe('menu');
    const options = home?.kind === 'menu' ? home.options : [];
    expect(options.map((o) => [o.number, o.target, o.language])).toEqual([
      [1, 'departments', undefined],
      [2, 'gr_menu', undefined],
      [3, 'home', 'mr'],
      [4, 'home', 'hi'],
      [5, 'home', 'en'],
    ]);
  });

  it('shows every static menu as WhatsApp buttons or a list, in every language', () => {
    for (const [id, menu] of menus()) {
      if (menu.dynamic !== undefined) continue;
      for (const lang of languages()) {
        const options = menu.options.map((o) => ({
          title: o.label[lang] ?? '',
          ...(o.description === undefined ? {} : { description: o.description[lang] ?? '' }),
        }));
        const layout = menuLayout(menu.text[lang] ?? '', options);
        expect(layout, `${id} (${lang})`).not.toBe('numbered');
        if (options.length <= WHATSAPP_LIMITS.buttonCount) {
          expect(layout, `${id} (${lang}) should be buttons`).toBe('buttons');
        }
      }
    }
  });

  it('gives every menu distinct titles in every language (WhatsApp refuses repeated ones)', () => {
    for (const [id, menu] of menus()) {
      for (const lang of languages()) {
        const titles = menu.options.map((o) => o.label[lang]);
        expect(new Set(titles).size, `${id} (${lang})`).toBe(titles.length);
      }
    }
  });

  it('lets a page with one link show it as a WhatsApp button (label ≤20, text ≤1024)', () => {
    for (const [id, page] of pages()) {
      const links = page.blocks.filter((b) => b.kind === 'link');
      if (links.length !== 1) continue;
      for (const lang of languages()) {
        const label = links[0]?.kind === 'link' ? (links[0].label[lang] ?? '') : '';
        const body = page.blocks.reduce((sum, block) => sum + (block.kind === 'link' ? 0 : blockLength(block, lang)), 0);
        expect(codePointLength(label), `${id} link label (${lang})`).toBeLessThanOrEqual(WHATSAPP_LIMITS.ctaDisplayText);
        expect(body, `${id} text (${lang})`).toBeLessThanOrEqual(WHATSAPP_LIMITS.interactiveBody);
      }
    }
  });

  it('keeps every page within one WhatsApp text message', () => {
    for (const [id, page] of pages()) {
      for (const lang of languages()) {
        const length = page.blocks.reduce((sum, block) => sum + blockLength(block, lang), 0);
        expect(length, `${id} (${lang})`).toBeLessThanOrEqual(WHATSAPP_LIMITS.textBody);
      }
    }
  });

  it('says "as published; check the portal" next to every fee and time limit', () => {
    for (const [id, page] of pages()) {
      for (const block of page.blocks) {
        if (block.kind !== 'fee' && block.kind !== 'time') continue;
        for (const lang of languages()) {
          expect(block.text[lang], `${id} ${block.kind} (${lang})`).toContain(CAVEAT[lang]);
        }
      }
    }
  });

  it('links only to addresses the reviewer table in flows/README.md lists', () => {
    const readme = readFileSync(here('./README.md'), 'utf8');
    const urls = pages().flatMap(([, page]) => page.blocks.flatMap((b) => (b.kind === 'link' ? [b.url] : [])));
    expect(urls.length).toBeGreaterThan(15);
    for (const url of urls) expect(readme, url).toContain(url);
  });

  it('passes its conversation tests, visiting every node and option in all three languages', () => {
    const cli = here('../packages/cli/bin/samvad.js');
    const run = spawnSync(process.execPath, [cli, 'test', here('./tests'), '--coverage', '--min-coverage', '100'], {
      encoding: 'utf8',
    });
    expect(run.stdout).toMatch(/nodes\s+(\d+)\/\1\s+100%/u);
    expect(run.stdout).toMatch(/languages\s+3\/3\s+100%/u);
    expect(run.stdout).toMatch(/ 0 failed/u);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});

/** Code points a block adds to a page, with a little room for markers and line breaks. */
function blockLength(block: GraphBlock, lang: string): number {
  switch (block.kind) {
    case 'text':
    case 'fee':
    case 'time':
      return codePointLength(block.text[lang] ?? '') + 4;
    case 'bullets':
      return block.items.reduce((sum, item) => sum + codePointLength(item[lang] ?? '') + 3, 0);
    case 'link':
      return codePointLength(block.label[lang] ?? '') + codePointLength(block.url) + 5;
    case 'button':
    case 'media':
      return 0; // a message of its own, after the page's text
    default: {
      const unreachable: never = block;
      return unreachable;
    }
  }
}
