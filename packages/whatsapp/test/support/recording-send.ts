/** A send function for sender tests that records every body it is given and answers success. */
import type { SendOutcome } from '@samvad/whatsapp';

export interface RecordingSend {
  /** The bodies sent so far, in order. */
  readonly sent: string[];
  /** Records `body`, yields to the event loop once, then answers `{ ok: true }` with a fresh wamid. */
  readonly send: (body: string) => Promise<SendOutcome>;
}

/** A fresh recorder: `sent` starts empty. */
export function recordingSend(): RecordingSend {
  const sent: string[] = [];
  const send = async (body: string): Promise<SendOutcome> => {
    sent.push(body);
    await new Promise((r) => setImmediate(r));
    return { ok: true, wamid: `wamid.${sent.length}` };
  };
  return { sent, send };
}
