/** Request schemas of reports. Every object is strict. */
import { z } from 'zod';
import { isoDate, provinceCode, uuid } from '../../../domain/fields.ts';
import { regions } from '../../../domain/provinces.ts';
import { reportFormats, reportKinds } from '../../../domain/monitoring/report.ts';

export const reportRequest = z
  .object({
    kind: z.enum(reportKinds),
    project: uuid,
    /** First and last day of the period (Italian calendar), inclusive. */
    from: isoDate,
    to: isoDate,
    format: z.enum(reportFormats),
    province: provinceCode.optional(),
    region: z.string().refine((r) => regions.some((x) => x.code === r), 'unknown ISTAT region code').optional(),
    /** Language of the report; default the user's. */
    lang: z.enum(['it', 'en']).optional(),
  })
  .strict();
export type ReportRequest = z.infer<typeof reportRequest>;

export const idParams = z.object({ id: uuid }).strict();
export const noQuery = z.object({}).strict();

/** What a report job remembers (jobs.params): the request without personal data. */
export const reportParams = reportRequest.omit({ kind: true, lang: true });
export type ReportParams = z.infer<typeof reportParams>;
