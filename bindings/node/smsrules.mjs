// The ES module entry: the very objects of the CommonJS entry (`smsrules.js`), so one addon
// is loaded and `Context` / `SendRequestError` are the same classes whichever way a program
// (or two of its dependencies) imports the package.
import smsrules from './smsrules.js'

export const {
  check,
  checkJson,
  validate,
  Context,
  SendRequestError,
  segments,
  fingerprint,
  jsonSchema,
  issueCodes,
  PHONE_METADATA_VERSION,
} = smsrules

export default smsrules
