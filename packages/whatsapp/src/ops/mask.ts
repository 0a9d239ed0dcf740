/** Phone numbers never appear whole in logs; secrets never appear at all. */

/** `919876504321` → `91******4321`: keeps the first two and last four digits. */
export function maskPhone(phone: string): string {
  if (phone.length <= 6) return '*'.repeat(phone.length);
  return phone.slice(0, 2) + '*'.repeat(phone.length - 6) + phone.slice(-4);
}

/** What a secret is replaced by. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for: they would blank ordinary words, and guard nothing. */
export const MIN_SECRET_LENGTH = 4;

/** `text` with every occurrence of every secret (as is, and as escaped inside a JSON string) replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret && out.includes(escaped)) out = out.split(escaped).join(REDACTED);
  }
  return out;
}
