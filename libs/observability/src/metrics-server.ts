import { createServer, Server } from 'node:http';
import { METRICS_CONTENT_TYPE, renderMetrics } from './metrics';

/** The gateway's metrics on their own port, so they are never reachable through the public API. */
export function startMetricsServer(port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    renderMetrics().then(
      (body) => res.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
