// The rules of docs/src/rules/index.md that a JSON Schema (or a zod schema) cannot express, written the way a
// careful Node team would write them by hand next to ajv or zod: phone validity with
// libphonenumber-js/max, cross-field rules, the webhook SSRF screen, and the rules that need
// the server's context. Both peers call `crossFieldIssues` after their schema passes, so the
// peers judge the same rules as smsrules does (its resolution/plan, segments and
// fingerprint aside: the peers produce no plan).

import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

const E164 = /^\+[1-9][0-9]{0,14}$/
const DAY_MS = 24 * 60 * 60 * 1000
const KB64 = 64 * 1024

export const KNOWN_FIELDS = new Set([
  'user_number', 'agent_number', 'agent_message', 'request_data', 'new_conversation', 'persona_id',
  'persona_version', 'persona_settings', 'pathway_id', 'pathway_version', 'start_node_id', 'webhook',
  'metadata', 'disposition_ids', 'citation_schema_ids', 'channel', 'content_sid', 'content_variables',
  'time_out', 'timeout_message', 'warning_time', 'warning_message',
])

/** `null` when `value` is a valid E.164 number by the full metadata, else the reason. */
export function phoneProblem(value) {
  if (!E164.test(value)) return 'NOT_E164'
  const parsed = parsePhoneNumberFromString(value)
  if (!parsed) return 'INVALID_COUNTRY_CODE'
  return parsed.isValid() ? null : 'INVALID_NUMBER'
}

const present = (v) => v !== undefined && v !== null

function ipv4Private(a, b, c, d) {
  return (
    a === 0 || a === 10 || a === 127 || a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    (a === 255 && b === 255 && c === 255 && d === 255)
  )
}

function ipv6Private(host) {
  const h = host.slice(1, -1).toLowerCase()
  if (h === '::' || h === '::1') return true
  if (/^f[cd]/.test(h) || /^fe[89ab]/.test(h) || h.startsWith('ff') || h.startsWith('2001:db8:')) return true
  const mapped = h.match(/^(?:::ffff:|::|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/)
  if (mapped) {
    const hi = parseInt(mapped[1], 16)
    const lo = parseInt(mapped[2], 16)
    return ipv4Private(hi >> 8, hi & 255, lo >> 8, lo & 255)
  }
  return false
}

/** `null`, or [code, reason] for a request webhook. */
export function webhookProblem(url) {
  if (url.length > 2048 || /^\s|\s$|[\u0000-\u001f\u007f]/.test(url)) return ['INVALID_URL']
  let parsed
  try {
    parsed = new URL(url)
  } catch {
    return ['INVALID_URL']
  }
  if (parsed.protocol !== 'https:') return ['UNSAFE_WEBHOOK', 'SCHEME']
  if (parsed.username || parsed.password) return ['UNSAFE_WEBHOOK', 'CREDENTIALS']
  const host = parsed.hostname
  if (host === 'localhost' || host === 'localhost.' || host.endsWith('.localhost') || host.endsWith('.localhost.')) {
    return ['UNSAFE_WEBHOOK', 'LOCALHOST']
  }
  const v4 = host.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)$/)
  if (v4 && ipv4Private(+v4[1], +v4[2], +v4[3], +v4[4])) return ['UNSAFE_WEBHOOK', 'PRIVATE_IP']
  if (host.startsWith('[') && ipv6Private(host)) return ['UNSAFE_WEBHOOK', 'PRIVATE_IP']
  return null
}

function byteSize(value) {
  return Buffer.byteLength(JSON.stringify(value))
}

/**
 * Issues the schema cannot see, for a body the schema accepted (fields have their types).
 * Returns `{ errors: [[path, code]], warnings: [[path, code]] }`. `judgePhone` is
 * `phoneProblem` or a cached copy of it (the traffic peer judges each number once).
 */
export function crossFieldIssues(body, context, judgePhone = phoneProblem) {
  const errors = []
  const warnings = []
  for (const key of Object.keys(body)) if (!KNOWN_FIELDS.has(key)) warnings.push([`/${key}`, 'UNKNOWN_FIELD'])

  const userProblem = judgePhone(body.user_number)
  const agentProblem = judgePhone(body.agent_number)
  if (userProblem) errors.push(['/user_number', 'INVALID_PHONE_NUMBER'])
  if (agentProblem) errors.push(['/agent_number', 'INVALID_PHONE_NUMBER'])
  if (!userProblem && !agentProblem && body.user_number === body.agent_number) errors.push(['/user_number', 'SAME_NUMBER'])

  if (present(body.agent_message) && present(body.content_sid)) errors.push(['/content_sid', 'CONFLICTING_MESSAGE'])
  if (present(body.content_variables) && !present(body.content_sid)) {
    errors.push(['/content_variables', 'CONTENT_VARIABLES_WITHOUT_TEMPLATE'])
  }
  if (present(body.webhook)) {
    const problem = webhookProblem(body.webhook)
    if (problem) errors.push(['/webhook', problem[0]])
  }
  for (const field of ['request_data', 'metadata']) {
    if (present(body[field]) && byteSize(body[field]) > KB64) errors.push([`/${field}`, 'PAYLOAD_TOO_LARGE'])
  }
  for (const field of ['disposition_ids', 'citation_schema_ids']) {
    const ids = body[field]
    if (!present(ids)) continue
    const seen = new Set()
    ids.forEach((id, index) => {
      if (seen.has(id)) warnings.push([`/${field}/${index}`, 'DUPLICATE_ID'])
      seen.add(id)
    })
  }
  if (present(body.persona_version) && !present(body.persona_id)) warnings.push(['/persona_version', 'PERSONA_VERSION_WITHOUT_PERSONA'])
  if (present(body.persona_settings) && !present(body.persona_id)) warnings.push(['/persona_settings', 'PERSONA_SETTINGS_WITHOUT_PERSONA'])

  // --- rules that need the server's context ----------------------------------------------
  const ctx = context ?? {}
  const number = ctx.number
  if (present(ctx.account) && !ctx.account.numbers.includes(body.agent_number)) {
    errors.push(['/agent_number', 'AGENT_NUMBER_NOT_FOUND'])
  }
  if (present(number) && number.phone_number !== body.agent_number) errors.push(['context:/number/phone_number', 'INVALID_CONTEXT'])
  const personaId = body.persona_id
  const persona = present(personaId) ? ctx.persona : undefined
  if (present(persona) && persona.id.toLowerCase() !== personaId.toLowerCase()) errors.push(['context:/persona/id', 'INVALID_CONTEXT'])

  const channel = body.channel ?? (number && number.imessage_config && !number.sms_config ? 'imessage' : 'sms')
  const channelConfig = number ? number[`${channel}_config`] : undefined
  if (present(number) && !present(channelConfig)) errors.push([present(body.channel) ? '/channel' : 'context:/number', 'CHANNEL_NOT_CONFIGURED'])
  let base
  if (present(personaId)) {
    if (present(persona)) {
      base = persona[body.persona_version ?? 'production']
      if (!present(base)) errors.push(['/persona_version', 'VERSION_NOT_FOUND'])
    }
  } else {
    base = channelConfig
  }
  const baseKnown = present(base) && typeof base === 'object'

  const resuming = !body.new_conversation && present(ctx.conversation) && ctx.conversation.active
  const overrides = resuming ? ctx.conversation.overrides ?? {} : {}
  const timeOut = body.time_out ?? overrides.time_out ?? (baseKnown ? base.time_out : undefined)
  const warningTime = body.warning_time ?? overrides.warning_time ?? (baseKnown ? base.warning_time : undefined)
  const judged = baseKnown || present(body.time_out) || present(overrides.time_out)
  if (present(warningTime) && judged && (!present(timeOut) || warningTime >= timeOut)) {
    errors.push([present(body.warning_time) ? '/warning_time' : '/time_out', 'INVALID_TIMEOUT_CONFIG'])
  }

  if (channel === 'whatsapp' && !present(body.content_sid) && present(ctx.now) && 'conversation' in ctx) {
    const last = ctx.conversation?.last_user_message_at
    if (!present(last) || Date.parse(ctx.now) - Date.parse(last) >= DAY_MS) errors.push(['/content_sid', 'WHATSAPP_TEMPLATE_REQUIRED'])
  }
  if (baseKnown && !present(body.agent_message) && !present(body.content_sid)) {
    const pathway =
      body.persona_settings?.pathway_id ?? body.pathway_id ?? (resuming ? ctx.conversation.pathway_id : undefined) ??
      (present(personaId) ? persona?.number_settings?.pathway_id : undefined) ?? base.pathway_id
    if (!present(pathway) && !base.objective) errors.push(['/agent_message', 'NOTHING_TO_SEND'])
  }
  return { errors, warnings }
}

/** `phoneProblem` with each number's verdict kept (a server judges its numbers once). */
export function cachedPhoneProblem(limit = 4096) {
  const known = new Map()
  return (value) => {
    let problem = known.get(value)
    if (problem === undefined) {
      problem = phoneProblem(value)
      if (known.size >= limit) known.clear()
      known.set(value, problem)
    }
    return problem
  }
}
