/**
 * Validation of a compiled graph against `schema/graph.schema.json` (Ajv, draft 2020-12), with
 * the format version checked first so an old runtime says "upgrade" instead of listing errors.
 */
import { createRequire } from 'node:module';
import type Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import schema from '../../schema/graph.schema.json' with { type: 'json' };
import { AJV_OPTIONS, PRECOMPILED_VALIDATOR, schemaForAjv } from './ajv-schema.js';
import { checkIntegrity } from './integrity.js';
import { withBuiltInMessages } from './upgrade.js';
import { GRAPH_FORMAT } from './types.js';
import type { Graph } from './types.js';

/** The JSON Schema of the graph (draft 2020-12), for tools that validate on their own. */
export const graphSchema: Readonly<Record<string, unknown>> = schema;

/** The outcome of validating or loading a graph: the typed graph, or readable error lines. */
export type GraphLoadResult =
  | { readonly ok: true; readonly graph: Graph }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * The compiled schema, on first use (`samvad check` never needs it). A built runtime has it
 * precompiled by `scripts/build.mjs` (`precompile.ts`) beside this file; from source, Ajv is
 * loaded and compiles the schema then (~140 ms, Ajv's load included). Either way nothing of Ajv
 * loads on import: both are CommonJS, required synchronously.
 */
let compiled: ValidateFunction<Graph> | undefined;
function checker(): ValidateFunction<Graph> {
  compiled ??= precompiled() ?? compileNow();
  return compiled;
}

const require = createRequire(import.meta.url);

/** The validator the build wrote beside this file, or undefined when there is none (from source). */
function precompiled(): ValidateFunction<Graph> | undefined {
  const file = `./${PRECOMPILED_VALIDATOR}`;
  try {
    return require(file) as ValidateFunction<Graph>;
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(PRECOMPILED_VALIDATOR);
    if (missing) return undefined;
    throw error;
  }
}

function compileNow(): ValidateFunction<Graph> {
  const Ajv = require('ajv/dist/2020.js') as { default: typeof Ajv2020 };
  return new Ajv.default(AJV_OPTIONS).compile<Graph>(schemaForAjv());
}

/** At most this many error lines are reported (a broken graph can produce hundreds). */
const MAX_ERRORS = 20;

/**
 * Validates an unknown value as a graph of the format this runtime reads. A wrong `format` is
 * refused before anything else, with a message naming the formats this runtime reads; then the
 * schema; then integrity (`integrity.ts`: every node a field names exists, reply ids are unique,
 * every language has every text), each error as `<JSON pointer>: <problem>`.
 */
export function validateGraph(input: unknown): GraphLoadResult {
  const formatError = checkFormat(input);
  if (formatError !== undefined) return { ok: false, errors: [formatError] };
  const value = withBuiltInMessages(input);
  const check = checker();
  if (!check(value)) return { ok: false, errors: withHints(formatErrors(check.errors ?? []), check.errors ?? []) };
  const problems = checkIntegrity(value);
  if (problems.length === 0) return { ok: true, graph: value };
  return { ok: false, errors: capped(problems.map((p) => `${p.pointer}: ${p.problem}`)) };
}

/**
 * Parses JSON text and validates it; a parse error is reported as the one error. The error names
 * the position only: V8's message quotes the text around it, and a file that is not a graph (a
 * symlink to an environment file, say) must not be quoted into a log.
 */
export function loadGraph(json: string): GraphLoadResult {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, errors: [`the graph is not valid JSON (${jsonErrorPlace(error, json)})`] };
  }
  return validateGraph(value);
}

/** Where JSON.parse stopped, without quoting the text: `at line 3, column 7` or `unexpected end`. */
function jsonErrorPlace(error: unknown, json: string): string {
  const detail = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(detail);
  if (position?.[1] !== undefined) {
    const offset = Number(position[1]);
    const before = json.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `at line ${line}, column ${column}`;
  }
  if (/end of (JSON|data) input/i.test(detail) || json.trim() === '') return 'it ends too early';
  return 'it is not JSON text';
}

function checkFormat(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'the graph must be a JSON object (is this a compiled Samvad graph?)';
  }
  const format = (value as { format?: unknown }).format;
  if (format === undefined) return '/format: missing; this is not a compiled Samvad graph';
  if (typeof format !== 'number' || !Number.isInteger(format)) {
    return `/format: must be an integer graph format version, got ${JSON.stringify(format)}`;
  }
  if (format > GRAPH_FORMAT) {
    return `graph format ${format} is newer than this runtime reads (it reads format ${GRAPH_FORMAT}): it was compiled by a newer samvad; upgrade samvad, or recompile the flow with this one (\`samvad compile\`)`;
  }
  if (format < GRAPH_FORMAT) {
    return `graph format ${format} is too old for this runtime (it reads format ${GRAPH_FORMAT}): it was compiled by an older samvad; recompile the flow with this one (\`samvad compile\`)`;
  }
  return undefined;
}

function formatErrors(errors: readonly ErrorObject[]): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    // `if` only says "must match then schema": the real reason is reported alongside it.
    if (error.keyword === 'if') continue;
    const line = `${error.instancePath === '' ? '/' : error.instancePath}: ${describe(error)}`;
    if (!lines.includes(line)) lines.push(line);
  }
  return capped(lines);
}

/**
 * A graph of this format compiled before some system messages were added (they are required)
 * lacks them: say so, and that recompiling the flow adds them.
 */
function withHints(lines: readonly string[], errors: readonly ErrorObject[]): string[] {
  const olderMessages = errors.some((e) => e.keyword === 'required' && e.instancePath === '/messages');
  if (!olderMessages) return [...lines];
  return [...lines, 'system messages are missing: the graph was compiled by an older samvad; recompile the flow with this one'];
}

/** At most MAX_ERRORS lines, then one line counting the rest. */
function capped(lines: readonly string[]): string[] {
  if (lines.length > MAX_ERRORS) {
    const more = lines.length - MAX_ERRORS;
    return [...lines.slice(0, MAX_ERRORS), `… and ${more} more error${more === 1 ? '' : 's'}`];
  }
  return [...lines];
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown property "${String(params['additionalProperty'])}"`;
    case 'required':
      return `missing required property "${String(params['missingProperty'])}"`;
    case 'enum':
      return `must be one of ${JSON.stringify(params['allowedValues'])}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}
