/**
 * Validates outbound bodies against Meta's OpenAPI schemas (v23.0), extracted programmatically
 * from the YAML. Two adjustments the reference documents make the spec usable by a JSON Schema
 * validator: `additionalProperties: false` inside `allOf` branches is lifted to
 * `unevaluatedProperties: false` on the owner, and the `Message` oneOf is resolved through its
 * discriminator (validate against the schema `type` names). `cta_url` is not in the v23 spec:
 * it is validated against `CTA_URL_SCHEMA`, written from Meta's CTA URL documentation.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { parseYaml } from './mini-yaml.js';
import type { Yaml } from './mini-yaml.js';

/** Meta's spec, vendored unchanged with its MIT licence and origin (`fixtures/meta/…SOURCE.md`). */
export const SPEC_PATH = fileURLToPath(new URL('../fixtures/meta/business-messaging-api_v23.0.yaml', import.meta.url));

type Schemas = Record<string, Yaml>;

/** The section `components.schemas` of the spec, cut out by indentation and parsed. */
export function loadComponentSchemas(path = SPEC_PATH): Schemas {
  const lines = readFileSync(path, 'utf8').split('\n');
  const start = lines.findIndex((l) => l === '  schemas:');
  if (start < 0) throw new Error(`no components.schemas in ${path}`);
  let end = start + 1;
  while (end < lines.length && (lines[end] === '' || (lines[end] as string).startsWith('   '))) end += 1;
  return parseYaml(lines.slice(start + 1, end).join('\n')) as Schemas;
}

/** Lifts `additionalProperties: false` out of `allOf` branches (see the module comment). */
function adjust(node: Yaml): Yaml {
  if (Array.isArray(node)) return node.map(adjust);
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Yaml } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'discriminator' || key === 'example' || key === 'examples') continue;
    out[key] = adjust(value);
  }
  if (Array.isArray(out.allOf)) {
    let closed = false;
    out.allOf = out.allOf.map((branch) => {
      if (branch !== null && typeof branch === 'object' && !Array.isArray(branch) && branch.additionalProperties === false) {
        closed = true;
        const { additionalProperties: _dropped, ...rest } = branch;
        return rest;
      }
      return branch;
    });
    if (closed) out.unevaluatedProperties = false;
  }
  return out;
}

/**
 * The `cta_url` interactive message, which the v23 spec does not model: written from the documented
 * shape in §5 ("Sending messages", table 5.3 "Body shapes and limits") of the project's WhatsApp
 * Cloud API reference, itself from Meta's "Interactive Call-to-Action URL Button Messages" page
 * ([S9] in `fixtures/meta/payloads/README.md`): body ≤ 1024, display_text ≤ 20, footer ≤ 60,
 * header text ≤ 60 or a media header.
 */
export const CTA_URL_SCHEMA = {
  type: 'object',
  required: ['messaging_product', 'to', 'type', 'interactive'],
  properties: {
    messaging_product: { const: 'whatsapp' },
    recipient_type: { enum: ['individual', 'group'] },
    to: { type: 'string', minLength: 1 },
    type: { const: 'interactive' },
    interactive: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'body', 'action'],
      properties: {
        type: { const: 'cta_url' },
        header: { type: 'object', properties: { type: { enum: ['text', 'image', 'video', 'document'] }, text: { type: 'string', maxLength: 60 } } },
        body: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 1024 } } },
        footer: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', maxLength: 60 } } },
        action: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'parameters'],
          properties: {
            name: { const: 'cta_url' },
            parameters: {
              type: 'object',
              additionalProperties: false,
              required: ['display_text', 'url'],
              properties: { display_text: { type: 'string', minLength: 1, maxLength: 20 }, url: { type: 'string', pattern: '^https?://' } },
            },
          },
        },
      },
    },
  },
  additionalProperties: false,
} as const;

/** A validator for outbound bodies: returns the Ajv errors as text, or `undefined` when valid. */
export function outboundValidator(): (body: unknown) => string | undefined {
  const schemas = loadComponentSchemas();
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: 'meta', components: { schemas: adjust(schemas as Yaml) } });
  const message = schemas.Message as { discriminator?: { mapping?: Record<string, string> } };
  const mapping = message.discriminator?.mapping ?? {};
  const byType = new Map<string, ValidateFunction>();
  for (const [type, ref] of Object.entries(mapping)) {
    byType.set(type, ajv.compile({ $ref: `meta${ref}` }));
  }
  const cta = ajv.compile(CTA_URL_SCHEMA);
  return (body) => {
    const b = body as { type?: unknown; interactive?: { type?: unknown } };
    const validate =
      b.type === 'interactive' && b.interactive?.type === 'cta_url' ? cta : byType.get(String(b.type));
    if (validate === undefined) return `no schema for type ${JSON.stringify(b.type)}`;
    return validate(body) ? undefined : ajv.errorsText(validate.errors);
  };
}
