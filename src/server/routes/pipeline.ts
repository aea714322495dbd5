import type { Redis } from 'ioredis';
import type { StreamConfig } from '../../listen/stream';
import { requireReady, streamStatus } from '../../listen/stream';
import type { Routes } from './define';

/** The scale-out pipeline the server appends to, for the admins' view. */
export interface PipelineDeps {
  readonly redis: Redis;
  readonly config: StreamConfig;
}

/** `GET /api/admin/pipeline`: what `hustings status --redis` shows, for admins; null without Redis. */
export function pipelineRoutes(routes: Routes, pipeline: PipelineDeps | null): void {
  routes.add(
    { method: 'get', path: '/api/admin/pipeline', summary: 'the Redis stream and its workers: backlog, pending per consumer, lag, dead letters, throughput ({stream: null} when the server runs without Redis)', role: 'admin' },
    async (c) => {
      if (pipeline) requireReady(pipeline.redis, pipeline.config.label);
      return c.json({ stream: pipeline ? await streamStatus(pipeline.redis, pipeline.config) : null });
    },
  );
}
