import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export interface ReportedSitesOptions {
  imagesPerPage: number;
  /** How long each answer takes, like a remote site would, so triage is under way for a while. */
  delayMs: number;
}

export interface ReportedSites {
  /** The address of site `n`: a page showing `imagesPerPage` images of its own. */
  pageUrl(n: number): string;
  readonly requests: number;
  close(): Promise<void>;
}

const SIDE = 64;

/** Neutral generated pictures: bands of colour, different for every site and image. */
async function generatedPng(site: number, image: number): Promise<Buffer> {
  const pixels = Buffer.alloc(SIDE * SIDE * 3);
  for (let y = 0; y < SIDE; y += 1) {
    for (let x = 0; x < SIDE; x += 1) {
      const offset = (y * SIDE + x) * 3;
      pixels[offset] = (x * (site % 7 + 1) + y) & 255;
      pixels[offset + 1] = (y * (image + 2) + (site >> 3)) & 255;
      pixels[offset + 2] = ((x ^ y) + site * 31 + image * 17) & 255;
    }
  }
  return sharp(pixels, { raw: { width: SIDE, height: SIDE, channels: 3 } }).png().toBuffer();
}

function page(site: number, imagesPerPage: number): string {
  const images = Array.from({ length: imagesPerPage }, (_, image) => `<img src="/site/${site}/${image}.png" alt="">`);
  return `<!doctype html><title>Site ${site}</title><p>Placeholder page ${site}</p>${images.join('')}`;
}

/** An HTTP server on loopback standing in for the sites the public reports. */
export async function startReportedSites(options: ReportedSitesOptions): Promise<ReportedSites> {
  const pictures = new Map<string, Promise<Buffer>>();
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests += 1;
    const match = /^\/site\/(\d+)\/(?:(\d+)\.png)?$/.exec(request.url ?? '');
    setTimeout(() => {
      if (!match) return response.writeHead(404).end();
      const site = Number(match[1]);
      if (match[2] === undefined) return response.writeHead(200, { 'content-type': 'text/html' }).end(page(site, options.imagesPerPage));
      const key = `${site}/${match[2]}`;
      if (!pictures.has(key)) pictures.set(key, generatedPng(site, Number(match[2])));
      void pictures.get(key)!.then((png) => response.writeHead(200, { 'content-type': 'image/png' }).end(png));
    }, options.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    pageUrl: (n) => `http://127.0.0.1:${port}/site/${n}/`,
    get requests() {
      return requests;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
