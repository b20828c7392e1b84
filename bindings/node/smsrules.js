'use strict'
// The package entry: the native binding (loaded by the generated `index.js`) plus what is
// best written in JavaScript — the argument checks and the walk of `check`, `validate`,
// `fingerprint` and `new Context` (see tape.js), `Context` (a handle to a context the core
// judged once), and `SendRequestError`, a real subclass of `Error`.

const native = loadNative()
const { withTape, isJsonContainer, PARTS } = require('./tape.js')

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

const CHECK_USAGE = 'check(request, context, options)'
const OPTIONS_USAGE = `${CHECK_USAGE}: options must be { idempotencyKey?: string, options?: object }`

function misuse(message) {
  const error = new TypeError(message)
  error.code = 'ERR_INVALID_ARG_TYPE'
  return error
}

const isObject = (value) => typeof value === 'object' && value !== null
const isAbsent = (value) => value === undefined || value === null

/** The third argument: `{ idempotencyKey?, options? }`, checked strictly (a typo is misuse). */
function readExtra(extra) {
  if (isAbsent(extra)) return { idempotencyKey: undefined, options: undefined }
  if (!isObject(extra) || Array.isArray(extra) || !isJsonContainer(extra)) throw misuse(OPTIONS_USAGE)
  for (const key of Object.keys(extra)) {
    if (key !== 'idempotencyKey' && key !== 'options') throw misuse(`${OPTIONS_USAGE}; unknown key \`${key}\``)
  }
  const { idempotencyKey, options } = extra
  if (!isAbsent(idempotencyKey) && typeof idempotencyKey !== 'string') {
    throw misuse(`${OPTIONS_USAGE}; idempotencyKey must be a string`)
  }
  if (!isAbsent(options) && !(isObject(options) && isJsonContainer(options))) {
    throw misuse(`${OPTIONS_USAGE}; options.options must be a plain object`)
  }
  return { idempotencyKey, options }
}

/** What `check`'s context argument may be, for TypeError messages. */
const CONTEXT_TYPES = 'a plain object, a Context, null or undefined'

/** The prepared handle of a `Context` (set by the class below), or `undefined` for anything else. */
let preparedOf

/**
 * Makes a `Context` impossible to post to another thread: the structured clone would be a
 * plain `{}` there (private fields are not copied), which `check` would take for an empty
 * context and silently answer for. A symbol cannot be cloned, so `postMessage` throws a
 * `DataCloneError` naming this description instead; `JSON.stringify` leaves it out.
 */
const SAME_THREAD_ONLY = Symbol('a smsrules Context works only in the thread that made it: make one in each worker')

/**
 * A context converted and judged once, for checking many requests against it: `check` and
 * `validate` accept it wherever they accept a context object, and answer exactly as for that
 * object, without walking, converting and judging the context again on every call.
 *
 * It is a copy (changing the object afterwards changes nothing), read-only, and never shows
 * the context's values (phone numbers are personal data) in `util.inspect`, `String()` or
 * `JSON.stringify`; `toObject()` hands back a copy of the converted context.
 */
class Context {
  /** The core's PreparedContext, as an opaque External. */
  #prepared
  /** How many issues the context itself has. */
  #issueCount

  /** @param {Record<string, unknown>} context a plain object, as `check` takes it */
  constructor(context) {
    if (!isObject(context) || Array.isArray(context) || !isJsonContainer(context)) {
      throw misuse('new Context(context): context must be a plain object')
    }
    this.#prepared = withTape((tape) => {
      tape.part(context, PARTS.CONTEXT)
      return native.prepareContext(tape.tags, tape.tagCount, tape.numbers, tape.numberCount, tape.strings.join(''))
    })
    this.#issueCount = native.contextIssueCount(this.#prepared)
    this.sameThreadOnly = SAME_THREAD_ONLY
    Object.freeze(this)
  }

  static {
    preparedOf = (value) => (#prepared in value ? value.#prepared : undefined)
  }

  /** Whether the context itself is well formed (`errors` is empty). */
  get ok() {
    return this.#issueCount === 0
  }

  /** The context's own problems (`INVALID_CONTEXT`), in envelope order, as fresh issue objects. */
  get errors() {
    return native.contextIssues(this.#prepared)
  }

  /** A copy of the context as converted (what the checks read), as a fresh plain object. */
  toObject() {
    return native.contextValue(this.#prepared)
  }

  toString() {
    return `Context { ok: ${this.ok}, errors: ${this.#issueCount} }`
  }

  [Symbol.for('nodejs.util.inspect.custom')](depth, options) {
    const stylize = options?.stylize ?? String
    return `Context { ok: ${stylize(this.ok, 'boolean')}, errors: ${stylize(this.#issueCount, 'number')} }`
  }

  get [Symbol.toStringTag]() {
    return 'Context'
  }
}

/** Judge one send request: `{ ok, data, errors, warnings }`; throws only for misuse. */
function check(request, context, extra) {
  const textBody = typeof request === 'string'
  if (!textBody && !(isObject(request) && isJsonContainer(request))) {
    throw misuse(`${CHECK_USAGE}: request must be a plain object (or array) or a string of JSON text`)
  }
  const prepared = isObject(context) ? preparedOf(context) : undefined
  if (prepared === undefined && !isAbsent(context) && !(isObject(context) && isJsonContainer(context))) {
    throw misuse(`${CHECK_USAGE}: context must be ${CONTEXT_TYPES}`)
  }
  const { idempotencyKey, options } = readExtra(extra)
  return withTape((tape) => {
    if (!textBody) tape.part(request, PARTS.BODY)
    if (prepared === undefined && !isAbsent(context)) tape.part(context, PARTS.CONTEXT)
    if (!isAbsent(options)) tape.part(options, PARTS.OPTIONS)
    const body = textBody ? request : undefined
    const { parts, tags, tagCount, numbers, numberCount } = tape
    const strings = tape.strings.join('')
    return prepared === undefined
      ? native.checkTape(body, idempotencyKey, parts, tags, tagCount, numbers, numberCount, strings)
      : native.checkTapeIn(prepared, body, idempotencyKey, parts, tags, tagCount, numbers, numberCount, strings)
  })
}

/** Thrown by `validate` when the request has errors. */
class SendRequestError extends Error {
  /**
   * @param {import('./index').Issue[]} errors
   * @param {import('./index').Issue[]} warnings
   */
  constructor(errors, warnings) {
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
  if (typeof request === 'string') return native.fingerprintText(request)
  if (!(isObject(request) && isJsonContainer(request))) {
    throw misuse('fingerprint(request): request must be a plain object (or array) or a string of JSON text')
  }
  return withTape((tape) => {
    tape.part(request, PARTS.BODY)
    return native.fingerprintTape(tape.tags, tape.tagCount, tape.numbers, tape.numberCount, tape.strings.join(''))
  })
}

exports.check = check
exports.checkJson = native.checkJson
exports.validate = validate
exports.Context = Context
exports.SendRequestError = SendRequestError
exports.segments = native.segments
exports.fingerprint = fingerprint
exports.jsonSchema = native.jsonSchema
exports.issueCodes = native.issueCodes
exports.PHONE_METADATA_VERSION = native.PHONE_METADATA_VERSION
