import type { IToken } from 'chevrotain';
import { DslCode } from '../codes.js';
import { diagnostic } from '../diagnostic.js';
import { describeToken } from './error-messages.js';
import { tokenSpan, type StrayPlace, type VisitContext } from './cst.js';
import { closest } from './suggest.js';

/** The clauses each place accepts, as an author writes them. */
const CLAUSES: Record<StrayPlace, readonly string[]> = {
  file: ['bot', 'menu', 'page', 'input', 'branch', 'goto', 'end', 'source', 'endpoint', 'call', 'include'],
  bot: ['languages:', 'start:', 'retries:', 'idle:', 'commands:', 'messages:'],
  menu: ['text:', 'option <id> -> <node>', 'from <source>(…) into <item> -> <node>'],
  page: [
    'text:', 'bullet:', 'link "https://…"', 'button "https://…"', 'image "https://…"', 'document "https://…"',
    'video "https://…"', 'fee:', 'time:', 'then back', 'then home', 'then end', 'then -> <node>',
  ],
  input: ['text:', 'var:', 'expect:', 'retry:', 'retries: N -> <node>', 'then -> <node>'],
  branch: ['when <condition> -> <node>', 'else -> <node>'],
  end: ['text:'],
  source: ['timeout:'],
  endpoint: ['url: env <NAME>', 'secret: env <NAME>', 'timeout:', 'sends:', 'answers:'],
  call: ['endpoint:', 'send:', 'receive:', 'then -> <node>', 'fallback -> <node>'],
};

function article(place: StrayPlace): string {
  if (place === 'bot') return 'a bot header';
  return /^[aeiou]/.test(place) ? `an ${place}` : `a ${place}`;
}

function keywordOf(clause: string): string {
  return clause.split(/[ :(]/)[0] ?? clause;
}

/**
 * Reports each run of stray tokens once (FLOW1102): what was found, what the place
 * accepts, and a "did you mean" when the first word is close to a keyword.
 */
export function reportStrays(ctx: VisitContext, allTokens: readonly IToken[], errorOffsets: readonly number[]): void {
  if (ctx.strays.length === 0) return;
  const index = new Map<IToken, number>(allTokens.map((t, i) => [t, i]));
  // A token the parser already reported (e.g. `expect: numbr`) is not reported twice.
  const reported = new Set([...ctx.diagnostics.map((d) => d.span.offset), ...errorOffsets]);
  let previous = -2;
  for (const { token, place } of ctx.strays) {
    const at = index.get(token) ?? -2;
    const continues = at === previous + 1;
    previous = at;
    if (continues || reported.has(token.startOffset)) continue;
    ctx.diagnostics.push(strayDiagnostic(ctx, token, place));
  }
}

function strayDiagnostic(ctx: VisitContext, token: IToken, place: StrayPlace) {
  const clauses = CLAUSES[place];
  const guess = /^[A-Za-z_]+$/.test(token.image) ? closest(token.image, clauses.map(keywordOf)) : undefined;
  const list = clauses.map((c) => `\`${c}\``).join(', ');
  const message =
    place === 'file'
      ? `${describeToken(token)} does not start a declaration`
      : `${describeToken(token)} is not something ${article(place)} can contain`;
  const accepts = place === 'file' ? `a declaration starts with ${list}` : `${article(place)} has ${list}`;
  return diagnostic({
    code: DslCode.UnknownClause,
    severity: 'error',
    message,
    span: tokenSpan(ctx, token),
    primaryLabel: guess ? `did you mean \`${guess}\`?` : 'not understood here',
    notes: [accepts],
    help: guess ? `did you mean \`${guess}\`?` : `write one of ${list}, or put the text in quotes under a language line`,
  });
}
