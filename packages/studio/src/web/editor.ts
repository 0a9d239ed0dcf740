/// <reference lib="dom" />
/**
 * The editor: one CodeMirror 6 view, a tab (an `EditorState`) per file of the bot. Edits go to
 * the server debounced; its diagnostics come back (answer and SSE) and are shown inline with their
 * `help:` and a link to the code's page. F12 or Ctrl-click goes to a definition, Ctrl-S saves, and
 * the phone preview's current node is highlighted on its line.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import type { Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorSelection, EditorState, StateEffect, StateField } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { Decoration, EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import type { DecorationSet } from '@codemirror/view';
import type { DefinitionResponse, DiagnosticsEvent, StudioDiagnostic, StudioFile } from '../shared/api.js';
import { call, el } from './api.js';
import { flowLanguage } from './flow-language.js';

/**
 * How edits reach the server: at once when no check is running, otherwise the latest text as soon
 * as the running check answers (keystrokes in between are coalesced into that one send). A burst of
 * typing thus costs at most one check in flight and one waiting, and the diagnostics of the last
 * keystroke arrive one check after it (a fixed debounce timer would add its whole delay to that).
 */

/** Marks the line of the preview's current node. */
const setCurrentLine = StateEffect.define<number | null>();
const currentLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const effect of tr.effects) {
      if (!effect.is(setCurrentLine)) continue;
      const line = effect.value;
      next = line === null || line > tr.state.doc.lines ? Decoration.none : Decoration.set([Decoration.line({ class: 'cm-current-node' }).range(tr.state.doc.line(line).from)]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

interface Tab {
  state: EditorState;
  /** The text on disk as last read or saved. */
  disk: string;
  readonly button: HTMLButtonElement;
}

/** Timings of the last edit, for the latency measurement of the browser tests. */
export interface EditTimings {
  /** `performance.now()` of the last change of the text. */
  lastKeyAt: number;
  /** When the diagnostics of that text were on screen. */
  shownAt: number;
  /** Server time spent checking it. */
  checkMs: number;
}

/** The editor with its tabs, diagnostics list and status line. */
export class Editor {
  readonly view: EditorView;
  private readonly tabs = new Map<string, Tab>();
  private current = '';
  private diagnostics: Readonly<Record<string, readonly StudioDiagnostic[]>> = {};
  /** A check is running on the server. */
  private inFlight = false;
  /** The text typed while it ran, to send when it answers. */
  private waiting: { path: string; text: string } | undefined;
  private sending: Promise<void> = Promise.resolve();
  /** The newest server revision shown: an older answer or event is stale. */
  private latestRevision = -1;
  private highlight: { path: string; line: number } | undefined;
  readonly timings: EditTimings = { lastKeyAt: 0, shownAt: 0, checkMs: 0 };

  constructor(
    private readonly tabBar: HTMLElement,
    host: HTMLElement,
    private readonly list: HTMLElement,
    private readonly status: (text: string) => void,
  ) {
    this.view = new EditorView({ parent: host });
  }

  /** Whether `path` has a tab. */
  has(path: string): boolean {
    return this.tabs.has(path);
  }

  /** Opens the bot's files, the root first (files already open are kept as they are). */
  load(files: readonly StudioFile[]): void {
    const first = this.tabs.size === 0 ? files[0] : undefined;
    for (const file of files) {
      if (this.tabs.has(file.path)) continue;
      const button = el('button', { class: 'tab', 'data-testid': 'tab', 'data-path': file.path, type: 'button' }, file.path);
      button.addEventListener('click', () => this.open(file.path));
      this.tabBar.append(button);
      this.tabs.set(file.path, { state: this.newState(file.text), disk: file.text, button });
    }
    if (first !== undefined) this.open(first.path);
  }

  /** The path of the file shown. */
  get path(): string {
    return this.current;
  }

  /** Shows a file (and puts the cursor at `offset`). */
  open(path: string, offset?: number): void {
    const tab = this.tabs.get(path);
    if (tab === undefined) return;
    const shown = this.tabs.get(this.current);
    if (shown !== undefined) shown.state = this.view.state;
    this.current = path;
    this.view.setState(tab.state);
    for (const [p, t] of this.tabs) t.button.classList.toggle('active', p === path);
    this.applyDiagnostics();
    this.applyHighlight();
    if (offset !== undefined) {
      const at = Math.min(offset, this.view.state.doc.length);
      this.view.dispatch({ selection: EditorSelection.cursor(at), effects: EditorView.scrollIntoView(at, { y: 'center' }) });
      this.view.focus();
    }
  }

  /** Puts the cursor just after the first `text` of the file shown; false when it has none. */
  find(text: string): boolean {
    const at = this.view.state.doc.toString().indexOf(text);
    if (at < 0) return false;
    this.open(this.current, at + text.length);
    return true;
  }

  /** Opens `path` at a 1-based line. */
  openLine(path: string, line: number): void {
    const tab = this.tabs.get(path);
    if (tab === undefined) return;
    const doc = (path === this.current ? this.view.state : tab.state).doc;
    this.open(path, doc.line(Math.max(1, Math.min(line, doc.lines))).from);
  }

  /** Diagnostics from the server (an edit's answer or the SSE channel); older revisions are ignored. */
  showDiagnostics(event: DiagnosticsEvent): void {
    // The answer to an edit and its SSE event carry the same revision: the second is not applied again.
    if (event.revision <= this.latestRevision) return;
    this.latestRevision = event.revision;
    this.diagnostics = event.files;
    this.applyDiagnostics();
    this.renderList();
    const now = performance.now();
    this.timings.checkMs = event.checkMs;
    requestAnimationFrame(() => {
      this.timings.shownAt = Math.max(now, performance.now());
    });
  }

  /** A file changed on disk: reload it unless it has unsaved edits. */
  changedOnDisk(path: string, text: string): void {
    const tab = this.tabs.get(path);
    if (tab === undefined) return;
    const state = path === this.current ? this.view.state : tab.state;
    const dirty = state.doc.toString() !== tab.disk;
    if (dirty) {
      this.status(`${path} changed on disk; your unsaved edits are kept (save to overwrite)`);
      return;
    }
    tab.disk = text;
    const next = this.newState(text);
    if (path === this.current) {
      this.view.setState(next);
      this.applyDiagnostics();
      this.applyHighlight();
    } else tab.state = next;
    this.markDirty(path);
    this.status(`${path} reloaded: it changed on disk`);
  }

  /** Highlights the line where the preview's node is defined. */
  highlightNode(where: { path: string; line: number } | undefined): void {
    this.highlight = where;
    if (where !== undefined && where.path !== this.current && this.tabs.has(where.path)) this.open(where.path);
    this.applyHighlight();
    if (where === undefined || where.path !== this.current) return;
    const doc = this.view.state.doc;
    const at = doc.line(Math.max(1, Math.min(where.line, doc.lines))).from;
    this.view.dispatch({ effects: EditorView.scrollIntoView(at, { y: 'start', yMargin: 40 }) });
  }

  /** Saves the file shown. */
  async save(): Promise<void> {
    const path = this.current;
    const text = this.view.state.doc.toString();
    await this.flush();
    await call('/api/save', { path, text });
    const tab = this.tabs.get(path);
    if (tab !== undefined) tab.disk = text;
    this.markDirty(path);
    this.status(`saved ${path}`);
  }

  /** Sends a pending edit now. */
  async flush(): Promise<void> {
    for (let i = 0; i < 100 && (this.inFlight || this.waiting !== undefined); i += 1) await this.sending;
  }

  private newState(text: string): EditorState {
    const extensions: Extension[] = [
      lineNumbers(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      flowLanguage,
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      lintGutter(),
      currentLine,
      EditorView.lineWrapping,
      keymap.of([
        { key: 'Mod-s', preventDefault: true, run: () => (void this.save().catch((e: unknown) => this.status(String(e))), true) },
        { key: 'F12', preventDefault: true, run: (view) => (void this.goToDefinition(view.state.selection.main.head), true) },
        indentWithTab,
        ...defaultKeymap,
        ...historyKeymap,
        ...searchKeymap,
      ]),
      EditorView.domEventHandlers({
        mousedown: (event, view) => {
          if (!(event.ctrlKey || event.metaKey)) return false;
          const at = view.posAtCoords({ x: event.clientX, y: event.clientY });
          if (at === null) return false;
          event.preventDefault();
          void this.goToDefinition(at);
          return true;
        },
      }),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged || update.state !== this.view.state) return;
        this.timings.lastKeyAt = performance.now();
        this.markDirty(this.current);
        this.edited(this.current, update.state.doc.toString());
      }),
    ];
    return EditorState.create({ doc: text, extensions });
  }

  /** A new text of `path`: sent now, or when the check in flight answers. */
  private edited(path: string, text: string): void {
    if (this.waiting !== undefined && this.waiting.path !== path) this.send(this.waiting);
    this.waiting = { path, text };
    if (!this.inFlight) this.send(this.waiting);
  }

  private send(edit: { path: string; text: string }): void {
    if (this.waiting === edit) this.waiting = undefined;
    this.inFlight = true;
    this.sending = (async () => {
      try {
        this.showDiagnostics(await call<DiagnosticsEvent>('/api/edit', edit));
      } catch (error) {
        this.status(error instanceof Error ? error.message : String(error));
      } finally {
        this.inFlight = false;
        if (this.waiting !== undefined) this.send(this.waiting);
      }
    })();
  }

  private async goToDefinition(offset: number): Promise<void> {
    await this.flush();
    const found = await call<DefinitionResponse>('/api/definition', { path: this.current, offset });
    if (found.target === undefined) {
      this.status('no definition here');
      return;
    }
    this.open(found.target.path, found.target.offset);
  }

  private markDirty(path: string): void {
    const tab = this.tabs.get(path);
    if (tab === undefined) return;
    const state = path === this.current ? this.view.state : tab.state;
    tab.button.classList.toggle('dirty', state.doc.toString() !== tab.disk);
  }

  private applyDiagnostics(): void {
    const doc = this.view.state.doc;
    const list: CmDiagnostic[] = (this.diagnostics[this.current] ?? []).map((d) => {
      const from = Math.min(d.from, doc.length);
      return {
        from,
        to: Math.max(from, Math.min(d.to, doc.length)),
        severity: d.severity,
        source: d.code,
        message: d.message,
        renderMessage: () => describe(d),
      };
    });
    this.view.dispatch(setDiagnostics(this.view.state, list));
  }

  private applyHighlight(): void {
    const line = this.highlight !== undefined && this.highlight.path === this.current ? this.highlight.line : null;
    this.view.dispatch({ effects: setCurrentLine.of(line) });
  }

  /** Every file's diagnostics under the editor: click one to go to it. */
  private renderList(): void {
    const items: HTMLElement[] = [];
    let errors = 0;
    let warnings = 0;
    for (const [path, list] of Object.entries(this.diagnostics)) {
      for (const d of list) {
        if (d.severity === 'error') errors += 1;
        else if (d.severity === 'warning') warnings += 1;
        const item = el('li', { class: `diagnostic ${d.severity}`, 'data-testid': 'diagnostic', 'data-code': d.code }, el('span', { class: 'where' }, `${path}`), describe(d));
        item.addEventListener('click', (event) => {
          if ((event.target as HTMLElement).tagName === 'A') return;
          this.open(path, d.from);
        });
        items.push(item);
      }
    }
    this.list.replaceChildren(
      el('div', { class: 'summary', 'data-testid': 'diagnostics-summary' }, errors + warnings === 0 ? '✓ no problems' : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`),
      el('ul', {}, ...items),
    );
  }
}

/** A diagnostic as the page shows it: code (linked to its page), message, notes, help. */
function describe(d: StudioDiagnostic): HTMLElement {
  const box = el(
    'div',
    { class: 'diagnostic-text' },
    el('a', { href: d.docs, target: '_blank', rel: 'noopener', class: 'code', 'data-testid': 'diagnostic-code' }, `${d.severity}[${d.code}]`),
    ' ',
    el('span', { 'data-testid': 'diagnostic-message' }, d.message),
  );
  for (const note of d.notes) box.append(el('div', { class: 'note' }, `note: ${note}`));
  if (d.help !== undefined) box.append(el('div', { class: 'help', 'data-testid': 'diagnostic-help' }, `help: ${d.help}`));
  return box;
}
