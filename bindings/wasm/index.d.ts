// Types of the WebAssembly package. The data types (requests, contexts, plans, issues) are
// those of the native Node package, copied into types.d.ts by build.sh, so both packages
// type the same values the same way.
import type { CheckOptions, CheckResult, ContextObject, Issue, IssueCode, Plan, SendRequest, Segments } from './types'

export type * from './types'

/**
 * Load the module (browsers, workers, edge runtimes; a no-op in Node, where it loads on
 * import). With no argument the `.wasm` beside this package is fetched; a URL, a `Response`,
 * bytes or a compiled `WebAssembly.Module` may be given instead.
 */
export declare function init(
  module?: { module_or_path: RequestInfo | URL | Response | BufferSource | WebAssembly.Module } | RequestInfo | URL | Response | BufferSource | WebAssembly.Module,
): Promise<unknown>

/** Load the module synchronously from bytes or a compiled `WebAssembly.Module`. */
export declare function initSync(module: { module: BufferSource | WebAssembly.Module } | BufferSource | WebAssembly.Module): unknown

/** A context read and judged once, for checking many requests against it. */
export declare class Context {
  #private
  constructor(context: ContextObject)
  readonly ok: boolean
  readonly errors: Issue[]
  /** Free the module memory it holds now (also done when it is collected). */
  free(): void
  toString(): string
}

/** Judge one send request: `{ ok, data, errors, warnings }`; throws only for misuse. */
export declare function check(request: SendRequest | string, context?: ContextObject | Context | null, options?: CheckOptions | null): CheckResult
/** The plan of a valid request; throws `SendRequestError` for an invalid one. */
export declare function validate(request: SendRequest | string, context?: ContextObject | Context | null, options?: CheckOptions | null): Plan
/** The envelope for the input document as compact JSON text. */
export declare function checkJson(doc: string): string
/** How `text` travels as SMS. */
export declare function segments(text: string): Segments
/** `'sha256:<hex>'` of the body's RFC 8785 form. */
export declare function fingerprint(request: SendRequest | string): string
/** The JSON Schema (draft 2020-12) of the request body. */
export declare function jsonSchema(): Record<string, unknown>
/** Every issue code, in catalogue order. */
export declare function issueCodes(): Array<IssueCode>
/** The version of the libphonenumber metadata behind the phone rules. */
export declare function phoneMetadataVersion(): string

export declare class SendRequestError extends Error {
  readonly code: 'INVALID_REQUEST'
  readonly errors: Issue[]
  readonly warnings: Issue[]
}
