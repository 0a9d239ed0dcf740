/**
 * `user sends: …` in a conversation test: what the citizen's phone sends besides text.
 *   photo "caption"                   image "caption"        (the caption is optional)
 *   document "arj.pdf" "caption"      video "caption"        audio        sticker
 *   location 19.84, 75.88 "Jalna"     contact "Asha Patil" "+919800000000"
 * Another single word (`reaction`, …) is something the bot cannot read (`unsupported`). Pure.
 */
import type { Inbound } from '@samvad/runtime';
import { contactInbound, documentInbound, locationInbound, parseCoordinates, photoInbound } from '@samvad/terminal';
import { closest } from './suggest.js';

/** The kinds `user sends:` knows, for messages and suggestions. */
export const SENDS_KINDS = ['photo', 'image', 'document', 'video', 'audio', 'sticker', 'location', 'contact'] as const;

const USAGE =
  'write `user sends: photo "caption"`, `document "name.pdf"`, `video`, `audio`, `sticker`, `location 19.84, 75.88 "name"` or `contact "Name" "+91…"`';

/** Splits `value` into its first word and the quoted strings after it; text outside quotes is kept as `bare`. */
function tokens(value: string): { kind: string; quoted: string[]; bare: string } {
  const kind = /^\S*/.exec(value)?.[0] ?? '';
  const quoted: string[] = [];
  const bare = value
    .slice(kind.length)
    .replace(/"([^"]*)"|“([^”]*)”/g, (_all, plain: string | undefined, curly: string | undefined) => {
      quoted.push(plain ?? curly ?? '');
      return ' ';
    })
    .trim();
  return { kind, quoted, bare };
}

/**
 * The inbound message `value` (the text after `user sends:`) describes, or a message saying what is
 * wrong. `mediaId` is the media id a photo, document or other media gets.
 */
export function parseSends(value: string, mediaId: string): Inbound | string {
  const { kind, quoted, bare } = tokens(value.trim());
  const extra = (allowed: number) =>
    quoted.length > allowed ? `\`${kind}\` takes at most ${allowed === 1 ? 'one quoted text' : `${allowed} quoted texts`}; ${USAGE}` : undefined;
  const bareProblem = (what: string) => (bare === '' ? undefined : `unexpected \`${bare}\` after \`${what}\` (put texts in double quotes); ${USAGE}`);
  switch (kind) {
    case '':
      return photoInbound(mediaId);
    case 'photo':
    case 'image':
      return extra(1) ?? bareProblem(kind) ?? photoInbound(mediaId, quoted[0]);
    case 'video':
      return extra(1) ?? bareProblem(kind) ?? { kind: 'media', mediaType: 'video', id: mediaId, mime: 'video/mp4', ...(quoted[0] ? { caption: quoted[0] } : {}) };
    case 'audio':
    case 'sticker':
      return (
        extra(0) ??
        bareProblem(kind) ?? { kind: 'media', mediaType: kind, id: mediaId, mime: kind === 'audio' ? 'audio/ogg' : 'image/webp' }
      );
    case 'document': {
      // The name may be written without quotes: `document arj.pdf`.
      const names = bare === '' ? quoted : [bare, ...quoted];
      const [filename, caption] = names;
      if (filename === undefined || filename === '') return `\`document\` needs the file name, e.g. \`user sends: document "arj.pdf"\``;
      if (names.length > 2 || /\s/.test(bare)) return `\`document\` takes a file name and an optional caption, e.g. \`user sends: document "arj.pdf" "my form"\``;
      return documentInbound(mediaId, filename, caption);
    }
    case 'location': {
      const at = parseCoordinates(bare);
      if (typeof at === 'string') return `\`location\`: ${at}, e.g. \`user sends: location 19.84, 75.88 "Jalna"\``;
      return extra(1) ?? locationInbound(at.latitude, at.longitude, quoted[0]);
    }
    case 'contact': {
      const [name, quotedPhone] = quoted;
      const phone = quotedPhone ?? (bare === '' ? undefined : bare);
      if (name === undefined || name === '') return `\`contact\` needs the name in quotes, e.g. \`user sends: contact "Asha Patil" "+919800000000"\``;
      if (quoted.length > 2 || (quotedPhone !== undefined && bare !== '')) return `\`contact\` takes a name and a phone number; ${USAGE}`;
      if (phone !== undefined && !/^\+?[\d\s-]{6,}$/.test(phone)) return `\`${phone}\` is not a phone number, e.g. "+919800000000"`;
      return contactInbound(name, phone);
    }
    default: {
      const hint = closest(kind, SENDS_KINDS);
      if (hint !== undefined) return `unknown \`user sends: ${kind}\`; did you mean \`${hint}\`?`;
      if (quoted.length > 0 || bare !== '') return `unknown \`user sends: ${kind}\`; ${USAGE}`;
      // Something the bot cannot read (a reaction, an order, …).
      return { kind: 'unsupported', what: kind };
    }
  }
}
