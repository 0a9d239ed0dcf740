/**
 * Chevrotain, loaded from the one-file ES module its package ships (`lib/chevrotain.mjs`, lodash
 * included) instead of its entry point, which imports lodash-es one function per file: about
 * 600 modules that took 1.3 s to load through the TypeScript loader at every `samvad` start,
 * against 45 ms for the bundle. Same code, same version; the package's `exports` only names the
 * entry, so the bundle is found next to it. Import Chevrotain's values from here, types from
 * `chevrotain`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

const entry = createRequire(import.meta.url).resolve('chevrotain'); // …/chevrotain/lib/src/api.js
const bundle = pathToFileURL(join(dirname(entry), '..', 'chevrotain.mjs')).href;
const api = (await import(bundle)) as typeof Chevrotain;

export const { CstParser, EOF, Lexer, createToken, tokenMatcher } = api;
