/**
 * A loopback TCP relay in front of the app: the test's own "network". Switched off, it refuses new connections and
 * cuts the open ones, so the page, its fetches and its service worker are all really offline (Chromium's emulated
 * offline mode does not reach a service worker's own fetches).
 */
import net from "node:net";

export class Relay {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  online = true;
  port = 0;

  constructor(private readonly targetPort: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      if (!this.online) {
        client.destroy();
        return;
      }
      const upstream = net.connect(this.targetPort, "127.0.0.1");
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  setOnline(online: boolean): void {
    this.online = online;
    if (!online) for (const s of this.sockets) s.destroy();
  }

  async stop(): Promise<void> {
    this.setOnline(false);
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
