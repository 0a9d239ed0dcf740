/// <reference lib="dom" />
/**
 * The phone-preview panel: a conversation with the bot (the server runs it and renders each reply
 * to the Cloud API bodies `serve` sends; `renderBubble` draws them). The author taps buttons, picks
 * list rows or types, switches language and restarts; each turn reports the node reached.
 */
import type { ChatAction, ChatResponse } from '../shared/api.js';
import { call, el } from './api.js';
import { renderBubble } from './phone.js';

/** What the rest of the page hears of each turn. */
export type TurnListener = (turn: ChatResponse) => void;

/** The phone preview. */
export class PreviewPanel {
  private readonly session = crypto.randomUUID();
  private readonly messages: HTMLElement;
  private readonly languages: HTMLElement;
  private readonly node: HTMLElement;
  private readonly notice: HTMLElement;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    root: HTMLElement,
    private readonly onTurn: TurnListener,
  ) {
    this.messages = el('div', { class: 'wa-chat', 'data-testid': 'phone-messages' });
    this.languages = el('div', { class: 'languages', 'data-testid': 'languages' });
    this.node = el('span', { class: 'node', 'data-testid': 'current-node' });
    this.notice = el('div', { class: 'notice', 'data-testid': 'preview-notice' });
    const restart = el('button', { type: 'button', 'data-testid': 'restart' }, '↻ Restart');
    restart.addEventListener('click', () => this.act({ kind: 'restart' }, undefined, true));
    const input = el('input', { type: 'text', placeholder: 'Type a message', 'data-testid': 'phone-input', 'aria-label': 'message' });
    const form = el('form', { class: 'wa-compose' }, input, el('button', { type: 'submit', 'data-testid': 'phone-send' }, '➤'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value;
      if (text.trim() === '') return;
      input.value = '';
      this.act({ kind: 'text', text }, text);
    });
    const phone = el('div', { class: 'phone', 'data-testid': 'phone' }, el('div', { class: 'wa-header' }, 'WhatsApp preview'), this.messages, form);
    root.append(el('div', { class: 'preview-bar' }, restart, this.languages), el('div', { class: 'preview-state' }, 'at ', this.node), this.notice, phone);
  }

  /** Starts (or restarts) the conversation. */
  start(): Promise<void> {
    return this.act({ kind: 'restart' }, undefined, true);
  }

  /** Plays an action; `said` is what the citizen's own bubble shows. */
  act(action: ChatAction, said?: string, clear = false): Promise<void> {
    this.busy = this.busy.then(async () => {
      try {
        const turn = await call<ChatResponse>('/api/chat', { session: this.session, action });
        if (clear) this.messages.replaceChildren();
        const before = this.messages.childElementCount;
        if (said !== undefined) this.messages.append(el('div', { class: 'wa-message wa-out', 'data-testid': 'user-message' }, el('div', { class: 'wa-bubble' }, said)));
        for (const bubble of turn.bubbles) {
          this.messages.append(
            renderBubble(bubble, {
              onTap: (id, title) => this.act({ kind: 'reply', id, title }, title),
              onPickRow: (id, title) => this.act({ kind: 'reply', id, title }, title),
            }),
          );
        }
        this.showState(turn);
        // The turn's replies are read from their top (a long page is not cut to its last lines).
        const firstReply = this.messages.children[said === undefined ? before : before + 1] ?? this.messages.lastElementChild;
        firstReply?.scrollIntoView({ block: 'start' });
        this.onTurn(turn);
      } catch (error) {
        this.notice.textContent = error instanceof Error ? error.message : String(error);
      }
    });
    return this.busy;
  }

  private showState(turn: ChatResponse): void {
    this.node.textContent = turn.node;
    this.node.dataset['node'] = turn.node;
    this.notice.textContent = turn.notice ?? '';
    this.languages.replaceChildren(
      ...turn.languages.map((language) => {
        const button = el('button', { type: 'button', class: language.code === turn.language ? 'active' : '', 'data-testid': 'language', 'data-code': language.code }, language.name);
        button.addEventListener('click', () => this.act({ kind: 'language', code: language.code }, undefined, true));
        return button;
      }),
    );
  }
}
