'use strict'
// The package entry: the native binding (loaded by the generated `index.js`) plus what is
// best written in JavaScript — the argument checks and the walk of `check`, `validate` and
// `fingerprint` (see tape.js), and `SendRequestError`, a real subclass of `Error`.

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

/** Judge one send request: `{ ok, data, errors, warnings }`; throws only for misuse. */
function check(request, context, extra) {
  const textBody = typeof request === 'string'
  if (!textBody && !(isObject(request) && isJsonContainer(request))) {
    throw misuse(`${CHECK_USAGE}: request must be a plain object (or array) or a string of JSON text`)
  }
  if (!isAbsent(context) && !(isObject(context) && isJsonContainer(context))) {
    throw misuse(`${CHECK_USAGE}: context must be a plain object, null or undefined`)
  }
  const { idempotencyKey, options } = readExtra(extra)
  return withTape((tape) => {
    if (!textBody) tape.part(request, PARTS.BODY)
    if (!isAbsent(context)) tape.part(context, PARTS.CONTEXT)
    if (!isAbsent(options)) tape.part(options, PARTS.OPTIONS)
    return native.checkTape(
      textBody ? request : undefined,
      idempotencyKey,
      tape.parts,
      tape.tags,
      tape.tagCount,
      tape.numbers,
      tape.numberCount,
      tape.strings.join(''),
    )
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
exports.SendRequestError = SendRequestError
exports.segments = native.segments
exports.fingerprint = fingerprint
exports.jsonSchema = native.jsonSchema
exports.issueCodes = native.issueCodes
exports.PHONE_METADATA_VERSION = native.PHONE_METADATA_VERSION
