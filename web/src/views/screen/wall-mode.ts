/**
 * Wall mode: how an unattended screen behaves. A `screen` principal gets it
 * by default (no navigation, no 退出, every panel paged or rotated so nothing
 * is hidden); `#/screen?wall=0` leaves it (an operator at the keyboard),
 * `?wall=1` turns it on for any role. `?rotate=<seconds>` sets the period of
 * the ranking rotation and the panel paging (default 12 s; tests use a short one).
 */
import type { Principal } from '../../types.js';

export const DEFAULT_ROTATE_MS = 12_000;
const MIN_ROTATE_S = 1;
const MAX_ROTATE_S = 120;

export interface WallSettings {
  /** Kiosk: no navigation or sign-out; rankings rotate, long panels page. */
  wall: boolean;
  /** How long a ranking or a page stays up, ms. */
  rotateMs: number;
}

/** The `?a=b` part of a hash route such as `#/screen?wall=0`. */
function hashParams(hash: string): URLSearchParams {
  const q = hash.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
}

export function wallSettings(hash: string, me: Pick<Principal, 'role'>): WallSettings {
  const params = hashParams(hash);
  const wallParam = params.get('wall');
  const wall = wallParam === null ? me.role === 'SCREEN' : wallParam !== '0';
  const rotate = params.get('rotate');
  let rotateMs = DEFAULT_ROTATE_MS;
  if (rotate !== null) {
    const s = Number(rotate);
    if (Number.isFinite(s) && s >= MIN_ROTATE_S && s <= MAX_ROTATE_S) rotateMs = s * 1000;
    else
      console.warn(
        `rotate=${rotate}: 轮播周期须为 ${MIN_ROTATE_S}–${MAX_ROTATE_S} 秒 / the rotation period must be ${MIN_ROTATE_S}–${MAX_ROTATE_S} seconds; using ${DEFAULT_ROTATE_MS / 1000} s`,
      );
  }
  return { wall, rotateMs };
}
