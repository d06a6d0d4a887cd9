import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { AppContext } from '../context.ts';
import { securityHeaders } from './security-headers.ts';
import { cors } from './cors.ts';
import { healthRouter } from './health-routes.ts';
import { authRouter } from './auth-routes.ts';
import { apiRouter } from './api-routes.ts';
import { fhirRouter } from './fhir-routes.ts';
import { apiErrorHandler } from './api-errors.ts';
import { metricsRouter } from './metrics-routes.ts';
import { assignRequestId } from '../observability/request-id.ts';
import { observeRequests } from '../observability/http-metrics.ts';

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export function createApp(context: AppContext): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.set('trust proxy', context.config.trustProxy);
  app.use(assignRequestId, observeRequests(context.metrics));
  app.use(securityHeaders);
  app.use(cors(context.config.corsOrigins));
  app.use(healthRouter(context));
  app.use(metricsRouter(context.config, context.metrics));
  app.get('/.well-known/jwks.json', (_request, response) => {
    response.json(context.keys.jwks());
  });
  app.use('/auth', authRouter(context));
  app.use('/api', apiRouter(context));
  app.use('/fhir/R4', fhirRouter(context));
  if (context.config.serveWeb && existsSync(WEB_DIST)) {
    app.use(express.static(WEB_DIST, { index: 'index.html', maxAge: '1h' }));
    // The web app routes on the client: any other GET for a page gets the app.
    app.get(/^\/(?!fhir\/|api\/|auth\/).*/, (_request, response) => {
      response.sendFile('index.html', { root: WEB_DIST });
    });
  }
  app.use((_request, response) => {
    response.status(404).json({ error: 'not_found', message: 'No such endpoint' });
  });
  app.use(apiErrorHandler);
  return app;
}
