/** The alert list's order, shared by the three domains. */
import type { Alert } from '../../../../schema/model.js';

/** Critical alerts first, then by entity id, so the list is stable between events. Sorts in place. */
export function sortAlerts(alerts: Alert[]): Alert[] {
  return alerts.sort((a, b) =>
    a.severity === b.severity ? a.entityId.localeCompare(b.entityId) : a.severity === 'critical' ? -1 : 1,
  );
}
