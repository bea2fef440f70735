/** HTTP routes of monitoring: the observatory view and the coordinator dashboard. Thin: parse, call the service, answer. */
import { z } from 'zod';
import type { PonteApp } from '../../app.ts';
import * as service from './service.ts';
import { monitoringQuery } from './schemas.ts';

const security = [{ session: [] }];
const tags = ['monitoring'];
const figure = z.number().int().nullable();
const indicatorResponse = z.object({
  id: z.string(), kind: z.enum(['count', 'median', 'rate']), unit: z.string(), dimensions: z.array(z.string()),
  rows: z.array(z.string()), cols: z.array(z.string()).nullable(), cells: z.array(z.array(figure)),
  rowTotals: z.array(figure).nullable(), colTotals: z.array(figure).nullable(), total: figure, value: z.string().nullable(),
  drillDown: z.array(z.string().nullable()).nullable(),
}).strict();
const response = z.object({
  view: z.enum(['observatory', 'coordinator']), k: z.number().int().nullable(), from: z.string(), to: z.string(),
  province: z.string().nullable(), region: z.string().nullable(), projectId: z.string().nullable(), generatedAt: z.string(),
  indicators: z.array(indicatorResponse), unavailable: z.array(z.string()),
}).strict();

export async function monitoringRoutes(app: PonteApp): Promise<void> {
  const k = app.services.config.PONTE_SMALL_CELL_K;
  app.get('/api/monitoring/observatory', {
    schema: {
      tags, querystring: monitoringQuery, security, response: { 200: response },
      summary: 'Observatory: every indicator over the network for a period, territory and project; counts only, cells below k and those that would reveal them hidden (stats.aggregate)',
    },
  }, async (req) => service.observatory({ access: req.access, k, query: req.query }));

  app.get('/api/monitoring/dashboard', {
    schema: {
      tags, querystring: monitoringQuery, security, response: { 200: response },
      summary: 'Coordinator dashboard: the indicators over the records the caller may read, unsuppressed, with links to those lists (stats.aggregate and cases.read)',
    },
  }, async (req) => service.coordinatorDashboard({ access: req.access, k, query: req.query }));
}
