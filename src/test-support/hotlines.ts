import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/config.js';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch-database.js';
import { loadExchangeKey, type ExchangeKey } from '../exchange/identity.js';
import { addPartner } from '../exchange/partners.js';
import { serve, type Running } from '../server/serve.js';

/**
 * A whole hotline on loopback for exchange tests: its own data folder and
 * database (a PGlite folder, or a scratch database when DATABASE_URL names a
 * server), on a fixed port so that it can be stopped and started again.
 */
export interface LoopbackHotline {
  name: string;
  country: string;
  url: string;
  running: Running;
  key: ExchangeKey;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its data for good. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startHotline(name: string, country: string, env: Record<string, string> = {}): Promise<LoopbackHotline> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `openhotline-${country.toLowerCase()}-`));
  const scratch: ScratchDatabase | undefined = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL, `openhotline_${country.toLowerCase()}`) : undefined;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: url,
    HOTLINE_NAME: name,
    HOTLINE_COUNTRY: country,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    FETCH_ALLOW_CIDRS: '127.0.0.0/8',
    FOUR_EYES_OUTCOMES: 'none',
    NOTICE_DELAY: '0s',
    NOTICE_BATCH_WINDOW: '1s',
    EXCHANGE_RETRY_MAX: '5s',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...env,
  });
  const hotline: LoopbackHotline = {
    name,
    country,
    url,
    running: undefined as unknown as Running,
    key: await loadExchangeKey(undefined, dataDir),
    start: async () => {
      hotline.running = await serve(config);
    },
    stop: () => hotline.running.stop(),
    destroy: async () => {
      await hotline.running?.stop().catch(() => undefined);
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await hotline.start();
  return hotline;
}

/** Each hotline adds the other to its partner directory from the other's identity document. */
export async function makePartners(a: LoopbackHotline, b: LoopbackHotline): Promise<void> {
  for (const [self, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const identity = (await (await fetch(`${other.url}/.well-known/openhotline`)).json()) as { name: string; country: string; baseUrl: string; keys: { id: string; publicKey: string }[] };
    await addPartner(self.running.database.db, { name: identity.name, country: identity.country, baseUrl: identity.baseUrl, publicKey: identity.keys[0]!.publicKey, keyId: identity.keys[0]!.id });
  }
}
