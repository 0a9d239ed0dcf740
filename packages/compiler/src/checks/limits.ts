import { diagnostic } from '@samvad/dsl';
import type { InputDecl, EndDecl, MenuDecl, PageDecl, Span, Text } from '@samvad/dsl';
import { WHATSAPP_LIMITS, codePointLength } from '@samvad/runtime';
import type { CheckContext } from '../analysis.js';
import { numberedMenuText, pageText, pageTextBound, textIn } from '../present.js';
import type { ShownOption } from '../present.js';

const L = WHATSAPP_LIMITS;

/**
 * WhatsApp limits of a menu, per language, in Unicode code points: FLOW6001 (numbered text over
 * 4096), FLOW6002 (body over 1024), FLOW6003 (button title over 20), FLOW6004 (row title over
 * 24), FLOW6005 (row description over 72), FLOW6006 (more than 10 options).
 */
export function checkMenuLimits(menu: MenuDecl, ctx: CheckContext): void {
  const count = menu.options.length;
  if (count > L.listRows) {
    ctx.report(
      diagnostic({
        code: 'FLOW6006',
        severity: 'info',
        message: `menu \`${menu.id.name}\` has ${count} options; WhatsApp lists show at most ${L.listRows}`,
        span: menu.id.span,
        primaryLabel: `${count} options`,
        notes: ['the menu will be sent as numbered text, in pages when it is long'],
      }),
    );
  }
  for (const lang of ctx.program.languages) {
    const body = textIn(menu.text, lang) ?? '';
    // An upper bound of the numbered text's length first: the text itself is built only when it may be too long.
    let bound = body.length + 2;
    let noDescriptions = true;
    for (const option of menu.options) {
      const description = textIn(option.description, lang);
      bound += (textIn(option.label, lang) ?? '').length + (description?.length ?? 0) + 8;
      if (description !== undefined && description !== '') noDescriptions = false;
    }
    const length = bound <= L.textBody ? 0 : codePointLength(numberedMenuText(body, shownOptions(menu, lang)));
    if (length > L.textBody) {
      tooLong(ctx, menu.text?.span ?? menu.id.span, `menu \`${menu.id.name}\``, lang, length, 'the menu text with its numbered options');
    }
    if (count > L.listRows || count === 0) continue;
    const bodyLength = body.length <= L.interactiveBody ? body.length : codePointLength(body);
    if (bodyLength > L.interactiveBody && menu.text !== undefined) {
      ctx.report(
        diagnostic({
          code: 'FLOW6002',
          severity: 'warning',
          message: `the ${lang} text of menu \`${menu.id.name}\` has ${bodyLength} characters; buttons and lists allow ${L.interactiveBody}`,
          span: spanIn(menu.text, lang),
          primaryLabel: `${bodyLength} characters`,
          notes: ['the menu will be sent as numbered text instead of buttons or a list'],
          help: `shorten it to ${L.interactiveBody} characters (Unicode code points) or move details to a page`,
        }),
      );
      continue;
    }
    for (const option of menu.options) {
      const shownTitle = textIn(option.label, lang) ?? '';
      const title = shownTitle.length <= L.buttonTitle ? shownTitle.length : codePointLength(shownTitle);
      if (count <= L.buttonCount && noDescriptions && title > L.buttonTitle && title <= L.listRowTitle) {
        limitWarning(ctx, {
          code: 'FLOW6003',
          span: spanIn(option.label, lang),
          what: `option \`${option.id.name}\``,
          lang,
          length: title,
          limit: L.buttonTitle,
          kind: 'button titles',
          consequence: 'the menu will be sent as a list instead of buttons',
        });
      }
      if (title > L.listRowTitle) {
        limitWarning(ctx, {
          code: 'FLOW6004',
          span: spanIn(option.label, lang),
          what: `option \`${option.id.name}\``,
          lang,
          length: title,
          limit: L.listRowTitle,
          kind: 'list row titles',
          consequence: `the menu will be sent as numbered text instead of ${count <= L.buttonCount && noDescriptions ? 'buttons' : 'a list'}`,
        });
      }
      const description = textIn(option.description, lang);
      const described = description === undefined || description.length <= L.listRowDescription ? 0 : codePointLength(description);
      if (described > L.listRowDescription && option.description !== undefined) {
        limitWarning(ctx, {
          code: 'FLOW6005',
          span: spanIn(option.description, lang),
          what: `the description of \`${option.id.name}\``,
          lang,
          length: described,
          limit: L.listRowDescription,
          kind: 'list row descriptions',
          consequence: 'the menu will be sent as numbered text instead of a list',
        });
      }
    }
  }
}

/** The options of a menu as shown in `lang`, numbered by position unless fixed with `number:`. */
function shownOptions(menu: MenuDecl, lang: string): ShownOption[] {
  return menu.options.map((o, i) => {
    const description = textIn(o.description, lang);
    return {
      number: o.number?.value ?? i + 1,
      title: textIn(o.label, lang) ?? '',
      ...(description === undefined ? {} : { description }),
    };
  });
}

/** FLOW6001 for a page, question or farewell: the whole message in one language over 4096. */
export function checkPageLimits(page: PageDecl, ctx: CheckContext): void {
  for (const lang of ctx.program.languages) {
    if (pageTextBound(page, lang) <= L.textBody) continue;
    const length = codePointLength(pageText(page, lang));
    if (length > L.textBody) tooLong(ctx, page.id.span, `page \`${page.id.name}\``, lang, length, 'all its paragraphs, bullets and links');
  }
}

/** FLOW6001 for an input's question and retry text. */
export function checkInputLimits(input: InputDecl, ctx: CheckContext): void {
  checkPlainText(input.text, `the question of \`${input.id.name}\``, ctx);
  checkPlainText(input.retry, `the retry text of \`${input.id.name}\``, ctx);
}

/** FLOW6001 for an end node's farewell. */
export function checkEndLimits(end: EndDecl, ctx: CheckContext): void {
  checkPlainText(end.text, `the farewell of \`${end.id.name}\``, ctx);
}

function checkPlainText(text: Text | undefined, what: string, ctx: CheckContext): void {
  if (text === undefined) return;
  for (const lang of ctx.program.languages) {
    const length = codePointLength(textIn(text, lang) ?? '');
    if (length > L.textBody) tooLong(ctx, spanIn(text, lang), what, lang, length, 'the text');
  }
}

function tooLong(ctx: CheckContext, span: Span, what: string, lang: string, length: number, counted: string): void {
  ctx.report(
    diagnostic({
      code: 'FLOW6001',
      severity: 'error',
      message: `${what} is ${length} characters long in ${lang}; a WhatsApp message holds ${L.textBody}`,
      span,
      primaryLabel: `${length} characters in ${lang}`,
      notes: [`counted: ${counted}, in Unicode code points, with \`{…}\` placeholders as written`],
      help: 'split it into several pages linked with `then -> next_page`',
    }),
  );
}

/** One over-long text of an interactive menu, and what the runtime will do instead. */
interface LimitProblem {
  readonly code: 'FLOW6003' | 'FLOW6004' | 'FLOW6005';
  readonly span: Span;
  readonly what: string;
  readonly lang: string;
  readonly length: number;
  readonly limit: number;
  /** The WhatsApp element, plural: "button titles". */
  readonly kind: string;
  readonly consequence: string;
}

function limitWarning(ctx: CheckContext, { code, span, what, lang, length, limit, kind, consequence }: LimitProblem): void {
  ctx.report(
    diagnostic({
      code,
      severity: 'warning',
      message: `the ${lang} text of ${what} has ${length} characters; WhatsApp ${kind} hold ${limit}`,
      span,
      primaryLabel: `${length} characters, ${length - limit} too many`,
      notes: [consequence],
      help: `shorten it to ${limit} characters (Unicode code points)`,
    }),
  );
}

function spanIn(text: Text, lang: string): Span {
  if (text.kind === 'neutral') return text.span;
  return text.entries.find((e) => e.lang.name === lang)?.valueSpan ?? text.span;
}
