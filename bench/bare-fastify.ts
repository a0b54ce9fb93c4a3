// The baseline for request throughput: a bare Fastify route returning a small JSON object, nothing else.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/bare', async () => ({ id: 'b3f1c2d4', username: 'bench', roles: ['supervisor'], ok: true }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.('ready');
