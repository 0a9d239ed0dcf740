/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Draws a `Bubble` the way WhatsApp does (plain DOM, no framework; styles in `phone.css`, imported here):
 * the message bubble, reply buttons under it, a list's button that opens a bottom sheet of radio
 * rows with a Send button (over the closest `.phone` / `.wa-phone`, else the page; Escape closes
 * it), a link button, media placeholders. Test ids for browser tests:
 * `bubble` (with `data-kind`), `bubble-text`, `reply-button`, `list-button`, `list-sheet`,
 * `list-section`, `list-row`, `list-send`, `list-close`, `link-button`, `link-preview`, `media`.
 */
import type { Bubble, BubbleHandlers, FormattedText, PreviewRow } from '../shared/preview-types.js';
import './phone.css';

/** The element of one bubble, with its buttons; taps call `handlers`. */
export function renderBubble(bubble: Bubble, handlers: BubbleHandlers): HTMLElement {
  const wrap = el('div', 'wa-message');
  const box = el('div', 'wa-bubble');
  box.dataset['testid'] = 'bubble';
  box.dataset['kind'] = bubble.kind;
  wrap.append(box);
  switch (bubble.kind) {
    case 'text': {
      // With `preview_url`, WhatsApp shows a card for the first link above the text.
      const first = bubble.previewUrl ? bubble.text.spans.find((span) => span.href !== undefined)?.href : undefined;
      if (first !== undefined) box.append(linkPreview(first));
      box.append(formatted(bubble.text));
      return wrap;
    }
    case 'buttons': {
      box.append(formatted(bubble.body));
      const row = el('div', 'wa-buttons');
      for (const button of bubble.buttons) {
        const b = actionButton('wa-reply', 'reply-button', button.title);
        b.dataset['id'] = button.id;
        b.addEventListener('click', () => handlers.onTap(button.id, button.title));
        row.append(b);
      }
      wrap.append(row);
      return wrap;
    }
    case 'list': {
      box.append(formatted(bubble.body));
      const open = actionButton('wa-list-button', 'list-button', bubble.button);
      open.addEventListener('click', () => {
        // Over the phone's screen when drawn inside one (`.phone`), else over the whole page.
        const host = wrap.closest<HTMLElement>('.phone, .wa-phone') ?? document.body;
        for (const open of host.querySelectorAll('.wa-sheet-backdrop')) open.remove();
        const sheet = listSheet(bubble, handlers);
        if (host === document.body) sheet.classList.add('wa-sheet-page');
        host.append(sheet);
        sheet.querySelector<HTMLElement>('input[type=radio]')?.focus();
      });
      wrap.append(open);
      return wrap;
    }
    case 'link': {
      box.append(formatted(bubble.body));
      const a = document.createElement('a');
      a.className = 'wa-action wa-link-button';
      a.dataset['testid'] = 'link-button';
      a.href = bubble.url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.title = bubble.url;
      a.append(document.createTextNode(bubble.label));
      wrap.append(a);
      return wrap;
    }
    case 'media': {
      // A photo or video: a placeholder as tall as the phone draws one, its file's name under the
      // icon; a document: a chip with its file name and its type (`PDF`), as WhatsApp shows it.
      const media = el('div', `wa-media wa-media-${bubble.mediaType}`);
      media.dataset['testid'] = 'media';
      media.title = bubble.url;
      const name = el('span', 'wa-media-name');
      name.textContent = bubble.filename ?? bubble.url; // preview.ts names every document
      media.append(name);
      const type = bubble.mediaType === 'document' ? fileType(name.textContent) : '';
      if (type !== '') {
        const badge = el('span', 'wa-media-type');
        badge.textContent = type;
        media.append(badge);
      }
      box.append(media);
      if (bubble.caption !== undefined) box.append(formatted(bubble.caption));
      return wrap;
    }
    default: {
      const never: never = bubble;
      throw new Error(`unknown bubble: ${JSON.stringify(never)}`);
    }
  }
}

/** A document's type as the chip shows it: its extension in capitals (`arj.pdf` → `PDF`), or nothing. */
function fileType(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = dot <= 0 ? '' : name.slice(dot + 1);
  return /^[A-Za-z0-9]{1,5}$/.test(extension) ? extension.toUpperCase() : '';
}

/** A formatted text: styled spans and tappable links, line breaks kept. */
export function formatted(text: FormattedText): HTMLElement {
  const p = el('div', 'wa-text');
  p.dataset['testid'] = 'bubble-text';
  for (const span of text.spans) {
    let node: HTMLElement;
    if (span.href !== undefined) {
      const a = document.createElement('a');
      a.href = span.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      node = a;
    } else node = document.createElement('span');
    node.textContent = span.text;
    for (const style of span.styles) node.classList.add(`wa-${style}`);
    p.append(node);
  }
  return p;
}

/** The card WhatsApp draws for a text's first link (the site's name; the studio fetches nothing). */
function linkPreview(href: string): HTMLElement {
  const card = el('div', 'wa-link-preview');
  card.dataset['testid'] = 'link-preview';
  let host = href;
  try {
    host = new URL(href).hostname;
  } catch {
    // Not a URL the browser can read: show it as written.
  }
  card.textContent = host;
  return card;
}

/** The bottom sheet of a list: heading, sections of radio rows, Send (enabled once a row is picked). */
function listSheet(bubble: Extract<Bubble, { kind: 'list' }>, handlers: BubbleHandlers): HTMLElement {
  const backdrop = el('div', 'wa-sheet-backdrop');
  const sheet = el('div', 'wa-sheet');
  sheet.dataset['testid'] = 'list-sheet';
  sheet.setAttribute('role', 'dialog');
  sheet.setAttribute('aria-label', bubble.button);
  const head = el('div', 'wa-sheet-head');
  const close = actionButton('wa-sheet-close', 'list-close', '✕');
  close.setAttribute('aria-label', 'Close');
  const heading = el('div', 'wa-sheet-title');
  heading.textContent = bubble.button;
  head.append(close, heading);
  sheet.append(head);
  const group = `wa-list-${Math.random().toString(36).slice(2)}`;
  let picked: PreviewRow | undefined;
  const send = actionButton('wa-sheet-send', 'list-send', '➤');
  send.setAttribute('aria-label', 'Send');
  send.disabled = true;
  const body = el('div', 'wa-sheet-body');
  for (const section of bubble.sections) {
    const part = el('div', 'wa-sheet-section');
    part.dataset['testid'] = 'list-section';
    if (section.title !== '') {
      const title = el('div', 'wa-sheet-section-title');
      title.textContent = section.title;
      part.append(title);
    }
    for (const row of section.rows) {
      const label = el('label', 'wa-row') as HTMLLabelElement;
      label.dataset['testid'] = 'list-row';
      label.dataset['id'] = row.id;
      const texts = el('span', 'wa-row-texts');
      const title = el('span', 'wa-row-title');
      title.textContent = row.title;
      texts.append(title);
      if (row.description !== undefined) {
        const description = el('span', 'wa-row-description');
        description.textContent = row.description;
        texts.append(description);
      }
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = group;
      radio.value = row.id;
      radio.addEventListener('change', () => {
        picked = row;
        send.disabled = false;
      });
      label.append(texts, radio);
      part.append(label);
    }
    body.append(part);
  }
  sheet.append(body, send);
  const dismiss = () => backdrop.remove();
  close.addEventListener('click', dismiss);
  backdrop.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') dismiss();
  });
  backdrop.addEventListener('click', (event) => {
    if (event.target === backdrop) dismiss();
  });
  send.addEventListener('click', () => {
    if (picked === undefined) return;
    dismiss();
    handlers.onPickRow(picked.id, picked.title);
  });
  backdrop.append(sheet);
  return backdrop;
}

function actionButton(className: string, testId: string, label: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `wa-action ${className}`;
  b.dataset['testid'] = testId;
  b.append(document.createTextNode(label));
  return b;
}

function el(tag: string, className: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}
