/**
 * Validation of a compiled graph against `schema/graph.schema.json` (Ajv, draft 2020-12), with
 * the format version checked first so an old runtime says "upgrade" instead of listing errors.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import schema from '../../schema/graph.schema.json' with { type: 'json' };
import { GRAPH_FORMAT } from './types.js';
import type { Graph } from './types.js';

/** The JSON Schema of the graph (draft 2020-12), for tools that validate on their own. */
export const graphSchema: Readonly<Record<string, unknown>> = schema;

/** The outcome of validating or loading a graph: the typed graph, or readable error lines. */
export type GraphLoadResult =
  | { readonly ok: true; readonly graph: Graph }
  | { readonly ok: false; readonly errors: readonly string[] };

/** The compiled schema, built on first use (compiling it takes ~0.3 s that `samvad check` never needs). */
let compiled: ValidateFunction<Graph> | undefined;
function checker(): ValidateFunction<Graph> {
  compiled ??= new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile<Graph>(schema);
  return compiled;
}

/** At most this many error lines are reported (a broken graph can produce hundreds). */
const MAX_ERRORS = 20;

/**
 * Validates an unknown value as a graph of the format this runtime reads. A wrong `format` is
 * refused before anything else, with a message naming the formats this runtime reads.
 */
export function validateGraph(value: unknown): GraphLoadResult {
  const formatError = checkFormat(value);
  if (formatError !== undefined) return { ok: false, errors: [formatError] };
  const check = checker();
  if (check(value)) return { ok: true, graph: value };
  return { ok: false, errors: formatErrors(check.errors ?? []) };
}

/** Parses JSON text and validates it; a parse error is reported as the one error. */
export function loadGraph(json: string): GraphLoadResult {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [`the graph is not valid JSON: ${detail}`] };
  }
  return validateGraph(value);
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
    return `graph format ${format} is newer than this runtime reads (it reads format ${GRAPH_FORMAT}); upgrade samvad`;
  }
  if (format < GRAPH_FORMAT) {
    return `graph format ${format} is too old for this runtime (it reads format ${GRAPH_FORMAT}); recompile the flow with this samvad`;
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
  if (lines.length > MAX_ERRORS) {
    const more = lines.length - MAX_ERRORS;
    return [...lines.slice(0, MAX_ERRORS), `… and ${more} more error${more === 1 ? '' : 's'}`];
  }
  return lines;
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
