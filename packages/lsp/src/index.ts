/**
 * `@samvad/lsp`: the language server of `.flow` files (`samvad lsp`). Diagnostics come from the
 * compiler (no second checker), parsing from `@samvad/dsl`, WhatsApp layouts from the runtime.
 */
export { CAPABILITIES, serve } from './server.js';
export { runStdioServer } from './stdio.js';
export { Workspace } from './workspace.js';
export type { Parsed, Scope } from './workspace.js';
export { DIAGNOSTICS_DOCS } from './diagnostics.js';
export { definition } from './navigate.js';
export type { UriFor } from './navigate.js';
