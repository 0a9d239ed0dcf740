/**
 * The translations table: every text of a compiled bot, by language, each measured against the
 * WhatsApp limit of the place it is shown (see `TextUse`) and in visible letters. Pure; works on a
 * graph whose texts lack some languages too (a bot being written): those cells are `missing`.
 */
import { WHATSAPP_LIMITS } from '@samvad/runtime';
import type { Graph, GraphNode, LocalizedText, MessageKey, MenuNode, PageNode } from '@samvad/runtime';
import { textLength } from './text-length.js';
import type { TextUse, TranslationCell, TranslationRow, TranslationTable } from './translations-types.js';

export { filterRows } from './translations-filter.js';

const L = WHATSAPP_LIMITS;

/** The limit of each use, in Unicode code points, and what happens over it. */
export const USE_LIMITS: Readonly<Record<TextUse, { readonly limit: number; readonly consequence: string }>> = {
  'text-message': { limit: L.textBody, consequence: 'sent as several messages' },
  'interactive-body': { limit: L.interactiveBody, consequence: 'the menu is sent as numbered text instead of buttons or a list' },
  'button-title': { limit: L.buttonTitle, consequence: 'the menu is sent as a list instead of buttons' },
  'row-title': { limit: L.listRowTitle, consequence: 'the menu is sent as numbered text instead of a list' },
  'row-description': { limit: L.listRowDescription, consequence: 'the menu is sent as numbered text instead of a list' },
  'list-button': { limit: L.listButtonLabel, consequence: 'WhatsApp rejects every list message' },
  'section-title': { limit: L.listRowTitle, consequence: 'WhatsApp rejects every list message' },
  'link-label': { limit: L.ctaDisplayText, consequence: 'the link is sent inside the text instead of as a button' },
  'media-caption': { limit: L.mediaCaption, consequence: 'the media is sent without a caption, the caption as a text after it' },
  'numbered-line': { limit: L.textBody, consequence: 'the numbered menu is sent as several messages' },
};

/** Where each system message is shown. */
const MESSAGE_USES: Readonly<Record<MessageKey, TextUse>> = {
  invalid: 'text-message',
  too_many_retries: 'interactive-body',
  unsupported: 'text-message',
  welcome_back: 'text-message',
  help: 'text-message',
  choose_language: 'interactive-body',
  moved: 'text-message',
  source_failed: 'text-message',
  ended: 'text-message',
  back_label: 'button-title',
  home_label: 'button-title',
  next_label: 'button-title',
  help_label: 'button-title',
  what_next: 'interactive-body',
  list_button: 'list-button',
  list_section: 'section-title',
  numbered_hint: 'text-message',
  did_you_mean: 'interactive-body',
  call_waiting: 'text-message',
};

/** Every text of `graph` by language, in graph order (nodes, then system messages). */
export function translationTable(graph: Graph): TranslationTable {
  const languages = graph.languages.map((l) => ({ code: l.code, name: l.name }));
  const codes = languages.map((l) => l.code);
  const rows: TranslationRow[] = [];
  const add: Add = (node, field, use, text, consequence) => {
    const source = graph.sourceMap[node];
    rows.push(makeRow(node, field, use, text ?? {}, codes, source, consequence));
  };
  for (const [id, node] of Object.entries(graph.nodes)) nodeRows(id, node, add);
  for (const [key, text] of Object.entries(graph.messages) as [MessageKey, LocalizedText][]) {
    add('messages', key, MESSAGE_USES[key], text);
  }
  return {
    languages,
    rows,
    missingCount: rows.filter((r) => r.missing).length,
    tooLongCount: rows.filter((r) => r.tooLong).length,
  };
}

/** Adds a row; `consequence` replaces the use's own when the place says more. */
type Add = (node: string, field: string, use: TextUse, text: LocalizedText | undefined, consequence?: string) => void;

const PAGE_BODY = 'the page is sent as text with the link written out instead of a link button';

function nodeRows(id: string, node: GraphNode, add: Add): void {
  switch (node.kind) {
    case 'menu':
      menuRows(id, node, add);
      return;
    case 'page':
      pageRows(id, node, add);
      return;
    case 'input':
      add(id, 'text', 'text-message', node.text);
      add(id, 'retry', 'text-message', node.retry);
      return;
    case 'branch':
    case 'call':
      return;
    case 'end':
      if (node.text !== undefined) add(id, 'text', 'text-message', node.text);
      return;
    default: {
      const never: never = node;
      throw new Error(`unknown node kind: ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A menu's texts. Its layout follows the runtime's `menuLayout`: ≤ 3 options without descriptions
 * are buttons, ≤ 10 a list (a menu with data rows is a list), more are numbered text.
 */
function menuRows(id: string, node: MenuNode, add: Add): void {
  const count = node.options.length;
  const described = node.options.some((o) => o.description !== undefined && Object.values(o.description).some((d) => d !== ''));
  const dynamic = node.dynamic !== undefined;
  const layout: 'buttons' | 'list' | 'numbered' =
    !dynamic && count <= L.buttonCount && !described ? 'buttons' : count <= L.listRows ? 'list' : 'numbered';
  add(id, 'text', layout === 'numbered' ? 'text-message' : 'interactive-body', node.text);
  for (const option of node.options) {
    const titleUse: TextUse = layout === 'buttons' ? 'button-title' : layout === 'list' ? 'row-title' : 'numbered-line';
    add(id, `option ${option.id}`, titleUse, option.label);
    if (option.description !== undefined) {
      add(id, `description ${option.id}`, layout === 'list' ? 'row-description' : 'numbered-line', option.description);
    }
  }
  if (node.dynamic !== undefined) {
    add(id, `rows ${node.dynamic.source} title`, 'row-title', node.dynamic.title);
    if (node.dynamic.description !== undefined) {
      add(id, `rows ${node.dynamic.source} description`, 'row-description', node.dynamic.description);
    }
  }
}

/** A page's texts: with exactly one link, the page is a link message (body 1024, label 20). */
function pageRows(id: string, node: PageNode, add: Add): void {
  const links = node.blocks.filter((b) => b.kind === 'link').length;
  const bodyUse: TextUse = links === 1 ? 'interactive-body' : 'text-message';
  const consequence = links === 1 ? PAGE_BODY : undefined;
  let texts = 0;
  let bullets = 0;
  let link = 0;
  let button = 0;
  let media = 0;
  for (const block of node.blocks) {
    switch (block.kind) {
      case 'text':
        texts += 1;
        add(id, `text ${texts}`, bodyUse, block.text, consequence);
        break;
      case 'bullets':
        for (const item of block.items) {
          bullets += 1;
          add(id, `bullet ${bullets}`, bodyUse, item, consequence);
        }
        break;
      case 'link':
        link += 1;
        add(id, `link ${link}`, links === 1 ? 'link-label' : 'text-message', block.label);
        break;
      case 'fee':
        add(id, 'fee', bodyUse, block.text, consequence);
        break;
      case 'time':
        add(id, 'time', bodyUse, block.text, consequence);
        break;
      case 'button':
        button += 1;
        add(id, `button ${button}`, 'link-label', block.label);
        break;
      case 'media':
        media += 1;
        if (block.caption !== undefined) add(id, `${block.mediaType} ${media} caption`, 'media-caption', block.caption);
        break;
      default: {
        const never: never = block;
        throw new Error(`unknown block: ${JSON.stringify(never)}`);
      }
    }
  }
}

const PLACEHOLDER = /\{[^{}\s]+\}/u;
const LETTER = /\p{L}/u;

function makeRow(
  node: string,
  field: string,
  use: TextUse,
  text: LocalizedText,
  codes: readonly string[],
  source: TranslationRow['source'],
  placeConsequence: string | undefined,
): TranslationRow {
  const { limit } = USE_LIMITS[use];
  const template = Object.values(text).some((t) => PLACEHOLDER.test(t));
  const first = codes[0] === undefined ? undefined : text[codes[0]];
  const cells = codes.map((lang, i): TranslationCell => {
    const value = text[lang];
    if (value === undefined || value.trim() === '') return { lang, missing: true, tooLong: false, sameAsDefault: false };
    const length = textLength(value);
    return {
      lang,
      text: value,
      missing: false,
      length,
      tooLong: !template && length.characters > limit,
      sameAsDefault: i > 0 && !template && value === first && LETTER.test(value),
    };
  });
  // A button title too long even for a list row: the menu falls back to numbered text.
  const consequence =
    use === 'button-title' && cells.some((c) => (c.length?.characters ?? 0) > L.listRowTitle)
      ? 'the menu is sent as numbered text instead of buttons'
      : (placeConsequence ?? USE_LIMITS[use].consequence);
  return {
    node,
    field,
    key: `${node}.${field.replaceAll(' ', '.')}`,
    use,
    limit,
    consequence,
    template,
    cells,
    missing: cells.some((c) => c.missing),
    tooLong: cells.some((c) => c.tooLong),
    ...(source === undefined ? {} : { source: { file: source.file, line: source.line, column: source.column } }),
  };
}
