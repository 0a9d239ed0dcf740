/**
 * What a simulated citizen sends besides text: a photo, a document, a location or a contact,
 * shaped as WhatsApp's webhook delivers them to the runtime (`Inbound`). Used by the simulator's
 * `/photo`, `/document`, `/location` and `/contact` commands and by conversation tests.
 */
import type { Inbound } from '@samvad/runtime';

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/** The MIME type WhatsApp would report for a document named `filename` (by its extension). */
export function mimeOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  const extension = dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
  return MIME_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

const withCaption = (caption: string | undefined) => (caption === undefined || caption === '' ? {} : { caption });

/** A photo (WhatsApp `image`) with media id `id`. */
export function photoInbound(id: string, caption?: string): Inbound {
  return { kind: 'media', mediaType: 'image', id, mime: 'image/jpeg', ...withCaption(caption) };
}

/** A document named `filename` with media id `id`. */
export function documentInbound(id: string, filename: string, caption?: string): Inbound {
  return { kind: 'media', mediaType: 'document', id, mime: mimeOf(filename), filename, ...withCaption(caption) };
}

/** A shared location; `name` is the place's name WhatsApp sends with a pinned place. */
export function locationInbound(latitude: number, longitude: number, name?: string): Inbound {
  return { kind: 'location', latitude, longitude, ...(name === undefined || name === '' ? {} : { name }) };
}

/** A shared contact card. */
export function contactInbound(name: string, phone?: string): Inbound {
  return { kind: 'contact', name, ...(phone === undefined || phone === '' ? {} : { phone }) };
}

/**
 * `lat,long` (a space after the comma allowed) as numbers, or a message saying what is wrong:
 * both must be decimal degrees, latitude within ±90 and longitude within ±180.
 */
export function parseCoordinates(text: string): { latitude: number; longitude: number } | string {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (match === null) return `expected latitude,longitude in decimal degrees, e.g. 19.84,75.88; got "${text.trim()}"`;
  const latitude = Number(match[1]);
  const longitude = Number(match[2]);
  if (Math.abs(latitude) > 90) return `latitude ${latitude} is out of range (−90 to 90)`;
  if (Math.abs(longitude) > 180) return `longitude ${longitude} is out of range (−180 to 180)`;
  return { latitude, longitude };
}
