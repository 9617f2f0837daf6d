/** A TCP proxy in front of PostgreSQL that a test can cut, black-hole and restore, as a failing network would. */
import net from "node:net";

export type ProxyMode = "open" | "cut" | "blackhole";

export class TcpProxy {
  private mode: ProxyMode = "open";
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();
  private readonly server: net.Server;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.accept(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  private accept(client: net.Socket) {
    client.on("error", () => {});
    if (this.mode === "cut") return void client.destroy();
    const pair = { client, upstream: null as net.Socket | null };
    this.pairs.add(pair);
    client.on("close", () => {
      pair.upstream?.destroy();
      this.pairs.delete(pair);
    });
    if (this.mode === "blackhole") return void client.resume(); // accepts, reads, never answers
    const upstream = net.connect(this.target.port, this.target.host);
    upstream.on("error", () => client.destroy());
    upstream.on("close", () => client.destroy());
    pair.upstream = upstream;
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Every connection dropped, new ones refused: PostgreSQL restarting, or the network gone. */
  cut() {
    this.mode = "cut";
    for (const { client, upstream } of this.pairs) {
      client.destroy();
      upstream?.destroy();
    }
    this.pairs.clear();
  }

  /** Connections accepted and open ones kept, but nothing answers: a server hung, or a network dropping packets. */
  blackhole() {
    this.mode = "blackhole";
    for (const { client, upstream } of this.pairs) {
      client.unpipe();
      upstream?.unpipe();
      client.resume();
      upstream?.resume();
    }
  }

  restore() {
    this.mode = "open";
  }

  async close() {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
