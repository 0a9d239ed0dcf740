/**
 * Entry point of the `samvad` binary: the only module that touches the process's exit code.
 * It sets `process.exitCode` rather than exiting at once, so output is flushed and long-running
 * commands (`serve`) keep running until they close.
 */
import { processContext } from './cli/context.js';
import { runCli } from './program.js';

// `samvad … | head`: the reader has gone, so stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processContext());
