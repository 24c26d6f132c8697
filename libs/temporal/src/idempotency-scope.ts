import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { sha256Hex } from '@cascade/persistence';

/**
 * The write a claimed Idempotency-Key runs in: caller, key and request (method, path, body) hashed
 * into one scope. What the write creates in Temporal gets ids derived from it, so a retry of the
 * same request after a lost answer (the database or the API died after Temporal acted, before the
 * answer was recorded) reaches the same Update or workflow instead of doing the work again.
 */
const scopes = new AsyncLocalStorage<string>();

/** Runs `work` within the scope of a claimed key (`IdempotencyInterceptor`). */
export function runInIdempotencyScope<T>(caller: string, key: string, requestHash: string, work: () => T): T {
  return scopes.run(sha256Hex(`${caller}\n${key}\n${requestHash}`), work);
}

/** An id derived from the current key's scope and `parts`; undefined outside a keyed request. */
export function idempotentId(...parts: string[]): string | undefined {
  const scope = scopes.getStore();
  return scope === undefined ? undefined : sha256Hex([scope, ...parts].join('\n'));
}

/** A UUID for a new record: derived from the key's scope in a keyed request (a retry gets the same), random otherwise. */
export function idempotentUuid(kind: string): string {
  const hex = idempotentId(kind);
  if (hex === undefined) return randomUUID();
  // RFC 9562 version 8 (custom), variant 10xx.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Executes a workflow Update. Within a keyed request its Update id is derived from the key, the
 * workflow and the Update's name: Temporal runs an Update id once per workflow run and answers a
 * repeat with the first outcome, so a retried request never acts twice.
 */
export function executeUpdate<Ret, Args extends [unknown, ...unknown[]]>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, Args>,
  ...args: Args
): Promise<Ret> {
  const id = idempotentId('update', workflowId, update.name);
  return client.workflow
    .getHandle(workflowId)
    .executeUpdate(update, { args, ...(id === undefined ? {} : { updateId: `idem-${id}` }) });
}
