// Type-checked by run-tests.sh (tsc --noEmit, strict): the package's types as a user meets them.
import { init, check, checkJson, Context, segments, validate, SendRequestError, type CheckResult, type IssueCode, type SendRequest } from '../../index'

async function main(): Promise<void> {
  await init()
  const request: SendRequest = { user_number: '+14155552671', agent_number: '+14155550000', channel: 'whatsapp' }
  const result: CheckResult = check(request, { conversation: null })
  if (result.ok) {
    const source: string = result.data.channel.source
    void source
  } else {
    const codes: IssueCode[] = result.errors.map((e) => e.error)
    void codes
  }
  const context = new Context({ number: { phone_number: '+14155550000', sms_config: { time_out: 600 } } })
  const plan = validate(request, context, { idempotencyKey: 'k-1', options: { unknown_fields: 'error' } })
  void plan.time_out
  context.free()
  const counted: number = segments('hi').segments
  const text: string = checkJson('{}')
  void [counted, text]
  try {
    validate({ agent_number: '+14155550000' } as SendRequest)
  } catch (error) {
    if (error instanceof SendRequestError) void error.errors
  }
  // @ts-expect-error a channel outside the union is refused
  check({ ...request, channel: 'telegram' })
}
void main
