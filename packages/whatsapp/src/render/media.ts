/**
 * Media by link: an image, document or video message with its caption (≤ 1024 characters, Meta's
 * `MediaObject` limit) and, for a document, the file name shown. A longer caption goes out as
 * text after the media; an address that is not https (a URL from a variable, checked only at run
 * time) becomes text with the address instead, so the citizen still gets it.
 */
import { WHATSAPP_LIMITS, codePointLength, fileNameOfUrl } from '@samvad/runtime';
import { envelope } from './bodies.js';
import type { MediaBody, WhatsAppBody } from './bodies.js';
import { isHttpsUrl } from './cta.js';
import { textBodies, withLinkLines } from './text.js';

/** Longest media caption (`MediaObject_1.caption.maxLength` in Meta's v23 spec). */
const CAPTION_LIMIT = WHATSAPP_LIMITS.mediaCaption;

/** What `renderMedia` sends. */
export interface MediaMessage {
  readonly mediaType: 'image' | 'document' | 'video';
  readonly url: string;
  readonly caption?: string;
  readonly filename?: string;
}

/** The bodies for one media message to `to`. */
export function renderMedia(media: MediaMessage, to: string): WhatsAppBody[] {
  const caption = media.caption !== undefined && media.caption.trim() !== '' ? media.caption : undefined;
  const filename = media.mediaType === 'document' ? (nonEmpty(media.filename) ?? fileNameOfUrl(media.url)) : undefined;
  if (!isHttpsUrl(media.url)) {
    return textBodies(withLinkLines(caption ?? '', [{ label: filename ?? '', url: media.url }]), to);
  }
  const fits = caption === undefined || codePointLength(caption) <= CAPTION_LIMIT;
  const object = {
    link: media.url,
    ...(caption !== undefined && fits ? { caption } : {}),
    ...(filename !== undefined ? { filename } : {}),
  };
  const body = mediaBody(media.mediaType, object, to);
  return caption === undefined || fits ? [body] : [body, ...textBodies(caption, to)];
}

function mediaBody(mediaType: MediaMessage['mediaType'], object: { link: string; caption?: string; filename?: string }, to: string): MediaBody {
  switch (mediaType) {
    case 'image': {
      const { filename: _unused, ...image } = object;
      return { ...envelope(to), type: 'image', image };
    }
    case 'video': {
      const { filename: _unused, ...video } = object;
      return { ...envelope(to), type: 'video', video };
    }
    case 'document':
      return { ...envelope(to), type: 'document', document: object };
    default: {
      const never: never = mediaType;
      throw new Error(`unknown media type ${String(never)}`);
    }
  }
}

function nonEmpty(s: string | undefined): string | undefined {
  return s !== undefined && s.trim() !== '' ? s : undefined;
}

