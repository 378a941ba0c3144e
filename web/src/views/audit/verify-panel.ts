/** "校验 verify integrity": recomputes the domain's hash chain on the server and shows ok or the first bad seq. */
import { h } from '../../dom.js';
import type { GqlClient } from '../../gql.js';
import { t, tx } from '../../i18n.js';
import { VERIFY_LOG } from '../../queries.js';
import type { Domain, LogVerification } from '../../types.js';

export function verifyPanel(gql: GqlClient, domain: () => Domain) {
  const button = h('button', { type: 'button', class: 'primary', id: 'verify' }, t('audit.verify'));
  const result = h('div', { class: 'verify-result', role: 'status', 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(t('audit.verifying'));
    try {
      const { verifyLog: v } = await gql.request<{ verifyLog: LogVerification }>(VERIFY_LOG, { domain: domain() });
      result.replaceChildren(
        v.ok
          ? h(
              'p',
              { class: 'verify-ok', 'data-ok': 'true' },
              h('strong', {}, tx('✓ 校验通过', '✓ OK')),
              ' ',
              tx(`已核验 ${v.checked} 条，至 #${v.headSeq}`, `${v.checked} events checked, up to #${v.headSeq}`),
            )
          : h(
              'p',
              { class: 'verify-bad', 'data-ok': 'false', role: 'alert' },
              h('strong', {}, tx('✗ 校验失败', '✗ FAILED')),
              ' ',
              tx(`首个异常 #${v.firstBadSeq ?? '?'}`, `first bad seq #${v.firstBadSeq ?? '?'}`),
              v.reason ? ` — ${v.reason}` : '',
            ),
      );
    } catch (err) {
      result.replaceChildren(h('p', { class: 'error', role: 'alert' }, (err as Error).message));
    } finally {
      button.disabled = false;
    }
  });
  return {
    el: h(
      'section',
      { class: 'card verify', 'aria-label': 'Verify' },
      h('h2', {}, t('audit.integrity')),
      button,
      result,
    ),
    clear: () => result.replaceChildren(),
  };
}
