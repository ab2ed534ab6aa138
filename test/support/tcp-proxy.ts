import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * How the line fails: `reset` closes every connection at once (a crashed
 * server, a restarted pod: clients see ECONNRESET); `blackhole` keeps the
 * connections open and silently drops every byte (a dead network path or a
 * frozen server: clients see nothing until their own timeouts fire).
 */
export type CutMode = 'reset' | 'blackhole';

/**
 * A TCP proxy a test puts in front of a server (the database lane) so it can
 * cut the line and restore it without touching the server itself.
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #pipes = new Set<Socket>();
  #cut: CutMode | null = null;
  port = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.#server = createServer((client) => this.#accept(client));
  }

  /** Starts a proxy on 127.0.0.1 (a free port) forwarding to host:port. */
  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await new Promise<void>((ok, fail) => {
      proxy.#server.once('error', fail);
      proxy.#server.listen(0, '127.0.0.1', () => ok());
    });
    const address = proxy.#server.address();
    if (!address || typeof address === 'string') throw new Error('proxy has no port');
    proxy.port = address.port;
    return proxy;
  }

  /** A MongoDB URI that reaches `uri`'s server through this proxy. */
  static rewriteUri(uri: string, port: number): string {
    return uri.replace(/^(mongodb:\/\/(?:[^@/]*@)?)[^/,?]+/, `$1127.0.0.1:${port}`);
  }

  /** Open sockets on both sides of the proxy. */
  get sockets(): number {
    return this.#pipes.size;
  }

  #accept(client: Socket): void {
    if (this.#cut === 'reset') {
      client.destroy();
      return;
    }
    if (this.#cut === 'blackhole') {
      this.#pipes.add(client);
      client.on('data', () => undefined).on('error', () => undefined);
      client.on('close', () => this.#pipes.delete(client));
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    this.#pipes.add(client);
    this.#pipes.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.#pipes.delete(client);
      this.#pipes.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk) => {
      if (this.#cut === null) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (this.#cut === null) client.write(chunk);
    });
  }

  /** Fails the line until restore(): see CutMode. */
  cut(mode: CutMode = 'reset'): void {
    this.#cut = mode;
    if (mode === 'reset') {
      for (const socket of this.#pipes) socket.destroy();
      this.#pipes.clear();
    }
  }

  /**
   * Lets new connections through again. Connections that lived through a
   * blackhole are closed: bytes were lost mid-stream, so they are garbage.
   */
  restore(): void {
    if (this.#cut === 'blackhole') for (const socket of this.#pipes) socket.destroy();
    if (this.#cut === 'blackhole') this.#pipes.clear();
    this.#cut = null;
  }

  async close(): Promise<void> {
    this.cut('reset');
    await new Promise<void>((ok) => this.#server.close(() => ok()));
  }
}
