/**
 * `@samvad/compiler`: `.flow` files → checked, validated, deterministic graph JSON; diagnostics
 * rendering for people (snippets with carets) and machines (JSON); pictures of a graph.
 */
export { compile, checkFiles } from './compile.js';
export type { CheckResult, CompileOptions, CompileResult } from './compile.js';
export type { CompilerHost, FileFacts } from './host.js';
export { memoryHost } from './host.js';
export { nodeHost, readBounded } from './node-host.js';
export { CODES } from './codes.js';
export type { Code, CodeInfo } from './codes.js';
export { emitGraph, graphHash, canonicalJson } from './emit/canonical.js';
export { renderDiagnostic, renderDiagnostics, summaryLine } from './render/human.js';
export type { RenderOptions } from './render/human.js';
export { diagnosticsToJson } from './render/json.js';
export type { JsonDiagnostic, JsonRange } from './render/json.js';
export { displayWidth } from './render/width.js';
export { toMermaid } from './pictures/mermaid.js';
export { toDot } from './pictures/dot.js';
export { toSvg } from './pictures/svg.js';
export type { ParseCache } from './load.js';
export { pageText, textIn } from './present.js';
