/** Request schemas of monitoring. Every object is strict. */
import { z } from 'zod';
import { isoDate, provinceCode, uuid } from '../../../domain/fields.ts';
import { regions } from '../../../domain/provinces.ts';

export const monitoringQuery = z
  .object({
    /** First day of the period (Italian calendar); default 1 January of the year of `to`. */
    from: isoDate.optional(),
    /** Last day of the period, inclusive; default today. */
    to: isoDate.optional(),
    /** ISTAT province code (3 digits). */
    province: provinceCode.optional(),
    /** ISTAT region code (2 digits). */
    region: z.string().refine((r) => regions.some((x) => x.code === r), 'unknown ISTAT region code').optional(),
    project: uuid.optional(),
  })
  .strict();
export type MonitoringQuery = z.infer<typeof monitoringQuery>;
