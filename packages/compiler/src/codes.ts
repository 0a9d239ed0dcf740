import type { Severity } from '@samvad/dsl';

/** What every compiler diagnostic code means; each has `docs/diagnostics/<code>.md` and a golden fixture. */
export interface CodeInfo {
  readonly title: string;
  readonly severity: Severity;
  /** Folder-name slug of its golden fixture: `test/fixtures/<code>-<slug>/`. */
  readonly slug: string;
}

/** The compiler's diagnostic codes (FLOW1xxx belong to the parser in `@samvad/dsl`). */
export const CODES = {
  FLOW2001: { title: 'unknown target', severity: 'error', slug: 'unknown-target' },
  FLOW2002: { title: 'duplicate node id', severity: 'error', slug: 'duplicate-node' },
  FLOW2003: { title: 'missing bot header', severity: 'error', slug: 'missing-bot' },
  FLOW2004: { title: 'missing start node', severity: 'error', slug: 'missing-start' },
  FLOW2005: { title: 'second bot header', severity: 'error', slug: 'second-bot' },
  FLOW2006: { title: 'duplicate data source', severity: 'error', slug: 'duplicate-source' },
  FLOW2007: { title: 'duplicate language', severity: 'error', slug: 'duplicate-language' },
  FLOW2008: { title: 'file not found', severity: 'error', slug: 'missing-include' },
  FLOW2009: { title: 'no languages', severity: 'error', slug: 'missing-languages' },
  FLOW2010: { title: 'file refused', severity: 'error', slug: 'refused-include' },
  FLOW2011: { title: 'duplicate endpoint', severity: 'error', slug: 'duplicate-endpoint' },
  FLOW3001: { title: 'missing translation', severity: 'error', slug: 'missing-translation' },
  FLOW3002: { title: 'untranslated neutral text', severity: 'error', slug: 'neutral-with-letters' },
  FLOW3003: { title: 'undeclared language', severity: 'error', slug: 'undeclared-language' },
  FLOW3004: { title: 'repeated language line', severity: 'error', slug: 'repeated-language-line' },
  FLOW3005: { title: 'unknown message key', severity: 'error', slug: 'unknown-message' },
  FLOW3006: { title: 'system texts missing for a language', severity: 'error', slug: 'missing-system-texts' },
  FLOW4001: { title: 'unreachable node', severity: 'warning', slug: 'unreachable' },
  FLOW4002: { title: 'dead end', severity: 'error', slug: 'dead-end' },
  FLOW4003: { title: 'input without `then`', severity: 'error', slug: 'input-without-then' },
  FLOW4004: { title: 'branch without `else`', severity: 'error', slug: 'branch-without-else' },
  FLOW4005: { title: '`from` without `fallback`', severity: 'error', slug: 'from-without-fallback' },
  FLOW4006: { title: 'loop without user input', severity: 'error', slug: 'loop-without-input' },
  FLOW4007: { title: 'missing clause', severity: 'error', slug: 'missing-clause' },
  FLOW4008: { title: 'chain of branches too long', severity: 'error', slug: 'chain-too-long' },
  FLOW4009: { title: '`call` without `fallback`', severity: 'error', slug: 'call-without-fallback' },
  FLOW4010: { title: 'endpoint never called', severity: 'warning', slug: 'unused-endpoint' },
  FLOW5001: { title: 'duplicate option id', severity: 'error', slug: 'duplicate-option' },
  FLOW5002: { title: 'duplicate option number', severity: 'error', slug: 'duplicate-number' },
  FLOW5003: { title: 'duplicate option word', severity: 'error', slug: 'duplicate-word' },
  FLOW5004: { title: 'option word is a command word', severity: 'warning', slug: 'word-is-command' },
  FLOW5005: { title: 'option word always asks', severity: 'warning', slug: 'word-always-asks' },
  FLOW5006: { title: 'option word never selects its option', severity: 'warning', slug: 'word-never-wins' },
  FLOW6001: { title: 'message too long for WhatsApp', severity: 'error', slug: 'text-too-long' },
  FLOW6002: { title: 'menu text too long for buttons or a list', severity: 'warning', slug: 'body-too-long' },
  FLOW6003: { title: 'button title too long', severity: 'warning', slug: 'button-title-too-long' },
  FLOW6004: { title: 'list row title too long', severity: 'warning', slug: 'row-title-too-long' },
  FLOW6005: { title: 'list row description too long', severity: 'warning', slug: 'row-description-too-long' },
  FLOW6006: { title: 'more than 10 options', severity: 'info', slug: 'many-options' },
  FLOW6007: { title: 'caption too long', severity: 'error', slug: 'caption-too-long' },
  FLOW6008: { title: 'button label too long', severity: 'error', slug: 'button-label-too-long' },
  FLOW6009: { title: 'text too long for a link button', severity: 'warning', slug: 'button-body-too-long' },
  FLOW7001: { title: 'variable never set', severity: 'error', slug: 'variable-never-set' },
  FLOW7002: { title: 'unknown data source', severity: 'error', slug: 'unknown-source' },
  FLOW7003: { title: 'invalid pattern', severity: 'error', slug: 'invalid-pattern' },
  FLOW7004: { title: 'empty number range', severity: 'error', slug: 'empty-range' },
  FLOW7005: { title: 'address is not https', severity: 'error', slug: 'link-not-https' },
  FLOW7006: { title: 'unknown language', severity: 'error', slug: 'unknown-option-language' },
  FLOW7007: { title: 'value out of range', severity: 'error', slug: 'out-of-range' },
  FLOW7008: { title: 'unknown endpoint', severity: 'error', slug: 'unknown-endpoint' },
  FLOW7009: { title: 'not an environment variable name', severity: 'error', slug: 'invalid-env-name' },
  FLOW7010: { title: 'call fields do not match the endpoint', severity: 'error', slug: 'call-fields' },
  FLOW7011: { title: 'unknown answer field', severity: 'error', slug: 'unknown-answer-field' },
  FLOW7012: { title: 'file name without extension', severity: 'warning', slug: 'filename-without-extension' },
  FLOW7013: { title: 'media address of another type', severity: 'warning', slug: 'media-type-mismatch' },
  FLOW9001: { title: 'internal error: invalid graph', severity: 'error', slug: 'invalid-graph' },
  FLOW9002: { title: 'internal error', severity: 'error', slug: 'internal-error' },
} as const satisfies Record<string, CodeInfo>;

/** A compiler diagnostic code. */
export type Code = keyof typeof CODES;
