/**
 * "What changed" on a wall: a figure's ▲▼ delta for a while after it moved,
 * and "更新于 x 分钟前" per domain. Pure helpers; the panels keep the state.
 */
import { num } from '../../format.js';
import { tx } from '../../i18n.js';

/** How long a moved KPI flashes and shows its delta. */
export const DELTA_MS = 10_000;

/** Remembers each figure's last value and when it last moved, by key. */
export class ChangeTracker {
  private readonly last = new Map<string, number>();
  private readonly moves = new Map<string, { delta: number; at: number }>();

  /** Records `value`; returns the delta still to show (moved less than DELTA_MS ago), else null. */
  see(key: string, value: number | null, now = Date.now()): number | null {
    if (value !== null) {
      const before = this.last.get(key);
      if (before !== undefined && before !== value) this.moves.set(key, { delta: value - before, at: now });
      this.last.set(key, value);
    }
    const move = this.moves.get(key);
    return move && now - move.at < DELTA_MS ? move.delta : null;
  }
}

/** "▲0.52" / "▼3": the sign as an arrow, the size with the figure's decimals. */
export function deltaText(delta: number, digits: number): string {
  return `${delta > 0 ? '▲' : '▼'}${num(Math.abs(delta), digits)}`;
}

/** "更新于 5 分钟前" / "updated 5 min ago" (minutes, then hours, then days). */
export function updatedAgo(iso: string | null, now = Date.now()): DocumentFragment {
  if (!iso) return tx('尚无上报', 'nothing reported');
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return tx('刚刚更新', 'updated just now');
  if (minutes < 60) return tx(`更新于 ${minutes} 分钟前`, `updated ${minutes} min ago`);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return tx(`更新于 ${hours} 小时前`, `updated ${hours} h ago`);
  return tx(`更新于 ${Math.floor(hours / 24)} 天前`, `updated ${Math.floor(hours / 24)} days ago`);
}
