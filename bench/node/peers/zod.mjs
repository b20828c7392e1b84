// Peer 2: zod 4 (the same body schema) + the hand-written rules of rules.mjs with
// libphonenumber-js/max.

import { z } from 'zod'
import { crossFieldIssues } from './rules.mjs'

const opt = (schema) => schema.nullish()
const text = z.string().min(1)
const seconds = z.number().gt(0).lte(2_592_000)
const ids = z.array(z.string().min(1)).max(100)
const e164 = z.string().regex(/^\+[1-9][0-9]{0,14}$/)
const object = z.record(z.string(), z.unknown())

export const bodySchema = z.looseObject({
  user_number: e164,
  agent_number: e164,
  agent_message: opt(z.string().min(1).max(1600)),
  request_data: opt(object),
  new_conversation: opt(z.boolean()),
  persona_id: opt(z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/)),
  persona_version: opt(z.enum(['production', 'draft'])),
  persona_settings: opt(
    z.looseObject({
      pathway_id: opt(text),
      pathway_version: opt(z.int().min(0)),
      start_node_id: opt(text),
    }),
  ),
  pathway_id: opt(text),
  pathway_version: opt(z.int().min(0)),
  start_node_id: opt(text),
  webhook: opt(z.string().max(2048)),
  metadata: opt(object),
  disposition_ids: opt(ids),
  citation_schema_ids: opt(ids),
  channel: opt(z.enum(['sms', 'whatsapp', 'imessage'])),
  content_sid: opt(z.string().regex(/^HX[0-9a-fA-F]{32}$/)),
  content_variables: opt(
    z
      .record(z.string().min(1).max(16).regex(/^\S+$/), z.string().min(1).max(1600))
      .refine((vars) => Object.keys(vars).length <= 100),
  ),
  time_out: opt(seconds),
  timeout_message: opt(text),
  warning_time: opt(seconds),
  warning_message: opt(text),
})

/** Schema only: is the body well-typed? */
export function zodSchemaOnly(body) {
  return bodySchema.safeParse(body).success
}

/** Schema, then every other rule: `{ ok, errors }`. */
export function zodFull(body, context) {
  const parsed = bodySchema.safeParse(body)
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((i) => ['/' + i.path.join('/'), i.code]) }
  const { errors } = crossFieldIssues(body, context)
  return { ok: errors.length === 0, errors }
}
