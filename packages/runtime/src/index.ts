export type * from './graph/types.js';
export { GRAPH_FORMAT, MESSAGE_KEYS } from './graph/types.js';
export type * from './engine/types.js';
export { SESSION_VERSION } from './engine/types.js';
export { WHATSAPP_LIMITS, codePointLength, menuLayout } from './present/layout.js';
export type { LayoutOption, MenuLayout } from './present/layout.js';
export { graphSchema, loadGraph, validateGraph } from './graph/validate.js';
export type { GraphLoadResult } from './graph/validate.js';
export { defaultCommandWords, defaultMessages } from './graph/default-messages.js';
