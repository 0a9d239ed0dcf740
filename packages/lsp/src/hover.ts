/**
 * Hover on a node id (where it is defined or referred to): its kind, its text in the bot's default
 * language, and how WhatsApp will show it — decided by the runtime's `menuLayout`, the rule the
 * WhatsApp adapter, the simulator and the compiler's limit checks share.
 */
import type { Hover } from 'vscode-languageserver';
import { pageText, textIn } from '@samvad/compiler';
import type { BotDecl, MenuDecl, NodeDecl, PageDecl } from '@samvad/dsl';
import { defaultMessages, menuLayout } from '@samvad/runtime';
import type { MenuLayout, MessageKey } from '@samvad/runtime';
import { nameAt } from './navigate.js';
import type { Workspace } from './workspace.js';

/** The hover of the name under the cursor (nodes; other names get their kind only). */
export function hover(ws: Workspace, path: string, offset: number): Hover | null {
  const found = nameAt(ws, path, offset);
  if (found === undefined) return null;
  const { target } = found;
  const range = ws.lines(path)?.rangeOf(target.span);
  const scope = ws.scope(path);
  if (target.kind !== 'node') {
    const kind = target.kind === 'option' ? `option of \`${target.scope ?? ''}\`` : target.kind === 'source' ? 'data source' : target.kind === 'endpoint' ? 'endpoint' : 'variable';
    return { contents: { kind: 'markdown', value: `${kind} \`${target.name}\`` }, ...(range === undefined ? {} : { range }) };
  }
  const decls = scope.files.flatMap((f) => f.ast.decls);
  const node = decls.find((d): d is NodeDecl => d.kind !== 'bot' && d.kind !== 'source' && d.kind !== 'endpoint' && d.kind !== 'include' && d.id.name === target.name);
  const bot = decls.find((d): d is BotDecl => d.kind === 'bot');
  const lang = scope.languages[0] ?? 'en';
  const value = node === undefined ? `no node is named \`${target.name}\`` : describe(node, lang, bot);
  return { contents: { kind: 'markdown', value }, ...(range === undefined ? {} : { range }) };
}

/** The hover text of a node, in `lang`. */
export function describe(node: NodeDecl, lang: string, bot: BotDecl | undefined): string {
  const head = `**${node.kind}** \`${node.id.name}\``;
  switch (node.kind) {
    case 'menu':
      return [head, quote(textIn(node.text, lang)), `WhatsApp (${lang}): ${menuShown(node, lang)}`].join('\n\n');
    case 'page':
      return [head, quote(pageText(node, lang)), `WhatsApp (${lang}): ${pageShown(node, lang, bot)}`].join('\n\n');
    case 'input':
      return [head, quote(textIn(node.text, lang)), `WhatsApp (${lang}): a text message; the citizen types the answer${node.variable === undefined ? '' : ` into \`${node.variable.name}\``}`].join('\n\n');
    case 'branch':
      return [head, `not shown: moves on at once to the first \`when\` that holds (${node.cases.length}), else \`${node.otherwise?.name ?? '?'}\``].join('\n\n');
    case 'goto':
      return [head, `not shown: moves on at once to \`${node.target?.name ?? '?'}\``].join('\n\n');
    case 'end':
      return [head, quote(textIn(node.text, lang)), `WhatsApp (${lang}): ${node.text === undefined ? 'nothing' : 'a text message'}; the conversation ends`].join('\n\n');
    case 'call': {
      const fields = node.send.map((s) => `\`${s.field.name}\``).join(', ') || 'no fields';
      const endpoint = node.endpoint === undefined ? '?' : node.endpoint.name;
      return [head, `not shown: sends ${fields} to endpoint \`${endpoint}\`, then \`${node.then?.name ?? '?'}\` on success, \`${node.fallback?.name ?? '?'}\` on failure`].join('\n\n');
    }
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${String(never)}`);
    }
  }
}

function menuShown(menu: MenuDecl, lang: string): string {
  const options = menu.options.map((o) => {
    const description = textIn(o.description, lang);
    return { title: textIn(o.label, lang) ?? '', ...(description === undefined ? {} : { description }) };
  });
  const layout = menuLayout(textIn(menu.text, lang) ?? '', options);
  const rows = options.map((o, i) => `${menu.options[i]?.number?.value ?? i + 1}. ${o.title}`).join(' · ');
  const dynamic = menu.from === undefined ? '' : `; plus the rows \`${menu.from.source.name}\` returns, which decide the layout when the menu is shown`;
  return `${layoutName(layout, options.length)}${dynamic}${rows === '' ? '' : ` — ${rows}`}`;
}

function pageShown(page: PageDecl, lang: string, bot: BotDecl | undefined): string {
  const then = page.then;
  if (then === undefined || then.kind === 'end') return 'a text message; the conversation ends';
  const keys: MessageKey[] = then.kind === 'back' ? ['back_label', 'home_label'] : then.kind === 'home' ? ['home_label', 'back_label'] : ['next_label', 'back_label', 'home_label'];
  const labels = keys.map((key) => message(bot, key, lang));
  const layout = menuLayout(message(bot, 'what_next', lang), labels.map((title) => ({ title })));
  return `a text message, then ${layoutName(layout, labels.length)}: ${labels.join(' · ')}`;
}

/** A system message in `lang`: the bot's override, else the built-in text. */
function message(bot: BotDecl | undefined, key: MessageKey, lang: string): string {
  const override = bot?.messages.find((m) => m.key.name === key);
  return textIn(override?.text, lang) ?? defaultMessages[key][lang] ?? defaultMessages[key].en ?? key;
}

function layoutName(layout: MenuLayout, count: number): string {
  switch (layout) {
    case 'buttons':
      return `${count} reply button${count === 1 ? '' : 's'}`;
    case 'list':
      return `a list of ${count} row${count === 1 ? '' : 's'}`;
    case 'numbered':
      return `numbered text (${count} option${count === 1 ? '' : 's'})`;
    default: {
      const never: never = layout;
      throw new Error(`unexpected layout ${String(never)}`);
    }
  }
}

function quote(text: string | undefined): string {
  if (text === undefined || text === '') return '_(no text)_';
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
