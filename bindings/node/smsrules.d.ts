// Types of the package entry (`smsrules.js`): the native functions and every type come from
// `index.d.ts`, which `napi build` generates from the Rust source; the functions and the two
// classes that `smsrules.js` defines in JavaScript are declared here.
import type { CheckOptions, CheckResult, ContextObject, Issue, Plan, SendRequest } from './index'

export { checkJson, segments, issueCodes, PHONE_METADATA_VERSION } from './index'
export type * from './index'

/**
 * A context converted and judged once, for checking many requests against it: `check` and
 * `validate` accept it wherever they accept a context object and answer exactly as for that
 * object, without converting and judging the context on every call. It is a read-only copy
 * (changing the object afterwards changes nothing) that works in the thread that made it
 * (make one in each worker). `util.inspect`, `String()` and `JSON.stringify` never show its
 * values: `Context { ok: true, errors: 0 }`. Its native memory is released by `close()`
 * (or `using`), or else by the garbage collector, also during a synchronous loop (on Node
 * versions that run finalizers during collection, such as 20.20; others when the event loop
 * turns).
 */
export declare class Context {
  #private
  /**
   * Convert and judge `context`, a plain object as `check` takes it. Throws `TypeError` for
   * anything else (an array, a string, `null`, a `Map`, a class instance, …).
   */
  constructor(context: ContextObject)
  /** Whether the context itself is well formed (`errors` is empty). */
  readonly ok: boolean
  /**
   * The context's own problems (`INVALID_CONTEXT` issues), in envelope order: every check
   * against it reports them too. A fresh array on each read.
   */
  readonly errors: Issue[]
  /** A copy of the context as converted (properties holding `undefined` left out). */
  toObject(): Record<string, unknown>
  /** `Context { ok: …, errors: … }`: never the values. */
  toString(): string
  /**
   * Release the native memory now. Checking against a closed `Context` (or `toObject()`)
   * throws `TypeError`; `ok`, `errors` and `toString()` still answer. Closing twice is fine.
   * `[Symbol.dispose]()` (where the runtime has it) calls this, for `using`; it is left out
   * of these types so that they need no `esnext.disposable` lib.
   */
  close(): void
}

/**
 * Judge one send request: is it valid, and what exactly will happen.
 *
 * `request` is the body as an object (values that are not JSON — `undefined` inside arrays,
 * functions, symbols, BigInt, `NaN`, `Infinity`, non-plain objects, cycles — are
 * `INVALID_TYPE` at their path) or as the raw JSON text (parsed by smsrules, so invalid JSON
 * and duplicate keys are judged). `context` is what the server knows: a plain object, or a
 * `Context` made from one (the same answers, without judging the context again). Returns
 * `{ ok, data, errors, warnings }` as a plain object; never throws for bad data, only for
 * misuse (`TypeError`).
 */
export declare function check(
  request: SendRequest | string,
  context?: ContextObject | Context | null,
  options?: CheckOptions | null,
): CheckResult

/**
 * Like `check`, but returns the plan of a valid request and throws `SendRequestError` for an
 * invalid one. Misuse of the API throws `TypeError`, as `check` does.
 */
export declare function validate(
  request: SendRequest | string,
  context?: ContextObject | Context | null,
  options?: CheckOptions | null,
): Plan

/**
 * `sha256:<hex>` of the request body's RFC 8785 form — the `idempotency.fingerprint` of the
 * plan, and what a server stores beside an idempotency key. `request` is an object or JSON
 * text. Throws `SyntaxError` for text that is not I-JSON, `TypeError` for an object holding
 * values that are not JSON, `RangeError` for nesting deeper than 33 levels or an object
 * over the walk's bounds.
 */
export declare function fingerprint(request: SendRequest | Record<string, unknown> | string): string

/** The JSON Schema (draft 2020-12) of the request body, as a fresh object. */
export declare function jsonSchema(): Record<string, unknown>

/** Thrown by `validate` when the request has errors. */
export declare class SendRequestError extends Error {
  /** Throws `TypeError` unless `errors` is a non-empty array (as `validate` always passes). */
  constructor(errors: Issue[], warnings?: Issue[])
  readonly name: 'SendRequestError'
  readonly code: 'INVALID_REQUEST'
  /** The errors, sorted by (`in`, `path`, `error`); never empty. */
  readonly errors: Issue[]
  /** The warnings, in the same order. */
  readonly warnings: Issue[]
}
