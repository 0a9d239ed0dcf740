/** The fake Graph API's check of a send body: the envelope and the object named by `type`. */

const TYPES = new Set(['text', 'interactive', 'image', 'document', 'audio', 'video', 'sticker', 'reaction', 'location', 'contacts', 'template']);

/** `undefined` when the body looks like a send (or a mark-as-read); otherwise what is wrong. */
export function checkSendBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body is not a JSON object';
  const b = body as Record<string, unknown>;
  if (b.messaging_product !== 'whatsapp') return 'messaging_product must be "whatsapp"';
  if (b.status === 'read') return typeof b.message_id === 'string' ? undefined : 'message_id is required';
  if (typeof b.to !== 'string' || b.to === '') return 'to is required';
  if (typeof b.type !== 'string' || !TYPES.has(b.type)) return `unknown type ${JSON.stringify(b.type)}`;
  const payload = b[b.type];
  if (typeof payload !== 'object' || payload === null) return `the "${b.type}" object is missing`;
  if (b.type === 'text') {
    const text = (payload as { body?: unknown }).body;
    if (typeof text !== 'string' || text === '') return 'text.body is required';
    if ([...text].length > 4096) return 'text.body is over 4096 characters';
  }
  if (b.type === 'interactive') {
    const i = payload as { type?: unknown; body?: { text?: unknown }; action?: unknown };
    if (typeof i.type !== 'string') return 'interactive.type is required';
    if (typeof i.action !== 'object' || i.action === null) return 'interactive.action is required';
    if (typeof i.body?.text !== 'string' || i.body.text === '') return 'interactive.body.text is required';
  }
  return undefined;
}
