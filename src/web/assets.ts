import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const PUBLIC_DIR = path.resolve(import.meta.dirname, '../../public');
const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.ico': 'image/x-icon' };
/** Browsers ask for the icon at the root, whatever a page links. */
const AT_ROOT = new Set(['favicon.ico']);

/** The site's own stylesheet, scripts and icon, read once at start; nothing is loaded from elsewhere. */
export async function assetRoutes(app: FastifyInstance): Promise<void> {
  const files = await fs.readdir(PUBLIC_DIR);
  for (const file of files.filter((name) => path.extname(name) in TYPES)) {
    const body = await fs.readFile(path.join(PUBLIC_DIR, file));
    app.get(AT_ROOT.has(file) ? `/${file}` : `/assets/${file}`, { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) =>
      reply.type(TYPES[path.extname(file)]!).header('cache-control', 'public, max-age=3600').send(body),
    );
  }
}
