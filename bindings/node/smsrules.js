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
    if (!isPlainObject(context)) {
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

/**
 * The argument checks and the walk shared by `check` and `validate`: then
 * `answer(tape, strings, bodyText, idempotencyKey, prepared)` answers from the tape.
 */
function walkThenAnswer(answer, request, context, extra) {
  const textBody = typeof request === 'string'
  if (!textBody && !(isObject(request) && isJsonContainer(request))) {
    throw misuse(`${CHECK_USAGE}: request must be a plain object (or array) or a string of JSON text`)
  }
  const prepared = isObject(context) ? preparedOf(context) : undefined
  if (prepared === undefined && !isAbsent(context) && !isPlainObject(context)) {
    throw misuse(`${CHECK_USAGE}: context must be ${CONTEXT_TYPES}`)
  }
  const { idempotencyKey, options } = readExtra(extra)
  return withTape((tape) => {
    if (!textBody) tape.part(request, PARTS.BODY)
    const judged = prepared ?? (isAbsent(context) ? undefined : rememberedContext(context))
    if (!isAbsent(options)) tape.part(options, PARTS.OPTIONS)
    return answer(tape, tape.strings.join(''), textBody ? request : undefined, idempotencyKey, judged)
  })
}

/**
 * The last plain context object walked, as its tape and the context the core prepared from
 * that tape. Services check request after request against the same context: when a
 * context's walk writes exactly the same tape again (tags, numbers by `Object.is`, and
 * text), the core would read exactly the same context, so its prepared form is reused and
 * the context is not converted, scanned and judged again. Any change makes a new tape, so
 * the answer is always that of the object as it is at the call.
 */
let lastContext

/** The prepared form of a plain context object, walked now (after the body, as before). */
function rememberedContext(context) {
  return withTape((tape) => {
    tape.part(context, PARTS.CONTEXT)
    const strings = tape.strings.join('')
    const last = lastContext
    if (last !== undefined && sameTape(last, tape, strings)) return last.prepared
    const prepared = native.prepareContext(tape.tags, tape.tagCount, tape.numbers, tape.numberCount, strings)
    lastContext = {
      tags: tape.tags.slice(0, tape.tagCount),
      numbers: tape.numbers.slice(0, tape.numberCount),
      strings,
      prepared,
    }
    return prepared
  })
}

function sameTape(last, tape, strings) {
  const { tags, numbers } = last
  if (last.strings !== strings || tags.length !== tape.tagCount || numbers.length !== tape.numberCount) return false
  const walked = tape.tags
  for (let index = 0; index < tags.length; index++) {
    if (tags[index] !== walked[index]) return false
  }
  const written = tape.numbers
  for (let index = 0; index < numbers.length; index++) {
    // Object.is: the same bits in all that matters (NaN matches NaN: the same tape, the same answer).
    if (!Object.is(numbers[index], written[index])) return false
  }
  return true
}

/** What the native entry answers: the whole envelope, or the issues alone (`data: null`). */
const WITH_PLAN = true
const ISSUES_ONLY = false

/** The native check: its envelope comes back as JSON text, parsed here (cheaper than natively). */
function nativeCheck(plan, prepared, body, idempotencyKey, parts, tags, tagCount, numbers, numberCount, strings) {
  return parseEnvelope(
    prepared === undefined
      ? native.checkTape(plan, body, idempotencyKey, parts, tags, tagCount, numbers, numberCount, strings)
      : native.checkTapeIn(plan, prepared, body, idempotencyKey, parts, tags, tagCount, numbers, numberCount, strings),
  )
}

/** What a judging pass answers for a valid request with no warnings: the most common answer. */
const VALID_WITHOUT_WARNINGS = '{"ok":true,"data":null,"errors":null,"warnings":[]}'

/** The envelope text as objects; the most common answer is built without parsing (about 0.6 µs less). */
function parseEnvelope(text) {
  if (text === VALID_WITHOUT_WARNINGS) return { ok: true, data: null, errors: null, warnings: [] }
  return JSON.parse(text)
}

/** The envelope with its plan, in one pass (`validate` needs the plan anyway). */
function envelopeNow(tape, strings, body, idempotencyKey, prepared) {
  const { parts, tags, tagCount, numbers, numberCount } = tape
  return nativeCheck(WITH_PLAN, prepared, body, idempotencyKey, parts, tags, tagCount, numbers, numberCount, strings)
}

/**
 * The issues now, and a valid request's plan when `data` is first read (`check`): building
 * the plan is most of the work of a check, and many callers only look at `ok` and `errors`.
 */
function judgedNow(tape, strings, body, idempotencyKey, prepared) {
  const { parts, tags, tagCount, numbers, numberCount } = tape
  const judged = nativeCheck(ISSUES_ONLY, prepared, body, idempotencyKey, parts, tags, tagCount, numbers, numberCount, strings)
  if (!judged.ok) return judged // already `{ ok, data: null, errors, warnings }`, all plain data
  return lazyResult(judged.warnings, new Snapshot(tape, strings, body, idempotencyKey, prepared))
}

/**
 * Everything the plan of a valid `check` result is built from, as it was when it was judged:
 * the plan reflects the request as checked, never a request object changed since (its walk is
 * not repeated), and the shared tape is free for the next call. The tape's typed arrays are
 * copied into plain arrays: allocating a typed array's buffer costs several times the copy.
 */
class Snapshot {
  constructor(tape, strings, body, idempotencyKey, prepared) {
    this.tags = copyOf(tape.tags, tape.tagCount)
    this.numbers = copyOf(tape.numbers, tape.numberCount)
    this.strings = strings
    this.parts = tape.parts
    this.body = body
    this.idempotencyKey = idempotencyKey
    this.prepared = prepared
    /** The plan, once built. */
    this.plan = undefined
  }

  /** The plan: the full native check of the same tape, once. */
  build() {
    if (this.plan === undefined) {
      const tags = Uint32Array.from(this.tags)
      const numbers = Float64Array.from(this.numbers)
      const { prepared, body, idempotencyKey, parts, strings } = this
      const envelope = nativeCheck(WITH_PLAN, prepared, body, idempotencyKey, parts, tags, tags.length, numbers, numbers.length, strings)
      this.plan = envelope.data
      this.tags = this.numbers = this.strings = this.body = this.prepared = undefined
    }
    return this.plan
  }
}

function copyOf(typed, count) {
  const copy = new Array(count)
  for (let index = 0; index < count; index++) copy[index] = typed[index]
  return copy
}

/** A constructor that returns its argument, so a subclass's private fields land on that object. */
class Stamp {
  constructor(target) {
    return target
  }
}

/**
 * The snapshot of a valid `check` result, held in a private field stamped on the result
 * itself: invisible to `Object.keys`, spread, `JSON.stringify`, `structuredClone`,
 * `util.inspect` and `assert.deepStrictEqual`, and far cheaper than a `WeakMap` entry.
 */
class PendingPlan extends Stamp {
  #snapshot

  constructor(result, snapshot) {
    super(result)
    this.#snapshot = snapshot
  }

  /** The snapshot of `object`, or of the result it inherits from; `undefined` if none. */
  static of(object) {
    for (let holder = object; isObject(holder); holder = Object.getPrototypeOf(holder)) {
      if (#snapshot in holder) return { holder, snapshot: holder.#snapshot }
    }
    return undefined
  }
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** Make `data` an ordinary data property of `object`; false if `object` does not allow it (frozen). */
function settleData(object, value) {
  const settled = Reflect.defineProperty(object, 'data', { value, writable: true, enumerable: true, configurable: true })
  // Nothing left to build: the result is now an ordinary object.
  if (settled && Object.hasOwn(object, INSPECT)) delete object[INSPECT]
  return settled
}

/** `data` of a valid result, on first read: build the plan, and keep it as a plain property. */
function readData() {
  const pending = PendingPlan.of(this)
  if (pending === undefined) throw new TypeError('the `data` getter of a smsrules check result was called on another object')
  const plan = pending.snapshot.build()
  settleData(pending.holder, plan)
  return plan
}

/** `result.data = value` before the plan was read: as on a plain object. */
function writeData(value) {
  if (!settleData(this, value)) throw new TypeError("Cannot assign to read only property 'data' of object")
}

const DATA = { get: readData, set: writeData, enumerable: true, configurable: true }

/**
 * `util.inspect` (and `console.log`) show the plan, not `[Getter/Setter]`: read `data` first,
 * which makes it a plain property (unless the result was frozen: then show a plain copy).
 */
function inspectResult() {
  void this.data
  return Object.getOwnPropertyDescriptor(this, 'data')?.get === undefined ? this : { ...this }
}

const INSPECT_PROPERTY = { value: inspectResult, writable: true, enumerable: false, configurable: true }

/**
 * A valid result: `{ ok: true, data, errors: null, warnings }`, a plain object whose `data` is
 * built on first read (then an ordinary data property). The properties are added one by one
 * in this order: Object.defineProperty on a fresh `{ ok }` is cheaper than an object literal
 * with accessors (each of which would get getter functions and a hidden class of its own).
 */
function lazyResult(warnings, snapshot) {
  const result = { ok: true }
  Object.defineProperty(result, 'data', DATA)
  result.errors = null
  result.warnings = warnings
  Object.defineProperty(result, INSPECT, INSPECT_PROPERTY)
  new PendingPlan(result, snapshot)
  return result
}

/**
 * Judge one send request: `{ ok, data, errors, warnings }`; throws only for misuse. A valid
 * request's plan (`data`) is built when it is first read.
 */
function check(request, context, extra) {
  return walkThenAnswer(judgedNow, request, context, extra)
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
  const result = walkThenAnswer(envelopeNow, request, context, extra)
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
