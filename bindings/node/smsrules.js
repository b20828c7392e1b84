'use strict'
// The package entry: the native binding (loaded by the generated `index.js`) plus what is
// best written in JavaScript — the argument checks, the bounded walk that writes objects as
// JSON text for the core (walk.js), `Context` (a handle to a context the core judged once),
// and `SendRequestError`, a real subclass of `Error`.

const native = typeErrorsOnly(loadNative())
const { Walk, isJsonContainer } = require('./walk.js')

/**
 * The addon. The generated loader (`index.js`) probes the platform (it reads /usr/bin/ldd to
 * tell musl from glibc, among other things), which costs more than loading the addon itself;
 * where the binary `npm run build` writes is right here, load it directly, and leave every
 * other case (musl, other platforms, NAPI_RS_NATIVE_LIBRARY_PATH) to the loader.
 */
function loadNative() {
  if (process.platform === 'linux' && process.arch === 'x64' && !process.env.NAPI_RS_NATIVE_LIBRARY_PATH) {
    try {
      return require('./smsrules.linux-x64-gnu.node')
    } catch {
      // Not built here, or not loadable on this libc: the loader finds the right one or says why.
    }
  }
  return require('./index.js')
}

/**
 * The addon's functions, each throwing only `TypeError` (or the `RangeError` and
 * `SyntaxError` the native side throws on purpose): napi-rs throws a plain `Error` when an
 * argument does not convert, which `smsrules.js` never lets happen, but a caller who has
 * replaced a global such as `JSON.stringify` could. A caught panic is already a `TypeError`.
 */
function typeErrorsOnly(addon) {
  const guarded = {}
  for (const [name, value] of Object.entries(addon)) {
    guarded[name] =
      typeof value === 'function'
        ? function (...args) {
            try {
              return value(...args)
            } catch (error) {
              throw asTypeError(error)
            }
          }
        : value
  }
  return Object.freeze(guarded)
}

/** `error` if it is a `TypeError`, `RangeError` or `SyntaxError`; else a `TypeError` in its place. */
function asTypeError(error) {
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return error
  const replacement = new TypeError(`smsrules: the native call failed: ${error?.message ?? String(error)}`, { cause: error })
  replacement.code = 'ERR_SMSRULES_INTERNAL'
  return replacement
}

const CHECK_USAGE = 'check(request, context, options)'
const OPTIONS_USAGE = `${CHECK_USAGE}: options must be { idempotencyKey?: string, options?: object }`

function misuse(message) {
  const error = new TypeError(message)
  error.code = 'ERR_INVALID_ARG_TYPE'
  return error
}

const isObject = (value) => typeof value === 'object' && value !== null
const isAbsent = (value) => value === undefined || value === null
/** A plain JSON object: what the context, the options and the third argument must be. */
const isPlainObject = (value) => isObject(value) && !Array.isArray(value) && isJsonContainer(value)

/** The third argument: `{ idempotencyKey?, options? }`, checked strictly (a typo is misuse). */
function readExtra(extra) {
  if (isAbsent(extra)) return { idempotencyKey: undefined, options: undefined }
  if (!isPlainObject(extra)) throw misuse(OPTIONS_USAGE)
  for (const key of Object.keys(extra)) {
    if (key !== 'idempotencyKey' && key !== 'options') throw misuse(`${OPTIONS_USAGE}; unknown key \`${key}\``)
  }
  const { idempotencyKey, options } = extra
  if (!isAbsent(idempotencyKey) && typeof idempotencyKey !== 'string') {
    throw misuse(`${OPTIONS_USAGE}; idempotencyKey must be a string`)
  }
  if (!isAbsent(options) && !isPlainObject(options)) {
    throw misuse(`${OPTIONS_USAGE}; options.options must be a plain object`)
  }
  return { idempotencyKey, options }
}

/** What `check`'s context argument may be, for TypeError messages. */
const CONTEXT_TYPES = 'a plain object, a Context, null or undefined'

/** The walk's bounds, from the core's limits (see `walk_limits` in src/lib.rs). */
const [MAX_VALUES, MAX_UNITS] = native.walkLimits()

/** Which part a fault is in, as the native side reads it. */
const BODY = 1
const CONTEXT = 2
const OPTIONS = 4
/** The fault kind of a value that is not JSON (as walk.js records it). */
const NOT_JSON = 0

/**
 * A context or options object as JSON text, its faults added to `faults`. A part over the
 * walk's bounds is read as empty, with the value where the walk stopped reported as one it
 * could not convert.
 */
function partText(value, part, faults) {
  const walk = new Walk(MAX_VALUES, MAX_UNITS).part(value)
  if (walk.stopped) {
    faults.push([part, NOT_JSON, ...walk.stoppedAt])
    return '{}'
  }
  if (walk.faults !== undefined) for (const fault of walk.faults) faults.push([part, ...fault])
  return walk.text
}

/**
 * The body arguments of the native check: `[text, json, size]` — the caller's text, or an
 * object's JSON text (its faults added to `faults`), or neither: an object over the walk's
 * bounds, whose size is at least what the walk counted (UTF-16 code units, at most its bytes).
 */
function bodyParts(request, faults) {
  if (typeof request === 'string') return [request, undefined, 0]
  const walk = new Walk(MAX_VALUES, MAX_UNITS).part(request)
  if (walk.stopped) return [undefined, undefined, walk.text.length + walk.overBy]
  if (walk.faults !== undefined) for (const fault of walk.faults) faults.push([BODY, ...fault])
  return [undefined, walk.text, 0]
}

const faultText = (faults) => (faults.length === 0 ? undefined : JSON.stringify(faults))

/** The prepared handle of a `Context` (set by the class below), or `undefined` for anything else. */
let preparedOf

/**
 * Makes a `Context` impossible to post to another thread: the structured clone would be a
 * plain `{}` there (private fields are not copied), which `check` would take for an empty
 * context and silently answer for. A symbol cannot be cloned, so `postMessage` throws a
 * `DataCloneError` naming this description instead; `JSON.stringify` leaves it out.
 */
const SAME_THREAD_ONLY = Symbol('a smsrules Context works only in the thread that made it: make one in each worker')

/** `Symbol.dispose` where the runtime has it (Node 18.18, 20.4 and later), for `using`. */
const DISPOSE = Symbol.dispose ?? Symbol.for('nodejs.dispose')

/**
 * A context converted and judged once, for checking many requests against it: `check` and
 * `validate` accept it wherever they accept a context object, and answer exactly as for that
 * object, without converting and judging the context again on every call.
 *
 * It is a copy (changing the object afterwards changes nothing), read-only, and never shows
 * the context's values (phone numbers are personal data) in `util.inspect`, `String()` or
 * `JSON.stringify`; `toObject()` hands back a copy of the converted context. Its native
 * memory is released by `close()` (or `using`), or else when it is garbage collected (during
 * the collection, not when the event loop turns: see `node_api_module_get_api_version_v1` in
 * src/lib.rs).
 */
class Context {
  /** The core's PreparedContext, as an opaque External. */
  #prepared
  /** The context's own issues, as JSON text (`[]` when there are none). */
  #issues

  /** @param {Record<string, unknown>} context a plain object, as `check` takes it */
  constructor(context) {
    if (!isPlainObject(context)) {
      throw misuse('new Context(context): context must be a plain object')
    }
    const faults = []
    const text = partText(context, CONTEXT, faults)
    this.#prepared = native.prepareContext(text, faultText(faults))
    this.#issues = native.contextIssues(this.#prepared)
    this.sameThreadOnly = SAME_THREAD_ONLY
    Object.freeze(this)
  }

  static {
    preparedOf = (value) => (#prepared in value ? value.#prepared : undefined)
  }

  /** Whether the context itself is well formed (`errors` is empty). */
  get ok() {
    return this.#issues === '[]'
  }

  /** The context's own problems (`INVALID_CONTEXT`), in envelope order, as fresh issue objects. */
  get errors() {
    return JSON.parse(this.#issues)
  }

  /** A copy of the context as converted (what the checks read), as a fresh plain object. */
  toObject() {
    return JSON.parse(native.contextValue(this.#prepared))
  }

  /** Release the native memory now; checking against it afterwards throws a `TypeError`. */
  close() {
    native.closeContext(this.#prepared)
  }

  [DISPOSE]() {
    this.close()
  }

  toString() {
    return `Context { ok: ${this.ok}, errors: ${this.errors.length} }`
  }

  [Symbol.for('nodejs.util.inspect.custom')](depth, options) {
    const stylize = options?.stylize ?? String
    return `Context { ok: ${stylize(this.ok, 'boolean')}, errors: ${stylize(this.errors.length, 'number')} }`
  }

  get [Symbol.toStringTag]() {
    return 'Context'
  }
}

/**
 * Judge one send request: `{ ok, data, errors, warnings }`; throws only for misuse. The
 * argument checks, the walks, one native call, and the envelope parsed.
 */
function check(request, context, extra) {
  const textBody = typeof request === 'string'
  if (!textBody && !(isObject(request) && isJsonContainer(request))) {
    throw misuse(`${CHECK_USAGE}: request must be a plain object (or array) or a string of JSON text`)
  }
  const prepared = isObject(context) ? preparedOf(context) : undefined
  if (prepared === undefined && !isAbsent(context) && !isPlainObject(context)) {
    throw misuse(`${CHECK_USAGE}: context must be ${CONTEXT_TYPES}`)
  }
  const { idempotencyKey, options } = readExtra(extra)
  const faults = []
  const [text, json, size] = bodyParts(request, faults)
  const contextText = prepared !== undefined || isAbsent(context) ? undefined : partText(context, CONTEXT, faults)
  const optionsText = isAbsent(options) ? undefined : partText(options, OPTIONS, faults)
  const key = isAbsent(idempotencyKey) ? undefined : idempotencyKey
  const envelope =
    prepared === undefined
      ? native.checkParts(text, json, size, contextText, optionsText, key, faultText(faults))
      : native.checkPartsIn(prepared, text, json, size, optionsText, key, faultText(faults))
  const { data, errors, warnings } = JSON.parse(envelope)
  return { ok: errors === null, data, errors, warnings }
}

/** Thrown by `validate` when the request has errors. */
class SendRequestError extends Error {
  /**
   * @param {import('./index').Issue[]} errors the errors (at least one)
   * @param {import('./index').Issue[]} [warnings] the warnings (none when left out)
   */
  constructor(errors, warnings = []) {
    if (!Array.isArray(errors) || errors.length === 0 || !Array.isArray(warnings)) {
      throw misuse('new SendRequestError(errors, warnings): errors must be a non-empty array of issues, warnings an array')
    }
    const first = errors[0]
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
    super(`invalid send request: ${first.error} in ${first.in} at "${first.path}": ${first.message}${more}`)
    this.name = 'SendRequestError'
    this.code = 'INVALID_REQUEST'
    this.errors = errors
    this.warnings = warnings
  }
}

/** Like `check`, but returns the plan, or throws `SendRequestError`. */
function validate(request, context, extra) {
  const result = check(request, context, extra)
  if (result.ok) return result.data
  throw new SendRequestError(result.errors, result.warnings)
}

/** `sha256:<hex>` of the body's RFC 8785 form (object or JSON text). */
function fingerprint(request) {
  if (typeof request === 'string') return native.fingerprintParts(request, undefined, undefined)
  if (!(isObject(request) && isJsonContainer(request))) {
    throw misuse('fingerprint(request): request must be a plain object (or array) or a string of JSON text')
  }
  const walk = new Walk(MAX_VALUES, MAX_UNITS).part(request)
  if (walk.stopped) return native.fingerprintParts(undefined, undefined, undefined)
  const faults = walk.faults === undefined ? [] : walk.faults.map((fault) => [BODY, ...fault])
  return native.fingerprintParts(undefined, walk.text, faultText(faults))
}

/** The envelope for a whole JSON document, as compact JSON text. */
function checkJson(doc) {
  if (typeof doc !== 'string') throw misuse('checkJson(doc): doc must be a string of JSON text')
  return native.checkJson(doc)
}

/** How `text` travels as SMS. */
function segments(text) {
  if (typeof text !== 'string') throw misuse('segments(text): text must be a string')
  return native.segments(text)
}

/** The JSON Schema (draft 2020-12) of the request body, as a fresh object. */
const jsonSchema = () => JSON.parse(native.jsonSchemaText())

exports.check = check
exports.checkJson = checkJson
exports.validate = validate
exports.Context = Context
exports.SendRequestError = SendRequestError
exports.segments = segments
exports.fingerprint = fingerprint
exports.jsonSchema = jsonSchema
exports.issueCodes = native.issueCodes
exports.PHONE_METADATA_VERSION = native.PHONE_METADATA_VERSION
