/**
 * Topics: how the fan-out finds the subscribers of an event with one Query per
 * topic. A subscription is stored under exactly one topic per subscribed
 * domain, the narrowest its filter allows:
 *   <domain>                    no filter
 *   <domain>#street#<code>      street filter
 *   <domain>#entity#<root>      entityId filter (root = part before ':'; an
 *                               exact full id is checked in memory)
 * An event is published to its domain topic, its street's topic and its
 * entity root's topic; `matchesFilter` then applies the rest of the filter.
 */

import type { DomainName, HubEventRecord } from '../../../../schema/model.js';
import { entityRoot } from '../../store/keys/log.js';
import type { SubscriptionFilter } from '../connections/connection-store.js';

export function subscriptionTopic(domain: DomainName, filter: SubscriptionFilter): string {
  if (filter.entityId) return `${domain}#entity#${entityRoot(filter.entityId)}`;
  if (filter.street) return `${domain}#street#${filter.street}`;
  return domain;
}

export function eventTopics(event: HubEventRecord, street: string | null): string[] {
  const topics = [event.domain, `${event.domain}#entity#${entityRoot(event.entityId)}`];
  if (street) topics.push(`${event.domain}#street#${street}`);
  return topics;
}

/** The full filter, applied after the topic narrowed the candidates. */
export function matchesFilter(filter: SubscriptionFilter, event: HubEventRecord, street: string | null): boolean {
  if (filter.street && filter.street !== street) return false;
  if (filter.entityId) {
    // A bare code (P-1) matches all its events; a full id (P-1:2026-10) only that one.
    const exact = filter.entityId.includes(':');
    if (exact ? event.entityId !== filter.entityId : entityRoot(event.entityId) !== filter.entityId) return false;
  }
  return true;
}
