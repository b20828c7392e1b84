// Types of the package entry (`smsrules.js`): everything `napi build` generates in
// `index.d.ts`, plus the two things the JS wrapper adds.
import type { CheckOptions, Context, Issue, Plan, SendRequest } from './index'

export {
  check,
  checkJson,
  segments,
  fingerprint,
  jsonSchema,
  issueCodes,
  PHONE_METADATA_VERSION,
} from './index'
export type * from './index'

/** Thrown by `validate` when the request has errors. */
export declare class SendRequestError extends Error {
  readonly name: 'SendRequestError'
  readonly code: 'INVALID_REQUEST'
  /** The errors, sorted by (`in`, `path`, `error`); never empty. */
  readonly errors: Issue[]
  /** The warnings, in the same order. */
  readonly warnings: Issue[]
}

/**
 * Like `check`, but returns the plan of a valid request and throws `SendRequestError` for an
 * invalid one. Misuse of the API throws `TypeError`, as `check` does.
 */
export declare function validate(
  request: SendRequest | string,
  context?: Context | null,
  options?: CheckOptions | null,
): Plan
