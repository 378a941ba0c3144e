/**
 * The embedded runtime's signing key (ES256), kept under the data folder so
 * tokens printed by `npm run token` stay valid across restarts. The server
 * verifies them with the same code that verifies an OIDC issuer's tokens.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { LOCAL_ALG, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../functions/core/auth/verify-token.js';
import type { ReportDomain, Role } from '../../schema/model.js';

export interface LocalKeys {
  privateKeyPem: string;
  publicKeyPem: string;
}

export async function ensureLocalKeys(dataDir: string): Promise<LocalKeys> {
  const dir = join(dataDir, 'keys');
  const priv = join(dir, 'signing-key.pem');
  const pub = join(dir, 'signing-key.pub.pem');
  if (existsSync(priv) && existsSync(pub)) {
    return { privateKeyPem: readFileSync(priv, 'utf8'), publicKeyPem: readFileSync(pub, 'utf8') };
  }
  const keys = await generateLocalKeys();
  mkdirSync(dir, { recursive: true });
  writeFileSync(priv, keys.privateKeyPem, { mode: 0o600 });
  writeFileSync(pub, keys.publicKeyPem);
  return keys;
}

export async function generateLocalKeys(): Promise<LocalKeys> {
  const { privateKey, publicKey } = await generateKeyPair(LOCAL_ALG, { extractable: true });
  return { privateKeyPem: await exportPKCS8(privateKey), publicKeyPem: await exportSPKI(publicKey) };
}

export interface TokenClaims {
  role: Role;
  dept?: ReportDomain;
  sub?: string;
  name?: string;
  /** Lifetime, e.g. '12h', '30d'. */
  ttl?: string;
}

export async function signLocalToken(privateKeyPem: string, claims: TokenClaims): Promise<string> {
  const key = await importPKCS8(privateKeyPem, LOCAL_ALG);
  const sub = claims.sub ?? (claims.role === 'department' ? `${claims.dept}-reporter` : `${claims.role}-1`);
  return new SignJWT({
    role: claims.role,
    ...(claims.dept ? { dept: claims.dept } : {}),
    ...(claims.name ? { name: claims.name } : {}),
  })
    .setProtectedHeader({ alg: LOCAL_ALG })
    .setSubject(sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.ttl ?? '12h')
    .sign(key);
}
