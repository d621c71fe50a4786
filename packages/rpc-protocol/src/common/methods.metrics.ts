import { request } from './descriptor.js';
import { s } from './schema.js';

const { object, string, number, array, optional, enum: oneOf } = s;

const installId = string({ minLength: 1 });
const metricName = string({ minLength: 1, maxLength: 128 });
const period = string({ pattern: '^[1-9][0-9]{0,3}[hd]$', description: 'e.g. "24h", "7d", "30d"' });

export const metricsRecord = request({
  method: 'metrics.record',
  direction: 'guest_to_host',
  capability: 'metrics',
  description: 'ctx.metrics.record: value defaults to 1, kind to "counter"',
  params: object({ install_id: installId, name: metricName, value: optional(number()), kind: optional(oneOf(['counter', 'gauge'] as const)) }),
  result: s.empty(),
});

export const metricsQuery = request({
  method: 'metrics.query',
  direction: 'guest_to_host',
  capability: 'metrics',
  description: 'ctx.metrics.query: chart-ready (one label per bucket: hours for "h" periods, days for "d")',
  params: object({ install_id: installId, name: metricName, period }),
  result: object({ labels: array(string()), series: array(object({ name: string(), data: array(number()) })) }),
});

export const metricsTotal = request({
  method: 'metrics.total',
  direction: 'guest_to_host',
  capability: 'metrics',
  description: 'ctx.metrics.total',
  params: object({ install_id: installId, name: metricName, period }),
  result: object({ total: number() }),
});
