/**
 * Answers that are not text: a photo, a document, a location or a contact sent to an `input`
 * that expects one. The answer binds the input's variable and its parts (`x`, `x.id`, `x.mime`,
 * … — see `attachmentVars`); any other kind of message is a wrong answer there.
 */
import type { GraphValidation } from '../graph/types.js';
import type { Inbound } from './types.js';

/** The inbound messages that can answer an attachment input. */
export type Attachment = Extract<Inbound, { kind: 'media' | 'location' | 'contact' }>;

/** The validations that want an attachment rather than typed text. */
export type AttachmentRule = Extract<GraphValidation, { kind: 'photo' | 'document' | 'location' | 'contact' }>;

/** True when the input wants a photo, document, location or contact (typed text is then a wrong answer). */
export function wantsAttachment(rule: GraphValidation): rule is AttachmentRule {
  switch (rule.kind) {
    case 'photo':
    case 'document':
    case 'location':
    case 'contact':
      return true;
    case 'number':
    case 'digits':
    case 'pattern':
    case 'oneOf':
    case 'any':
      return false;
    default: {
      const never: never = rule;
      throw new Error(`unknown validation ${JSON.stringify(never)}`);
    }
  }
}

/** The parts each kind of answer binds (`<variable>.<part>`); a part the message lacks is unset. */
const PARTS: Readonly<Record<AttachmentRule['kind'], readonly string[]>> = {
  photo: ['id', 'mime', 'caption', 'filename', 'path'],
  document: ['id', 'mime', 'caption', 'filename', 'path'],
  location: ['latitude', 'longitude', 'name', 'address'],
  contact: ['name', 'phone'],
};

/**
 * The variables an answer binds for an input into `variable`, each `undefined` to unset (a part
 * an earlier answer had must not linger), or undefined when the message is not what the input
 * wants. A photo is a WhatsApp image, a document a document; a location binds `x` = `lat,long`
 * with the coordinates as decimal text; a contact needs a phone number (`x` = the phone).
 */
export function attachmentVars(inbound: Attachment, variable: string, rule: AttachmentRule): Record<string, string | undefined> | undefined {
  const parts = partsOf(inbound, rule);
  if (parts === undefined) return undefined;
  const vars: Record<string, string | undefined> = { [variable]: parts.value };
  for (const part of PARTS[rule.kind]) {
    const value = parts.parts[part];
    vars[`${variable}.${part}`] = value === undefined || value === '' ? undefined : value;
  }
  return vars;
}

interface Parts {
  readonly value: string;
  readonly parts: Readonly<Record<string, string | undefined>>;
}

function partsOf(inbound: Attachment, rule: AttachmentRule): Parts | undefined {
  switch (rule.kind) {
    case 'photo':
    case 'document': {
      const wanted = rule.kind === 'photo' ? 'image' : 'document';
      if (inbound.kind !== 'media' || inbound.mediaType !== wanted || typeof inbound.id !== 'string' || inbound.id === '') return undefined;
      const { id, mime, caption, filename, path } = inbound;
      return { value: id, parts: { id, mime, caption, filename, path } };
    }
    case 'location': {
      if (inbound.kind !== 'location' || !Number.isFinite(inbound.latitude) || !Number.isFinite(inbound.longitude)) return undefined;
      const latitude = decimal(inbound.latitude);
      const longitude = decimal(inbound.longitude);
      return { value: `${latitude},${longitude}`, parts: { latitude, longitude, name: inbound.name, address: inbound.address } };
    }
    case 'contact': {
      const phone = inbound.kind === 'contact' ? inbound.phone?.trim() : undefined;
      if (inbound.kind !== 'contact' || phone === undefined || phone === '') return undefined;
      return { value: phone, parts: { name: inbound.name, phone } };
    }
    default: {
      const never: never = rule;
      throw new Error(`unknown validation ${JSON.stringify(never)}`);
    }
  }
}

/** A coordinate as plain decimal text, as received (`19.8347`; never `1e-7`). */
function decimal(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toFixed(20).replace(/\.?0+$/, '');
}
