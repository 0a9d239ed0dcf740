/**
 * The translations table on Jalna Mitra's compiled graph: every text by language, measured as
 * WhatsApp counts (code points) and in visible letters, against the limit of where it is shown.
 */
import { fileURLToPath } from 'node:url';
import { compile, memoryHost, nodeHost } from '@samvad/compiler';
import type { Graph, GraphOption, MenuNode } from '@samvad/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeLength, textLength } from '../src/shared/text-length.js';
import { filterRows, translationTable } from '../src/shared/translations.js';
import type { TranslationRow, TranslationTable } from '../src/shared/translations-types.js';

const repo = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));

let graph: Graph;
let table: TranslationTable;
beforeAll(() => {
  const result = compile(repo('flows/jalna-mitra.flow'), nodeHost());
  if (result.graph === undefined) throw new Error('flows/jalna-mitra.flow did not compile');
  graph = result.graph;
  table = translationTable(graph);
});

const row = (t: TranslationTable, key: string): TranslationRow => {
  const found = t.rows.find((r) => r.key === key);
  if (found === undefined) throw new Error(`no row ${key}`);
  return found;
};

/** Counts every per-language text in the graph's nodes and messages, by its shape alone. */
function countTexts(value: unknown, codes: readonly string[]): number {
  if (typeof value !== 'object' || value === null) return 0;
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((k) => codes.includes(k)) && Object.values(value).every((v) => typeof v === 'string')) return 1;
  return Object.values(value).reduce<number>((sum, inner) => sum + countTexts(inner, codes), 0);
}

/** A copy of the graph with one menu option changed (as a bot being written might be). */
function withOption(base: Graph, node: string, option: string, change: (o: GraphOption) => GraphOption): Graph {
  const menu = base.nodes[node] as MenuNode;
  const options = menu.options.map((o) => (o.id === option ? change(o) : o));
  return { ...base, nodes: { ...base.nodes, [node]: { ...menu, options } } };
}

describe('translationTable on flows/jalna-mitra.flow', () => {
  it('has one row per text of the bot, every language in every row, and nothing missing or too long', () => {
    const codes = graph.languages.map((l) => l.code);
    expect(table.languages.map((l) => l.code)).toEqual(['mr', 'hi', 'en']);
    expect(table.rows.length).toBe(countTexts(graph.nodes, codes) + countTexts(graph.messages, codes));
    expect(table.rows.every((r) => r.cells.map((c) => c.lang).join() === 'mr,hi,en')).toBe(true);
    expect(new Set(table.rows.map((r) => r.key)).size).toBe(table.rows.length);
    // The real bot compiles without FLOW3001 and fits WhatsApp (flows/whatsapp-walk.test.ts).
    expect(table.missingCount).toBe(0);
    expect(table.tooLongCount).toBe(0);
  });

  it('measures a Marathi row description in letters and in the characters WhatsApp counts', () => {
    const ncl = row(table, 'revenue.description.ncl');
    expect(ncl.use).toBe('row-description');
    expect(ncl.limit).toBe(72);
    expect(ncl.source?.file).toMatch(/revenue\.flow$/);
    const mr = ncl.cells[0];
    expect(mr?.text).toBe('नॉन क्रिमीलेयर प्रमाणपत्र');
    expect(mr?.length).toEqual({ characters: 25, letters: 14, utf16: 25 });
    expect(mr && mr.length && describeLength(mr.length)).toBe('14 letters (25 characters)');
    expect(row(table, 'revenue.option.ncl').use).toBe('row-title');
  });

  it('gives each text the limit of where WhatsApp shows it', () => {
    // A menu of ≤ 3 options without descriptions is sent as reply buttons: titles of 20.
    const button = row(table, 'electricity.option.name_change');
    expect([button.use, button.limit]).toEqual(['button-title', 20]);
    expect(button.cells[0]?.length).toMatchObject({ characters: 18, letters: 14 });
    expect(row(table, 'revenue.text').limit).toBe(1024);
    expect(row(table, 'messages.list_button')).toMatchObject({ use: 'list-button', limit: 20 });
    expect(row(table, 'messages.back_label')).toMatchObject({ use: 'button-title', limit: 20 });
    // A data source's row template is measured, but its sent length depends on the data.
    const rows = row(table, 'gr_latest.rows.maharashtra_gr.title');
    expect(rows).toMatchObject({ use: 'row-title', template: true, tooLong: false });
  });

  it('marks a 15-letter Marathi list row of 25 characters as too long (24), and says so in letters too', () => {
    const edited = withOption(graph, 'revenue', 'caste', (o) => ({ ...o, label: { ...o.label, mr: 'जातीचे प्रमाणपत्र व दाखला' } }));
    const t = translationTable(edited);
    const caste = row(t, 'revenue.option.caste');
    expect(caste.tooLong).toBe(true);
    expect(caste.cells.map((c) => c.tooLong)).toEqual([true, false, false]);
    const length = caste.cells[0]?.length;
    expect(length && describeLength(length)).toBe('15 letters (25 characters)');
    expect(caste.consequence).toBe('the menu is sent as numbered text instead of a list');
    expect(t.tooLongCount).toBe(1);
    expect(filterRows(t.rows, { tooLongOnly: true }).map((r) => r.key)).toEqual(['revenue.option.caste']);
  });

  it('says what an author will see happen when a text is too long for its place', () => {
    const title = (label: string) =>
      row(translationTable(withOption(graph, 'electricity', 'name_change', (o) => ({ ...o, label: { ...o.label, en: label } }))), 'electricity.option.name_change');
    // 21–24 characters: still fits a list row, so the menu becomes a list; over 24: numbered text.
    expect(title('Name on the bill (MSED)')).toMatchObject({ tooLong: true, consequence: 'the menu is sent as a list instead of buttons' });
    expect(title('Name on the electricity bill')).toMatchObject({ tooLong: true, consequence: 'the menu is sent as numbered text instead of buttons' });
    const pageWithOneLink = table.rows.find((r) => r.use === 'link-label');
    expect(pageWithOneLink?.limit).toBe(20);
    const body = table.rows.find((r) => r.node === pageWithOneLink?.node && r.field === 'text 1');
    expect(body).toMatchObject({ use: 'interactive-body', limit: 1024, consequence: 'the page is sent as text with the link written out instead of a link button' });
  });

  it('marks a missing translation, and the filters keep missing and too-long rows', () => {
    const noHindi = withOption(graph, 'revenue', 'income', (o) => {
      const { hi: _hi, ...label } = o.label;
      return { ...o, label };
    });
    const t = translationTable(noHindi);
    const income = row(t, 'revenue.option.income');
    expect(income.missing).toBe(true);
    expect(income.cells.map((c) => c.missing)).toEqual([false, true, false]);
    expect(income.cells[1]?.text).toBeUndefined();
    expect(t.missingCount).toBe(1);
    expect(filterRows(t.rows, { missingOnly: true }).map((r) => r.key)).toEqual(['revenue.option.income']);

    const both = translationTable(withOption(noHindi, 'revenue', 'caste', (o) => ({ ...o, label: { ...o.label, en: 'Caste certificate (jati dakhla)' } })));
    expect(filterRows(both.rows, { missingOnly: true, tooLongOnly: true }).map((r) => r.key)).toEqual([
      'revenue.option.income',
      'revenue.option.caste',
    ]);
    expect(filterRows(both.rows, {}).length).toBe(both.rows.length);
  });
});

describe('text lengths', () => {
  it('counts characters as code points (as WhatsApp limits are checked), letters as graphemes', () => {
    expect(textLength('🙏 नमस्कार')).toEqual({ characters: 9, letters: 6, utf16: 10 });
    expect(describeLength(textLength('Main menu'))).toBe('9 letters');
    expect(describeLength(textLength('क्ष'))).toBe('1 letter (3 characters)');
  });
});

describe('the translations table on media, link buttons and calls', () => {
  it('lists a link button\'s label (20) and each caption (1024); a call node has no texts', () => {
    const flow = `bot media
  languages: mr "मराठी", en "English"
  start: forms

endpoint grievances
  url: env GRIEVANCE_URL
  secret: env GRIEVANCE_SECRET
  sends: problem
  answers: reference

page forms
  text:
    mr: "अर्ज खाली आहे."
    en: "The form is below."
  image "https://example.gov.in/office.jpg":
    mr: "कार्यालय"
    en: "The office"
  video "https://example.gov.in/how.mp4":
  button "https://example.gov.in/gr.pdf":
    mr: "GR उघडा (PDF)"
    en: "Open GR (PDF)"
  then -> submit

call submit
  endpoint: grievances
  send:
    problem: "x"
  then -> forms
  fallback -> forms
`;
    const result = compile('media.flow', memoryHost({ 'media.flow': flow }));
    if (result.graph === undefined) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
    const media = translationTable(result.graph);
    expect(row(media, 'forms.button.1')).toMatchObject({ use: 'link-label', limit: 20 });
    const caption = row(media, 'forms.image.1.caption');
    expect(caption).toMatchObject({ use: 'media-caption', limit: 1024, missing: false, tooLong: false });
    expect(caption.cells.map((c) => c.text)).toEqual(['कार्यालय', 'The office']);
    expect(media.rows.some((r) => r.key.startsWith('forms.video'))).toBe(false);
    expect(media.rows.filter((r) => r.node === 'submit')).toEqual([]);
    expect(media.rows.some((r) => r.key === 'messages.call_waiting')).toBe(true);
  });
});
