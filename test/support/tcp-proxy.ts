import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * How the line fails: `reset` closes every connection at once and refuses new
 * ones (a crashed server, a restarted pod: clients see ECONNRESET, then
 * ECONNREFUSED); `blackhole` keeps the connections open and silently drops
 * every byte (a dead network path or a frozen server: clients see nothing
 * until their own timeouts fire).
 */
export type CutMode = 'reset' | 'blackhole';

/** Chunks a slow line holds for one socket, oldest first. */
interface HeldLine {
  chunks: { due: number; chunk: Buffer }[];
  timer: NodeJS.Timeout | null;
}

/**
 * A TCP proxy a test puts in front of a server (the database lane) so it can
 * cut the line and restore it without touching the server itself.
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #pipes = new Set<Socket>();
  #cut: CutMode | null = null;
  #delayMs = 0;
  readonly #held = new WeakMap<Socket, HeldLine>();
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
    await proxy.#listen(0);
    const address = proxy.#server.address();
    if (!address || typeof address === 'string') throw new Error('proxy has no port');
    proxy.port = address.port;
    return proxy;
  }

  /**
   * A proxy in front of a single-host MongoDB URI's server, and the URI that reaches it
   * through the proxy (directConnection, so the driver does not follow the server's own
   * address around the proxy).
   */
  static async forDatabase(uri: string): Promise<{ proxy: TcpProxy; uri: string }> {
    const target = new URL(uri.replace(/^mongodb:/, 'http:'));
    const proxy = await TcpProxy.start(target.hostname, Number(target.port || 27017));
    const proxied = TcpProxy.rewriteUri(uri, proxy.port);
    return {
      proxy,
      uri: proxied.includes('directConnection')
        ? proxied
        : `${proxied}${proxied.includes('?') ? '&' : '?'}directConnection=true`,
    };
  }

  /** Why a database fault test cannot run on this lane (a proxy stands for one host), or false. */
  static skipUnlessSingleHost(): string | false {
    const uri = process.env.MONGODB_URI;
    return uri && !/^mongodb:\/\/([^@/]*@)?[^,/]+(\/|$)/.test(uri)
      ? 'needs a single-host MONGODB_URI'
      : false;
  }

  /** A MongoDB URI that reaches `uri`'s server through this proxy. */
  static rewriteUri(uri: string, port: number): string {
    return uri.replace(/^(mongodb:\/\/(?:[^@/]*@)?)[^/,?]+/, `$1127.0.0.1:${port}`);
  }

  /**
   * A slow line (a busy database, a congested network): every chunk, both ways,
   * is held `ms` before it is passed on, in order. 0 ends the slowness.
   */
  slow(ms: number): void {
    this.#delayMs = ms;
  }

  #forward(to: Socket, chunk: Buffer): void {
    if (this.#cut !== null) return;
    let line = this.#held.get(to);
    if (!line) {
      line = { chunks: [], timer: null };
      this.#held.set(to, line);
    }
    // A chunk never overtakes one held before it, also when the delay changes.
    if (this.#delayMs === 0 && line.chunks.length === 0) {
      to.write(chunk);
      return;
    }
    line.chunks.push({ due: Date.now() + this.#delayMs, chunk });
    this.#drain(to, line);
  }

  #drain(to: Socket, line: HeldLine): void {
    if (line.timer) return;
    const next = line.chunks[0];
    if (!next) return;
    line.timer = setTimeout(
      () => {
        line.timer = null;
        while (line.chunks.length > 0 && line.chunks[0]!.due <= Date.now()) {
          const { chunk } = line.chunks.shift()!;
          if (this.#cut === null && !to.destroyed) to.write(chunk);
        }
        this.#drain(to, line);
      },
      Math.max(0, next.due - Date.now()),
    );
  }

  /** Open sockets on both sides of the proxy. */
  get sockets(): number {
    return this.#pipes.size;
  }

  #accept(client: Socket): void {
    if (this.#cut === 'reset') {
      // Accepted by the kernel just before the listener closed.
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
    client.on('data', (chunk) => this.#forward(upstream, chunk));
    upstream.on('data', (chunk) => this.#forward(client, chunk));
  }

  /** Fails the line until restore(): see CutMode. */
  cut(mode: CutMode = 'reset'): void {
    this.#cut = mode;
    if (mode === 'reset') {
      // A crashed server's port is closed: connecting is refused, not accepted and then
      // dropped. (Accept-then-drop can wedge the MongoDB driver's monitor for good: a
      // socket closed between its connect and its handshake never times out.)
      this.#server.close();
      for (const socket of this.#pipes) socket.destroy();
      this.#pipes.clear();
    }
  }

  /**
   * Lets new connections through again. Connections that lived through a
   * blackhole are closed: bytes were lost mid-stream, so they are garbage.
   */
  async restore(): Promise<void> {
    if (this.#cut === 'blackhole') {
      for (const socket of this.#pipes) socket.destroy();
      this.#pipes.clear();
    }
    if (this.#cut === 'reset') await this.#listen(this.port);
    this.#cut = null;
  }

  async #listen(port: number): Promise<void> {
    await new Promise<void>((ok, fail) => {
      this.#server.once('error', fail);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', fail);
        ok();
      });
    });
  }

  async close(): Promise<void> {
    const listening = this.#server.listening;
    this.cut('reset');
    if (listening) await new Promise<void>((ok) => this.#server.once('close', () => ok()));
  }
}
