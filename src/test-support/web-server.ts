import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowing } from '../outbound/address-policy.js';

export interface LoopbackServer {
  /** http://127.0.0.1:port */
  origin: string;
  port: number;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 answering with the handler, for tests that fetch. */
export async function startLoopbackServer(handler: http.RequestListener): Promise<LoopbackServer> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The fetcher's policy for tests that fetch from these servers: public addresses and loopback. */
export const loopbackAllowed = allowing(['127.0.0.0/8', '::1/128']);
