/**
 * Whether a citizen's media file is worth downloading: only when the conversation is waiting for
 * exactly that kind of file (an input with `expect: photo` for an image, `expect: document` for a
 * document). A sticker at a menu, a voice note, or a photo nobody asked for gets the `unsupported`
 * reply without a byte written to disk — a stranger cannot fill the media folder by sending files.
 */
import type { Graph, Inbound, Session } from '@samvad/runtime';

/** True when `session`, at its node in `graph`, waits (at `now`, not idle too long) for the file `inbound` carries. */
export function isFileWanted(graph: Graph, session: Session | undefined, inbound: Inbound, now: number): boolean {
  if (inbound.kind !== 'media' || session === undefined || session.pending !== undefined) return false;
  if (now - session.updatedAt > graph.settings.idleTimeoutMs) return false;
  const node = Object.hasOwn(graph.nodes, session.node) ? graph.nodes[session.node] : undefined;
  if (node?.kind !== 'input') return false;
  switch (node.validate.kind) {
    case 'photo':
      return inbound.mediaType === 'image';
    case 'document':
      return inbound.mediaType === 'document';
    case 'number':
    case 'digits':
    case 'pattern':
    case 'oneOf':
    case 'any':
    case 'location':
    case 'contact':
      return false;
    default: {
      const never: never = node.validate;
      throw new Error(`unknown validation ${JSON.stringify(never)}`);
    }
  }
}
