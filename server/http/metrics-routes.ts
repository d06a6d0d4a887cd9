import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4 } from 'node:net';
import { Router, type Request } from 'express';
import type { Config } from '../config.ts';
import { PROMETHEUS_CONTENT_TYPE } from '../observability/metrics-registry.ts';
import type { SenMetrics } from '../observability/sen-metrics.ts';

/**
 * GET /metrics for Prometheus. Not public: it shows how busy the clinic is and what fails. Open to the networks of
 * SEN_METRICS_NETWORKS (loopback by default) and to anyone with SEN_METRICS_TOKEN as a bearer token.
 */
export function metricsRouter(config: Config, metrics: SenMetrics): Router {
  const router = Router();
  const allowed = blockList(config.metricsNetworks);
  const token = config.metricsToken === undefined ? undefined : digest(config.metricsToken);

  const permitted = (request: Request): boolean => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '')?.[1];
    if (bearer !== undefined && token !== undefined && timingSafeEqual(digest(bearer), token)) return true;
    // Relayed by a proxy Sen was not told to trust: the address is the proxy's (often loopback), not the client's.
    if (config.trustProxy === 0 && (request.get('x-forwarded-for') !== undefined || request.get('forwarded') !== undefined)) return false;
    const address = unmapped(request.ip ?? '');
    return address !== '' && allowed.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  };

  router.get('/metrics', async (request, response) => {
    if (!permitted(request)) {
      response.status(403).json({ error: 'forbidden', message: 'Metrics are readable from the configured networks or with SEN_METRICS_TOKEN' });
      return;
    }
    const text = await metrics.registry.render();
    response.setHeader('Cache-Control', 'no-store');
    response.type(PROMETHEUS_CONTENT_TYPE).send(text);
  });
  return router;
}

/** Hashed so that the comparison takes the same time whatever the lengths. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function blockList(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const network of networks) {
    const [address, prefix] = network.split('/');
    list.addSubnet(address, Number(prefix), isIPv4(address) ? 'ipv4' : 'ipv6');
  }
  return list;
}

/** An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d. */
function unmapped(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}
