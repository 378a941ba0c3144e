/**
 * Each emulated function signs its AWS calls with credentials naming it
 * (config `credentials`), standing in for the role Lambda gives it; the local
 * APIs that check a caller's rights (lambda-api.ts) read the name back from
 * the SigV4 `Authorization` header's credential scope.
 */
const PREFIX = 'local-';

export function localCredentialsFor(functionName: string) {
  return { accessKeyId: `${PREFIX}${functionName}`, secretAccessKey: 'local' };
}

/** The function that signed a request, or null (unsigned, or not one of ours). */
export function callerOf(authorization: string | undefined): string | null {
  const m = authorization?.match(/Credential=([^/,\s]+)\//);
  return m?.[1].startsWith(PREFIX) ? m[1].slice(PREFIX.length) : null;
}
