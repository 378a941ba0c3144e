/**
 * Two connected ends of an in-memory byte stream that pass for sockets to
 * Node's HTTP client and server: what one end writes, the other reads. The
 * local gateway carries the Lambdas' `@connections` posts over it instead of
 * loopback TCP (local-server.ts `connectInMemory`, apigw-socket.ts
 * `carryEndpointInMemory`). The requests are the same HTTP/1.1 bytes, signed,
 * parsed, IAM-checked and answered by the same code; only the kernel's
 * loopback is skipped, which on this project's VM cost more CPU than the rest
 * of a post (README, "Benchmarks").
 *
 * (Node 22 has `stream.duplexPair`; this project runs on Node 20.)
 */
import { Duplex } from 'node:stream';

/** The socket methods Node's http client, agent and server call on a connection. */
interface SocketLike {
  setKeepAlive(): SocketLike;
  setNoDelay(): SocketLike;
  setTimeout(ms: number, onTimeout?: () => void): SocketLike;
  ref(): SocketLike;
  unref(): SocketLike;
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
}

export type InMemorySocket = Duplex & SocketLike;

function end(peer: () => Duplex): InMemorySocket {
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      peer().push(chunk);
      done();
    },
    final(done) {
      peer().push(null);
      done();
    },
    destroy(err, done) {
      // A connection torn down on one side is gone on the other, as with TCP.
      const other = peer();
      if (!other.destroyed) other.destroy();
      done(err);
    },
  }) as InMemorySocket;
  // Idle timeouts are the agent's and the server's own business here: nothing to arm on a socket.
  socket.setKeepAlive = () => socket;
  socket.setNoDelay = () => socket;
  socket.setTimeout = () => socket;
  socket.ref = () => socket;
  socket.unref = () => socket;
  socket.remoteAddress = '127.0.0.1';
  socket.remotePort = 0;
  socket.localAddress = '127.0.0.1';
  socket.localPort = 0;
  return socket;
}

/** A connected pair: `client` for an http.Agent's createConnection, `server` for an http.Server's 'connection'. */
export function inMemorySocketPair(): { client: InMemorySocket; server: InMemorySocket } {
  const pair = {} as { client: InMemorySocket; server: InMemorySocket };
  pair.client = end(() => pair.server);
  pair.server = end(() => pair.client);
  return pair;
}
