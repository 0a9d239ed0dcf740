/**
 * What Ajv compiles for graph validation, in one place for both ways of compiling it: at run time
 * (`validate.ts`, when working from source) and at build time (`precompile.ts`, run by
 * `scripts/build.mjs`, which writes the standalone validator next to the built `validate.js`).
 * The JSON schema stays the one source of truth; the precompiled validator is generated from it.
 */
import schema from '../../schema/graph.schema.json' with { type: 'json' };

/** Ajv's options for the graph schema (draft 2020-12). */
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;

/** The file the build writes the standalone validator to, beside the built `validate.js`. */
export const PRECOMPILED_VALIDATOR = 'graph-validator.cjs';

/** The graph schema as Ajv compiles it: its non-recursive definitions inlined (see below). */
export function schemaForAjv(): Record<string, unknown> {
  return inlineDefinitions(schema);
}

/**
 * The schema with each `{ "$ref": "#/$defs/…" }` to a definition that does not refer back to itself
 * replaced by a copy of that definition. Ajv compiles a referenced schema that has references of
 * its own into a separate function, and calls it with a freshly built instance path for every
 * node, option and block: megabytes of garbage for a large bot. Inlined, a valid graph is checked
 * without allocating; the errors of an invalid one are the same.
 */
function inlineDefinitions(root: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const definitions = (root['$defs'] ?? {}) as Record<string, unknown>;
  const recursive = new Set(Object.keys(definitions).filter((name) => refersTo(definitions[name], name, definitions, new Set())));
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const name = definitionName(record);
    if (name !== undefined && !recursive.has(name) && name in definitions) return inline(definitions[name]);
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(record)) copy[key] = key === '$defs' ? record[key] : inline(record[key]);
    return copy;
  };
  return inline(root) as Record<string, unknown>;
}

/** The definition a schema is only a reference to (`{ "$ref": "#/$defs/name" }`), if it is one. */
function definitionName(schema: Record<string, unknown>): string | undefined {
  const ref = schema['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/') || Object.keys(schema).length !== 1) return undefined;
  return ref.slice('#/$defs/'.length);
}

/** True when `value` refers to definition `target`, directly or through other definitions. */
function refersTo(value: unknown, target: string, definitions: Record<string, unknown>, seen: Set<string>): boolean {
  if (Array.isArray(value)) return value.some((item) => refersTo(item, target, definitions, seen));
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  const name = definitionName(record);
  if (name !== undefined) {
    if (name === target) return true;
    if (seen.has(name)) return false;
    seen.add(name);
    return refersTo(definitions[name], target, definitions, seen);
  }
  return Object.values(record).some((member) => refersTo(member, target, definitions, seen));
}
