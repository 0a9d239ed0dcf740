/**
 * @samvad/terminal: the authoring simulator. `runChat` runs a bot in the terminal (Ink UI or a
 * plain scripted transcript); `renderPlain` shows one outbound message as WhatsApp would; the
 * `…Inbound` helpers build what a phone sends besides text (photo, document, location, contact).
 */
export { renderPlain } from './render/plain.js';
export type { RenderPlainOptions } from './render/plain.js';
export { describeInbound, renderTranscript, renderTurn, transcriptJson } from './render/transcript.js';
export type { Transcript, TranscriptTurn } from './render/transcript.js';
export { runChat } from './run-chat.js';
export type { RunChatOptions } from './run-chat.js';
export type { ChatCall, ChatEngine, ChatSnapshot, ChatTurn } from './chat/engine.js';
export { contactInbound, documentInbound, locationInbound, mimeOf, parseCoordinates, photoInbound } from './chat/inbound.js';
export { describeCall } from './render/calls.js';
export { buttonLine, mediaPlaceholder } from './render/plain.js';
