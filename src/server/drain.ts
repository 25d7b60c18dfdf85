import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * While the server drains for shutdown, answers in flight tell the client to
 * close the connection; otherwise a kept-alive socket would hold the process
 * until its keep-alive timeout.
 */
async function drain(app: FastifyInstance): Promise<void> {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}

export default fp(drain, { name: 'drain' });
