/** The server over stdin/stdout, as editors start it (`samvad lsp`). */
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { serve } from './server.js';

/**
 * Serves on this process's stdin and stdout until the client sends `exit` (the protocol library
 * then ends the process: 0 after a `shutdown`, 1 without) or closes the stream. Nothing else may
 * write to stdout: the library routes `console` to the client's log.
 */
export function runStdioServer(): Promise<void> {
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  return new Promise<void>((resolve) => {
    connection.onExit(() => resolve());
    process.stdin.once('end', () => resolve());
    serve(connection);
  });
}
