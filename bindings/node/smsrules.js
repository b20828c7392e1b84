'use strict'
// The package entry: the native binding (loaded by the generated `index.js`) plus what a
// native addon cannot define itself — `SendRequestError`, a real subclass of `Error`, and
// `validate`, which throws it.

const native = require('./index.js')

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

function validate(request, context, options) {
  const result = native.check(request, context, options)
  if (result.ok) return result.data
  throw new SendRequestError(result.errors, result.warnings)
}

exports.check = native.check
exports.checkJson = native.checkJson
exports.validate = validate
exports.SendRequestError = SendRequestError
exports.segments = native.segments
exports.fingerprint = native.fingerprint
exports.jsonSchema = native.jsonSchema
exports.issueCodes = native.issueCodes
exports.PHONE_METADATA_VERSION = native.PHONE_METADATA_VERSION
