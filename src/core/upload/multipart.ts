// STAND-IN for helper A's file (dropped at merge).
import { UploadCalls } from '../api/uploadCalls';
import { Timing } from '../requestGate';
import { LocalVideo } from './localFile';

export interface MultipartOptions {
  signal?: AbortSignal;
  onSent?: (bytes: number) => void;
  onSession?: (session: { uploadId: string; assetId?: string }) => void;
  concurrency?: number;
  timing?: Timing;
  maxAttempts?: number;
}

export function uploadMultipart(
  calls: UploadCalls,
  video: LocalVideo,
  options: MultipartOptions & { resumeUploadId?: string },
): Promise<string> {
  return Promise.reject(new Error(`stand-in: ${calls.constructor.name} ${video.path} ${options.resumeUploadId ?? ''}`));
}
