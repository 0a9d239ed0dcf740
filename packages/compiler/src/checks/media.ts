import { diagnostic } from '@samvad/dsl';
import type { PageDecl, StringLit, Text } from '@samvad/dsl';
import { codePointLength, WHATSAPP_LIMITS } from '@samvad/runtime';
import type { CheckContext } from '../analysis.js';
import { isNoText } from '../texts.js';
import { isHttpsUrl } from './values.js';

type MediaType = 'image' | 'document' | 'video';

/**
 * The `button` and media blocks of a page: their address is https (FLOW7005; an address that
 * starts with a `{var}` is checked when it is sent), a caption fits WhatsApp's 1024 characters
 * (FLOW6007) and a button label its 20 (FLOW6008) in every language, a document's `name` has an
 * extension (FLOW7012), and an image or video address does not end in the extension of another
 * type or of a format WhatsApp does not send (FLOW7013).
 */
export function checkPageMedia(page: PageDecl, ctx: CheckContext): void {
  for (const block of page.blocks) {
    switch (block.kind) {
      case 'button':
        checkAddress(ctx, block.url, 'button');
        checkLength(ctx, block.label, WHATSAPP_LIMITS.ctaDisplayText, (lang, length) => ({
          code: 'FLOW6008',
          message: `the ${lang} label of a button of \`${page.id.name}\` has ${length} characters; WhatsApp shows at most ${WHATSAPP_LIMITS.ctaDisplayText}`,
          notes: ['a `button` is sent as a tappable link button (cta_url), whose text WhatsApp limits to 20 characters; a longer one would arrive as plain text with the address'],
          help: `shorten it to ${WHATSAPP_LIMITS.ctaDisplayText} characters (Unicode code points), e.g. "Open GR (PDF)"; or use a \`link\` block, which may be longer`,
        }));
        break;
      case 'media':
        checkAddress(ctx, block.url, block.mediaType);
        checkExtension(ctx, block.url, block.mediaType);
        if (block.filename !== undefined) checkFilename(ctx, block.filename);
        if (isNoText(block.caption)) break;
        checkLength(ctx, block.caption, WHATSAPP_LIMITS.mediaCaption, (lang, length) => ({
          code: 'FLOW6007',
          message: `the ${lang} caption of ${article(block.mediaType)} ${block.mediaType} of \`${page.id.name}\` has ${length} characters; WhatsApp allows ${WHATSAPP_LIMITS.mediaCaption}`,
          notes: ['counted in Unicode code points, with `{…}` placeholders as written'],
          help: 'shorten the caption, and put the rest in the page\'s `text:` (it is sent before the media)',
        }));
        break;
      case 'text':
      case 'bullet':
      case 'link':
      case 'fee':
      case 'time':
        break;
      default: {
        const never: never = block;
        throw new Error(`unexpected block ${String(never)}`);
      }
    }
  }
}

/** FLOW7005 for a button or media address. */
function checkAddress(ctx: CheckContext, url: StringLit, what: 'button' | MediaType): void {
  const value = url.value;
  // `{gr.url}`: known only when the message is sent; the renderer sends a non-https one as text.
  if (value.startsWith('{')) return;
  if (value.startsWith('https://') && value.includes('{')) return;
  if (isHttpsUrl(value)) return;
  const upgraded = value.startsWith('http://') ? `https://${value.slice('http://'.length)}` : undefined;
  ctx.report(
    diagnostic({
      code: 'FLOW7005',
      severity: 'error',
      message: `${what} address "${value}" is not an https address`,
      span: url.span,
      primaryLabel: 'expected "https://…"',
      notes: [what === 'button' ? 'WhatsApp opens only https addresses from a button' : `WhatsApp fetches ${what}s only from https addresses`],
      help: upgraded === undefined ? 'write the full address, starting with https://' : `use "${upgraded}" if the site supports it`,
      ...(upgraded === undefined ? {} : { fix: { span: url.span, replacement: JSON.stringify(upgraded), description: 'use https' } }),
    }),
  );
}

/** What a text over its limit reports in one language. */
interface TooLong {
  readonly code: 'FLOW6007' | 'FLOW6008';
  readonly message: string;
  readonly notes: readonly string[];
  readonly help: string;
}

function checkLength(ctx: CheckContext, text: Text, limit: number, problem: (lang: string, length: number) => TooLong): void {
  const lines = text.kind === 'neutral' ? [{ lang: undefined, value: text.value, span: text.span }] : text.entries.map((e) => ({ lang: e.lang.name, value: e.value, span: e.valueSpan }));
  for (const line of lines) {
    const length = line.value.length <= limit ? line.value.length : codePointLength(line.value);
    if (length <= limit) continue;
    const { code, message, notes, help } = problem(line.lang ?? 'shared', length);
    ctx.report(
      diagnostic({
        code,
        severity: 'error',
        message,
        span: line.span,
        primaryLabel: `${length} characters, ${length - limit} too many`,
        notes: [...notes],
        help,
      }),
    );
  }
}

/** File types by extension, as far as sending media is concerned. */
const EXTENSION_TYPES: Readonly<Record<string, 'image' | 'video' | 'audio' | 'document'>> = {
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  webp: 'image',
  gif: 'image',
  bmp: 'image',
  svg: 'image',
  heic: 'image',
  mp4: 'video',
  '3gp': 'video',
  mov: 'video',
  avi: 'video',
  mkv: 'video',
  webm: 'video',
  mp3: 'audio',
  ogg: 'audio',
  aac: 'audio',
  amr: 'audio',
  m4a: 'audio',
  opus: 'audio',
  wav: 'audio',
  pdf: 'document',
  doc: 'document',
  docx: 'document',
  xls: 'document',
  xlsx: 'document',
  ppt: 'document',
  pptx: 'document',
  txt: 'document',
  csv: 'document',
  zip: 'document',
  odt: 'document',
};

/** The extension of an address's path, lower case, if it has one. */
function extensionOf(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? undefined : name.slice(dot + 1).toLowerCase();
}

/** The file types WhatsApp sends as images and videos (Meta's supported media types: JPEG and PNG; MP4 and 3GPP). */
const SENDABLE: Readonly<Record<'image' | 'video', readonly string[]>> = {
  image: ['jpg', 'jpeg', 'png'],
  video: ['mp4', '3gp'],
};

/**
 * FLOW7013: an `image` whose address ends in `.pdf`, a `video` ending in `.jpg` (probably the
 * wrong block), or an image or video of a type WhatsApp does not send as one (`.webp`, `.mov`).
 */
function checkExtension(ctx: CheckContext, url: StringLit, mediaType: MediaType): void {
  if (mediaType === 'document' || url.value.includes('{')) return;
  const extension = extensionOf(url.value);
  const type = extension === undefined ? undefined : EXTENSION_TYPES[extension];
  if (extension === undefined || type === undefined || SENDABLE[mediaType].includes(extension)) return;
  const formats = mediaType === 'image' ? 'a JPEG or PNG image' : 'an MP4 or 3GPP video';
  const sameType = type === mediaType;
  ctx.report(
    diagnostic({
      code: 'FLOW7013',
      severity: 'warning',
      message: sameType
        ? `this ${mediaType} address ends in \`.${extension}\`; WhatsApp sends ${mediaType}s only as ${mediaType === 'image' ? 'JPEG or PNG' : 'MP4 or 3GPP'}`
        : `this ${mediaType} address ends in \`.${extension}\`, which is ${article(type)} ${type} file`,
      span: url.span,
      primaryLabel: sameType ? `\`.${extension}\` cannot be sent as ${article(mediaType)} ${mediaType}` : `\`.${extension}\` is not ${article(mediaType)} ${mediaType}`,
      notes: [`WhatsApp refuses ${article(mediaType)} ${mediaType} message whose file is not ${formats}; the citizen would get nothing`],
      help: sameType
        ? `convert the file to ${mediaType === 'image' ? 'JPEG or PNG' : 'MP4'}, or send it as a \`document\``
        : type === 'audio'
          ? 'send audio as a `document`'
          : `use a \`${type}\` block for it`,
    }),
  );
}

/** FLOW7012: a document's `name` is the file name the citizen's phone shows and opens it by. */
function checkFilename(ctx: CheckContext, filename: StringLit): void {
  const name = filename.value;
  const dot = name.lastIndexOf('.');
  if (dot > 0 && dot < name.length - 1) return;
  ctx.report(
    diagnostic({
      code: 'FLOW7012',
      severity: 'warning',
      message: `document name "${name}" has no extension`,
      span: filename.span,
      primaryLabel: 'e.g. ".pdf"',
      notes: ['phones choose the app that opens a document by the extension of its name'],
      help: `name it with its type, e.g. "${dot === name.length - 1 ? name.slice(0, -1) : name}.pdf"`,
    }),
  );
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

