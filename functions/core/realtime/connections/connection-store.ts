/**
 * What the protocol core, the fan-out and the sweeper need from the
 * connections table. One implementation (DynamoDB, dynamo-connection-store.ts);
 * tests pass it a recording client to check which commands it sends.
 */

import type { DomainName, Principal } from '../../../../schema/model.js';
import type { Lang } from '../../errors/localize.js';

export type ConnectionState = 'connected' | 'acked';

export interface ConnectionRecord {
  connectionId: string;
  state: ConnectionState;
  /** Verified claims (from the `$connect` authorizer or `connection_init`); never the token. */
  principal: Principal | null;
  /** Epoch ms. */
  connectedAt: number;
  /** Epoch ms by which `connection_init` must have been acknowledged; removed on ack. */
  initDeadline?: number;
  /**
   * Epoch ms when the verified token stops being accepted (its `exp` plus the clock
   * tolerance). Past it the connection is closed 4403 and gets nothing more.
   */
  tokenExpiresAt?: number;
  /** The language its messages are answered in (`lang` of connection_init); absent: English. */
  lang?: Lang;
  /** Epoch seconds (DynamoDB TTL). */
  expiresAt: number;
}

/** What a subscription listens to beyond its domains (`hubEvents(street:, entityId:)`); see delivery/topics.ts. */
export interface SubscriptionFilter {
  street: string | null;
  entityId: string | null;
}

export interface OperationSpec {
  query: string;
  variables: Record<string, unknown> | null;
  operationName: string | null;
}

export interface SubscriptionRecord extends OperationSpec {
  connectionId: string;
  /** The graphql-ws operation id chosen by the client. */
  id: string;
  principal: Principal;
  /** Domains the subscription covers (its cursors cover exactly these). */
  domains: DomainName[];
  filter: SubscriptionFilter;
  /** One topic per domain (see delivery/topics.ts). */
  topics: string[];
  /** True while `after` is being back-filled: the fan-out skips it until the hand-over (delivery/backfill.ts). */
  backfill: boolean;
  /**
   * Epoch ms: the deadline of the invocation running the back-fill. A row still
   * flagged after it was left by an invocation that died; the fan-out ends it
   * with an error so its client resubscribes (delivery/resume-required.ts).
   */
  backfillUntil?: number;
  /** The connection's `tokenExpiresAt` when it subscribed, so delivery needs no connection read to check it. */
  tokenExpiresAt?: number;
  /**
   * Per domain, the last seq the back-fill sent before handing over: the fan-out
   * skips events at or below it for this subscription, so a client that resumed
   * during a pass does not get what it already has a second time.
   */
  sentThrough?: Partial<Record<DomainName, number>>;
  /**
   * The log epoch `sentThrough` counts in (log-epoch.ts). A restored hub table
   * starts its seqs again under a new epoch while this row lives on in the
   * connections table: positions of another epoch are ignored
   * (delivery/sent-through.ts). Rows written before it existed have none.
   */
  sentThroughEpoch?: string;
  /** Epoch seconds (DynamoDB TTL). */
  expiresAt: number;
}

export type AckResult = 'acked' | 'already-acked' | 'missing';

export type AddSubscriptionResult = 'added' | 'exists' | 'completed-early';

export interface ConnectionStore {
  putConnection(connection: ConnectionRecord): Promise<void>;
  /** Null when missing or expired. */
  getConnection(connectionId: string): Promise<ConnectionRecord | null>;
  /**
   * Marks the connection acknowledged with the verified principal and its token's
   * expiry (epoch ms); exactly one caller gets `acked`.
   */
  acknowledge(connectionId: string, principal: Principal, tokenExpiresAt?: number, lang?: Lang): Promise<AckResult>;
  hasSubscription(connectionId: string, id: string): Promise<boolean>;
  /**
   * `exists` when the connection already has a subscription with this id;
   * `completed-early` when a `complete` for this id arrived first (API Gateway
   * runs a connection's messages concurrently): the marker is consumed and
   * nothing is stored.
   */
  addSubscription(subscription: SubscriptionRecord): Promise<AddSubscriptionResult>;
  /**
   * Leaves a short-lived marker so a `subscribe` with this id that is still in
   * flight stores nothing; false when that subscription was stored meanwhile.
   */
  markCompletedEarly(connectionId: string, id: string, expiresAt: number): Promise<boolean>;
  /** Ends the back-fill phase: the fan-out delivers to it from now on (`sentThrough` positions of log epoch `epoch`). */
  goLive(
    subscription: SubscriptionRecord,
    sentThrough?: Partial<Record<DomainName, number>>,
    epoch?: string,
  ): Promise<void>;
  /** False when there was no such subscription. */
  removeSubscription(connectionId: string, id: string): Promise<boolean>;
  /** Deletes the connection and all its subscriptions. */
  removeConnection(connectionId: string): Promise<void>;
  /** Unexpired subscriptions under a topic: one paged Query. */
  subscribers(topic: string, nowMs: number): Promise<SubscriptionRecord[]>;
  /**
   * Connection rows past their TTL or their init deadline, and expired
   * subscription rows. For the sweeper only: a Scan.
   */
  sweepable(nowMs: number): AsyncIterable<SweepableRow>;
  /** Deletes one raw row found by `sweepable`. */
  deleteRow(row: SweepableRow): Promise<void>;
}

export type SweepableRow =
  | { kind: 'connection'; connection: ConnectionRecord; reason: 'expired' | 'init-timeout' }
  | { kind: 'row'; PK: string; SK: string };

export const toEpochSeconds = (ms: number) => Math.floor(ms / 1000);
