// Compiled by `tsc --noEmit` (never run): the published types describe real use precisely.
// Each `@ts-expect-error` line must fail to type-check, or tsc reports the directive unused.

import {
  check,
  checkJson,
  validate,
  SendRequestError,
  segments,
  fingerprint,
  jsonSchema,
  issueCodes,
  PHONE_METADATA_VERSION,
  Context,
  type CheckResult,
  type ContextObject,
  type Issue,
  type IssueCode,
  type Plan,
  type SendRequest,
} from '../../smsrules.js'

const request: SendRequest = {
  user_number: '+14155552671',
  agent_number: '+14155550000',
  agent_message: 'Your table is ready',
  channel: 'sms',
  persona_settings: { pathway_id: 'pw_1', pathway_version: 2 },
  content_variables: null,
}

const context: ContextObject = {
  now: '2026-11-27T12:00:00Z',
  number: { phone_number: '+14155550000', sms_config: { time_out: 600, pathway_version: 'latest' } },
  conversation: null,
}

const result: CheckResult = check(request, context, { idempotencyKey: 'order-42', options: { unknown_fields: 'error' } })
if (result.ok) {
  // Narrowing on `ok` reaches the plan; the plan's fields are typed.
  const plan: Plan = result.data
  const channel: 'sms' | 'whatsapp' | 'imessage' = plan.channel.value
  const source: string = plan.channel.source
  if (plan.message.kind === 'text') {
    const encoding: 'GSM-7' | 'UCS-2' | null = plan.message.encoding
    void encoding
  }
  if (plan.conversation.action === 'resume') {
    const id: string = plan.conversation.id
    void id
  }
  const fingerprintOfPlan: string = plan.idempotency.fingerprint
  void [channel, source, fingerprintOfPlan]
  // @ts-expect-error `errors` is null on a valid result
  result.errors.length
} else {
  const first: Issue = result.errors[0]
  const code: IssueCode = first.error
  const where: 'body' | 'header' | 'context' | 'options' | 'input' = first.in
  void [code, where]
  // @ts-expect-error `data` is null on an invalid result
  result.data.channel
}

// A Context is judged once and accepted wherever a context object is.
const prepared: Context = new Context(context)
const preparedOk: boolean = prepared.ok
const preparedErrors: Issue[] = prepared.errors
const copy: Record<string, unknown> = prepared.toObject()
const fromPrepared: CheckResult = check(request, prepared, { idempotencyKey: 'order-42' })
const planFromPrepared: Plan = validate(request, prepared)
void [preparedOk, preparedErrors, copy, fromPrepared, planFromPrepared, String(prepared)]
const closed: void = prepared.close()
void closed
// @ts-expect-error read-only
prepared.ok = false
// @ts-expect-error a Context is made from an object, not text
new Context('{}')
// @ts-expect-error the context must be given
new Context()
// @ts-expect-error a lookalike object is not a Context (it has the class's private brand)
const lookalike: Context = { ok: true, errors: [], toObject: () => ({}) }
void lookalike

check('{"user_number":"+14155552671","agent_number":"+14155550000"}')
check(request, undefined, { options: { phone_input: 'lenient', default_region: 'US', max_issues: 10 } })

// @ts-expect-error not an issue code
const notACode: IssueCode = 'NOT_A_CODE'
// @ts-expect-error not a channel
check({ ...request, channel: 'fax' })
// @ts-expect-error agent_number is required
check({ user_number: '+14155552671' })
// @ts-expect-error options live under `options`, spelled as on the wire
check(request, null, { unknown_fields: 'error' })
// @ts-expect-error not an option value
check(request, null, { options: { phone_check: 'sometimes' } })
// @ts-expect-error the request is an object or JSON text
check(42)

const text: string = checkJson(JSON.stringify({ request }))
const plan: Plan = validate(request, context)
try {
  validate({ user_number: '+1', agent_number: '+1' })
} catch (error) {
  if (error instanceof SendRequestError) {
    const code: 'INVALID_REQUEST' = error.code
    const errors: Issue[] = error.errors
    const message: string = error.message
    void [code, errors, message]
    const rethrown: SendRequestError = new SendRequestError(error.errors, error.warnings)
    const withoutWarnings: SendRequestError = new SendRequestError(error.errors)
    void [rethrown, withoutWarnings]
  }
}

const counted = segments('Hello 😀')
const encoding: 'GSM-7' | 'UCS-2' = counted.encoding
const sizes: number = counted.units + counted.segments
const forcing: string[] = counted.ucs2_chars
const digest: string = fingerprint(request) + fingerprint('{}')
const schema: Record<string, unknown> = jsonSchema()
const codes: IssueCode[] = issueCodes()
const version: string = PHONE_METADATA_VERSION

void [notACode, text, plan, encoding, sizes, forcing, digest, schema, codes, version]
