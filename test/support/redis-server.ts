import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A redis-server of the test's own on a free port, never the shared one on 6379:
 * fault tests kill it, pause it and start it again.
 */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: 'ignore' },
  );
  await new Promise<void>((ok, fail) => {
    const until = Date.now() + 10_000;
    const poll = () => {
      const socket = createServer().listen(port, '127.0.0.1');
      socket.once('listening', () => {
        socket.close();
        if (Date.now() > until) fail(new Error('redis-server did not start'));
        else setTimeout(poll, 50);
      });
      socket.once('error', () => ok()); // the port is taken: redis is listening
    };
    child.once('error', fail);
    poll();
  });
  return child;
}

export function stopRedis(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null || child.signalCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGKILL');
  });
}
