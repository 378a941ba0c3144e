/**
 * `npm run token -- <role> [--dept construction|sorting|housing] [--sub id] [--ttl 12h]`
 * prints a JWT signed by the embedded runtime's local key.
 */
import { parseArgs } from 'node:util';
import { REPORT_DOMAINS, type ReportDomain, ROLES, type Role } from '../../schema/model.js';
import { ensureLocalKeys, signLocalToken } from './local-keys.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dept: { type: 'string' },
    sub: { type: 'string' },
    name: { type: 'string' },
    ttl: { type: 'string', default: '12h' },
    'data-dir': { type: 'string', default: '.data' },
  },
});
const role = positionals[0] as Role | undefined;
const usage = `usage: npm run token -- <${ROLES.join('|')}> [--dept ${REPORT_DOMAINS.join('|')}] [--sub id] [--ttl 12h]`;
if (!role || !ROLES.includes(role)) {
  console.error(role ? `unknown role "${role}"\n${usage}` : usage);
  process.exit(2);
}
if (role === 'department' && (!values.dept || !(REPORT_DOMAINS as readonly string[]).includes(values.dept))) {
  console.error(`a department token needs --dept ${REPORT_DOMAINS.join('|')}\n${usage}`);
  process.exit(2);
}
if (role !== 'department' && values.dept) {
  console.error(`--dept is only for department tokens\n${usage}`);
  process.exit(2);
}
if (!/^\d+[smhd]$/.test(values.ttl ?? '')) {
  console.error(`--ttl must look like 30m, 12h or 30d (got ${values.ttl})`);
  process.exit(2);
}
const keys = await ensureLocalKeys(values['data-dir'] ?? '.data');
console.log(
  await signLocalToken(keys.privateKeyPem, {
    role,
    dept: values.dept as ReportDomain | undefined,
    sub: values.sub,
    name: values.name,
    ttl: values.ttl,
  }),
);
