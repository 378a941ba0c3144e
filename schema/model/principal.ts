/** Who calls (from a verified token) and who acted (as recorded in the log). */
import type { ReportDomain, Role } from './vocabulary.js';

/** Who is calling, from verified token claims. Never holds the token itself. */
export interface Principal {
  sub: string;
  role: Role;
  /** Department's domain; only for role `department`. */
  dept?: ReportDomain;
  /** Display name if the token has one. */
  name?: string;
}

export interface Actor {
  sub: string;
  role: Role;
  dept?: ReportDomain;
}
