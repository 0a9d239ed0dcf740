/**
 * Checking an answer to an `input` node. Digits in any Indic script are accepted and stored as
 * ASCII digits, so `{age}` and branch comparisons see `42` whether the citizen typed `42` or `४२`.
 */
import type { GraphValidation } from '../graph/types.js';
import { digitValue, normalize } from '../match/normalize.js';

/** The value to store, or undefined when the answer does not pass. */
export function acceptInput(text: string, rule: GraphValidation): string | undefined {
  const answer = text.normalize('NFC').replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').trim();
  switch (rule.kind) {
    case 'number': {
      const ascii = asciiDigits(answer).replace(/[\s,]/g, '');
      if (!/^-?\d+(\.\d+)?$/.test(ascii)) return undefined;
      const value = Number(ascii);
      if (rule.min !== undefined && value < rule.min) return undefined;
      if (rule.max !== undefined && value > rule.max) return undefined;
      return ascii;
    }
    case 'digits': {
      const ascii = asciiDigits(answer).replace(/[\s-]/g, '');
      if (!/^\d+$/.test(ascii)) return undefined;
      if (rule.length !== undefined && ascii.length !== rule.length) return undefined;
      return ascii;
    }
    case 'pattern': {
      const regex = compiled(rule.pattern);
      return regex === undefined || regex.test(answer) ? (answer === '' ? undefined : answer) : undefined;
    }
    case 'oneOf': {
      const wanted = normalize(answer);
      return rule.values.find((value) => normalize(value) === wanted);
    }
    case 'any':
      return answer === '' ? undefined : answer;
    case 'photo':
    case 'document':
    case 'location':
    case 'contact':
      // Typed text never answers an input that wants an attachment (see `attachment.ts`).
      return undefined;
    default: {
      const never: never = rule;
      throw new Error(`unknown validation ${JSON.stringify(never)}`);
    }
  }
}

/** True when an answer is written only in digits (so a command word like `0` is not a command). */
export function isDigitsOnly(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === '') return false;
  for (const ch of trimmed) if (digitValue(ch.codePointAt(0) ?? 0) < 0) return false;
  return true;
}

function asciiDigits(text: string): string {
  let result = '';
  for (const ch of text) {
    const digit = digitValue(ch.codePointAt(0) ?? 0);
    result += digit >= 0 ? String(digit) : ch;
  }
  return result;
}

const patterns = new Map<string, RegExp | undefined>();

/** The anchored regex for a pattern; an invalid pattern (the compiler refuses them) accepts anything. */
function compiled(pattern: string): RegExp | undefined {
  if (!patterns.has(pattern)) {
    let regex: RegExp | undefined;
    try {
      regex = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      regex = undefined;
    }
    patterns.set(pattern, regex);
  }
  return patterns.get(pattern);
}
