/**
 * Every message a client sees when a defence refuses it, in one place (Chinese
 * first, then English, as on the screens), so the wording — and any
 * translation — is changed here and nowhere else. Each names what was wrong
 * and the limit, never an internal name.
 */
export const LIMIT_MESSAGES = {
  maxTokens: (n: number) => `查询过长：超过 ${n} 个词法单元 / Query too long: more than ${n} tokens`,
  maxDepth: (n: number) => `查询嵌套过深：超过 ${n} 层 / Query too deep: more than ${n} levels of nesting`,
  maxAliases: (n: number) => `别名过多：超过 ${n} 个 / Too many aliases: more than ${n}`,
  maxDirectives: (n: number) => `指令过多：超过 ${n} 个 / Too many directives: more than ${n}`,
  maxCost: (n: number) => `查询代价过高：超过 ${n} / Query too expensive: cost above ${n}`,
  introspection: '此环境未开放架构自省（__schema/__type）/ Schema introspection (__schema, __type) is off here',
  subscriptionOverHttp:
    '订阅须通过 WebSocket（graphql-transport-ws）发送 / Subscriptions are served over WebSocket (graphql-transport-ws) on /graphql, not over HTTP',
  subscriptionsPerConnection: (n: number) =>
    `每个连接最多 ${n} 个订阅，请先结束一个 / At most ${n} subscriptions per connection: complete one first`,
  connectionsPerPrincipal: (n: number) =>
    `同一账号最多 ${n} 个 WebSocket 连接 / At most ${n} WebSocket connections per principal: close one first`,
  rateLimited: (what: string, limit: number, windowSeconds: number, retryAfterSeconds: number) =>
    `请求过于频繁：每 ${windowSeconds} 秒最多 ${limit} 次${RATE_KIND_ZH[what] ?? what}，请 ${retryAfterSeconds} 秒后重试 / ` +
    `Too many ${what}: at most ${limit} per ${windowSeconds} s per principal; retry in ${retryAfterSeconds} s`,
  starting: '服务正在启动，请稍后重试 / Starting up: retry shortly',
  seeding: '正在写入演示数据，请稍后重试 / Seeding demo data: retry shortly',
  bodyTooLarge: (limit: string) => `请求体过大（上限 ${limit}）/ Request body too large (limit ${limit})`,
  keyTooLong: (field: string, maxBytes: number) =>
    `${field}: 过长（键上限 ${maxBytes} 字节）/ too long (keys are limited to ${maxBytes} bytes)`,
  emptyKey: (field: string) => `${field}: 不能为空 / must not be empty`,
  cursor: (field: string) =>
    `${field}: 不是本服务签发的游标 / is not a cursor this hub issued (pass the endCursor or cursor you received)`,
} as const;

const RATE_KIND_ZH: Record<string, string> = {
  mutations: '写入',
  subscribes: '订阅',
  'connection attempts': '连接',
};

/** A client-supplied value quoted in a message: long values are cut, so an answer never echoes a huge input. */
export function quote(v: unknown, max = 60): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
