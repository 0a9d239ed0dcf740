/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Samvad Studio's page: the editor (left) and the panels (right: phone preview, map, tests,
 * translations), wired to the server's API and its SSE channel.
 */
import type { ChangedEvent, DiagnosticsEvent, FilesResponse, TranslationsResponse } from '../shared/api.js';
import { call, el } from './api.js';
import { Editor } from './editor.js';
import { GraphPanel } from './graph-panel.js';
import { PreviewPanel } from './preview-panel.js';
import { TestsPanel } from './tests-panel.js';
import { renderTranslations } from './translations-view.js';
import './studio.css';
import './phone.css';

/** What the page offers its browser tests (`window.studio`): timings, the text, placing the cursor. */
interface StudioHooks {
  readonly timings: Editor['timings'];
  text(): string;
  /** Puts the cursor just after the first `text` of the file shown (scrolled into view); false when absent. */
  find(text: string): boolean;
}

const PANELS = ['phone', 'map', 'tests', 'translations'] as const;
type PanelName = (typeof PANELS)[number];

function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found;
}

async function main(): Promise<void> {
  const status = byId('status');
  const say = (text: string) => {
    status.textContent = text;
  };
  const editor = new Editor(byId('tabs'), byId('editor'), byId('diagnostics'), say);
  const panels = new Map<PanelName, HTMLElement>(PANELS.map((name) => [name, byId(`panel-${name}`)]));
  const graph = new GraphPanel(byId('panel-map'), (path, line) => editor.openLine(path, line));
  const preview = new PreviewPanel(byId('panel-phone'), (turn) => {
    editor.highlightNode(turn.source);
    graph.highlight(turn.node, turn.path);
  });
  new TestsPanel(byId('panel-tests'), () => editor.flush());
  const translations = byId('panel-translations');
  const loadTranslations = async () => {
    await editor.flush();
    try {
      const answer = await call<TranslationsResponse>('/api/translations');
      translations.replaceChildren(...(answer.notice === undefined ? [] : [el('div', { class: 'notice' }, answer.notice)]), renderTranslations(answer.table));
    } catch (error) {
      translations.replaceChildren(el('div', { class: 'notice' }, error instanceof Error ? error.message : String(error)));
    }
  };

  const show = (name: PanelName) => {
    for (const [n, panel] of panels) panel.hidden = n !== name;
    for (const button of document.querySelectorAll<HTMLElement>('[data-panel]')) button.classList.toggle('active', button.dataset['panel'] === name);
    if (name === 'map') void editor.flush().then(() => graph.load());
    if (name === 'translations') void loadTranslations();
  };
  for (const button of document.querySelectorAll<HTMLElement>('[data-panel]')) {
    button.addEventListener('click', () => show(button.dataset['panel'] as PanelName));
  }

  const files = await call<FilesResponse>('/api/files');
  document.title = `${files.root} — Samvad Studio`;
  byId('bot').textContent = files.root;
  editor.load(files.files);

  const events = new EventSource('/api/events');
  events.addEventListener('diagnostics', (event) => {
    const diagnostics = JSON.parse((event as MessageEvent<string>).data) as DiagnosticsEvent;
    editor.showDiagnostics(diagnostics);
    // An include added since the page opened: its file gets a tab.
    if (Object.keys(diagnostics.files).some((path) => !editor.has(path))) void call<FilesResponse>('/api/files').then((now) => editor.load(now.files));
  });
  events.addEventListener('changed', (event) => {
    const changed = JSON.parse((event as MessageEvent<string>).data) as ChangedEvent;
    editor.changedOnDisk(changed.path, changed.text);
  });
  events.addEventListener('error', () => say('lost the connection to the studio (is `samvad studio` still running?)'));
  events.addEventListener('open', () => say('ready'));

  show('phone');
  await preview.start();
  document.body.dataset['ready'] = 'true';
  // For the browser tests' latency figure: the last edit's timings.
  (window as unknown as { studio: StudioHooks }).studio = {
    timings: editor.timings,
    text: () => editor.view.state.doc.toString(),
    find: (text) => editor.find(text),
  };
}

main().catch((error: unknown) => {
  document.body.prepend(el('div', { class: 'fatal' }, `Samvad Studio could not start: ${error instanceof Error ? error.message : String(error)}`));
});
