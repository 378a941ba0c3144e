/**
 * Error messages in the caller's language. Validation errors carry their text
 * in English and Chinese (domain/messages.ts); this picks one per request:
 * the `x-hub-lang` header (`zh` | `en`, what the web client sends for its UI
 * language) or else the first of zh/en in Accept-Language by weight. Default
 * English, so department systems keep reading the messages they parse today.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { BadInputError } from '../../../schema/errors.js';

export type Lang = 'zh' | 'en';

/**
 * The language of the operation being executed where no request headers exist: a WebSocket
 * connection's, declared by `lang` in its `connection_init` payload. toContractError reads it.
 */
const langScope = new AsyncLocalStorage<Lang>();

export const inLang = <T>(lang: Lang | undefined, fn: () => Promise<T>): Promise<T> =>
  lang ? langScope.run(lang, fn) : fn();

export const currentLang = (): Lang | undefined => langScope.getStore();

/** `lang` of a connection_init payload: absent, or zh / en; anything else is named in the error. */
export function initLang(payload: unknown): Lang | undefined {
  const lang = payload && typeof payload === 'object' ? (payload as Record<string, unknown>).lang : undefined;
  if (lang === undefined || lang === null) return undefined;
  if (lang === 'zh' || lang === 'en') return lang;
  throw new Error(`connection_init payload.lang must be "zh" or "en" (got ${JSON.stringify(lang).slice(0, 40)})`);
}

export function requestLang(headers: Headers): Lang {
  const explicit = headers.get('x-hub-lang')?.trim().toLowerCase();
  if (explicit === 'zh' || explicit === 'en') return explicit;
  const ranked = (headers.get('accept-language') ?? '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
      return { lang: tag.split('-')[0], q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.lang === 'zh' || x.lang === 'en')
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked[0]?.lang as Lang | undefined) ?? 'en';
}

/** The Chinese text of a validation error, wherever graphql-js wrapped it. */
function zhOf(e: GraphQLError): string | undefined {
  if (e instanceof BadInputError) return e.messageZh;
  return e.originalError instanceof BadInputError ? e.originalError.messageZh : undefined;
}

export function localizedErrors(): Plugin {
  return {
    onResultProcess({ request, result, setResult }) {
      if (!result || Array.isArray(result) || Symbol.asyncIterator in (result as object)) return;
      const r = result as ExecutionResult;
      if (!r.errors?.length || requestLang(request.headers) !== 'zh') return;
      setResult({
        ...r,
        errors: r.errors.map((e) => {
          const zh = zhOf(e);
          return zh ? new GraphQLError(zh, { path: e.path, nodes: e.nodes, extensions: e.extensions }) : e;
        }),
      });
    },
  };
}
