import type { NextFunction, Request, Response } from 'express';
import { logger } from '../logger.ts';
import { requestIdOf } from './request-id.ts';
import { methodLabel, routeClass } from './route-class.ts';
import type { SenMetrics } from './sen-metrics.ts';

/**
 * Counts and times every request and writes one log line when it ends. The line names the route class, never the
 * path or query: a FHIR search's query holds names and national ids, a path holds patient ids.
 */
export function observeRequests(metrics: SenMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const route = routeClass(request.method, request.path);
    const method = methodLabel(request.method);
    const requestId = requestIdOf(response);
    metrics.httpInFlight++;
    // 'close' comes after the answer is sent, and also when the client went away first.
    response.once('close', () => {
      metrics.httpInFlight--;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const statusClass = response.writableFinished ? `${Math.floor(response.statusCode / 100)}xx` : 'aborted';
      metrics.httpRequests.inc({ route_class: route, method, status_class: statusClass });
      metrics.httpDuration.observe({ route_class: route, method }, seconds);
      // Probes and scrapes come every few seconds; logged only when they fail or LOG_LEVEL=debug.
      const quiet = (route === 'health' || route === 'metrics') && response.statusCode < 400;
      const fields = { requestId, route, method, status: response.statusCode, aborted: !response.writableFinished, durationMs: Math.round(seconds * 1e4) / 10 };
      if (quiet) logger.debug('request', fields);
      else logger.info('request', fields);
    });
    next();
  };
}
