import type { CstNode } from 'chevrotain';
import type { BotDecl, CommandDecl, CommandKind, LanguageDecl, MessageDecl } from '../ast.js';
import { DslCode } from '../codes.js';
import { diagnostic } from '../diagnostic.js';
import {
  clauseComments, collectStrays, commentsAt, ident, nodeSpan, nodes, numberLit, offsets, optIdent, tokenSpan, tokens, token,
  type VisitContext,
} from './cst.js';
import { once } from './duplicates.js';
import { closest } from './suggest.js';
import { duration, stringLit, visitText } from './visit-text.js';

const COMMANDS: readonly CommandKind[] = ['home', 'back', 'help', 'language', 'restart'];

function isCommand(word: string): word is CommandKind {
  return (COMMANDS as readonly string[]).includes(word);
}

/** `bot <id>` and its clauses. */
export function visitBot(ctx: VisitContext, node: CstNode): BotDecl {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  collectStrays(ctx, node, 'bot');
  const id = ident(ctx, token(node, 'id'), span);
  const owner = `bot \`${id.name}\``;
  const languageClause = once(ctx, nodes(node, 'languagesClause'), (n) => nodeSpan(ctx, n), 'languages:', owner);
  const tok = (key: string, clause: string) => once(ctx, tokens(node, key), (t) => tokenSpan(ctx, t), clause, owner);
  const bot: BotDecl = {
    kind: 'bot',
    id,
    languages: languageClause ? visitLanguages(ctx, languageClause) : [],
    start: optIdent(ctx, tok('start', 'start:')),
    retries: numberLit(ctx, tok('retries', 'retries:')),
    idle: duration(ctx, tok('idle', 'idle:')),
    commands: nodes(node, 'commandLine').flatMap((n) => visitCommand(ctx, n)),
    messages: nodes(node, 'messageEntry').flatMap((n) => visitMessage(ctx, n)),
    span,
    comments,
  };
  clauseComments(ctx, bot, 'languages', nodes(node, 'languagesClause').map((n) => nodeSpan(ctx, n).offset));
  for (const clause of ['start', 'retries', 'idle', 'commands', 'messages']) clauseComments(ctx, bot, clause, offsets(node, `Kw_${clause}`));
  return bot;
}

function visitLanguages(ctx: VisitContext, node: CstNode): LanguageDecl[] {
  const codes = tokens(node, 'code');
  const names = tokens(node, 'name');
  const result: LanguageDecl[] = [];
  codes.forEach((code, i) => {
    const name = names[i];
    const codeIdent = ident(ctx, code, nodeSpan(ctx, node));
    result.push({
      code: codeIdent,
      name: name ? stringLit(ctx, name) : { value: '', span: { ...codeIdent.span, offset: codeIdent.span.offset + codeIdent.span.length, length: 0 } },
    });
  });
  return result;
}

function visitCommand(ctx: VisitContext, node: CstNode): CommandDecl[] {
  const span = nodeSpan(ctx, node);
  const comments = commentsAt(ctx, span.offset);
  const key = token(node, 'command');
  if (!key) return [];
  if (!isCommand(key.image)) {
    const suggestion = closest(key.image, COMMANDS);
    ctx.diagnostics.push(
      diagnostic({
        code: DslCode.UnknownCommand,
        severity: 'error',
        message: `\`${key.image}\` is not a command`,
        span: tokenSpan(ctx, key),
        primaryLabel: 'unknown command',
        help: suggestion ? `did you mean \`${suggestion}\`?` : `the commands are ${COMMANDS.map((c) => `\`${c}\``).join(', ')}`,
      }),
    );
    return [];
  }
  return [{ command: key.image, span, words: tokens(node, 'word').map((w) => stringLit(ctx, w)), comments }];
}

/** A message; none when its language lines are missing (already reported as FLOW1103). */
function visitMessage(ctx: VisitContext, node: CstNode): MessageDecl[] {
  const span = nodeSpan(ctx, node);
  const key = ident(ctx, token(node, 'key'), span);
  const text = visitText(ctx, nodes(node, 'translations')[0], key.span);
  if (text.kind === 'translations' && text.entries.length === 0) return [];
  return [{ key, text, comments: commentsAt(ctx, span.offset) }];
}
