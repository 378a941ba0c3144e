/**
 * Settings the web client reads from `config.json` that both runtimes derive the same way.
 */

/**
 * How often the web client pings a quiet socket: a third of the gateway's idle
 * timeout (API Gateway: 10 min → every 200 s), so two pings may be lost before
 * the gateway closes a screen that receives no events. Each ping is a billed
 * message on AWS (README cost estimate), so no more often than that.
 */
export function keepAliveMs(idleTimeoutMs: number): number {
  return Math.floor(idleTimeoutMs / 3);
}
