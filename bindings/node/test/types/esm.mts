// The ES module entry's types (smsrules.d.mts) as an ES module reads them under NodeNext:
// the same names and types as the CommonJS entry, and the whole module as the default export.
import smsrules, { check, Context, type CheckResult, type IssueCode } from '../../smsrules.mjs'
import * as commonjs from '../../smsrules.js'

const result: CheckResult = check({ user_number: '+14155552671', agent_number: '+14155550000' }, new Context({}))
export const codes: IssueCode[] = result.ok ? [] : result.errors.map((issue) => issue.error)
export const same: typeof commonjs.check = smsrules.check
export const prepared: commonjs.Context = new smsrules.Context({ conversation: null })

// @ts-expect-error: the ES entry has no names the CommonJS one lacks
export const missing = smsrules.checkParts
