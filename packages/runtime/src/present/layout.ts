/**
 * How a menu is presented on WhatsApp, decided once here so that the WhatsApp adapter, the
 * terminal simulator and the compiler's limit checks agree. Lengths count Unicode code points
 * (WhatsApp documents "characters"; code points are the stricter reading for Devanagari).
 */

/**
 * WhatsApp Cloud API limits: Meta's "Interactive reply buttons messages", "Interactive list messages",
 * "Interactive CTA URL button messages", "Media messages" and "Text messages" pages (developers.facebook.com/documentation/business-messaging/whatsapp/messages/…).
 */
export const WHATSAPP_LIMITS = {
  textBody: 4096,
  interactiveBody: 1024,
  buttonCount: 3,
  buttonTitle: 20,
  listRows: 10,
  listRowTitle: 24,
  listRowDescription: 72,
  listButtonLabel: 20,
  ctaDisplayText: 20,
  /** Image, video and document captions (`MediaObject`). */
  mediaCaption: 1024,
  footer: 60,
  replyId: 200,
} as const;

/** Length in Unicode code points. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** The three ways a menu can look on WhatsApp. */
export type MenuLayout = 'buttons' | 'list' | 'numbered';

export interface LayoutOption {
  readonly title: string;
  readonly description?: string;
}

/**
 * ≤3 options with titles ≤20 and no descriptions → reply buttons; ≤10 options with titles ≤24 and
 * descriptions ≤72 → a list; otherwise numbered text (paged when long). A body over the interactive
 * limit also falls back to numbered text.
 */
export function menuLayout(body: string, options: readonly LayoutOption[]): MenuLayout {
  if (options.length === 0 || codePointLength(body) > WHATSAPP_LIMITS.interactiveBody) return 'numbered';
  const fits = (limit: number) => options.every((o) => codePointLength(o.title) <= limit);
  const noDescriptions = options.every((o) => o.description === undefined || o.description === '');
  if (options.length <= WHATSAPP_LIMITS.buttonCount && noDescriptions && fits(WHATSAPP_LIMITS.buttonTitle)) {
    return 'buttons';
  }
  const descriptionsFit = options.every(
    (o) => o.description === undefined || codePointLength(o.description) <= WHATSAPP_LIMITS.listRowDescription,
  );
  if (options.length <= WHATSAPP_LIMITS.listRows && fits(WHATSAPP_LIMITS.listRowTitle) && descriptionsFit) {
    return 'list';
  }
  return 'numbered';
}
