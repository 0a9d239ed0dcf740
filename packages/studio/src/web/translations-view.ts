/// <reference lib="dom" />
/**
 * The translations table (plain DOM; styles in `translations-view.css`): one row per text of the
 * bot, one column per language, each cell with its length in letters and in the characters
 * WhatsApp counts; missing and over-long cells marked; filters "missing only" and "too long only".
 * Test ids: `translations`, `translations-summary`, `filter-missing`, `filter-too-long`,
 * `translation-row` (`data-key`, `data-missing`, `data-too-long`), `translation-cell` (`data-lang`),
 * `translation-where` (a button when `onOpen` is given).
 */
import { describeLength } from '../shared/text-length.js';
import { filterRows } from '../shared/translations-filter.js';
import type { TextUse, TranslationCell, TranslationFilter, TranslationRow, TranslationTable } from '../shared/translations-types.js';
import './translations-view.css';

/** Options of `renderTranslations`. */
export interface TranslationsViewOptions {
  /** Called when the author clicks where a text is (to open its source). */
  readonly onOpen?: (row: TranslationRow) => void;
  /** The filters to start with. */
  readonly filter?: TranslationFilter;
}

/** What each use is called in the table. */
const USE_NAMES: Readonly<Record<TextUse, string>> = {
  'text-message': 'text message',
  'interactive-body': 'menu / link text',
  'button-title': 'reply button',
  'row-title': 'list row title',
  'row-description': 'list row description',
  'list-button': 'list button',
  'section-title': 'list section title',
  'link-label': 'link button',
  'media-caption': 'media caption',
  'numbered-line': 'numbered menu line',
};

/** The table with its filters; filtering re-draws the rows in place. */
export function renderTranslations(table: TranslationTable, options: TranslationsViewOptions = {}): HTMLElement {
  const root = el('section', 'tr-view');
  root.dataset['testid'] = 'translations';
  let filter: TranslationFilter = options.filter ?? {};

  const bar = el('div', 'tr-filters');
  const missing = checkbox('filter-missing', `Missing only (${table.missingCount})`, filter.missingOnly === true);
  const tooLong = checkbox('filter-too-long', `Too long only (${table.tooLongCount})`, filter.tooLongOnly === true);
  const summary = el('span', 'tr-summary');
  summary.dataset['testid'] = 'translations-summary';
  bar.append(missing.label, tooLong.label, summary);

  const grid = el('table', 'tr-table');
  const head = el('thead', '');
  const headRow = el('tr', '');
  for (const title of ['Where', 'Shown as', ...table.languages.map((l) => `${l.name} (${l.code})`)]) {
    const th = el('th', '');
    th.textContent = title;
    headRow.append(th);
  }
  head.append(headRow);
  const body = el('tbody', '');
  grid.append(head, body);
  root.append(bar, grid);

  const draw = () => {
    const rows = filterRows(table.rows, filter);
    body.replaceChildren(...rows.map((r) => rowElement(r, options.onOpen)));
    summary.textContent = `${rows.length} of ${table.rows.length} texts · ${table.missingCount} missing · ${table.tooLongCount} too long`;
    if (rows.length === 0) {
      const tr = el('tr', 'tr-empty');
      const td = el('td', '') as HTMLTableCellElement;
      td.colSpan = 2 + table.languages.length;
      td.textContent = filter.missingOnly === true || filter.tooLongOnly === true ? 'Nothing to fix: no text is missing or too long.' : 'This bot has no texts.';
      tr.append(td);
      body.append(tr);
    }
  };
  missing.input.addEventListener('change', () => {
    filter = { ...filter, missingOnly: missing.input.checked };
    draw();
  });
  tooLong.input.addEventListener('change', () => {
    filter = { ...filter, tooLongOnly: tooLong.input.checked };
    draw();
  });
  draw();
  return root;
}

function rowElement(row: TranslationRow, onOpen: TranslationsViewOptions['onOpen']): HTMLElement {
  const tr = el('tr', 'tr-row');
  tr.dataset['testid'] = 'translation-row';
  tr.dataset['key'] = row.key;
  tr.dataset['missing'] = String(row.missing);
  tr.dataset['tooLong'] = String(row.tooLong);
  if (row.missing) tr.classList.add('tr-has-missing');
  if (row.tooLong) tr.classList.add('tr-has-too-long');

  const where = el('td', 'tr-where');
  const label = onOpen !== undefined && row.source !== undefined ? document.createElement('button') : el('span', '');
  label.dataset['testid'] = 'translation-where';
  label.className = 'tr-where-label';
  label.textContent = row.node === 'messages' ? `message ${row.field}` : `${row.node} · ${row.field}`;
  if (label instanceof HTMLButtonElement) {
    label.type = 'button';
    label.title = row.source === undefined ? '' : `${row.source.file}:${row.source.line}`;
    label.addEventListener('click', () => onOpen?.(row));
  }
  where.append(label);

  const use = el('td', 'tr-use');
  use.textContent = USE_NAMES[row.use];
  const limit = el('span', 'tr-limit');
  limit.textContent = `≤ ${row.limit} characters`;
  use.append(limit);
  if (row.template) {
    const note = el('span', 'tr-template');
    note.textContent = 'filled from data: its length varies';
    use.append(note);
  }
  tr.append(where, use, ...row.cells.map((c) => cellElement(c, row)));
  return tr;
}

function cellElement(cell: TranslationCell, row: TranslationRow): HTMLElement {
  const td = el('td', 'tr-cell');
  td.dataset['testid'] = 'translation-cell';
  td.dataset['lang'] = cell.lang;
  if (cell.missing || cell.length === undefined) {
    td.classList.add('tr-missing');
    const mark = el('span', 'tr-mark');
    mark.textContent = 'missing';
    td.append(mark);
    return td;
  }
  const text = el('div', 'tr-text');
  text.textContent = cell.text ?? '';
  text.lang = cell.lang;
  const length = el('div', 'tr-length');
  length.textContent = describeLength(cell.length);
  td.append(text, length);
  if (cell.tooLong) {
    td.classList.add('tr-too-long');
    const mark = el('div', 'tr-mark');
    mark.textContent = `too long: ${cell.length.characters} of ${row.limit} characters — ${row.consequence}`;
    td.append(mark);
  } else if (cell.sameAsDefault) {
    const note = el('div', 'tr-same');
    note.textContent = 'same as the first language';
    td.append(note);
  }
  return td;
}

function checkbox(testId: string, text: string, checked: boolean): { label: HTMLElement; input: HTMLInputElement } {
  const label = el('label', 'tr-filter');
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.checked = checked;
  input.dataset['testid'] = testId;
  label.append(input, document.createTextNode(` ${text}`));
  return { label, input };
}

function el(tag: string, className: string): HTMLElement {
  const e = document.createElement(tag);
  if (className !== '') e.className = className;
  return e;
}
