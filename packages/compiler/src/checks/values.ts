import { diagnostic } from '@samvad/dsl';
import type { InputDecl, PageDecl } from '@samvad/dsl';
import type { CheckContext } from '../analysis.js';

/** FLOW7005: links are `https://` (WhatsApp previews and citizens' phones trust nothing else). */
export function checkLinks(page: PageDecl, ctx: CheckContext): void {
  for (const block of page.blocks) {
    if (block.kind !== 'link') continue;
    const url = block.url.value;
    if (isHttpsUrl(url)) continue;
    const upgraded = url.startsWith('http://') ? `https://${url.slice('http://'.length)}` : undefined;
    ctx.report(
      diagnostic({
        code: 'FLOW7005',
        severity: 'error',
        message: `link "${url}" is not an https address`,
        span: block.url.span,
        primaryLabel: 'expected "https://…"',
        help: upgraded === undefined ? 'write the full address, starting with https://' : `use "${upgraded}" if the site supports it`,
        ...(upgraded === undefined
          ? {}
          : { fix: { span: block.url.span, replacement: JSON.stringify(upgraded), description: 'use https' } }),
      }),
    );
  }
}

/** True for a full `https://` address with a host. */
export function isHttpsUrl(url: string): boolean {
  if (!url.startsWith('https://')) return false;
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
}

/** FLOW7003 (pattern is not a valid regular expression), FLOW7004 (`number min..max` with min > max). */
export function checkExpectation(input: InputDecl, ctx: CheckContext): void {
  const expect = input.expect;
  if (expect === undefined) return;
  if (expect.kind === 'pattern') {
    const problem = regexProblem(expect.pattern.value);
    if (problem !== undefined) {
      ctx.report(
        diagnostic({
          code: 'FLOW7003',
          severity: 'error',
          message: `the pattern of \`${input.id.name}\` is not a valid regular expression`,
          span: expect.pattern.span,
          primaryLabel: problem,
          notes: ['patterns are JavaScript regular expressions with the `u` flag, matched against the whole answer'],
          help: 'write `\\\\` for a backslash inside the string, e.g. "^\\\\d{6}$" for a PIN code',
        }),
      );
    }
  }
  if (expect.kind === 'number' && expect.min !== undefined && expect.max !== undefined && expect.min.value > expect.max.value) {
    ctx.report(
      diagnostic({
        code: 'FLOW7004',
        severity: 'error',
        message: `no number is between ${expect.min.value} and ${expect.max.value}`,
        span: { ...expect.min.span, length: expect.max.span.offset + expect.max.span.length - expect.min.span.offset },
        primaryLabel: 'minimum is greater than maximum',
        help: `write the smaller number first: number ${expect.max.value}..${expect.min.value}`,
      }),
    );
  }
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return text.replace(/^Invalid regular expression: \/.*\/u?: /, '');
  }
}
