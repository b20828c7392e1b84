// Peer 1: ajv (JSON Schema draft 2020-12 of the request body, compiled once) + the
// hand-written rules of rules.mjs with libphonenumber-js/max.

import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020.js'
import { cachedPhoneProblem, crossFieldIssues } from './rules.mjs'

const nullable = (schema) => ({ anyOf: [{ type: 'null' }, schema] })
const text = { type: 'string', minLength: 1 }
const seconds = { type: 'number', exclusiveMinimum: 0, maximum: 2_592_000 }
const ids = { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1 } }
const e164 = { type: 'string', pattern: '^\\+[1-9][0-9]{0,14}$' }

export const bodySchema = {
  type: 'object',
  required: ['user_number', 'agent_number'],
  properties: {
    user_number: e164,
    agent_number: e164,
    agent_message: nullable({ type: 'string', minLength: 1, maxLength: 1600 }),
    request_data: nullable({ type: 'object' }),
    new_conversation: nullable({ type: 'boolean' }),
    persona_id: nullable({ type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' }),
    persona_version: nullable({ enum: ['production', 'draft'] }),
    persona_settings: nullable({
      type: 'object',
      properties: {
        pathway_id: nullable(text),
        pathway_version: nullable({ type: 'integer', minimum: 0 }),
        start_node_id: nullable(text),
      },
    }),
    pathway_id: nullable(text),
    pathway_version: nullable({ type: 'integer', minimum: 0 }),
    start_node_id: nullable(text),
    webhook: nullable({ type: 'string', maxLength: 2048 }),
    metadata: nullable({ type: 'object' }),
    disposition_ids: nullable(ids),
    citation_schema_ids: nullable(ids),
    channel: nullable({ enum: ['sms', 'whatsapp', 'imessage'] }),
    content_sid: nullable({ type: 'string', pattern: '^HX[0-9a-fA-F]{32}$' }),
    content_variables: nullable({
      type: 'object',
      maxProperties: 100,
      propertyNames: { minLength: 1, maxLength: 16, pattern: '^\\S+$' },
      additionalProperties: { type: 'string', minLength: 1, maxLength: 1600 },
    }),
    time_out: nullable(seconds),
    timeout_message: nullable(text),
    warning_time: nullable(seconds),
    warning_message: nullable(text),
  },
}

// allErrors: collect every problem (as smsrules does). ajv counts lengths in code points,
// smsrules in UTF-16 code units: they differ only for astral characters near a limit.
const ajv = new Ajv2020({ allErrors: true, strict: true })
export const validateSchema = ajv.compile(bodySchema)

/** Schema only: is the body well-typed? */
export function ajvSchemaOnly(body) {
  return validateSchema(body)
}

/** Schema, then every other rule: `{ ok, errors }`. */
export function ajvFull(body, context) {
  if (!validateSchema(body)) {
    return { ok: false, errors: validateSchema.errors.map((e) => [e.instancePath, e.keyword]) }
  }
  const { errors } = crossFieldIssues(body, context)
  return { ok: errors.length === 0, errors }
}

// ---- the context, for the traffic corpus (every request with its own context) ------------
// What a server loaded for the send, as a JSON Schema of its records (types, required
// fields, patterns; no range checks: context values are trusted). It lives in
// bench/corpus/context.schema.json, the one file the Node and the Kotlin peers both validate with.

export const contextSchema = JSON.parse(readFileSync(new URL('../../corpus/context.schema.json', import.meta.url), 'utf8'))
export const validateContext = ajv.compile(contextSchema)

/** Schema only: are the body and its context well-typed? */
export function ajvRequestAndContext(body, context) {
  return validateSchema(body) && (context === undefined || context === null || validateContext(context))
}

const judgeOnce = cachedPhoneProblem()

/**
 * Both schemas, phone validity with each number judged once (the request's numbers, the
 * context's agent number and account numbers), then every other rule: `{ ok, errors }`.
 */
export function ajvTrafficCachedPhones(body, context) {
  if (!validateSchema(body)) return { ok: false, errors: validateSchema.errors.map((e) => [e.instancePath, e.keyword]) }
  if (context !== undefined && context !== null) {
    if (!validateContext(context)) return { ok: false, errors: validateContext.errors.map((e) => [`context:${e.instancePath}`, e.keyword]) }
    const bad = [context.number?.phone_number, ...(context.account?.numbers ?? [])].some((n) => n !== undefined && judgeOnce(n) !== null)
    if (bad) return { ok: false, errors: [['context:', 'INVALID_CONTEXT']] }
  }
  const { errors } = crossFieldIssues(body, context, judgeOnce)
  return { ok: errors.length === 0, errors }
}
