/** The sync endpoints over the app's API client (CSRF header, language, error shape). */
import { ApiError, request } from '../api.ts';
import { TransportError, type DownloadAnswer, type SyncTransport, type UploadAnswer } from './sync.ts';

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ApiError) throw new TransportError(e.status, e.code, e.message);
    throw new TransportError(0, 'network', e instanceof Error ? e.message : String(e));
  }
}

export const httpTransport: SyncTransport = {
  registerDevice: (label) => call(() => request<{ deviceId: string }>('POST', '/api/outreach/devices', { body: { label }, anonymous: true })),
  upload: (body) => call(() => request<UploadAnswer>('POST', '/api/outreach/sync', { body, anonymous: true })),
  download: (deviceId, since) =>
    call(() => request<DownloadAnswer>('GET', '/api/outreach/sync', { query: { deviceId, since }, anonymous: true })),
};
