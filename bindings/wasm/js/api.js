// The public API over the WebAssembly module: argument checks and JSON text in and out.
// Every rule is the core's; this file only turns arguments into the input document's text
// and the core's answers into objects. `web.js` and `node.js` load the module first.

import * as core from '../pkg/smsrules_wasm.js'

const invalidArgument = (message) => Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' })

const isPlainObject = (value) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null
}

/** The envelope for the input document `{request | request_text, headers, context, options}` (JSON text), as compact JSON text. */
export function checkJson(doc) {
  if (typeof doc !== 'string') throw invalidArgument('checkJson(doc): doc must be a string of JSON text')
  return core.checkJson(doc)
}

/** How `text` travels as SMS: `{ encoding, units, segments, ucs2_chars }`, at any length. */
export function segments(text) {
  if (typeof text !== 'string') throw invalidArgument('segments(text): text must be a string')
  return JSON.parse(core.segmentsJson(text))
}

/** The JSON Schema (draft 2020-12) of the request body. */
export function jsonSchema() {
  return JSON.parse(core.jsonSchemaJson())
}

/** Every issue code, in catalogue order. */
export function issueCodes() {
  return core.issueCodes()
}

/** The version of the libphonenumber metadata behind the phone rules (a function here: the module must be loaded first). */
export function phoneMetadataVersion() {
  return core.phoneMetadataVersion()
}

/** `'sha256:<hex>'` of the body's RFC 8785 form; `request` is the body's JSON text or a JSON value. */
export function fingerprint(request) {
  const text = typeof request === 'string' ? request : jsonText(request, 'fingerprint(request)')
  try {
    return core.fingerprintJson(text)
  } catch (error) {
    throw new SyntaxError(`fingerprint(request): ${error.message}`)
  }
}

// Bounds of the walk over JavaScript values: a body may hold at most 1 MiB of text, so a value
// that needs more is refused without being walked to its end. Nesting is the core's rule
// (too deep in the body is PAYLOAD_TOO_DEEP, in a context field it knows INVALID_CONTEXT, in
// one it does not know nothing): the walk only refuses what JSON.stringify could not write.
const MAX_DEPTH = 1000
const MAX_VALUES = 1 << 20
const MAX_TEXT = 64 << 20

/**
 * JSON text of a JavaScript value, walked with bounds checked before anything is built (a
 * shared object counts once per place it appears, so a DAG cannot multiply the work). Values
 * that are not JSON (functions, symbols, BigInt, NaN, Infinity, undefined in an array,
 * non-plain objects) and nesting past the limit throw `TypeError` / `RangeError`.
 */
export function jsonText(value, what) {
  let values = 0
  let length = 0
  const walk = (v, depth, path) => {
    if (++values > MAX_VALUES) throw new RangeError(`${what}: more than ${MAX_VALUES} values`)
    if (v === null || typeof v === 'boolean') return
    if (typeof v === 'string') {
      length += v.length
      if (length > MAX_TEXT) throw new RangeError(`${what}: more than ${MAX_TEXT} characters of text`)
      return
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw invalidArgument(`${what}: the number at ${path || 'the top level'} is not finite`)
      return
    }
    if (typeof v !== 'object') throw invalidArgument(`${what}: the value at ${path || 'the top level'} is not JSON`)
    if (depth >= MAX_DEPTH) throw new RangeError(`${what}: nesting deeper than ${MAX_DEPTH} levels at ${path}`)
    if (Array.isArray(v)) {
      if (v.length > MAX_VALUES) throw new RangeError(`${what}: an array longer than ${MAX_VALUES}`)
      for (let i = 0; i < v.length; i++) {
        if (v[i] === undefined) throw invalidArgument(`${what}: undefined at ${path}/${i}`)
        walk(v[i], depth + 1, `${path}/${i}`)
      }
      return
    }
    if (!isPlainObject(v)) throw invalidArgument(`${what}: the value at ${path || 'the top level'} is not a plain object`)
    for (const key of Object.keys(v)) {
      length += key.length
      if (v[key] !== undefined) walk(v[key], depth + 1, `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`)
    }
  }
  walk(value, 0, '')
  return JSON.stringify(value)
}

/** A context read and judged once, for checking many requests against it. */
export class Context {
  #handle
  #errors
  constructor(context) {
    if (!isPlainObject(context)) throw invalidArgument('new Context(context): context must be a plain object')
    this.#handle = new core.PreparedContextHandle(jsonText(context, 'new Context(context)'))
    this.#errors = JSON.parse(this.#handle.issuesJson())
  }
  get ok() {
    return this.#errors.length === 0
  }
  get errors() {
    return structuredClone(this.#errors)
  }
  /** Frees the module memory it holds now (it is also freed when the object is collected). */
  free() {
    this.#handle?.free()
    this.#handle = undefined
  }
  toString() {
    return `Context { ok: ${this.ok}, errors: ${this.#errors.length} }`
  }
  toJSON() {
    return this.toString()
  }
  static handleOf(context) {
    if (context.#handle === undefined) throw invalidArgument('this Context was freed')
    return context.#handle
  }
}

function documentText(request, context, extra, what) {
  if (typeof request !== 'string' && !isPlainObject(request) && !Array.isArray(request)) {
    throw invalidArgument(`${what}: request must be an object or a string of JSON text`)
  }
  if (context !== undefined && context !== null && !(context instanceof Context) && !isPlainObject(context)) {
    throw invalidArgument(`${what}: context must be a plain object or a Context`)
  }
  if (extra !== undefined && extra !== null && !isPlainObject(extra)) throw invalidArgument(`${what}: the third argument must be a plain object`)
  for (const key of Object.keys(extra ?? {})) {
    if (key !== 'idempotencyKey' && key !== 'options') throw invalidArgument(`${what}: unknown key ${JSON.stringify(key)} in the third argument`)
  }
  const { idempotencyKey, options } = extra ?? {}
  if (idempotencyKey !== undefined && idempotencyKey !== null && typeof idempotencyKey !== 'string') {
    throw invalidArgument(`${what}: idempotencyKey must be a string`)
  }
  if (options !== undefined && options !== null && !isPlainObject(options)) throw invalidArgument(`${what}: options must be a plain object`)
  const parts = [typeof request === 'string' ? `"request_text":${JSON.stringify(request)}` : `"request":${jsonText(request, what)}`]
  if (typeof idempotencyKey === 'string') parts.push(`"headers":{"idempotency-key":${JSON.stringify(idempotencyKey)}}`)
  if (options) parts.push(`"options":${jsonText(options, what)}`)
  if (isPlainObject(context)) parts.push(`"context":${jsonText(context, what)}`)
  return `{${parts.join(',')}}`
}

function envelope(request, context, extra, what) {
  const doc = documentText(request, context, extra, what)
  const text = context instanceof Context ? Context.handleOf(context).checkJson(doc) : core.checkJson(doc)
  const answer = JSON.parse(text)
  return { ok: answer.errors === null, ...answer }
}

/** Judge one send request: `{ ok, data, errors, warnings }`; throws only for misuse. */
export function check(request, context, extra) {
  return envelope(request, context, extra, 'check')
}

/** The thrown form of an invalid request. */
export class SendRequestError extends Error {
  constructor(errors, warnings) {
    const first = errors[0]
    super(`invalid send request: ${first.error} at ${first.in} ${first.path || '""'}`)
    this.name = 'SendRequestError'
    this.code = 'INVALID_REQUEST'
    this.errors = errors
    this.warnings = warnings
  }
}

/** The plan of a valid request; throws `SendRequestError` for an invalid one. */
export function validate(request, context, extra) {
  const answer = envelope(request, context, extra, 'validate')
  if (!answer.ok) throw new SendRequestError(answer.errors, answer.warnings)
  return answer.data
}
