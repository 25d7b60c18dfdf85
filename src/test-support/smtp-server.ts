import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope sender (MAIL FROM). */
  from: string;
  /** The envelope recipients (RCPT TO). */
  to: string[];
  /** The message as it arrived, headers and body. */
  raw: Buffer;
}

export interface LoopbackSmtpServer {
  /** smtp://127.0.0.1:port */
  url: string;
  port: number;
  /** Messages accepted so far, in order. */
  received: ReceivedMail[];
  /** From now on answer the end of every message with this code (e.g. 451, 550) and do not keep it; undefined accepts again. */
  refuseWith(code: number | undefined): void;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (no TLS, no login) that keeps what it receives, for tests that send mail. */
export async function startSmtpServer(): Promise<LoopbackSmtpServer> {
  const received: ReceivedMail[] = [];
  let refusal: number | undefined;
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refusal !== undefined) return callback(Object.assign(new Error(`refused with ${refusal} for the test`), { responseCode: refusal }));
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refuseWith: (code) => {
      refusal = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
