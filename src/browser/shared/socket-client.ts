/**
 * A small client for the socket.io protocol (v5, over engine.io v4) on a bare
 * WebSocket. The widget is loaded on every article page view, and the official
 * client costs more than the whole widget (see docs/WIDGET.md for the
 * measurements); we need one namespace, JSON events, acks and reconnects.
 *
 * Wire format: engine.io packets are a digit type and a payload (`0` open,
 * `2` ping, `3` pong, `4` message); a socket.io packet rides in a `4` message:
 * `0/ns,{auth}` connect, `2/ns,id[event, data]` event, `3/ns,id[result]` ack,
 * `4/ns,{message}` connect error.
 */

type Listener = (payload: never) => void;

export interface SocketOptions {
  /** Called before each (re)connect: the handshake auth payload, e.g. `{ token }`. */
  auth?: () => Record<string, unknown> | undefined;
  /**
   * Reconnect back-off: the n-th retry waits a random time up to
   * min(maxDelayMs, minDelayMs × 2^n) ("full jitter"), so thousands of pages
   * that lost the server together (a deploy, a network blip) come back spread
   * over seconds instead of all at once.
   */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export class LiveSocket {
  #url: string;
  #ns: string;
  #ws: WebSocket | null = null;
  #listeners = new Map<string, Set<Listener>>();
  #acks = new Map<number, (value: unknown) => void>();
  #nextAck = 1;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pingDeadline: ReturnType<typeof setTimeout> | undefined;
  #pingTimeout = 45_000;
  #closed = false;
  #options: SocketOptions;
  connected = false;

  /** `origin` is the API's http(s) origin, `namespace` e.g. `/live`. */
  constructor(origin: string, namespace: string, options: SocketOptions = {}) {
    this.#url = `${origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    this.#ns = namespace;
    this.#options = options;
    this.#open();
  }

  /** Listens to a server event, or to `connect`, `disconnect` and `connect_error`; returns the remover. */
  on<T>(event: string, listener: (payload: T) => void): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, set);
    set.add(listener as Listener);
    return () => set.delete(listener as Listener);
  }

  emit(event: string, data: unknown): void {
    this.#send(`2${this.#ns},${JSON.stringify([event, data])}`);
  }

  /** Emits and resolves with the server's ack, or rejects after `timeoutMs` or when not connected. */
  request<T>(event: string, data: unknown, timeoutMs = 8000): Promise<T> {
    return new Promise((resolve, reject) => {
      if (!this.connected) return reject(new Error('not connected'));
      const id = this.#nextAck++;
      const timer = setTimeout(() => {
        this.#acks.delete(id);
        reject(new Error('timeout'));
      }, timeoutMs);
      this.#acks.set(id, (value) => {
        clearTimeout(timer);
        resolve(value as T);
      });
      this.#send(`2${this.#ns},${id}${JSON.stringify([event, data])}`);
    });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#pingDeadline);
    this.#ws?.close();
    this.#ws = null;
  }

  #fire(event: string, payload?: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as (p: unknown) => void)(payload);
      } catch (err) {
        console.error(err);
      }
    }
  }

  #send(packet: string): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(`4${packet}`);
  }

  #open(): void {
    if (this.#closed) return;
    const ws = new WebSocket(this.#url);
    this.#ws = ws;
    ws.onmessage = (message) => this.#receive(String(message.data));
    ws.onclose = () => this.#lost();
    ws.onerror = () => ws.close();
  }

  #alive(): void {
    clearTimeout(this.#pingDeadline);
    this.#pingDeadline = setTimeout(() => this.#ws?.close(), this.#pingTimeout);
  }

  #receive(data: string): void {
    const type = data[0];
    if (type === '0') {
      const open = JSON.parse(data.slice(1)) as { pingInterval: number; pingTimeout: number };
      this.#pingTimeout = open.pingInterval + open.pingTimeout;
      this.#alive();
      const auth = this.#options.auth?.();
      this.#ws?.send(`40${this.#ns},${auth ? JSON.stringify(auth) : ''}`);
    } else if (type === '2') {
      this.#alive();
      this.#ws?.send('3');
    } else if (type === '4') this.#packet(data.slice(1));
  }

  #packet(data: string): void {
    const kind = data[0];
    let rest = data.slice(1);
    if (rest.startsWith('/')) {
      const comma = rest.indexOf(',');
      if (rest.slice(0, comma) !== this.#ns) return;
      rest = rest.slice(comma + 1);
    }
    const idMatch = /^\d+/.exec(rest);
    const id = idMatch ? Number(idMatch[0]) : undefined;
    const body = rest.slice(idMatch ? idMatch[0].length : 0);
    if (kind === '0') {
      this.connected = true;
      this.#attempt = 0;
      this.#fire('connect');
    } else if (kind === '4') {
      const error = body ? (JSON.parse(body) as { message?: string }) : {};
      this.#fire('connect_error', error.message ?? 'error');
    } else if (kind === '2') {
      const [event, payload] = JSON.parse(body) as [string, unknown];
      this.#fire(event, payload);
    } else if (kind === '3' && id !== undefined) {
      const [result] = JSON.parse(body) as [unknown];
      this.#acks.get(id)?.(result);
      this.#acks.delete(id);
    } else if (kind === '1') this.#ws?.close();
  }

  #lost(): void {
    clearTimeout(this.#pingDeadline);
    const was = this.connected;
    this.connected = false;
    this.#ws = null;
    if (was) this.#fire('disconnect');
    if (this.#closed) return;
    const ceiling = Math.min(
      (this.#options.minDelayMs ?? 1000) * 2 ** Math.min(this.#attempt++, 16),
      this.#options.maxDelayMs ?? 30_000,
    );
    this.#timer = setTimeout(() => this.#open(), Math.random() * ceiling);
  }
}
