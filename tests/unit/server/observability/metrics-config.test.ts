import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../../server/config.ts';

const TOKEN = 'a'.repeat(32);

test('/metrics is open to loopback by default, to the listed networks, or to none; a token is optional', () => {
  assert.deepEqual(loadConfig({}).metricsNetworks, ['127.0.0.0/8', '::1/128']);
  assert.equal(loadConfig({}).metricsToken, undefined);
  assert.deepEqual(loadConfig({ SEN_METRICS_NETWORKS: '10.0.0.0/8, fd00::/8' }).metricsNetworks, ['10.0.0.0/8', 'fd00::/8']);
  assert.deepEqual(loadConfig({ SEN_METRICS_NETWORKS: 'none' }).metricsNetworks, []);
  assert.equal(loadConfig({ SEN_METRICS_TOKEN: TOKEN }).metricsToken, TOKEN);
});

test('a bad network or a weak token stops the start with a one-line reason', () => {
  for (const bad of ['10.0.0.0', '10.0.0.0/33', 'fd00::/129', 'intranet/8', '10.0.0.0/8/1', '10.0.0.0/x']) {
    assert.throws(() => loadConfig({ SEN_METRICS_NETWORKS: bad }), (error: unknown) =>
      error instanceof ConfigError && error.message.startsWith('SEN_METRICS_NETWORKS:') && !error.message.includes('\n'), bad);
  }
  for (const bad of ['short', `${TOKEN} with spaces`, 'é'.repeat(40)]) {
    assert.throws(() => loadConfig({ SEN_METRICS_TOKEN: bad }), (error: unknown) =>
      error instanceof ConfigError && error.message.startsWith('SEN_METRICS_TOKEN must be 32 to 512 printable characters'), bad);
  }
});
