/**
 * The service's metrics. Label values are route patterns, status codes and
 * stable error/reason codes only — never anything a caller typed.
 */
import type { SqliteStoreStats } from '@dinhdanh/core/payment';
import { Counter, Gauge, Histogram, Registry, SampledCounter } from './registry.js';

/** Seconds; spans loopback hello-route latency up to slow batch requests. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface PoolStats {
  readonly threads: number;
  /** 0..1, share of time the workers were busy. */
  readonly utilization: number;
  readonly queueSize: number;
}

export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration = this.registry.register(
    new Histogram(
      'dinhdanh_http_request_duration_seconds',
      'Request latency by route and status',
      LATENCY_BUCKETS,
    ),
  );
  readonly verifications = this.registry.register(
    new Counter('dinhdanh_ekyc_verifications_total', 'Card verifications by outcome and reason code'),
  );
  readonly authorizations = this.registry.register(
    new Counter('dinhdanh_payment_authorizations_total', 'Payment authorisation attempts by response code'),
  );
  #pool: (() => PoolStats | undefined) | undefined;

  constructor() {
    this.registry.register(
      new Gauge('dinhdanh_pool_utilization_ratio', 'Worker pool busy share (0..1)', () =>
        this.#poolSample('utilization'),
      ),
    );
    this.registry.register(
      new Gauge('dinhdanh_pool_threads', 'Worker pool threads', () => this.#poolSample('threads')),
    );
    this.registry.register(
      new Gauge('dinhdanh_pool_queue_size', 'Tasks waiting for a worker', () =>
        this.#poolSample('queueSize'),
      ),
    );
  }

  /**
   * Connects the SQLite payment store whose group commits and WAL checkpoints
   * /metrics reports: operations per commit, batches rerun with savepoints,
   * and whether the checkpoint worker keeps restarting the WAL.
   */
  setPaymentStore(stats: () => SqliteStoreStats): void {
    const counter = (name: string, help: string, field: keyof SqliteStoreStats) =>
      this.registry.register(new SampledCounter(name, help, () => [{ labels: {}, value: stats()[field] }]));
    counter('dinhdanh_payment_store_commits_total', 'Group commits of the SQLite payment store', 'batches');
    counter('dinhdanh_payment_store_operations_total', 'Operations committed in them', 'operations');
    counter(
      'dinhdanh_payment_store_batch_reruns_total',
      'Batches rerun with a savepoint per operation',
      'reruns',
    );
    counter(
      'dinhdanh_payment_store_wal_checkpoints_total',
      'Background WAL checkpoint cycles',
      'checkpointCycles',
    );
    counter(
      'dinhdanh_payment_store_wal_restarts_total',
      'Checkpoint cycles after which the WAL restarts from its beginning',
      'checkpointRestarts',
    );
  }

  /** Connects the worker pool whose utilisation /metrics reports. */
  setPool(stats: () => PoolStats | undefined): void {
    this.#pool = stats;
  }

  #poolSample(field: keyof PoolStats): { labels: Record<string, string>; value: number }[] {
    const s = this.#pool?.();
    return s === undefined ? [] : [{ labels: {}, value: s[field] }];
  }
}
